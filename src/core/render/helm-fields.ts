// The probe-related fields of a rendered Helm document and the questions the source mapping asks of
// them (helm-locate.ts): which fields a sentinel render must follow, whether a map or list came whole
// from one values map (`toYaml .Values.x`), the rendered text of a scalar, and which of several
// same-named paths a field lies on (for the template line that wrote it).
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ManifestDocument, PathSegment } from '../manifest/model';
import { nodeAt } from '../manifest/nav';
import type { Field } from './helm-sentinel-read';
import type { Leaf } from './helm-values';

/** A path as a map key (the attribution's keys). */
export const pathKey = (p: readonly unknown[]) => JSON.stringify(p);

/** A values path as users write it: `probe.httpGet.port`, `containers[0].name`. */
export const dotted = (p: readonly PathSegment[]) => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');

/** The probe-related scalar fields of a rendered document: probes, hooks, ports and names of containers, pod timing. */
export function fieldsOf(d: ManifestDocument): Field[] {
  const out: Field[] = [];
  const collect = (node: unknown, p: PathSegment[]) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof k === 'string' || typeof k === 'number') collect(pair.value, [...p, String(k)]);
      }
    } else if (isSeq(node)) node.items.forEach((it, i) => collect(it, [...p, i]));
    else if (isScalar(node) && node.range && (typeof node.value === 'number' || (typeof node.value === 'string' && node.value !== ''))) {
      out.push({ path: p, value: node.value, span: { start: d.base + node.range[0], end: d.base + node.range[1] } });
    }
  };
  for (const w of d.workloads) {
    for (const k of ['restartPolicy', 'terminationGracePeriodSeconds']) collect(nodeAt(d.yaml, [...w.podSpecPath, k]), [...w.podSpecPath, k]);
    for (const c of w.containers) {
      for (const k of ['name', 'ports', 'restartPolicy']) collect(nodeAt(d.yaml, [...c.path, k]), [...c.path, k]);
      for (const h of c.handlers) collect(nodeAt(d.yaml, h.path), [...h.path]);
    }
  }
  return out;
}

/**
 * The map or list at `p` came whole from one values map Q (`toYaml .Values.Q`): every attributed field
 * below it is Q + its relative path, and no string/number field below it is unattributed.
 */
export function wholeFromValues(p: readonly PathSegment[], attribution: Map<string, Leaf>, doc: ManifestDocument): PathSegment[] | undefined {
  const node = nodeAt(doc.yaml, p);
  if (!node) return undefined;
  let q: PathSegment[] | undefined;
  let ok = true;
  let any = false;
  const walk = (n: unknown, rel: PathSegment[]) => {
    if (!ok) return;
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof k === 'string' || typeof k === 'number') walk(pair.value, [...rel, String(k)]);
      }
    } else if (isSeq(n)) (n.items as Node[]).forEach((it, i) => walk(it, [...rel, i]));
    else if (isScalar(n) && (typeof n.value === 'number' || (typeof n.value === 'string' && n.value !== ''))) {
      const leaf = attribution.get(pathKey([...p, ...rel]));
      if (!leaf) return void (ok = false);
      const lp = leaf.path;
      if (lp.length < rel.length || pathKey(lp.slice(lp.length - rel.length)) !== pathKey(rel)) return void (ok = false);
      const prefix = lp.slice(0, lp.length - rel.length);
      if (q && pathKey(q) !== pathKey(prefix)) return void (ok = false);
      q = prefix;
      any = true;
    }
  };
  walk(node, []);
  return ok && any && q && q.length ? q : undefined;
}

/**
 * The values path the block at `a` came from whole: every probe-related field below it is fed by
 * that path + its place in the block. null: a field below it is not (it came from elsewhere);
 * undefined: no field lies below it.
 */
export function blockSource(a: readonly PathSegment[], fields: readonly Field[], attribution: Map<string, Leaf>): PathSegment[] | null | undefined {
  let q: PathSegment[] | undefined;
  for (const f of fields) {
    if (f.path.length <= a.length || !a.every((s, i) => s === f.path[i])) continue;
    const leaf = attribution.get(pathKey(f.path));
    const rel = f.path.slice(a.length);
    const lp = leaf?.path;
    if (!lp || lp.length <= rel.length || pathKey(lp.slice(lp.length - rel.length)) !== pathKey(rel)) return null;
    const prefix = lp.slice(0, lp.length - rel.length);
    if (q && pathKey(q) !== pathKey(prefix)) return null;
    q = prefix;
  }
  return q;
}

/** The rendered scalar at `p` as text (numbers and strings only). */
export function renderedScalar(doc: ManifestDocument, p: readonly PathSegment[]): string | undefined {
  const n = p.length ? nodeAt(doc.yaml, p) : undefined;
  return n && isScalar(n) && (typeof n.value === 'number' || typeof n.value === 'string') ? String(n.value) : undefined;
}

/** Among the paths of `doc` whose key names are `want`, the index of the one `p` goes through. */
export function ordinalOf(doc: ManifestDocument, p: readonly PathSegment[], want: string[]): number {
  let seen = 0;
  // The prefix of p that ends at its want.length-th string segment.
  let k = 0;
  let end = 0;
  for (; end < p.length && k < want.length; end++) if (typeof p[end] === 'string') k++;
  const target = pathKey(p.slice(0, end));
  let found = 0;
  // `named`: how many key names q holds; they equal want's first ones (a path whose names leave
  // want's is not followed: its names can never become want).
  const walk = (n: unknown, q: PathSegment[], named: number): boolean => {
    if (named === want.length) {
      if (pathKey(q) === target) return ((found = seen), true);
      seen++;
      return false;
    }
    if (isMap(n)) {
      for (const pair of n.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if ((typeof key === 'string' || typeof key === 'number') && String(key) === want[named] && walk(pair.value, [...q, String(key)], named + 1)) return true;
      }
    } else if (isSeq(n)) {
      for (let i = 0; i < n.items.length; i++) if (walk(n.items[i], [...q, i], named)) return true;
    }
    return false;
  };
  walk(doc.yaml?.contents, [], 0);
  return found;
}
