// Text edits for quick fixes, computed on the document's own text so they keep its style.
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { isMap, isPair, parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { findPair, nodeAt } from '../manifest/nav';
import type { EditHelpers, TextEdit } from './types';

/** The line break a text uses: CRLF when it has any, else LF. Scans the text: compute it once per file. */
export function lineBreakOf(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Edit helpers for one document of `text`. `eol` is the file's line break: the linter passes it,
 * computed once per file, so that a file of thousands of documents is not scanned once per document.
 */
export function editHelpers(text: string, doc: Document.Parsed | undefined, base: number, eol = lineBreakOf(text)): EditHelpers {
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const lineEnd = (o: number) => {
    const e = text.indexOf('\n', o);
    return e < 0 ? text.length : e + 1;
  };
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

  function deletePair(map: YAMLMap, pair: Pair): TextEdit | undefined {
    const k = (pair.key as Node | undefined)?.range;
    if (!k) return undefined;
    const v = (pair.value as Node | null)?.range;
    const start = base + k[0];
    const end = base + (v ? Math.max(v[1], k[1]) : k[1]);
    if (map.flow) {
      // Flow style (JSON): take one separating comma with the entry so that the rest stays valid JSON.
      let b = start - 1;
      while (b >= 0 && isSpace(text[b])) b--;
      let a = end;
      while (a < text.length && isSpace(text[a])) a++;
      if (text[a] === ',') {
        a++;
        while (a < text.length && isSpace(text[a])) a++;
        return { span: { start, end: a }, newText: '' };
      }
      return { span: { start: text[b] === ',' ? b : start, end }, newText: '' };
    }
    const ls = lineStart(start);
    // Whole lines when the entry starts its line (block style), else just the entry text.
    if (/^[ \t]*$/.test(text.slice(ls, start))) {
      let le = lineEnd(end);
      if (end > 0 && text[end - 1] === '\n') le = end;
      return { span: { start: ls, end: le }, newText: '' };
    }
    return { span: { start, end }, newText: '' };
  }

  return {
    eol,
    replace: (span: Span, newText: string): TextEdit => ({ span, newText }),

    deleteEntry(path: readonly PathSegment[]): TextEdit | undefined {
      const map = nodeAt(doc, path.slice(0, -1));
      const last = path[path.length - 1];
      if (!isMap(map) || typeof last !== 'string') return undefined;
      const pair = findPair(map, last, doc);
      return pair && deletePair(map, pair);
    },

    deletePair,

    insertIntoMap(mapPath: readonly PathSegment[], lines: string[]): TextEdit | undefined {
      const map = nodeAt(doc, mapPath);
      if (!map || !isMap(map)) return undefined;
      const pairs = map.items.filter(isPair);
      if (map.flow) return insertIntoFlowMap(map, mapPath, lines);
      if (pairs.length === 0) return undefined;
      const first = (pairs[0].key as Node | undefined)?.range;
      const last = pairs[pairs.length - 1];
      const lastEnd = (last.value as Node | null)?.range?.[1] ?? (last.key as Node | undefined)?.range?.[1];
      if (!first || lastEnd === undefined) return undefined;
      const firstStart = base + first[0];
      const indent = ' '.repeat(firstStart - lineStart(firstStart));
      // Insert after the line that holds the end of the last entry's value.
      let at = lineEnd(base + lastEnd - 1);
      if (base + lastEnd - 1 < 0) at = lineEnd(base);
      const body = lines.map((l) => indent + l + eol).join('');
      const needsBreak = at > 0 && text[at - 1] !== '\n';
      return { span: { start: at, end: at }, newText: (needsBreak ? eol : '') + body };
    },
  };

  /**
   * A flow map (`{}`, `{ periodSeconds: 5 }`, JSON). An empty `{}` that is the value of a block
   * entry (`livenessProbe: {}`) becomes a block under its key; otherwise the entries are added in
   * flow style as JSON (valid YAML and valid JSON), before the closing brace.
   */
  function insertIntoFlowMap(map: YAMLMap, mapPath: readonly PathSegment[], lines: string[]): TextEdit | undefined {
    const range = (map as Node).range;
    if (!range) return undefined;
    const open = base + range[0];
    const close = text.lastIndexOf('}', base + range[1] - 1);
    if (text[open] !== '{' || close < open) return undefined;
    const pairs = map.items.filter(isPair);
    const parent = nodeAt(doc, mapPath.slice(0, -1));
    const key = mapPath[mapPath.length - 1];
    const owner = typeof key === 'string' && isMap(parent) && !parent.flow ? findPair(parent, key, doc) : undefined;
    const keyStart = (owner?.key as Node | undefined)?.range?.[0];
    const inner = text.slice(open + 1, close);
    if (pairs.length === 0 && keyStart !== undefined && !/[#\n]/.test(inner)) {
      // `key: {}` → `key:` and the lines below it, two spaces deeper than the key.
      const indent = ' '.repeat(base + keyStart - lineStart(base + keyStart) + 2);
      let from = open;
      while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
      return { span: { start: from, end: close + 1 }, newText: lines.map((l) => eol + indent + l).join('') };
    }
    let value: unknown;
    try {
      value = parseYaml(lines.join('\n'));
    } catch {
      return undefined;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    // JSON files get JSON; YAML flow maps get YAML's own flow style (`tcpSocket: { port: http }`).
    const json = /^\s*[{[]/.test(text);
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) =>
      json ? `${JSON.stringify(k)}: ${JSON.stringify(v)}` : stringifyYaml({ [k]: v }, { collectionStyle: 'flow' }).trim().replace(/^\{ ?|\s?\}$/g, ''),
    );
    if (pairs.length === 0) return { span: { start: open + 1, end: close }, newText: entries.join(', ') };
    let end = close;
    while (end > open + 1 && isSpace(text[end - 1])) end--;
    if (text[end - 1] === ',') end--; // a trailing comma (YAML flow allows one): add after it
    return { span: { start: end, end }, newText: entries.map((e) => `, ${e}`).join('') };
  }
}

/**
 * The edit that suppresses `rule` with a comment: `line` inserts (or extends)
 * `# kube-probes-disable-next-line <rule>` above the line of `offset`, with its indentation;
 * `file` inserts (or extends) `# kube-probes-disable <rule>` on the first line.
 */
export function disableCommentEdit(text: string, offset: number, rule: string, scope: 'line' | 'file'): TextEdit {
  const eol = lineBreakOf(text);
  if (scope === 'file') {
    const firstLine = /^[^\r\n]*/.exec(text)![0];
    return extendComment(firstLine, 0, 'kube-probes-disable', rule) ?? {
      span: { start: 0, end: 0 },
      newText: `# kube-probes-disable ${rule}${eol}`,
    };
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (lineStart > 0) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const prev = text.slice(prevStart, lineStart).replace(/\r?\n$/, '');
    const extended = extendComment(prev, prevStart, 'kube-probes-disable-next-line', rule);
    if (extended) return extended;
  }
  return { span: { start: lineStart, end: lineStart }, newText: `${indent}# kube-probes-disable-next-line ${rule}${eol}` };
}

/** Adds `rule` to an existing suppression comment `line` (at file offset `at`), if it is one. */
function extendComment(line: string, at: number, directive: string, rule: string): TextEdit | undefined {
  const m = new RegExp(`^([ \\t]*#[ \\t]*${directive}(?![\\w-])[ \\t]*)(.*)$`).exec(line);
  if (!m) return undefined;
  const list = m[2].replace(/\s+--\s.*$/, '');
  const ids = list.split(/[\s,]+/).filter(Boolean);
  const span = { start: at + m[1].length, end: at + m[1].length + list.length };
  // An empty list already suppresses every rule; a listed rule needs nothing more.
  if (ids.length === 0 || ids.includes(rule)) return { span, newText: list };
  return { span, newText: `${ids.join(', ')}, ${rule}` };
}
