// Where a rendered field came from when a template rendered a STRING of a values file as YAML
// (`{{ tpl .Values.livenessProbe . | nindent 12 }}`, a helper that passes strings through `tpl`):
// sentinels cannot follow it (the string is one value), but its text reappears in the render. A
// field maps to the line inside the string (block scalar or quoted) that reads as the field's
// rendered line, when exactly one string can have written it (docs/charts.md, "Values given as
// strings"); a probe all of whose lines the string accounts for maps to the string's key.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ManifestDocument, PathSegment, Span } from '../manifest/model';
import { nodeAt, pairAt } from '../manifest/nav';
import { holderOf, leaves, spanOfHit, type ValueHit, type ValuesModel } from './helm-values';

export interface StringHit {
  file: string;
  span: Span;
  /** The merged values path of the string. */
  path: PathSegment[];
}

interface StringValue {
  path: PathSegment[];
  /** The string's lines, trimmed (blank lines and comments left out). */
  lines: string[];
  /** The lines without a template action: they reappear in the render as written. */
  plain: string[];
  /** The text before the first `{{` of each line with one (`port: ` of `port: {{ .Values.port }}`). */
  templated: string[];
}

const strings = new WeakMap<ValuesModel, StringValue[]>();

/** The string values of the merged values that can hold YAML (a `key:` or `- item` line). */
function stringsOf(model: ValuesModel): StringValue[] {
  let out = strings.get(model);
  if (out) return out;
  out = [];
  for (const l of leaves(model)) {
    if (typeof l.value !== 'string' || !/(^|\n)\s*(-\s|[^\s#][^\n]*:(\s|$))/.test(l.value)) continue;
    const lines = l.value.split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
    const hasAction = (s: string) => s.includes('{{');
    out.push({
      path: l.path,
      lines,
      plain: lines.filter((s) => !hasAction(s) && !s.includes('}}')),
      templated: lines.filter(hasAction).map((s) => s.slice(0, s.indexOf('{{')).trim()),
    });
  }
  strings.set(model, out);
  return out;
}

/** The trimmed non-blank, non-comment lines of `text` between offsets, counted. */
function blockLines(text: string, start: number, end: number): Map<string, number> {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const to = text.indexOf('\n', end);
  const m = new Map<string, number>();
  for (const raw of text.slice(from, to < 0 ? text.length : to).split('\n')) {
    const s = raw.trim();
    if (s && !s.startsWith('#')) m.set(s, (m.get(s) ?? 0) + 1);
  }
  return m;
}

function covers(block: Map<string, number>, lines: readonly string[]): boolean {
  const need = new Map<string, number>();
  for (const s of lines) need.set(s, (need.get(s) ?? 0) + 1);
  for (const [s, n] of need) if ((block.get(s) ?? 0) < n) return false;
  return true;
}

const absRange = (doc: ManifestDocument, n: Node): [number, number] | undefined => (n.range ? [doc.base + n.range[0], doc.base + n.range[1]] : undefined);

/**
 * The line inside a values string that wrote the rendered field at `p` (a scalar, or the key of a
 * map/list), or for a map/list that the string wrote whole, the string's key in its values file.
 * `text` is the whole render; undefined when no string, or more than one, can have written it.
 */
export function locateInStrings(model: ValuesModel, doc: ManifestDocument, text: string, p: readonly PathSegment[], which: 'key' | 'value'): StringHit | undefined {
  const all = stringsOf(model);
  if (!all.length || !doc.yaml || !p.length) return undefined;
  const node = nodeAt(doc.yaml, p);
  if (!node) return undefined;
  if ((isMap(node) || isSeq(node)) && node.items.length) return wholeString(model, all, doc, text, p, node);
  // The rendered line that holds the field: `timeoutSeconds: 5`, with the field's place in it.
  const pair = typeof p[p.length - 1] === 'string' ? pairAt(doc.yaml, p) : undefined;
  const target = which === 'key' && pair && isScalar(pair.key) ? (pair.key as Node) : node;
  const r = absRange(doc, target);
  if (!r) return undefined;
  const lineStart = text.lastIndexOf('\n', r[0] - 1) + 1;
  let lineEnd = text.indexOf('\n', r[0]);
  if (lineEnd < 0) lineEnd = text.length;
  if (r[1] > lineEnd) return undefined; // a value over several lines
  const line = text.slice(lineStart, lineEnd).replace(/\s+$/, '');
  const lead = line.length - line.trimStart().length;
  const trimmed = line.trim();
  const rel = r[0] - lineStart - lead;
  const len = r[1] - r[0];
  if (rel < 0 || !trimmed) return undefined;
  const before = trimmed.slice(0, rel).trim(); // `timeoutSeconds:` of `timeoutSeconds: 5`
  // Candidates: strings holding the line as written (exact), else a line writing the key with a
  // template action for its value (`timeoutSeconds: {{ .Values.t | default 5 }}`).
  type Cand = { s: StringValue; exact: boolean; depth: number };
  const cands: Cand[] = [];
  for (const s of all) {
    let exact: boolean;
    if (s.lines.filter((l) => l === trimmed).length === 1) exact = true;
    else if (which === 'value' && before && s.templated.filter((t) => t === before).length === 1 && !s.lines.includes(trimmed)) exact = false;
    else continue;
    // The string must reappear in the render around the field: its plain lines all inside the
    // nearest enclosing block that holds them.
    let depth = -1;
    for (let i = p.length - 1; i >= 0 && depth < 0; i--) {
      const a = i ? nodeAt(doc.yaml, p.slice(0, i)) : (doc.yaml.contents as Node | null);
      const ar = a && absRange(doc, a);
      if (ar && covers(blockLines(text, ar[0], ar[1]), s.plain)) depth = i;
    }
    if (depth >= 0) cands.push({ s, exact, depth });
  }
  const best = pick(cands, (c) => [c.exact ? 1 : 0, c.depth, c.s.plain.length]);
  if (!best) return undefined;
  const hit = holderOf(model, best.s.path);
  if (!hit) return undefined;
  if (best.exact) {
    const at = findInSource(hit, trimmed);
    return at === undefined ? undefined : { file: hit.source.file, span: { start: at + rel, end: at + rel + len }, path: best.s.path };
  }
  // The templated line: from its template action to the end of the line.
  const written = best.s.lines.find((l) => l.includes('{{') && l.slice(0, l.indexOf('{{')).trim() === before)!;
  const at = findInSource(hit, written);
  if (at === undefined) return undefined;
  const action = written.indexOf('{{');
  return { file: hit.source.file, span: { start: at + action, end: at + written.length }, path: best.s.path };
}

/** A map or list every line of which the one string accounts for → the string's key. */
function wholeString(model: ValuesModel, all: StringValue[], doc: ManifestDocument, text: string, p: readonly PathSegment[], node: Node): StringHit | undefined {
  const r = absRange(doc, node);
  if (!r) return undefined;
  const block = blockLines(text, r[0], r[1]);
  const cands: StringValue[] = [];
  for (const s of all) {
    if (!s.plain.length || !covers(block, s.plain)) continue;
    const plain = new Set(s.plain);
    const bare = s.lines.some((l) => l.startsWith('{{')); // an action alone on its line writes anything
    let ok = true;
    for (const b of block.keys()) {
      if (plain.has(b) || bare || s.templated.some((t) => t && b.startsWith(t))) continue;
      ok = false;
      break;
    }
    if (ok) cands.push(s);
  }
  const best = pick(cands, (s) => [s.plain.length]);
  const hit = best && holderOf(model, best.path);
  const span = hit && spanOfHit(hit, 'key');
  return hit && span ? { file: hit.source.file, span, path: best.path } : undefined;
  void p;
}

/** The one candidate with the highest score (compared in order); undefined on a tie. */
function pick<T>(cands: T[], score: (c: T) => number[]): T | undefined {
  let best: T | undefined;
  let bestScore: number[] = [];
  let tie = false;
  for (const c of cands) {
    const s = score(c);
    let cmp = 0;
    for (let i = 0; i < s.length && !cmp; i++) cmp = s[i] - (bestScore[i] ?? -Infinity);
    if (!best || cmp > 0) {
      best = c;
      bestScore = s;
      tie = false;
    } else if (cmp === 0) tie = true;
  }
  return tie ? undefined : best;
}

/**
 * Offset in the values file of the one place where `line` is written inside the string's source
 * (a block scalar's content line, or the text between `\n` escapes of a quoted string).
 */
function findInSource(hit: ValueHit, line: string): number | undefined {
  const range = hit.node.range;
  if (!range) return undefined;
  const raw = hit.source.text.slice(range[0], range[1]);
  let found: number | undefined;
  for (let i = raw.indexOf(line); i >= 0; i = raw.indexOf(line, i + 1)) {
    const prev = i ? raw[i - 1] : '\n';
    const next = raw[i + line.length] ?? '\n';
    const startsLine = /[\s"'|>]/.test(prev) || (prev === 'n' && raw[i - 2] === '\\');
    const endsLine = /[\r\n"'\\]/.test(next) || (/[ \t]/.test(next) && /^[ \t]*(\r?\n|$|\\n)/.test(raw.slice(i + line.length)));
    if (!startsLine || !endsLine) continue;
    if (found !== undefined) return undefined; // written twice: ambiguous
    found = range[0] + i;
  }
  return found;
}
