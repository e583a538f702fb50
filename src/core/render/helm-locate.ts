// Where a rendered field of a Helm chart came from, by differential rendering with the real helm
// (docs/charts.md): every values leaf whose value equals a probe-related rendered field is set to a
// sentinel of its own type in one extra `helm template` run (a values file passed after the user's,
// so `--set` still wins); the fields that turn into a leaf's sentinel are fed by that leaf and map
// to the values file that holds it. Other fields map to the template line that wrote their key
// (helm-template-lines.ts). One extra render per chart; a sentinel render that fails is split in two
// (at most a few renders) and leaves it cannot settle map to their template line.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ManifestDocument, ManifestFile, PathSegment } from '../manifest/model';
import { nodeAt } from '../manifest/nav';
import { blockSource, dotted, fieldsOf, ordinalOf, pathKey, renderedScalar, wholeFromValues } from './helm-fields';
import { memoOf, reuseAttribution, type AttributionMemo } from './helm-reuse';
import type { ChartFiles } from './helm-prefetch';
import { runHelmTemplate, type HelmClock } from './helm-run';
import { readSentinelRender, type Field } from './helm-sentinel-read';
import { ProbeFlags } from './helm-flags';
import { listsReplacedBySet, under } from './helm-set';
import { locateInStrings } from './helm-strings';
import { findTemplateLine, type TemplateHit, type TemplateText } from './helm-template-lines';
import { holderOf, leaves, sentinelValues, spanOfHit, type ChartTree, type Leaf, type Scalar, type ValueHit, type ValuesModel } from './helm-values';
import { DEFAULT_RENDER_TIMEOUT_MS } from './run-tool';
import { RenderError, type RenderOptions, type RenderUnit, type RenderedObject, type SourceLocation } from './types';

const MAX_SPLIT_DEPTH = 2;
// Numeric sentinels stay small (a value used as a loop bound, `until .Values.replicaCount`, must not
// make helm loop millions of times) and valid as ports; the stride keeps `add 1`-style arithmetic on
// one sentinel from landing on another.
const SENTINEL_BASE = 1009;
const SENTINEL_STRIDE = 17;

export class HelmLocator {
  private attribution?: Promise<Map<number, Map<string, Leaf>>>;
  /** Set once the attribution is known: what the next render of the same chart may reuse. */
  memo?: AttributionMemo;
  /** Extra `helm template` runs made for the mapping (benchmarks and tests read it). */
  extraRenders = 0;
  /** Finds the values flag that turned a missing probe off (made on the first missing-probe finding). */
  private flags?: ProbeFlags;
  /** Every probe-related rendered value: sentinels must differ from all of them. */
  private fieldValues = new Set<string>();

  constructor(
    private readonly unit: RenderUnit,
    private readonly opts: RenderOptions,
    private readonly valuesFiles: readonly string[],
    private readonly chart: ChartTree,
    /** The chart's files as read for this render (values model, fingerprint, templates). */
    private readonly files: ChartFiles,
    /** Times the sentinel renders with the render's own. */
    private readonly clock: HelmClock,
    private readonly parsed: ManifestFile,
    private readonly objects: readonly RenderedObject[],
    /** How long the real render took (bounds the sentinel renders). */
    private readonly renderMs = 0,
    /** The previous render's attribution (same chart and options), reused when still valid (helm-reuse.ts). */
    private readonly previous?: AttributionMemo,
  ) {}

  private values(): Promise<ValuesModel> {
    return this.files.model;
  }

  async valueFiles(): Promise<string[]> {
    return (await this.values()).sources.map((s) => s.file);
  }

  /** Starts the attribution (the sentinel render, or the reuse of the previous one) without waiting. */
  start(): Promise<Map<number, Map<string, Leaf>>> {
    if (!this.attribution) {
      this.attribution = this.values().then((m) => this.attribute(m));
      this.attribution.catch(() => undefined); // awaited (and its error seen) by locate
    }
    return this.attribution;
  }

  private readonly fields = new Map<number, Field[]>();

  /** The probe-related fields of a rendered document, read once per render. */
  private fieldsOf(d: ManifestDocument): Field[] {
    let f = this.fields.get(d.index);
    if (!f) this.fields.set(d.index, (f = fieldsOf(d)));
    return f;
  }

  /** Answers given in this render, by document, key or value, and path (several findings share a place). */
  private readonly located = new Map<string, Promise<SourceLocation | undefined>>();

  async locate(docIndex: number, p: readonly PathSegment[], which: 'key' | 'value'): Promise<SourceLocation | undefined> {
    const key = `${docIndex}\0${which}\0${pathKey(p)}`;
    let answer = this.located.get(key);
    if (!answer) this.located.set(key, (answer = this.locateOnce(docIndex, p, which)));
    const loc = await answer;
    return loc && { ...loc, span: { ...loc.span } };
  }

  private async locateOnce(docIndex: number, p: readonly PathSegment[], which: 'key' | 'value'): Promise<SourceLocation | undefined> {
    const doc = this.parsed.documents[docIndex];
    if (!doc?.yaml) return undefined;
    // The template line does not depend on the attribution: looked up while the sentinel render runs.
    const line = this.templateLine(docIndex, doc, p, which);
    line.catch(() => undefined); // awaited below when needed
    const model = await this.values();
    const attribution = (await this.start()).get(docIndex) ?? new Map<string, Leaf>();
    const node = p.length ? nodeAt(doc.yaml, p) : undefined;
    const leaf = attribution.get(pathKey(p));
    // The value shown must be the leaf's (a key written twice renders both; the last one counts).
    if (leaf && node && isScalar(node) && String(node.value) === String(leaf.value)) {
      if (which === 'key') {
        const t = await line;
        if (t?.exact) return t;
      }
      const hit = holderOf(model, leaf.path);
      const span = hit && spanOfHit(hit, which);
      if (hit && span) return { file: hit.source.file, span, origin: `${this.shown(hit.source.file)}: ${dotted(leaf.path)}` };
    }
    if (node && (isMap(node) || isSeq(node))) {
      const q = wholeFromValues(p, attribution, doc);
      const hit = q && holderOf(model, q);
      const span = hit && spanOfHit(hit, 'key');
      if (hit && span) return { file: hit.source.file, span, origin: `${this.shown(hit.source.file)}: ${dotted(q!)}` };
    }
    // A value no sentinel can follow (a boolean, a map with no string or number below it) inside a
    // block that came whole from one values map: the same place in that map, when it holds the same.
    const whole = node && this.inWholeBlock(model, doc, p, node, attribution);
    if (whole) {
      const span = spanOfHit(whole.hit, which);
      if (span) return { file: whole.hit.source.file, span, origin: `${this.shown(whole.hit.source.file)}: ${dotted(whole.path)}` };
    }
    // A key the template does not write itself may come out of a values string rendered as YAML (`tpl`).
    const t = await line;
    if (!t?.exact || (node && (isMap(node) || isSeq(node)))) {
      const s = locateInStrings(model, doc, this.parsed.text, p, which);
      if (s) return { file: s.file, span: s.span, origin: `${this.shown(s.file)}: ${dotted(s.path)}` };
    }
    return t;
  }

  /** Where the missing probe at `p` of a document was turned off: the values flag whose flip brings it back. */
  async locateRemoval(docIndex: number, p: readonly PathSegment[]): Promise<SourceLocation | undefined> {
    const doc = this.parsed.documents[docIndex];
    if (!doc) return undefined;
    this.flags ??= new ProbeFlags(this.values(), async (values) => {
      this.extraRenders++;
      const timeoutMs = Math.min(this.opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS, Math.max(5000, 4 * this.renderMs));
      return (await this.clock.time(() => runHelmTemplate(this.unit, { ...this.opts, timeoutMs }, this.valuesFiles, this.chart, values))).text;
    });
    const found = await this.flags.locate(doc, p);
    const span = found && spanOfHit(found.hit, 'value');
    return found && span ? { file: found.hit.source.file, span, origin: `${this.shown(found.hit.source.file)}: ${dotted(found.path)}` } : undefined;
  }

  private inWholeBlock(model: ValuesModel, doc: ManifestDocument, p: readonly PathSegment[], node: Node, attribution: Map<string, Leaf>): { hit: ValueHit; path: PathSegment[] } | undefined {
    const fields = this.fieldsOf(doc);
    for (let i = p.length - 1; i >= 1; i--) {
      const a = p.slice(0, i);
      const q = blockSource(a, fields, attribution);
      if (q === null) return undefined; // a field below it came from elsewhere: so for every enclosing block
      if (!q) continue; // nothing below it says where it came from: look further out
      const target = [...q, ...p.slice(i)];
      const hit = holderOf(model, target);
      if (!hit) return undefined;
      const same = isScalar(node) ? isScalar(hit.node) && String(hit.node.value) === String(node.value) : isMap(node) ? isMap(hit.node) : isSeq(node) && isSeq(hit.node);
      return same ? { hit, path: target } : undefined;
    }
    return undefined;
  }

  private readonly shownNames = new Map<string, string>();

  private shown(file: string): string {
    let s = this.shownNames.get(file);
    if (s === undefined) {
      const rel = path.relative(this.unit.root, file);
      this.shownNames.set(file, (s = rel.startsWith('..') ? file : rel));
    }
    return s;
  }

  // -------------------------------------------------------------------------------------------
  // Template lines

  /** Per rendered document: its template's text, which of the template's documents it is, and its remembered lines. */
  private readonly docTemplates = new Map<number, Promise<DocTemplate | undefined>>();

  private docTemplate(docIndex: number, doc: ManifestDocument): Promise<DocTemplate | undefined> {
    let t = this.docTemplates.get(docIndex);
    if (!t) {
      t = (async () => {
        const obj = this.objects.find((o) => o.docIndex === docIndex);
        if (!obj?.sourceFile) return undefined;
        const text = await this.files.text(obj.sourceFile);
        if (text === undefined) return undefined;
        const same = this.objects.filter((o) => o.sourceFile === obj.sourceFile);
        const helpers = await this.files.helpers(path.dirname(obj.sourceFile));
        const nth = same.indexOf(obj);
        // The answer depends only on the template, its helpers, the rendered document's text and which
        // of the template's documents it is: kept across renders (re-linting after a values edit asks
        // the same questions of the documents that did not change), by the template's place in the
        // chart, so that a render of the chart's mirror (unsaved edits, buffers.ts) finds them too.
        const where = path.relative(this.unit.root, obj.sourceFile);
        const results = templateLineMemo(`${where}\0${nth}/${same.length}\0${this.parsed.text.slice(doc.span.start, doc.span.end)}`, text, helpers);
        return { file: obj.sourceFile, text, helpers, nth, count: same.length, results };
      })();
      this.docTemplates.set(docIndex, t);
    }
    return t;
  }

  private async templateLine(docIndex: number, doc: ManifestDocument, p: readonly PathSegment[], which: 'key' | 'value'): Promise<(SourceLocation & { exact: boolean }) | undefined> {
    const t = await this.docTemplate(docIndex, doc);
    if (!t) return undefined;
    const { text, helpers, nth, results } = t;
    const q = `${which}${pathKey(p)}`;
    // Remembered with the file named relative to the template's folder (the template or a helper beside it).
    const dir = path.dirname(t.file);
    let kept = results.get(q);
    if (kept === undefined) {
      const hit = findTemplateLine({ file: t.file, text }, p, which, { nth, count: t.count, ordinal: (want) => ordinalOf(doc, p, want), value: renderedScalar(doc, p) }, helpers);
      kept = hit ? { ...hit, file: path.relative(dir, hit.file) } : null;
      results.set(q, kept);
    }
    if (!kept) return undefined;
    const file = path.join(dir, kept.file);
    return { file, span: { ...kept.span }, origin: `template ${this.shown(file)}`, exact: kept.exact };
  }

  // -------------------------------------------------------------------------------------------
  // Differential rendering

  private async attribute(model: ValuesModel): Promise<Map<number, Map<string, Leaf>>> {
    const result = new Map<number, Map<string, Leaf>>();
    const fields = new Map<number, Field[]>();
    const wanted = new Set<string>();
    for (const d of this.parsed.documents) {
      const f = this.fieldsOf(d);
      if (!f.length) continue;
      fields.set(d.index, f);
      for (const x of f) wanted.add(String(x.value));
    }
    this.fieldValues = wanted;
    const all = leaves(model);
    const signature = await this.files.signature;
    const reused = this.previous && reuseAttribution(this.previous, signature, model, all, this.parsed, fields);
    if (reused) {
      this.memo = reused.memo;
      return reused.attribution;
    }
    // A list `--set` replaces (a list index) does not render: its leaves are no candidates.
    const replaced = listsReplacedBySet(model, this.opts.set, this.valuesFiles);
    const candidates = all.filter((l) => wanted.has(String(l.value)) && !under(l.path, replaced));
    if (candidates.length) await this.renderBatch(model, candidates, fields, result, 0);
    this.memo = memoOf(signature, model, this.parsed, fields, result);
    return result;
  }

  private async renderBatch(model: ValuesModel, batch: Leaf[], fields: Map<number, Field[]>, out: Map<number, Map<string, Leaf>>, depth: number): Promise<void> {
    const sentinels = new Map<string, Leaf>();
    const sets: Array<{ path: PathSegment[]; value: Scalar }> = [];
    let n = 0;
    for (const leaf of batch) {
      let s: Scalar;
      do {
        s = sentinelFor(leaf.value, n++);
      } while (this.fieldValues.has(String(s)));
      sentinels.set(String(s), leaf);
      sets.push({ path: leaf.path, value: s });
    }
    let text: string;
    try {
      // The sentinel values go to helm on stdin (`--values -`, after the user's files): no temporary file.
      const values = JSON.stringify(sentinelValues(model, sets));
      this.extraRenders++;
      // A sentinel render that takes far longer than the real one went astray (a value used as a loop
      // bound or a size): stop it and split the batch, rather than wait out the user's timeout.
      const timeoutMs = Math.min(this.opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS, Math.max(5000, 4 * this.renderMs));
      text = (await this.clock.time(() => runHelmTemplate(this.unit, { ...this.opts, timeoutMs }, this.valuesFiles, this.chart, values))).text;
    } catch (e) {
      if (e instanceof RenderError && e.reason === 'cancelled') throw e;
      if (depth >= MAX_SPLIT_DEPTH || batch.length < 2) return; // these leaves map to their template lines
      const half = Math.ceil(batch.length / 2);
      await this.renderBatch(model, batch.slice(0, half), fields, out, depth + 1);
      await this.renderBatch(model, batch.slice(half), fields, out, depth + 1);
      return;
    }
    for (const [docIndex, read] of readSentinelRender(this.parsed, fields, text)) {
      const list = fields.get(docIndex) ?? [];
      read.forEach((v, i) => {
        const f = list[i];
        const leaf = v === undefined ? undefined : sentinels.get(v);
        if (!leaf || String(leaf.value) !== String(f.value)) return;
        // A number the template turned into a string (`| quote`): the template line is what to change.
        if (typeof leaf.value === 'number' && typeof f.value === 'string') return;
        let m = out.get(docIndex);
        if (!m) out.set(docIndex, (m = new Map()));
        m.set(pathKey(f.path), leaf);
      });
    }
  }
}

interface DocTemplate {
  file: string;
  text: string;
  helpers: readonly TemplateText[];
  nth: number;
  count: number;
  results: Map<string, TemplateHit | null>;
}

const TEMPLATE_MEMO_LIMIT = 4096;
/** Template lines per rendered document (key: the template relative to the chart, which of its documents, the document's text); hits name their file relative to the template's folder. */
const templateMemo = new Map<string, { text: string; helpers: readonly TemplateText[]; results: Map<string, TemplateHit | null> }>();

/** The remembered template lines of one rendered document, dropped when its template or helpers changed. */
function templateLineMemo(key: string, text: string, helpers: readonly TemplateText[]): Map<string, TemplateHit | null> {
  let m = templateMemo.get(key);
  const same =
    m && m.text === text && m.helpers.length === helpers.length && m.helpers.every((h, i) => path.basename(h.file) === path.basename(helpers[i].file) && h.text === helpers[i].text);
  if (m && same) templateMemo.delete(key); // most recently used last
  else m = { text, helpers, results: new Map() };
  templateMemo.set(key, m);
  while (templateMemo.size > TEMPLATE_MEMO_LIMIT) templateMemo.delete(templateMemo.keys().next().value as string);
  return m.results;
}

/** Drops the remembered template lines (benchmarks measuring a cold lint). */
export function clearTemplateLineMemo(): void {
  templateMemo.clear();
}

/** A sentinel of the same type as `v`: numbers stay numbers (same sign), numeric strings stay numeric. */
function sentinelFor(v: Scalar, i: number): Scalar {
  if (typeof v === 'number') {
    const s = SENTINEL_BASE + SENTINEL_STRIDE * i + (Number.isInteger(v) ? 0 : 0.25);
    return v < 0 ? -s : s;
  }
  if (/^\d+$/.test(v)) return String(SENTINEL_BASE + SENTINEL_STRIDE * i);
  return `kps${i}sentinel`;
}
