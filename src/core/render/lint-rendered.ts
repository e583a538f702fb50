// Lints what a chart or overlay rendered and puts each finding where the user fixes it: the rendered
// text is parsed and linted like any manifest, each finding's span is turned into the YAML path of
// the key or value it marks, and the renderer's `locate` maps that path to a values file, template,
// patch or resource. A finding no source can be named for goes on the anchor file (Chart.yaml,
// kustomization.yaml) and names the rendered object. Used by the CLI and the editor alike.
import { promises as fs } from 'node:fs';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { lintFile } from '../lint/engine';
import type { Finding, Fix, LintConfig } from '../lint/types';
import type { ManifestDocument, PathSegment, Position, Range, Span } from '../manifest/model';
import { documentAt } from '../manifest/nav';
import { parseManifest } from '../manifest/parse';
import { LineIndex } from '../util/line-index';
import { mapFixes } from './fix-map';
import type { Rendered } from './types';

export interface MappedFinding extends Finding {
  /** Absolute path of the file the finding is shown in. */
  file: string;
  /** 0-based range in `file` (the CLI adds 1). */
  range: Range;
  /** True when no source could be named: the finding sits on the anchor file. */
  unmapped?: boolean;
  /**
   * Fixes carried to `file` (fix-map.ts: only whole-value replacements whose source text is the
   * rendered text); the rendered text's own fixes are never kept.
   */
  fixes?: Fix[];
}

/** Lints a render and maps the findings to their sources (rendered `name`/`namespace` kept). */
export async function lintRendered(rendered: Rendered, config: LintConfig = {}): Promise<MappedFinding[]> {
  // The renderer's own parse when it is the same (no extra pod-template paths): not parsed twice.
  const plainParse = !config.podTemplatePaths || Object.keys(config.podTemplatePaths).length === 0;
  const file = plainParse && rendered.file ? rendered.file : parseManifest(rendered.text, rendered.unit.anchorFile, { podTemplatePaths: config.podTemplatePaths });
  const findings = lintFile(file, config);
  if (!findings.length) return [];
  // The mapping may need more of the renderer (Helm: a sentinel render): started now, it runs while
  // the findings below are placed.
  rendered.prepareLocate?.();
  const texts = new Map<string, Promise<string | undefined>>();
  const textOf = (f: string) => {
    let t = texts.get(f);
    if (!t) texts.set(f, (t = rendered.sourceText ? rendered.sourceText(f) : fs.readFile(f, 'utf8').catch(() => undefined)));
    return t;
  };
  const indexes = new Map<string, LineIndex>();
  const rangeIn = (text: string, span: Span): Range => {
    let index = indexes.get(text);
    if (!index) indexes.set(text, (index = new LineIndex(text)));
    return { start: positionIn(index, span.start), end: positionIn(index, span.end) };
  };
  const mapOne = async (f: Finding): Promise<MappedFinding> => {
    const doc = documentAt(file.documents, f.span.start);
    const where = doc ? pathAtSpan(doc, f.span) : undefined;
    const loc = doc && where ? ((await removedProbe(rendered, doc.index, f.rule, where.path)) ?? (await rendered.locate(doc.index, where.path, where.which))) : undefined;
    const { fixes: renderedFixes, ...plain } = f; // these edit the rendered text; mapFixes carries the safe ones
    // A line a message names is a line of the rendered text, which the user does not have in front of them.
    plain.message = plain.message.replace(/\bon line (\d+)\b/g, 'on line $1 of the rendered output');
    const text = loc ? await textOf(loc.file) : undefined;
    if (loc && text !== undefined) {
      const fixes = doc && renderedFixes?.length ? (await mapFixes(renderedFixes, doc, rendered, textOf)).filter((x) => x.file === loc.file) : [];
      return {
        ...plain,
        file: loc.file,
        span: loc.span,
        range: rangeIn(text, loc.span),
        ...(fixes.length ? { fixes: fixes.map(({ file: _file, ...fix }) => fix) } : {}),
      };
    }
    const anchorText = (await textOf(rendered.unit.anchorFile)) ?? '';
    const firstLine = { start: 0, end: Math.max(0, anchorText.search(/\r?\n|$/)) };
    const obj = doc ? rendered.objects.find((o) => o.docIndex === doc.index) : undefined;
    const what = [obj?.kind ?? f.kind, obj?.name ?? f.name].filter(Boolean).join('/');
    return {
      ...plain,
      message: `${f.message} (in the rendered ${what || 'output'}${f.container ? `, container ${f.container}` : ''})`,
      file: rendered.unit.anchorFile,
      span: firstLine,
      range: rangeIn(anchorText, firstLine),
      unmapped: true,
    };
  };
  // All findings at once: the work that does not wait for the renderer overlaps with it.
  const out = await Promise.all(findings.map(mapOne));
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start || a.rule.localeCompare(b.rule));
}

const MISSING: Record<string, string> = {
  'probe/missing-readiness': 'readinessProbe',
  'probe/missing-liveness': 'livenessProbe',
  'probe/missing-startup': 'startupProbe',
};

/** A missing-probe finding (on the container's name) whose probe a patch removed: that removal. */
async function removedProbe(rendered: Rendered, docIndex: number, rule: string, path: PathSegment[]) {
  const probe = MISSING[rule];
  if (!probe || !rendered.locateRemoval || path[path.length - 1] !== 'name') return undefined;
  return rendered.locateRemoval(docIndex, [...path.slice(0, -1), probe]);
}

/** The path of the key or value whose span is (or best contains) `span` in a parsed document. */
export function pathAtSpan(doc: ManifestDocument, span: Span): { path: PathSegment[]; which: 'key' | 'value' } | undefined {
  if (!doc.yaml) return undefined;
  const base = doc.base;
  const within = (n: Node | null | undefined) => {
    const r = n?.range;
    return !!r && base + r[0] <= span.start && span.end <= base + Math.max(r[1], r[0]);
  };
  let best: { path: PathSegment[]; which: 'key' | 'value' } = { path: [], which: 'value' };
  const walk = (n: unknown, p: PathSegment[]): void => {
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof k !== 'string' && typeof k !== 'number') continue;
        if (within(pair.key as Node)) {
          best = { path: [...p, String(k)], which: 'key' };
          return;
        }
        if (within(pair.value as Node)) {
          const kp = [...p, String(k)];
          best = { path: kp, which: 'value' };
          return walk(pair.value, kp);
        }
      }
    } else if (isSeq(n)) {
      n.items.forEach((it, i) => {
        if (within(it as Node)) {
          best = { path: [...p, i], which: 'value' };
          walk(it, [...p, i]);
        }
      });
    }
  };
  walk(doc.yaml.contents, []);
  return best;
}

function positionIn(index: LineIndex, offset: number): Position {
  const p = index.positionAt(offset);
  // A byte-order mark is no column (editors do not show it).
  const bom = p.line === 0 && index.text.charCodeAt(0) === 0xfeff && p.character > 0 ? 1 : 0;
  return { line: p.line, character: p.character - bom };
}
