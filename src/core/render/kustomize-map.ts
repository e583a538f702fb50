// Where a field of a rendered Kustomize object is set: the last patch that sets it (strategic merge,
// walked by merge keys such as a container's name; JSON 6902, by operation path), else the resource
// file that holds it. The rules are written out in docs/kustomize.md.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { findPair, keySpanOfPair, nodeSpan } from '../manifest/nav';
import type { SourceLocation } from './types';
import type { Applied, Candidate } from './kustomize-origin';
import type { YamlSource } from './kustomize-tree';

/** Merge keys of the lists the strategic merge patch merges item by item (Kubernetes API types). */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  ports: ['containerPort', 'port'],
  imagePullSecrets: ['name'],
  hostAliases: ['ip'],
  resourceClaims: ['name'],
  schedulingGates: ['name'],
  readinessGates: ['conditionType'],
  topologySpreadConstraints: ['topologyKey'],
};

function mergeKeyOf(field: PathSegment | undefined, item: unknown): string | undefined {
  if (typeof field !== 'string' || !item || typeof item !== 'object') return undefined;
  const keys = MERGE_KEYS[field];
  if (keys) return keys.find((k) => (item as Record<string, unknown>)[k] !== undefined);
  return undefined;
}

function scalarOf(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Index of the item in `seq` that is the rendered `renderedItem` (by merge key, else by position). */
function pickIndex(seq: Node, renderedList: unknown, index: number, field: PathSegment | undefined): number {
  if (!isSeq(seq)) return -1;
  const item = Array.isArray(renderedList) ? renderedList[index] : undefined;
  const key = mergeKeyOf(field, item) ?? (item && typeof item === 'object' && typeof (item as Record<string, unknown>).name === 'string' && isNamedList(seq) ? 'name' : undefined);
  if (key) {
    const want = String((item as Record<string, unknown>)[key]);
    return seq.items.findIndex((it) => isMap(it) && String(scalarOf(findPair(it, key)?.value)) === want);
  }
  return index < seq.items.length ? index : -1;
}

/** A list whose items all carry a `name` (merged by name). */
function isNamedList(seq: Node): boolean {
  return isSeq(seq) && seq.items.length > 0 && seq.items.every((it) => isMap(it) && findPair(it, 'name') !== undefined);
}

interface Walk {
  complete: boolean;
  depth: number;
  keySpan?: Span;
  valueSpan?: Span;
  node?: Node | null;
}

/** Follows `path` (taken in the rendered object `rendered`) through a source node. */
function walk(root: Node | null | undefined, rendered: unknown, path: readonly PathSegment[]): Walk {
  let cur: Node | null | undefined = root;
  let r: unknown = rendered;
  let field: PathSegment | undefined;
  const w: Walk = { complete: path.length === 0, depth: 0, node: root };
  for (const seg of path) {
    if (!cur) break;
    if (typeof seg === 'number') {
      const j = pickIndex(cur, r, seg, field);
      if (j < 0) break;
      const item = (cur as unknown as { items: Node[] }).items[j];
      w.keySpan = w.valueSpan = nodeSpan(item, 0);
      cur = item;
      r = Array.isArray(r) ? r[seg] : undefined;
    } else {
      if (!isMap(cur)) break;
      const pair: Pair | undefined = findPair(cur, seg);
      if (!pair) break;
      w.keySpan = keySpanOfPair(pair, 0);
      cur = pair.value as Node | null;
      w.valueSpan = cur ? nodeSpan(cur, 0) : undefined;
      r = r && typeof r === 'object' ? (r as Record<string, unknown>)[seg] : undefined;
      field = seg;
    }
    w.depth++;
    w.node = cur;
  }
  w.complete = w.depth === path.length;
  return w;
}

function spanOf(w: Walk, which: 'key' | 'value'): Span | undefined {
  if (which === 'value' && w.complete && w.valueSpan && w.valueSpan.end > w.valueSpan.start) return w.valueSpan;
  return w.keySpan ?? w.valueSpan;
}

function valueAt(v: unknown, path: readonly PathSegment[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

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

/** JSON pointer → segments (RFC 6901 escapes). */
function pointer(p: string): string[] {
  if (p === '' || p === '/') return p === '' ? [] : [''];
  return p
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A JSON 6902 patch: the last operation that sets the field, or sets or removes something in it. */
function jsonHit(a: Applied, rendered: unknown, path: readonly PathSegment[], which: 'key' | 'value', root: string): Hit | undefined {
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
      if (s === String(p)) continue;
      // `-` appends: it is the rendered list's last item when the appended value is that item.
      if (s === '-' && typeof p === 'number' && k === segs.length - 1) {
        const list = valueAt(rendered, path.slice(0, k));
        same = Array.isArray(list) && p === list.length - 1;
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
  // The resource document (a `kind: List` item when it came from one).
  const doc = resource.docs[cand.docIndex];
  let base = doc?.contents as Node | null | undefined;
  if (cand.listIndex !== undefined) {
    const items = base && isMap(base) ? findPair(base, 'items')?.value : undefined;
    base = items && isSeq(items) ? (items.items[cand.listIndex] as Node) : undefined;
  }
  const baseWalk = walk(base, rendered, path);
  const hits: Hit[] = [];
  if (baseWalk.complete) {
    const span = spanOf(baseWalk, which);
    if (span) hits.push({ source: resource, span, origin: relativeTo(root, resource.file) });
  }
  for (const a of applied) {
    const h = a.patch.type === 'json6902' ? jsonHit(a, rendered, path, which, root) : smpHit(a, rendered, path, which, root);
    if (h) hits.push(h);
  }
  const chosen = isIdentity(path, rendered) ? hits[0] : hits[hits.length - 1];
  if (chosen) return { file: chosen.source.file, span: chosen.span, origin: chosen.origin };
  // Nothing holds the field itself (a default, a transformer): the nearest part the resource holds.
  const near = baseWalk.depth > 0 ? spanOf(baseWalk, 'key') : undefined;
  if (near) return { file: resource.file, span: near, origin: relativeTo(root, resource.file) };
  return undefined;
}
