// A rendered Helm chart or Kustomize overlay as one entry of the Workspace Probes tree: the
// rendered workloads, containers, probes and hooks (the same summary as any manifest's), each with
// the place the user edits it (`source`: a values key, a template line, a patch, a resource file)
// from the renderer's source mapping; a unit that did not render is one problem carrying the tool's
// message, on the file the tool blamed or on Chart.yaml / kustomization.yaml.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { lintFile } from '../lint/engine';
import type { LintConfig } from '../lint/types';
import type { ManifestFile, Position, Span } from '../manifest/model';
import { documentAt } from '../manifest/nav';
import { parseManifest } from '../manifest/parse';
import { LineIndex } from '../util/line-index';
import { pathAtSpan } from '../render/lint-rendered';
import type { Rendered, RenderUnit } from '../render/types';
import type { RenderProblem } from '../render/unit-cache';
import { summarize, type FileSummary, type FindingBrief, type SourceRef, type UnitInfo } from './summary';

/** What the summary needs of a unit's result (UnitLint). */
export interface UnitResult {
  unit: RenderUnit;
  problem?: RenderProblem;
  rendered?: Rendered;
}

/**
 * The tree's summary of a unit, kept under `keyOf(anchorFile)`. `keyOf` turns an absolute path
 * into the key the tree uses for files (a path or a URI string).
 */
export async function summarizeUnit(result: UnitResult, keyOf: (file: string) => string, config: LintConfig = {}): Promise<FileSummary> {
  const { unit } = result;
  const info: UnitInfo = { kind: unit.kind, root: unit.root, name: path.basename(unit.root) };
  const key = keyOf(unit.anchorFile);
  if (!result.rendered || result.problem) {
    const p = result.problem;
    const message = p ? firstLines(p.message) : 'not rendered';
    const at = p?.range.start ?? { line: 0, character: 0 };
    const problem: FindingBrief = {
      rule: 'render',
      severity: 'error',
      message,
      at,
      ...(p && p.file !== unit.anchorFile && { source: { path: keyOf(p.file), at } }),
    };
    return { path: key, workloads: [], syntaxErrors: [problem], findings: [], counts: { error: 1, warning: 0, info: 0 }, handlerCount: 0, unit: { ...info, problem: message } };
  }
  const rendered = result.rendered;
  const file = parseManifest(rendered.text, unit.anchorFile, { podTemplatePaths: config.podTemplatePaths });
  const summary = summarize(file, lintFile(file, config));
  summary.path = key;
  summary.unit = info;
  const where = new SourceFinder(rendered, file, keyOf);
  for (const w of summary.workloads) {
    const wl = file.workloads.find((x) => x.document.index === w.documentIndex && x.listIndex === w.listIndex && x.kind === w.kind && x.name === w.name);
    if (!wl) continue;
    w.source = await where.at(wl.document.index, ['metadata', 'name'], 'key');
    for (const c of w.containers) {
      const cm = wl.containers.find((x) => x.kind === c.kind && x.index === c.index);
      if (!cm) continue;
      c.source = await where.at(wl.document.index, [...cm.path, 'name'], 'key');
      for (const h of c.handlers) {
        const hm = cm.handlers.find((x) => x.site === h.site);
        if (hm) h.source = await where.at(wl.document.index, hm.path, 'key');
      }
    }
    for (const f of allFindings(w)) f.source = await where.ofFinding(f.at);
  }
  for (const f of summary.findings) f.source = await where.ofFinding(f.at);
  return summary;
}

function* allFindings(w: FileSummary['workloads'][number]): Iterable<FindingBrief> {
  yield* w.findings;
  for (const c of w.containers) {
    yield* c.findings;
    for (const h of c.handlers) yield* h.findings;
  }
}

/** Rendered positions → the place the user edits, through the renderer's `locate`. */
class SourceFinder {
  private readonly texts = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly rendered: Rendered,
    private readonly file: ManifestFile,
    private readonly keyOf: (file: string) => string,
  ) {}

  async at(docIndex: number, p: Array<string | number>, which: 'key' | 'value'): Promise<SourceRef | undefined> {
    let loc;
    try {
      loc = await this.rendered.locate(docIndex, p, which);
    } catch {
      return undefined; // a cancelled or failed mapping render: the node keeps no source
    }
    if (!loc) return undefined;
    const text = await this.text(loc.file);
    if (text === undefined) return undefined;
    return { path: this.keyOf(loc.file), at: this.positionIn(loc.file, text, loc.span), ...(loc.origin && { origin: loc.origin }) };
  }

  async ofFinding(at: Position): Promise<SourceRef | undefined> {
    const offset = this.file.offsetAt(at);
    const doc = documentAt(this.file.documents, offset);
    if (!doc) return undefined;
    const span: Span = { start: offset, end: offset };
    const where = pathAtSpan(doc, span);
    return where ? this.at(doc.index, where.path, where.which) : undefined;
  }

  /** A source file's position of a span's start, through one line index per file (many findings stay linear). */
  private positionIn(file: string, text: string, span: Span): Position {
    let index = this.lineIndexes.get(file);
    if (!index || index.text !== text) this.lineIndexes.set(file, (index = new LineIndex(text)));
    return index.positionAt(span.start);
  }
  private readonly lineIndexes = new Map<string, LineIndex>();

  private text(file: string): Promise<string | undefined> {
    let t = this.texts.get(file);
    if (!t) this.texts.set(file, (t = this.rendered.sourceText ? this.rendered.sourceText(file) : fs.readFile(file, 'utf8').catch(() => undefined)));
    return t;
  }
}

function firstLines(s: string): string {
  const lines = s.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.slice(0, 3).join(' ');
}
