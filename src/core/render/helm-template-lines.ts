// Finds the line of a Helm template that wrote a rendered key, for values no file holds (a literal,
// a `default`, `--set`). Templates are not executed here: the key is looked for as written
// (`key:` at the start of a line, or after `- `), candidates are ranked by how many of the rendered
// path's enclosing keys enclose them in the template too, and the n-th rendered occurrence picks the
// n-th best candidate. A key no template writes (it came through toYaml) maps to its nearest
// enclosing key that one does — the line the user edits around.
import type { PathSegment, Span } from '../manifest/model';

export interface TemplateText {
  /** Absolute path of the template. */
  file: string;
  text: string;
}

interface KeyLine {
  key: string;
  indent: number;
  line: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

const KEY_LINE = /^([ \t]*)((?:-[ \t]+)*)(["']?)([A-Za-z_][\w.\-/]*)\3[ \t]*:(?=[ \t\r]|$)/;

function keyLines(text: string, from = 0, to = text.length): KeyLine[] {
  const out: KeyLine[] = [];
  let pos = from;
  let line = 0;
  for (let i = 0; i < from; i++) if (text.charCodeAt(i) === 10) line++;
  while (pos < to) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 || nl > to ? to : nl;
    const s = text.slice(pos, end);
    const m = KEY_LINE.exec(s);
    if (m) {
      const indent = m[1].length + m[2].length;
      const keyStart = pos + indent + m[3].length;
      const keyEnd = keyStart + m[4].length;
      let rest = s.slice(m[0].length);
      const lead = rest.length - rest.trimStart().length;
      rest = rest.trim();
      if (rest.startsWith('#')) rest = '';
      const valueStart = pos + m[0].length + lead;
      out.push({ key: m[4], indent, line, keyStart, keyEnd, valueStart, valueEnd: valueStart + rest.length });
    }
    if (nl < 0 || nl >= to) break;
    pos = nl + 1;
    line++;
  }
  return out;
}

// The key lines and sections of a template are read once per text (a chart's findings look up the
// same few templates many times).
const MEMO_LIMIT = 256;
const memo = new Map<string, { sections?: Array<[number, number]>; lines: Map<string, KeyLine[]> }>();
function memoOf(text: string) {
  let m = memo.get(text);
  if (!m) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(text, (m = { lines: new Map() }));
  }
  return m;
}
/** Drops the key-line index (benchmarks measuring a cold lint). */
export function clearTemplateLineCache(): void {
  memo.clear();
}
function keyLinesOf(text: string, from = 0, to = text.length): KeyLine[] {
  const m = memoOf(text);
  const k = `${from},${to}`;
  let l = m.lines.get(k);
  if (!l) m.lines.set(k, (l = keyLines(text, from, to)));
  return l;
}
function sectionsOf(text: string): Array<[number, number]> {
  const m = memoOf(text);
  return (m.sections ??= sections(text));
}

/** Keys enclosing each key line (nearest first), by indentation. */
function ancestors(lines: KeyLine[], i: number): string[] {
  const out: string[] = [];
  let indent = lines[i].indent;
  for (let j = i - 1; j >= 0 && indent > 0; j--) {
    if (lines[j].indent < indent) {
      out.push(lines[j].key);
      indent = lines[j].indent;
    }
  }
  return out;
}

/**
 * The document sections of a template (`---` lines), as [start, end) offsets. A stretch that writes
 * no YAML key (only template actions and comments, such as the `{{- range … }}` before a `---` that
 * repeats the document) is no section of its own.
 */
function sections(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /^---[ \t]*(?:#.*)?$/gm;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (writesYaml(text.slice(last, m.index))) out.push([last, m.index]);
    last = m.index + m[0].length;
  }
  if (writesYaml(text.slice(last))) out.push([last, text.length]);
  return out;
}

function writesYaml(s: string): boolean {
  return /\S/.test(s.replace(/\{\{[\s\S]*?\}\}/g, '').replace(/^[ \t]*#.*$/gm, ''));
}

export interface TemplateHit {
  file: string;
  span: Span;
  /** True when the rendered key itself was found; false for an enclosing key. */
  exact: boolean;
}

/**
 * The template line for `path` in a rendered document. `nth`/`count`: this document is the nth of
 * `count` documents the template rendered (a template with as many `---` sections is searched in
 * the matching one). `ordinal` picks among equally good candidates. `helpers`: other templates of the
 * chart (`_helpers.tpl`) searched when the template itself does not write the key.
 */
export function findTemplateLine(
  tpl: TemplateText,
  path: readonly PathSegment[],
  which: 'key' | 'value',
  where: { nth: number; count: number; ordinal: (keys: string[]) => number; value?: string },
  helpers: readonly TemplateText[] = [],
): TemplateHit | undefined {
  const secs = sectionsOf(tpl.text);
  const [from, to] = secs.length === where.count && secs[where.nth] ? secs[where.nth] : [0, tpl.text.length];
  const lines = keyLinesOf(tpl.text, from, to);
  const names = path.filter((s): s is string => typeof s === 'string');
  for (let n = names.length; n > 0; n--) {
    const want = names.slice(0, n);
    const exact = n === names.length && typeof path[path.length - 1] === 'string';
    const hit = best(lines, want, where.ordinal(want), 0, exact ? where.value : undefined, tpl.text);
    if (hit && exact) return toHit(tpl.file, hit, which, true);
    if (hit) return blockAction(tpl, hit) ?? toHit(tpl.file, hit, 'key', false);
    if (n === names.length) {
      // The key may be written by a helper template the template includes.
      for (const h of helpers) {
        const hh = best(keyLinesOf(h.text), want, 0, 1, exact ? where.value : undefined, h.text);
        if (hh) return toHit(h.file, hh, exact ? which : 'key', exact);
      }
      // A key at the top of a named template the template includes (`livenessProbe:` first in
      // `{{- define "app.probes" }}`, written by `{{- include "app.probes" . | nindent 12 }}`).
      const top = exact ? topOfIncluded(tpl.text, helpers, want[want.length - 1]) : undefined;
      if (top) return toHit(top.file, top.line, which, true);
    }
  }
  return undefined;
}

/** The `define` blocks of a helper file: name → [start, end) (up to the next `define`). */
function defines(text: string): Array<{ name: string; from: number; to: number }> {
  const out: Array<{ name: string; from: number; to: number }> = [];
  const re = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (out.length) out[out.length - 1].to = m.index;
    out.push({ name: m[1], from: m.index + m[0].length, to: text.length });
  }
  return out;
}

/** The one line writing `key` at the top level of a named template that `text` includes. */
function topOfIncluded(text: string, helpers: readonly TemplateText[], key: string): { file: string; line: KeyLine } | undefined {
  const included = new Set<string>();
  for (const m of text.matchAll(/\{\{-?\s*(?:include|template)\s+"([^"]+)"/g)) included.add(m[1]);
  if (!included.size) return undefined;
  let found: { file: string; line: KeyLine } | undefined;
  for (const h of helpers) {
    for (const d of defines(h.text)) {
      if (!included.has(d.name)) continue;
      const lines = keyLinesOf(h.text, d.from, d.to);
      const rootIndent = Math.min(...lines.map((l) => l.indent));
      for (const l of lines) {
        if (l.key !== key || l.indent !== rootIndent) continue;
        if (found) return undefined; // two helpers write it: not guessed
        found = { file: h.file, line: l };
      }
    }
  }
  return found;
}

/**
 * A key whose content a template action writes on the next line (`livenessProbe:` then
 * `{{- toYaml .Values.livenessProbe | nindent 12 }}`): that action's line wrote the keys below it.
 */
function blockAction(tpl: TemplateText, l: KeyLine): TemplateHit | undefined {
  if (l.valueEnd > l.valueStart) return undefined;
  const text = tpl.text;
  let pos = text.indexOf('\n', l.keyEnd);
  while (pos >= 0 && pos < text.length) {
    const next = text.indexOf('\n', pos + 1);
    const line = text.slice(pos + 1, next < 0 ? text.length : next);
    if (/\S/.test(line)) {
      const m = /^([ \t]*)(\{\{.*\}\})[ \t]*$/.exec(line);
      if (!m) return undefined;
      const start = pos + 1 + m[1].length;
      return { file: tpl.file, span: { start, end: start + m[2].length }, exact: false };
    }
    pos = next;
  }
  return undefined;
}

function toHit(file: string, l: KeyLine, which: 'key' | 'value', exact: boolean): TemplateHit {
  const span = which === 'value' && l.valueEnd > l.valueStart ? { start: l.valueStart, end: l.valueEnd } : { start: l.keyStart, end: l.keyEnd };
  return { file, span, exact };
}

/** A key line's value written as a plain literal (no template action), unquoted; undefined otherwise. */
function literalOf(l: KeyLine, text: string): string | undefined {
  const v = text.slice(l.valueStart, l.valueEnd).replace(/[ \t]+#.*$/, '').trim();
  if (!v || v.includes('{{') || /^[|>&*!]/.test(v) || /^[[{]/.test(v)) return undefined;
  const q = /^(["'])(.*)\1$/.exec(v);
  return q ? q[2] : v;
}

/**
 * The candidate whose enclosing keys match most of `want`'s (nearest first); ties: the ordinal-th.
 * `value`: the rendered scalar; a candidate whose literal value differs from it did not write it (a key
 * written twice, an `{{ else }}` branch not taken): the nearest one that can have written it is taken.
 */
function best(lines: KeyLine[], want: string[], ordinal: number, minScore = 0, value?: string, text?: string): KeyLine | undefined {
  const key = want[want.length - 1];
  const scored: Array<{ l: KeyLine; score: number }> = [];
  const differs = (l: KeyLine) => {
    if (value === undefined || text === undefined) return false;
    const lit = literalOf(l, text);
    return lit !== undefined && lit !== value;
  };
  lines.forEach((l, i) => {
    if (l.key !== key) return;
    const anc = ancestors(lines, i);
    // The key's own parent must be the rendered parent: `timeoutSeconds:` under readinessProbe never
    // wrote livenessProbe.timeoutSeconds.
    if (want.length > 1 && anc[0] !== want[want.length - 2]) return;
    let score = 0;
    // Ancestors in the template are a subsequence of the rendered ones (includes and toYaml drop some).
    let k = want.length - 2;
    for (const a of anc) {
      while (k >= 0 && want[k] !== a) k--;
      if (k < 0) break;
      score++;
      k--;
    }
    scored.push({ l, score });
  });
  if (!scored.length) return undefined;
  const top = Math.max(...scored.map((s) => s.score));
  if (top < minScore) return undefined;
  const tops = scored.filter((s) => s.score === top);
  const at = tops[ordinal] ? ordinal : 0;
  // The ordinal-th candidate, else the nearest one after it (then before it) that can have written the value.
  const order = [...tops.slice(at), ...tops.slice(0, at).reverse()];
  return (order.find((s) => !differs(s.l)) ?? tops[at]).l;
}
