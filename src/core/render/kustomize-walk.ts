// Following a rendered object's path through a source YAML node (a resource, a strategic-merge patch,
// a JSON 6902 value): list items are found by the merge key the strategic merge uses, so a container
// is the same container in every source whatever its position.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { findPair, keySpanOfPair, nodeSpan } from '../manifest/nav';

/** Merge keys of the lists the strategic merge patch merges item by item (Kubernetes API types). */
export const MERGE_KEYS: Record<string, string[]> = {
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

export function mergeKeyOf(field: PathSegment | undefined, item: unknown): string | undefined {
  if (typeof field !== 'string' || !item || typeof item !== 'object') return undefined;
  const keys = MERGE_KEYS[field];
  if (keys) return keys.find((k) => (item as Record<string, unknown>)[k] !== undefined);
  return undefined;
}

export function scalarOf(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/** Index of the item in `seq` that is the rendered `renderedItem` (by merge key, else by position). */
export function pickIndex(seq: Node, renderedList: unknown, index: number, field: PathSegment | undefined): number {
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

export interface Walk {
  complete: boolean;
  depth: number;
  keySpan?: Span;
  valueSpan?: Span;
  node?: Node | null;
}

/** Follows `path` (taken in the rendered object `rendered`) through a source node. */
export function walk(root: Node | null | undefined, rendered: unknown, path: readonly PathSegment[]): Walk {
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

export function spanOf(w: Walk, which: 'key' | 'value'): Span | undefined {
  if (which === 'value' && w.complete && w.valueSpan && w.valueSpan.end > w.valueSpan.start) return w.valueSpan;
  return w.keySpan ?? w.valueSpan;
}

export function valueAt(v: unknown, path: readonly PathSegment[]): unknown {
  let cur = v;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** JSON pointer → segments (RFC 6901 escapes). */
export function pointer(p: string): string[] {
  if (p === '' || p === '/') return p === '' ? [] : [''];
  return p
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

