// Reads a sentinel render (helm-locate.ts) back: which probe-related fields of the real render
// turned into a sentinel. Documents of the two renders are paired by helm's `# Source:` and order;
// a field is read at its own line and column in the paired document when both documents have the
// same lines around it (the usual case: a sentinel only changes the value on its line), so the
// sentinel render is not parsed as a whole. A document where that does not hold is parsed alone.
import { isScalar, parseDocument, type Document } from 'yaml';
import type { ManifestFile, PathSegment, Span } from '../manifest/model';
import { nodeAt } from '../manifest/nav';
import { splitDocuments } from '../manifest/split';
import type { Scalar } from './helm-values';

export interface Field {
  path: PathSegment[];
  value: Scalar;
  /** The value's span in the real render's text. */
  span: Span;
}

const SOURCE_RE = /^# Source: (.+?)\s*$/m;
const KIND_RE = /^kind:[ \t]*["']?([A-Za-z0-9]+)/m;

/**
 * For each real document with fields, the scalar (as text, unquoted) each field has in the sentinel
 * render, or undefined for a field that is absent or not a scalar there.
 */
export function readSentinelRender(real: ManifestFile, fields: ReadonlyMap<number, Field[]>, textB: string): Map<number, Array<string | undefined>> {
  const out = new Map<number, Array<string | undefined>>();
  const chunksB = splitDocuments(textB).map((c) => ({ ...c, source: SOURCE_RE.exec(c.text)?.[1] ?? '', kind: KIND_RE.exec(c.text)?.[1] }));
  const bySource = new Map<string, typeof chunksB>();
  for (const c of chunksB) bySource.set(c.source, [...(bySource.get(c.source) ?? []), c]);
  const seen = new Map<string, number>();
  const realBySource = new Map<string, number>();
  for (const d of real.documents) {
    const s = SOURCE_RE.exec(real.text.slice(d.span.start, d.span.end))?.[1] ?? '';
    realBySource.set(s, (realBySource.get(s) ?? 0) + 1);
  }
  for (const d of real.documents) {
    const chunkA = real.text.slice(d.span.start, d.span.end);
    const source = SOURCE_RE.exec(chunkA)?.[1] ?? '';
    const nth = seen.get(source) ?? 0;
    seen.set(source, nth + 1);
    const list = fields.get(d.index);
    if (!list?.length) continue;
    const candidates = bySource.get(source) ?? [];
    // Same number of documents from this template: pair by order; else by kind and name.
    let b = candidates.length === realBySource.get(source) && candidates[nth]?.kind === d.kind ? candidates[nth] : undefined;
    if (!b && d.name !== undefined) b = candidates.find((c) => c.kind === d.kind && new RegExp(`^\\s+name:\\s*["']?${escapeRe(d.name!)}["']?\\s*$`, 'm').test(c.text));
    if (!b) continue;
    out.set(d.index, readAtLines(chunkA, d.span.start, b.text, list) ?? readParsed(b.text, list));
  }
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each field read at its line and column in `b`; undefined when a field cannot be read that way. */
function readAtLines(a: string, baseA: number, b: string, fields: readonly Field[]): Array<string | undefined> | undefined {
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  if (linesA.length !== linesB.length) return undefined;
  const starts: number[] = [];
  let o = 0;
  for (const l of linesA) {
    starts.push(o);
    o += l.length + 1;
  }
  const out: Array<string | undefined> = [];
  for (const f of fields) {
    const rel = f.span.start - baseA;
    const relEnd = f.span.end - baseA;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= rel) lo = mid;
      else hi = mid - 1;
    }
    const la = linesA[lo];
    const lb = linesB[lo];
    const col = rel - starts[lo];
    const endCol = relEnd - starts[lo];
    // The value must be the rest of its line, and the line must be the same up to it.
    if (endCol > la.length || la.slice(endCol).trim() !== '' || lb.slice(0, col) !== la.slice(0, col)) return undefined;
    out.push(unquote(lb.slice(col).trim()));
  }
  return out;
}

function readParsed(b: string, fields: readonly Field[]): Array<string | undefined> {
  let doc: Document.Parsed | undefined;
  try {
    doc = parseDocument(b, { strict: false, logLevel: 'error' }) as Document.Parsed;
  } catch {
    return fields.map(() => undefined);
  }
  return fields.map((f) => {
    const n = nodeAt(doc, f.path);
    return n && isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number') ? String(n.value) : undefined;
  });
}

/** A one-line YAML scalar as text: quotes removed. A flow collection or anything odd gives undefined. */
function unquote(t: string): string | undefined {
  if (!t) return undefined;
  if (t.startsWith('"')) {
    try {
      return String(JSON.parse(t));
    } catch {
      return undefined;
    }
  }
  if (t.startsWith("'")) return t.length >= 2 && t.endsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : undefined;
  if (/^[[{&*!|>]/.test(t)) return undefined;
  return t.replace(/\s+#.*$/, '');
}
