// Text edits for quick fixes, computed on the document's own text so they keep its style.
import type { Document, Node } from 'yaml';
import { isMap, isPair } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { nodeAt, pairAt } from '../manifest/nav';
import type { EditHelpers, TextEdit } from './types';

export function editHelpers(text: string, doc: Document.Parsed | undefined, base: number): EditHelpers {
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const lineEnd = (o: number) => {
    const e = text.indexOf('\n', o);
    return e < 0 ? text.length : e + 1;
  };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    replace: (span: Span, newText: string): TextEdit => ({ span, newText }),

    deleteEntry(path: readonly PathSegment[]): TextEdit | undefined {
      const pair = pairAt(doc, path);
      const k = (pair?.key as Node | undefined)?.range;
      if (!pair || !k) return undefined;
      const v = (pair.value as Node | null)?.range;
      const start = base + k[0];
      const end = base + (v ? Math.max(v[1], k[1]) : k[1]);
      const ls = lineStart(start);
      // Whole lines when the entry starts its line (block style), else just the entry text.
      if (/^[ \t]*$/.test(text.slice(ls, start))) {
        let le = lineEnd(end);
        if (end > 0 && text[end - 1] === '\n') le = end;
        return { span: { start: ls, end: le }, newText: '' };
      }
      return { span: { start, end }, newText: '' };
    },

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
