// Text edits for quick fixes, computed on the document's own text so they keep its style.
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { isMap, isPair } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { findPair, nodeAt } from '../manifest/nav';
import type { EditHelpers, TextEdit } from './types';

export function editHelpers(text: string, doc: Document.Parsed | undefined, base: number): EditHelpers {
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const lineEnd = (o: number) => {
    const e = text.indexOf('\n', o);
    return e < 0 ? text.length : e + 1;
  };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
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
      if (map.flow || pairs.length === 0) {
        // Flow maps ({ … }) and empty maps: rewrite is risky, offer no edit.
        return undefined;
      }
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
}

/**
 * The edit that suppresses `rule` with a comment: `line` inserts (or extends)
 * `# kube-probes-disable-next-line <rule>` above the line of `offset`, with its indentation;
 * `file` inserts (or extends) `# kube-probes-disable <rule>` on the first line.
 */
export function disableCommentEdit(text: string, offset: number, rule: string, scope: 'line' | 'file'): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
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
