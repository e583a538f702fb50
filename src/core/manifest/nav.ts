// Navigating a parsed YAML document by path, turning nodes into file spans, and finding the document at an offset.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { PathSegment, Span } from './model';

type Doc = Document.Parsed;

function deref(node: unknown, doc: Doc | undefined): Node | undefined {
  let n = node as Node | undefined;
  for (let i = 0; i < 8 && n && isAlias(n); i++) {
    try {
      n = doc ? (n.resolve(doc) as Node | undefined) : undefined;
    } catch {
      return undefined;
    }
  }
  return n && !isAlias(n) ? n : undefined;
}

export function keyName(pair: Pair): string | undefined {
  const k = pair.key as Node | null;
  if (!k || !isScalar(k) || k.value === null) return undefined;
  // With `merge: true` the parser gives a merge key `<<` a symbol value.
  if (typeof k.value === 'symbol') return '<<';
  return String(k.value);
  return undefined;
}

/** The pair of `key` in a mapping node (last one wins, like the decoder). */
export function findPair(map: unknown, key: string, doc?: Doc): Pair | undefined {
  const m = deref(map, doc);
  if (!m || !isMap(m)) return undefined;
  let found: Pair | undefined;
  for (const item of m.items) if (isPair(item) && keyName(item) === key) found = item;
  return found;
}

/** The value node at `path` below `from` (the document contents by default). */
export function nodeAt(doc: Doc | undefined, path: readonly PathSegment[], from?: unknown): Node | undefined {
  let cur = deref(from ?? doc?.contents, doc);
  for (const seg of path) {
    if (!cur) return undefined;
    if (typeof seg === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = deref(cur.items[seg], doc);
    } else {
      const p = findPair(cur, seg, doc);
      cur = p ? deref(p.value, doc) : undefined;
    }
  }
  return cur;
}

/** The pair whose key is the last (string) segment of `path`. */
export function pairAt(doc: Doc | undefined, path: readonly PathSegment[], from?: unknown): Pair | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  const parent = nodeAt(doc, path.slice(0, -1), from);
  return parent ? findPair(parent, last, doc) : undefined;
}

/** The text span of a node: `range` is [start, valueEnd, nodeEnd]; offsets are relative to the document text. */
export function nodeSpan(node: Node | null | undefined, base: number): Span | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return { start: base + r[0], end: base + Math.max(r[0], r[1]) };
}

/** Span of a pair's key. */
export function keySpanOfPair(pair: Pair, base: number): Span | undefined {
  return nodeSpan(pair.key as Node, base);
}

/** Span from a pair's key to the end of its value. */
export function pairSpan(pair: Pair, base: number): Span | undefined {
  const k = nodeSpan(pair.key as Node, base);
  if (!k) return undefined;
  const v = nodeSpan(pair.value as Node, base);
  return { start: k.start, end: v ? Math.max(k.end, v.end) : k.end };
}

/**
 * Best span for `path`: `key` gives the span of the last key, `value` the span of its value (the key
 * when the value is empty); a path that does not exist falls back to its nearest existing ancestor's key.
 */
export function spanAt(
  doc: Doc | undefined,
  base: number,
  path: readonly PathSegment[],
  which: 'key' | 'value' = 'value',
): Span | undefined {
  for (let n = path.length; n > 0; n--) {
    const p = path.slice(0, n);
    const last = p[p.length - 1];
    if (typeof last === 'number') {
      const item = nodeAt(doc, p);
      const s = nodeSpan(item, base);
      if (s) return s;
      continue;
    }
    const pair = pairAt(doc, p);
    if (!pair) continue;
    const exact = n === path.length;
    if (exact && which === 'value') {
      const v = nodeSpan(pair.value as Node, base);
      if (v && v.end > v.start) return v;
    }
    const k = keySpanOfPair(pair, base);
    if (k) return k;
  }
  return undefined;
}

/**
 * The document of a file that holds `offset` (an empty document holds its own start), found by
 * bisection: documents are in file order and do not overlap. Undefined between documents.
 */
export function documentAt<D extends { span: Span }>(documents: readonly D[], offset: number): D | undefined {
  const holds = (d: D) => d.span.start <= offset && offset < Math.max(d.span.end, d.span.start + 1);
  let lo = 0;
  let hi = documents.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (documents[mid].span.start <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Documents starting at the same offset (an empty one before its neighbour): the first that holds it.
  while (at > 0 && documents[at - 1].span.start === documents[at].span.start) at--;
  for (let i = at; i >= 0 && i < documents.length && documents[i].span.start <= offset; i++) if (holds(documents[i])) return documents[i];
  return undefined;
}
