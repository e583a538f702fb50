// The values files of a Helm chart as Helm merges them, for source mapping (docs/charts.md):
// subcharts' values.yaml (under the subchart's key; their `global` under `global`), then the
// chart's values.yaml, then each --values file in order — the later one wins. Reads files with
// their YAML ranges; answers "which file holds the value at this merged path" and builds the
// sentinel values file of a differential render. `--set` is not read: a value it sets is held
// by no file, so its findings go to the template line.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { PathSegment, Span } from '../manifest/model';
import { keyName, keySpanOfPair, nodeSpan } from '../manifest/nav';

export type Scalar = string | number;

export interface ValuesSource {
  /** Absolute path of the values file. */
  file: string;
  text: string;
  doc: Document.Parsed;
  /** Where this file's root sits in the merged values ([] for the chart and --values files, [key] for a subchart). */
  prefix: PathSegment[];
}

/** A chart on disk with its subcharts (directories under charts/; packed .tgz subcharts are not read). */
export interface ChartTree {
  dir: string;
  name: string;
  /** Key of this chart's values in its parent's values (the alias, else the name); '' for the top chart. */
  key: string;
  subcharts: ChartTree[];
}

export interface ValuesModel {
  chart: ChartTree;
  /** Lowest precedence first. */
  sources: ValuesSource[];
}

// Parsed values files and Chart.yaml files by their text: re-linting after an edit parses only the
// file that changed. The documents are shared and never modified.
const PARSED_LIMIT_CHARS = 16 * 1024 * 1024;
const parsed = new Map<string, Document.Parsed>();
let parsedChars = 0;

/** Drops the parsed values files (benchmarks measuring a cold lint). */
export function clearValuesCache(): void {
  parsed.clear();
  parsedChars = 0;
}

function parseCached(text: string): Document.Parsed {
  let doc = parsed.get(text);
  if (doc) {
    parsed.delete(text); // most recently used last
  } else {
    // Helm reads values files with YAML 1.1 merge keys (`<<: *defaults`) and aliases.
    doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false, merge: true });
    parsedChars += text.length;
    while (parsedChars > PARSED_LIMIT_CHARS && parsed.size) {
      const oldest = parsed.keys().next().value as string;
      parsed.delete(oldest);
      parsedChars -= oldest.length;
    }
  }
  parsed.set(text, doc);
  return doc;
}

async function readYaml(file: string): Promise<{ text: string; doc: Document.Parsed } | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return { text, doc: parseCached(text) };
}

// ---------------------------------------------------------------------------------------------
// Navigating a values file as Helm reads it: an alias is the node it names, and a map's `<<` merge
// keys bring in the keys of the maps they name (the map's own keys win; in `<<: [*a, *b]` the
// earlier map wins). The pairs returned are the ones written in the file, so spans point at the
// anchor's text when a value came through an alias or a merge.

const MAX_DEPTH = 32;

function deref(node: unknown, doc: Document.Parsed): Node | undefined {
  let n = node as Node | undefined;
  for (let i = 0; i < 8 && n && isAlias(n); i++) {
    try {
      n = n.resolve(doc) as Node | undefined;
    } catch {
      return undefined;
    }
  }
  return n && !isAlias(n) ? n : undefined;
}

// A map's effective pairs, kept per map node: the parsed documents are shared and never modified.
const entriesMemo = new WeakMap<Node, Map<string, Pair>>();

/** The effective pairs of a map, key → pair, in the order Helm's decoder would give them. */
function entries(doc: Document.Parsed, node: unknown, depth = 0): Map<string, Pair> {
  const m = deref(node, doc);
  if (!m || !isMap(m) || depth > MAX_DEPTH) return new Map<string, Pair>();
  if (depth === 0) {
    const known = entriesMemo.get(m);
    if (known) return known;
  }
  const out = new Map<string, Pair>();
  const merged = new Map<string, Pair>();
  for (const item of m.items) {
    if (!isPair(item)) continue;
    const k = keyName(item);
    if (k !== '<<' || !isScalar(item.key) || typeof item.key.value !== 'symbol') continue;
    const v = deref(item.value, doc);
    const sources = v && isSeq(v) ? v.items : [v];
    for (const src of sources) {
      for (const [key, pair] of entries(doc, src, depth + 1)) if (!merged.has(key)) merged.set(key, pair);
    }
  }
  for (const [key, pair] of merged) out.set(key, pair);
  for (const item of m.items) {
    if (!isPair(item)) continue;
    const k = keyName(item);
    if (k === undefined || (k === '<<' && isScalar(item.key) && typeof item.key.value === 'symbol')) continue;
    out.delete(k); // the last one written wins, in its own place
    out.set(k, item);
  }
  if (depth === 0) entriesMemo.set(m, out);
  return out;
}

/** The pair (for a key) and value node at `p` in `doc`. */
function lookup(doc: Document.Parsed, p: readonly PathSegment[]): { node?: Node; pair?: Pair } {
  let cur = deref(doc.contents, doc);
  let pair: Pair | undefined;
  for (const seg of p) {
    if (!cur) return {};
    if (typeof seg === 'number') {
      pair = undefined;
      cur = isSeq(cur) ? deref(cur.items[seg], doc) : undefined;
    } else {
      pair = entries(doc, cur).get(seg);
      cur = pair ? deref(pair.value, doc) : undefined;
    }
  }
  return { node: cur, pair };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads Chart.yaml of `dir` and its unpacked subcharts; aliases of `dependencies` name their keys. */
export async function readChartTree(dir: string, key = '', depth = 0): Promise<ChartTree> {
  const meta = (await readYaml(path.join(dir, 'Chart.yaml')))?.doc.toJS() as Record<string, unknown> | null | undefined;
  const name = str(meta?.name) ?? path.basename(dir);
  const tree: ChartTree = { dir, name, key, subcharts: [] };
  if (depth > 8) return tree;
  const deps = Array.isArray(meta?.dependencies) ? (meta!.dependencies as Record<string, unknown>[]) : [];
  let entries: string[] = [];
  try {
    entries = (await fs.readdir(path.join(dir, 'charts'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    /* no charts/ folder */
  }
  for (const entry of entries) {
    const subDir = path.join(dir, 'charts', entry);
    const subMeta = (await readYaml(path.join(subDir, 'Chart.yaml')))?.doc.toJS() as Record<string, unknown> | null | undefined;
    if (!subMeta) continue;
    const subName = str(subMeta.name) ?? entry;
    const aliases = deps.filter((d) => d && str(d.name) === subName && str(d.alias)).map((d) => str(d.alias)!);
    for (const k of aliases.length ? aliases : [subName]) tree.subcharts.push(await readChartTree(subDir, k, depth + 1));
  }
  return tree;
}

/** The values sources of a chart in Helm's order of precedence (lowest first). */
export async function readValuesModel(root: string, valuesFiles: readonly string[], known?: ChartTree): Promise<ValuesModel> {
  const chart = known ?? (await readChartTree(root));
  const order: Array<{ file: string; prefix: PathSegment[] }> = [];
  const addTree = (t: ChartTree, prefix: PathSegment[]) => {
    // Deeper charts first: a parent's values override its subcharts' defaults.
    for (const s of t.subcharts) addTree(s, [...prefix, s.key]);
    order.push({ file: path.join(t.dir, 'values.yaml'), prefix });
  };
  addTree(chart, []);
  for (const f of valuesFiles) order.push({ file: f, prefix: [] });
  // Read in parallel, kept in order of precedence.
  const read = await Promise.all(order.map((o) => readYaml(o.file)));
  const sources: ValuesSource[] = [];
  read.forEach((v, i) => {
    if (v) sources.push({ file: order[i].file, ...v, prefix: order[i].prefix });
  });
  return { chart, sources };
}

/** The path inside `src` of merged path `p`, or undefined when the file cannot hold it. */
function localPath(src: ValuesSource, p: readonly PathSegment[]): PathSegment[] | undefined {
  if (p[0] === 'global' && src.prefix.length) return [...p]; // a subchart's own `global:` feeds the merged globals
  if (src.prefix.length > p.length) return undefined;
  for (let i = 0; i < src.prefix.length; i++) if (src.prefix[i] !== p[i]) return undefined;
  const rest = p.slice(src.prefix.length);
  if (src.prefix.length && rest[0] === 'global') return undefined;
  return rest;
}

function mergedPath(src: ValuesSource, local: PathSegment[]): PathSegment[] {
  return local[0] === 'global' ? local : [...src.prefix, ...local];
}

export interface ValueHit {
  source: ValuesSource;
  node: Node;
  /** The pair that holds the value, when it sits under a key. */
  pair?: Pair;
  local: PathSegment[];
}

/** The file that decides the value at merged path `p`: the highest-precedence source holding it. */
export function holderOf(model: ValuesModel, p: readonly PathSegment[]): ValueHit | undefined {
  for (let i = model.sources.length - 1; i >= 0; i--) {
    const src = model.sources[i];
    const local = localPath(src, p);
    if (!local || !local.length) continue;
    const { node, pair } = lookup(src.doc, local);
    if (node && !(isScalar(node) && node.value === null)) return { source: src, node, pair, local };
  }
  return undefined;
}

/** Span of the value (or of its key) of a hit, in its file. */
export function spanOfHit(hit: ValueHit, which: 'key' | 'value'): Span | undefined {
  if (which === 'key' && hit.pair) return keySpanOfPair(hit.pair, 0);
  return nodeSpan(hit.node, 0);
}

export interface Leaf {
  path: PathSegment[];
  value: Scalar;
}

/** Every string and number leaf of the merged values, with the value that wins. */
export function leaves(model: ValuesModel): Leaf[] {
  return scalarLeaves(model, (v): v is Scalar => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== ''));
}

/** Every boolean leaf of the merged values (`enabled: false`), with the value that wins. */
export function booleanLeaves(model: ValuesModel): Array<{ path: PathSegment[]; value: boolean }> {
  return scalarLeaves(model, (v): v is boolean => typeof v === 'boolean');
}

function scalarLeaves<T>(model: ValuesModel, accept: (v: unknown) => v is T): Array<{ path: PathSegment[]; value: T }> {
  const byKey = new Map<string, { path: PathSegment[]; value: T }>();
  for (const src of model.sources) {
    const walk = (raw: unknown, local: PathSegment[]) => {
      const node = deref(raw, src.doc);
      if (local.length > MAX_DEPTH) return;
      if (isMap(node)) {
        for (const [k, pair] of entries(src.doc, node)) walk(pair.value, [...local, k]);
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, [...local, i]));
      } else if (isScalar(node) && local.length) {
        const v = node.value;
        if (accept(v)) {
          const p = mergedPath(src, local);
          byKey.set(JSON.stringify(p), { path: p, value: v }); // later sources win
        }
      }
    };
    walk(src.doc.contents, []);
  }
  return [...byKey.values()];
}

/** The plain value at merged path `p` as Helm would merge it (the holder's node). */
function effectiveJs(model: ValuesModel, p: readonly PathSegment[]): unknown {
  const hit = holderOf(model, p);
  return hit ? (hit.node.toJS(hit.source.doc) as unknown) : undefined;
}

/**
 * A values object that sets each given path to its sentinel, for a file passed after the user's
 * --values files. Maps merge key by key, but a list replaces the whole list: a leaf inside a list
 * carries the list's other items as they are.
 */
export function sentinelValues(model: ValuesModel, sets: ReadonlyArray<{ path: PathSegment[]; value: Scalar | boolean }>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path: p, value } of sets) {
    let cur: Record<string | number, unknown> = root;
    for (let i = 0; i < p.length - 1; i++) {
      const seg = p[i];
      const next = p[i + 1];
      let child = cur[seg];
      if (child === undefined || child === null || typeof child !== 'object') {
        if (typeof next === 'number') {
          const list = effectiveJs(model, p.slice(0, i + 1));
          child = Array.isArray(list) ? structuredClone(list) : [];
        } else child = {};
        cur[seg] = child;
      }
      cur = child as Record<string | number, unknown>;
      if (Array.isArray(cur) && typeof next === 'number' && (cur[next] === undefined || cur[next] === null) && i + 1 < p.length - 1) {
        cur[next] = typeof p[i + 2] === 'number' ? [] : {};
      }
    }
    cur[p[p.length - 1]] = value;
  }
  return root;
}
