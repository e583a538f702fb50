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

/** The path of the scalar value whose text is exactly `span` (a map value or a list item), else undefined. */
export function scalarPathAt(doc: ManifestDocument, span: Span): PathSegment[] | undefined {
  if (!doc.yaml || span.end <= span.start) return undefined;
  const base = doc.base;
  const exact = (n: unknown) => isScalar(n) && !!n.range && base + n.range[0] === span.start && base + n.range[1] === span.end;
  const contains = (n: unknown) => {
    const r = (n as Node | null | undefined)?.range;
    return !!r && base + r[0] <= span.start && span.end <= base + r[2];
  };
  const walk = (n: unknown, p: PathSegment[]): PathSegment[] | undefined => {
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof k !== 'string' && typeof k !== 'number') continue;
        if (exact(pair.value)) return [...p, String(k)];
        if (contains(pair.value)) {
          const r = walk(pair.value, [...p, String(k)]);
          if (r) return r;
        }
      }
    } else if (isSeq(n)) {
      for (const [i, it] of n.items.entries()) {
        if (exact(it)) return [...p, i];
        if (contains(it)) {
          const r = walk(it, [...p, i]);
          if (r) return r;
        }
      }
    }
    return undefined;
  };
  return walk(doc.yaml.contents, []);
}
