// Carries a rule's quick fix from the rendered text to the file the user edits, only when that is
// certain: every edit of the fix replaces one whole scalar value of the render, that value maps to a
// place in a source file (values file, patch, resource, template literal) whose text is exactly the
// rendered text, so the same replacement there renders the fixed value. Anything else (an insertion,
// a removed line, a value built by a template expression, a quoted/unquoted difference) gives no
// fix: none rather than a wrong one.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Fix, TextEdit } from '../lint/types';
import type { ManifestDocument, PathSegment, Span } from '../manifest/model';
import type { Rendered } from './types';

/** The fixes of a finding of `doc` that can be applied to source files, with their edits in those files. */
export async function mapFixes(
  fixes: readonly Fix[] | undefined,
  doc: ManifestDocument,
  rendered: Rendered,
  textOf: (file: string) => Promise<string | undefined>,
): Promise<Array<Fix & { file: string }>> {
  const out: Array<Fix & { file: string }> = [];
  for (const fix of fixes ?? []) {
    if (!fix.edits.length) continue;
    const edits: TextEdit[] = [];
    let file: string | undefined;
    for (const e of fix.edits) {
      const p = scalarPathAt(doc, e.span);
      const loc = p ? await rendered.locate(doc.index, p, 'value') : undefined;
      const src = loc ? await textOf(loc.file) : undefined;
      const ok =
        loc !== undefined &&
        src !== undefined &&
        (file === undefined || file === loc.file) &&
        src.slice(loc.span.start, loc.span.end) === rendered.text.slice(e.span.start, e.span.end) &&
        !edits.some((x) => x.span.start < loc.span.end && loc.span.start < x.span.end);
      if (!ok) {
        file = undefined;
        break;
      }
      file = loc.file;
      edits.push({ span: loc.span, newText: e.newText });
    }
    if (file && edits.length === fix.edits.length) out.push({ ...fix, edits, file });
  }
  return out;
}

// Per parsed document: the path of each scalar value by its exact offsets (relative to the document),
// so that the edits of many fixes do not each walk the document.
const scalarIndex = new WeakMap<object, Map<string, PathSegment[]>>();

/** The path of the scalar value whose text is exactly `span` (a map value or a list item), else undefined. */
export function scalarPathAt(doc: ManifestDocument, span: Span): PathSegment[] | undefined {
  if (!doc.yaml || span.end <= span.start) return undefined;
  let index = scalarIndex.get(doc.yaml);
  if (!index) scalarIndex.set(doc.yaml, (index = indexScalars(doc)));
  const p = index.get(`${span.start - doc.base}:${span.end - doc.base}`);
  return p && [...p];
}

/** Every scalar map value and list item of a document by its offsets; the first in document order wins. */
function indexScalars(doc: ManifestDocument): Map<string, PathSegment[]> {
  const out = new Map<string, PathSegment[]>();
  const add = (n: unknown, p: PathSegment[]) => {
    if (isScalar(n) && n.range) {
      const k = `${n.range[0]}:${n.range[1]}`;
      if (!out.has(k)) out.set(k, p);
    }
  };
  const walk = (n: unknown, p: PathSegment[]): void => {
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof k !== 'string' && typeof k !== 'number') continue;
        const q = [...p, String(k)];
        add(pair.value, q);
        walk(pair.value, q);
      }
    } else if (isSeq(n)) {
      n.items.forEach((it, i) => {
        const q = [...p, i];
        add(it, q);
        walk(it, q);
      });
    }
  };
  walk(doc.yaml?.contents, []);
  return out;
}
