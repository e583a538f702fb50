// Which values of a Helm/Go template document a template fills in, and which of them a rule read.
// A template action inside a line (`name: {{ .Chart.Name }}`) stands for one unknown scalar (masked,
// see split.ts). An action alone on its line (`{{- toYaml .Values.probe | nindent 12 }}`) stands for
// unknown content at its indentation: more keys of the map it sits in, more items of a list, or the
// value of the key above it. Those places are "holes", found here from the YAML tree by indentation.
// The document's value is wrapped in read-tracking proxies: while the engine runs a rule, every read
// of a masked scalar, of a hole, or of a key that a hole might supply is recorded, so the engine drops
// exactly the findings that depend on a value only Helm knows (lint/engine.ts). Outside a tracked
// rule run the proxies are transparent.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { PathSegment, Span } from './model';
import { TEMPLATE_MASK_CHAR } from './split';

const key = (path: readonly PathSegment[]) => JSON.stringify(path);

/** Paths (JSON of the path) of the maps, lists and values a template action alone on its line extends or fills. */
export function templateHoles(doc: Document.Parsed, text: string, spans: readonly Span[], base: number): Set<string> {
  const holes = new Set<string>();
  for (const s of spans) {
    const at = s.start - base;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!/^[ \t]*$/.test(text.slice(lineStart, at))) continue; // inside a line: a masked scalar, seen on read
    const col = at - lineStart;
    const column = (o: number) => o - (text.lastIndexOf('\n', o - 1) + 1);
    let node = doc.contents as Node | null;
    const path: PathSegment[] = [];
    for (;;) {
      if (isMap(node) && !node.flow) {
        const pair = [...node.items].reverse().find((p) => ((p.key as Node | null)?.range?.[0] ?? Infinity) <= at);
        const k = pair && (isScalar(pair.key) ? String(pair.key.value) : undefined);
        if (!pair || k === undefined || col <= column((pair.key as Node).range![0])) break;
        path.push(k);
        node = pair.value as Node | null;
        if (!((isMap(node) || isSeq(node)) && !node.flow && node.range && node.range[0] <= at)) break;
      } else if (isSeq(node) && !node.flow) {
        const items = node.items as (Node | null)[];
        let i = items.length - 1;
        while (i >= 0 && (items[i]?.range?.[0] ?? Infinity) > at) i--;
        if (i < 0) break;
        const start = items[i]!.range![0];
        const dash = text.lastIndexOf('-', start - 1);
        if (col <= column(dash)) break;
        path.push(i);
        node = items[i];
        if (!(isMap(node) && !node.flow)) break;
      } else break;
    }
    holes.add(key(path));
  }
  return holes;
}

let reads: string[] | undefined;

/** Starts recording reads of templated values (the engine, around one rule call). */
export function trackTemplateReads(): void {
  reads = [];
}

/** The templated values read since trackTemplateReads (paths as JSON), and stops when `stop`. */
export function templateReads(stop = false): readonly string[] {
  const r = reads ?? [];
  if (stop) reads = undefined;
  return r;
}

function record(path: readonly PathSegment[]): void {
  if (reads && reads.length < 1000) reads.push(key(path));
}

/** True when a template action alone on its line extends or fills the value at `path`. */
export function isHole(holes: ReadonlySet<string>, path: readonly PathSegment[]): boolean {
  return holes.has(key(path));
}

/** The document value with every object and list wrapped in a read-tracking proxy. */
export function trackedValue<T>(value: T, holes: ReadonlySet<string>): T {
  const cache = new WeakMap<object, object>();
  const wrap = (v: unknown, path: PathSegment[]): unknown => {
    if (!v || typeof v !== 'object') return v;
    const hit = cache.get(v);
    if (hit) return hit;
    const open = holes.has(key(path));
    const seg = (k: string): PathSegment => (Array.isArray(v) && /^\d+$/.test(k) ? Number(k) : k);
    const proxy = new Proxy(v, {
      get(target, k, receiver) {
        const out = Reflect.get(target, k, receiver) as unknown;
        if (!reads || typeof k === 'symbol') return typeof k === 'symbol' ? out : wrap(out, [...path, seg(k)]);
        const child = [...path, seg(k)];
        if (k === 'length' && Array.isArray(target)) {
          if (open) record(path);
        } else if (typeof out === 'string' && out.includes(TEMPLATE_MASK_CHAR)) record(child);
        else if (out === undefined && !(k in target) && open) record(child);
        else if ((out === null || out === undefined) && holes.has(key(child))) record(child);
        return wrap(out, child);
      },
      has(target, k) {
        const r = Reflect.has(target, k);
        if (reads && !r && open) record(path);
        return r;
      },
      ownKeys(target) {
        if (reads && open) record(path);
        return Reflect.ownKeys(target);
      },
    });
    cache.set(v, proxy);
    return proxy;
  };
  return wrap(value, []) as T;
}
