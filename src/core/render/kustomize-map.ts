// Where a field of a rendered Kustomize object is set: the last patch that sets it (strategic merge,
// walked by merge keys such as a container's name; JSON 6902, by operation path), else the resource
// file that holds it. The rules are written out in docs/kustomize.md.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { findPair, keySpanOfPair, nodeSpan } from '../manifest/nav';
import { opIndexer } from './kustomize-lists';
import { mergeKeyOf, pointer, scalarOf, spanOf, valueAt, walk } from './kustomize-walk';
import type { SourceLocation } from './types';
import type { Applied, Candidate } from './kustomize-origin';
import { replacementOf } from './kustomize-replacements';
import type { YamlSource } from './kustomize-tree';

/** A scalar the source sets that differs from the rendered one was overridden later: not the setter. */
function agrees(node: Node | null | undefined, rendered: unknown): boolean {
  if (!isScalar(node)) return true;
  if (rendered === undefined || (rendered !== null && typeof rendered === 'object')) return true;
  return String(node.value) === String(rendered);
}

/**
 * Paths that name an element rather than set a value: a list item, the merge key of a list item
 * (a container's `name`), the object's kind, name and namespace. A patch repeats these only to
 * address what it changes; the source that first has them defines them.
 */
function isIdentity(path: readonly PathSegment[], rendered: unknown): boolean {
  const last = path[path.length - 1];
  if (typeof last === 'number') return true;
  if (path.length === 1 && (last === 'kind' || last === 'apiVersion')) return true;
  if (path.length === 2 && path[0] === 'metadata' && (last === 'name' || last === 'namespace')) return true;
  if (path.length >= 3 && typeof path[path.length - 2] === 'number') {
    const item = valueAt(rendered, path.slice(0, -1));
    return mergeKeyOf(path[path.length - 3], item) === last;
  }
  return false;
}

interface Hit {
  source: YamlSource;
  span: Span;
  origin: string;
}

function describe(src: YamlSource, root: string, label?: string): string {
  const rel = relativeTo(root, src.file);
  return src.inline ? `inline patch ${label ?? ''} in ${rel}`.replace(/\s+/g, ' ') : rel;
}

function relativeTo(root: string, file: string): string {
  const r = root.endsWith('/') ? root : root + '/';
  if (file.startsWith(r)) return file.slice(r.length);
  // Outside the overlay (a base beside it): keep the path from the common parent.
  const a = root.split(/[\\/]/);
  const b = file.split(/[\\/]/);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

/** A strategic-merge patch document: does it set the field? */
function smpHit(a: Applied, rendered: unknown, path: readonly PathSegment[], which: 'key' | 'value', root: string): Hit | undefined {
  const doc: Document.Parsed | undefined = a.patch.source.docs[a.doc];
  const w = walk(doc?.contents as Node | null, rendered, path);
  if (!w.complete) return undefined;
  if (isScalar(w.node) && w.node.value === null) return undefined; // `key: null` deletes
  if (isMap(w.node) && scalarOf(findPair(w.node, '$patch')?.value) === 'delete') return undefined;
  if (!agrees(w.node, valueAt(rendered, path))) return undefined;
  const span = spanOf(w, which);
  if (!span) return undefined;
  return { source: a.patch.source, span: a.patch.source.toFile(span), origin: `${describe(a.patch.source, root, a.patch.label)}` };
}

/** A JSON 6902 patch: the last operation that sets the field, or sets or removes something in it. */
function jsonHit(a: Applied, rendered: unknown, path: readonly PathSegment[], which: 'key' | 'value', root: string, index: (k: number, op: number) => number | undefined): Hit | undefined {
  const doc = a.patch.source.docs[0];
  const ops = doc?.contents;
  if (!ops || !isSeq(ops)) return undefined;
  const src = a.patch.source;
  const origin = describe(src, root, a.patch.label);
  for (let i = ops.items.length - 1; i >= 0; i--) {
    const op = ops.items[i] as Node;
    if (!isMap(op)) continue;
    const name = String(scalarOf(findPair(op, 'op')?.value) ?? '');
    const pathPair = findPair(op, 'path');
    const opPath = scalarOf(pathPair?.value);
    if (typeof opPath !== 'string' || !['add', 'replace', 'remove', 'copy', 'move'].includes(name)) continue;
    const segs = pointer(opPath);
    const n = Math.min(segs.length, path.length);
    let same = true;
    for (let k = 0; k < n && same; k++) {
      const s = segs[k];
      const p = path[k];
      if (typeof p !== 'number') {
        same = s === p;
        continue;
      }
      // The position the item had when this operation ran (kustomize-lists.ts), else the rendered one.
      // An `add` at the item's own position: where the item is once the operation has run.
      const before = name === 'add' && k === segs.length - 1 ? index(k, i + 1) : index(k, i);
      if (s === String(before ?? p)) continue;
      // `-` appends: the appended value is the rendered item (same merge key), else the list's last.
      if (s === '-' && k === segs.length - 1) {
        const item = valueAt(rendered, path.slice(0, k + 1));
        const key = mergeKeyOf(path[k - 1], item);
        const v = findPair(op, 'value')?.value as Node | undefined;
        if (key && isMap(v)) same = String(scalarOf(findPair(v, key)?.value)) === String((item as Record<string, unknown>)[key]);
        else {
          const list = valueAt(rendered, path.slice(0, k));
          same = Array.isArray(list) && p === list.length - 1;
        }
        continue;
      }
      same = false;
    }
    if (!same) continue;
    const opSpan = nodeSpan(op, 0)!;
    const pathSpan = nodeSpan(pathPair?.value as Node, 0) ?? opSpan;
    if (segs.length < path.length || (segs.length === path.length && name !== 'remove')) {
      if (name === 'remove') continue; // removed, then set again by something later
      if (name === 'copy' || name === 'move') {
        const from = nodeSpan(findPair(op, 'from')?.value as Node, 0) ?? opSpan;
        return { source: src, span: src.toFile(from), origin };
      }
      const valuePair = findPair(op, 'value');
      if (!valuePair) continue;
      const rest = path.slice(segs.length);
      if (rest.length === 0) {
        if (!agrees(valuePair.value as Node, valueAt(rendered, path))) continue;
        const v = nodeSpan(valuePair.value as Node, 0);
        const span = which === 'key' ? pathSpan : v && v.end > v.start ? v : pathSpan;
        return { source: src, span: src.toFile(span), origin };
      }
      const w = walk(valuePair.value as Node, valueAt(rendered, path.slice(0, segs.length)), rest);
      if (!w.complete || !agrees(w.node, valueAt(rendered, path))) continue;
      const span = spanOf(w, which);
      if (span) return { source: src, span: src.toFile(span), origin };
      continue;
    }
    // The operation sets or removes something inside the field.
    return { source: src, span: src.toFile(pathSpan), origin };
  }
  return undefined;
}

/** The resource document of `cand` (a `kind: List` item when it came from one). */
function baseOf(cand: Candidate, resource: YamlSource): Node | null | undefined {
  const doc = resource.docs[cand.docIndex];
  let base = doc?.contents as Node | null | undefined;
  if (cand.listIndex !== undefined) {
    const items = base && isMap(base) ? findPair(base, 'items')?.value : undefined;
    base = items && isSeq(items) ? (items.items[cand.listIndex] as Node) : undefined;
  }
  return base;
}

/**
 * Where a field the rendered object lacks was taken out: the last patch that removes it (a JSON 6902
 * `remove`, a strategic-merge `key: null` or `$patch: delete`), at that operation or key. Undefined
 * when no patch removed it (the resource never had it).
 */
export function locateRemoval(
  cand: Candidate,
  resource: YamlSource,
  applied: Applied[],
  rendered: Record<string, unknown>,
  path: readonly PathSegment[],
  root: string,
): SourceLocation | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string' || valueAt(rendered, path) !== undefined) return undefined;
  const opIndex = opIndexer(baseOf(cand, resource), applied, rendered, path);
  for (let stage = applied.length - 1; stage >= 0; stage--) {
    const a = applied[stage];
    if (a.patch.type === 'json6902') {
      // The field is absent after every patch: the last operation that touches it removed it.
      const h = jsonHit(a, rendered, path, 'key', root, (k, op) => opIndex(k, stage, op));
      if (h) return { file: h.source.file, span: h.span, origin: h.origin };
      continue;
    }
    const doc: Document.Parsed | undefined = a.patch.source.docs[a.doc];
    const parent = walk(doc?.contents as Node | null, rendered, path.slice(0, -1));
    if (!parent.complete || !isMap(parent.node)) continue;
    const pair = findPair(parent.node, last);
    const v = pair?.value as Node | null | undefined;
    const deletes = !v || (isScalar(v) && v.value === null) || (isMap(v) && scalarOf(findPair(v, '$patch')?.value) === 'delete');
    const span = pair && deletes ? keySpanOfPair(pair, 0) : undefined;
    if (span) return { file: a.patch.source.file, span: a.patch.source.toFile(span), origin: describe(a.patch.source, root, a.patch.label) };
  }
  return undefined;
}

/**
 * Where the user edits the rendered field at `path` of an object that came from `cand`, given the
 * patches that apply to it in order (kustomize-origin.ts) and the parsed resource file.
 */
export function locateField(
  cand: Candidate,
  resource: YamlSource,
  applied: Applied[],
  rendered: Record<string, unknown>,
  path: readonly PathSegment[],
  which: 'key' | 'value',
  root: string,
): SourceLocation | undefined {
  const base = baseOf(cand, resource);
  const baseWalk = walk(base, rendered, path);
  const hits: Hit[] = [];
  if (baseWalk.complete) {
    const span = spanOf(baseWalk, which);
    if (span) hits.push({ source: resource, span, origin: relativeTo(root, resource.file) });
  }
  const opIndex = opIndexer(base, applied, rendered, path);
  let patchLayer: string | undefined;
  for (const [stage, a] of applied.entries()) {
    const h =
      a.patch.type === 'json6902'
        ? jsonHit(a, rendered, path, which, root, (k, op) => opIndex(k, stage, op))
        : smpHit(a, rendered, path, which, root);
    if (h) {
      hits.push(h);
      patchLayer = a.patch.layerFile;
    }
  }
  // A replacement runs after the patches of its own layer and of the layers inside it.
  const repl = isIdentity(path, rendered) ? undefined : replacementOf(cand, rendered, path);
  if (repl) {
    const patchStep = patchLayer === undefined ? Infinity : cand.steps.findIndex((s) => s.layer.file === patchLayer);
    if (repl.step <= (patchStep < 0 ? Infinity : patchStep)) return { file: repl.file, span: repl.span, origin: `replacements in ${relativeTo(root, repl.file)}` };
  }
  const chosen = isIdentity(path, rendered) ? hits[0] : hits[hits.length - 1];
  if (chosen) return { file: chosen.source.file, span: chosen.span, origin: chosen.origin };
  // Nothing holds the field itself (a default, a transformer): the nearest part the resource holds.
  const near = baseWalk.depth > 0 ? spanOf(baseWalk, 'key') : undefined;
  if (near) return { file: resource.file, span: near, origin: relativeTo(root, resource.file) };
  return undefined;
}
