// The order of a merge-keyed list (containers, volumes, …) as each patch saw it. JSON 6902
// operations address list items by position at the time they run, and the positions move: a
// strategic-merge patch puts the items it names first (then the others, in their order), JSON
// operations insert, append and remove. Replaying only the keys of the list through the patches
// turns a rendered item's index into the index an operation used (docs/kustomize.md).
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { PathSegment } from '../manifest/model';
import { findPair } from '../manifest/nav';
import type { Applied } from './kustomize-origin';
import { mergeKeyOf, pointer, scalarOf, valueAt, walk } from './kustomize-walk';

/**
 * Index an operation used for the rendered list item at path[k] (k: a numeric segment), before
 * operation `op` of applied patch `stage` ran; -1 when the item did not exist then, undefined when
 * the list has no merge key to follow.
 */
export type OpIndex = (k: number, stage: number, op: number) => number | undefined;

function keysOf(seq: Node | null | undefined, key: string): string[] | undefined {
  if (!seq) return undefined;
  if (isScalar(seq) && seq.value === null) return [];
  if (!isSeq(seq)) return undefined;
  return seq.items.map((it) => (isMap(it) ? String(scalarOf(findPair(it, key)?.value) ?? '') : ''));
}

function itemKey(v: unknown, key: string): string {
  return v && typeof v === 'object' ? String((v as Record<string, unknown>)[key] ?? '') : '';
}

/**
 * An OpIndex for one rendered object: `base` is the resource node, `applied` the patches that ran
 * over it in order, `rendered` its rendered value, `path` the rendered path being located.
 */
export function opIndexer(base: Node | null | undefined, applied: Applied[], rendered: unknown, path: readonly PathSegment[]): OpIndex {
  const memo = new Map<string, number | undefined>();
  const indexFor: OpIndex = (k, stage, op) => {
    const id = `${k}/${stage}/${op}`;
    if (memo.has(id)) return memo.get(id);
    memo.set(id, undefined); // guards the recursion below
    const r = compute(k, stage, op);
    memo.set(id, r);
    return r;
  };
  const compute = (k: number, stage: number, opLimit: number): number | undefined => {
    const listPath = path.slice(0, k);
    const item = valueAt(rendered, path.slice(0, k + 1));
    const key = mergeKeyOf(listPath[listPath.length - 1], item);
    if (!key) return undefined;
    const want = itemKey(item, key);
    const start = walk(base, rendered, listPath);
    let keys = (start.complete ? keysOf(start.node, key) : undefined) ?? [];
    for (let s = 0; s <= stage && s < applied.length; s++) {
      const a = applied[s];
      const doc = a.patch.source.docs[a.doc];
      if (a.patch.type === 'smp') {
        if (s === stage) break;
        const w = walk(doc?.contents as Node | null, rendered, listPath);
        if (!w.complete) continue;
        const seq = w.node;
        if (isScalar(seq) && seq.value === null) {
          keys = [];
          continue;
        }
        if (!isSeq(seq)) continue;
        const named: string[] = [];
        const deleted = new Set<string>();
        for (const it of seq.items) {
          if (!isMap(it)) continue;
          const kv = String(scalarOf(findPair(it, key)?.value) ?? '');
          if (scalarOf(findPair(it, '$patch')?.value) === 'delete') deleted.add(kv);
          else named.push(kv);
        }
        keys = [...named, ...keys.filter((x) => !named.includes(x) && !deleted.has(x))];
        continue;
      }
      const ops = doc?.contents;
      if (!ops || !isSeq(ops)) continue;
      const limit = s === stage ? opLimit : ops.items.length;
      for (let o = 0; o < limit && o < ops.items.length; o++) keys = applyOp(ops.items[o] as Node, keys, key, listPath, (j) => indexFor(j, s, o));
    }
    return keys.indexOf(want); // -1: the item did not exist yet
  };
  return indexFor;
}

/** One JSON 6902 operation replayed on the keys of the list at listPath. */
function applyOp(op: Node, keys: string[], key: string, listPath: readonly PathSegment[], outer: (k: number) => number | undefined): string[] {
  if (!isMap(op)) return keys;
  const name = String(scalarOf(findPair(op, 'op')?.value) ?? '');
  const p = scalarOf(findPair(op, 'path')?.value);
  if (typeof p !== 'string') return keys;
  const segs = pointer(p);
  if (segs.length < listPath.length || segs.length > listPath.length + 1) return keys;
  for (let j = 0; j < listPath.length; j++) {
    const want = typeof listPath[j] === 'number' ? String(outer(j) ?? listPath[j]) : String(listPath[j]);
    if (segs[j] !== want) return keys;
  }
  const valueNode = findPair(op, 'value')?.value as Node | undefined;
  let value: unknown;
  try {
    value = (valueNode as { toJSON?: () => unknown } | undefined)?.toJSON?.();
  } catch {
    value = undefined;
  }
  if (segs.length === listPath.length) {
    // The whole list.
    if (name === 'remove') return [];
    if ((name === 'add' || name === 'replace') && Array.isArray(value)) return value.map((v) => itemKey(v, key));
    return keys;
  }
  const last = segs[segs.length - 1];
  const at = last === '-' ? keys.length : Number(last);
  if (!Number.isInteger(at) || at < 0) return keys;
  const next = [...keys];
  if (name === 'add') next.splice(at, 0, itemKey(value, key));
  else if (name === 'remove') next.splice(at, 1);
  else if (name === 'replace' && at < next.length) next[at] = itemKey(value, key);
  return next;
}
