// Reads a Kustomize overlay as the tree kubectl builds: each kustomization (and component) with its
// resources, bases, name prefix/suffix, namespace and patches in the order kustomize applies them,
// and every file read. Reading only: the real `kubectl kustomize` renders; this tree lets a rendered
// field be traced back to the patch or resource file it came from (docs/kustomize.md).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { isMap, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Span } from '../manifest/model';
import { findPair, nodeAt } from '../manifest/nav';
import { embeddedText } from './embedded';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Files larger than this are not read for mapping (kubectl still renders them). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Parsed YAML text: a file, or the text of an inline patch with a map back to its file. */
export interface YamlSource {
  /** The file the user edits (the patch file, or the kustomization holding an inline patch). */
  file: string;
  docs: Document.Parsed[];
  /** Offsets in the parsed text → offsets in `file`. */
  toFile(span: Span): Span;
  /** For messages: "overlay/probe.yaml" or "inline patch in overlay/kustomization.yaml". */
  inline: boolean;
}

/** Kustomize's patch target selector (every field optional; name, kind, namespace… are regexes). */
export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface Patch {
  type: 'smp' | 'json6902';
  source: YamlSource;
  /** The kustomization that lists the patch (absolute). */
  layerFile: string;
  target?: Selector;
  /** Which field listed it, e.g. "patches[1]", for messages. */
  label: string;
}

export interface ResourceEntry {
  kind: 'file';
  file: string;
}
export interface LayerEntry {
  kind: 'layer';
  layer: Layer;
}

/** One kustomization (or Kustomize component) as read from its folder. */
export interface Layer {
  dir: string;
  file: string;
  component: boolean;
  namePrefix: string;
  nameSuffix: string;
  namespace?: string;
  /** `resources` (and legacy `bases`) in order. */
  resources: (ResourceEntry | LayerEntry)[];
  components: Layer[];
  /** In kustomize's order: patchesStrategicMerge, patches, then patchesJson6902. */
  patches: Patch[];
}

export interface OverlayTree {
  root: Layer;
  /** Every file read, absolute. */
  inputs: Set<string>;
  /** Parsed resource files by absolute path (those that could be read). */
  resourceFiles: Map<string, YamlSource>;
}

/** The kustomization file of a folder, or undefined. */
export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const f = join(dir, name);
    try {
      if (statSync(f).isFile()) return f;
    } catch {
      /* next */
    }
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parseDocs(text: string): Document.Parsed[] {
  try {
    return parseAllDocuments(text, { strict: false, merge: true, logLevel: 'error', prettyErrors: false }) as Document.Parsed[];
  } catch {
    return [];
  }
}

function fileSource(file: string, text: string): YamlSource {
  return { file, docs: parseDocs(text), toFile: (s) => s, inline: false };
}

const isRemote = (p: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(p);

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Reads the overlay at `dir` (its kustomization and everything it refers to, recursively).
 * `unsaved`: the editor's text of a kustomization file, when it has one (the layers it names are read).
 */
export function readOverlay(dir: string, unsaved?: (file: string) => string | undefined): OverlayTree {
  const inputs = new Set<string>();
  const resourceFiles = new Map<string, YamlSource>();
  const layers = new Map<string, Layer>();

  const readLayer = (layerDir: string, stack: string[]): Layer | undefined => {
    const abs = resolve(layerDir);
    if (stack.includes(abs)) return undefined; // a cycle; kubectl reports it
    const cached = layers.get(abs);
    if (cached) return cached;
    const file = kustomizationFile(abs);
    if (!file) return undefined;
    inputs.add(file);
    const text = unsaved?.(file) ?? readText(file) ?? '';
    const doc = parseDocs(text)[0];
    const value = (safeJS(doc) ?? {}) as Record<string, unknown>;
    const layer: Layer = {
      dir: abs,
      file,
      component: value.kind === 'Component',
      namePrefix: str(value.namePrefix) ?? '',
      nameSuffix: str(value.nameSuffix) ?? '',
      namespace: str(value.namespace),
      resources: [],
      components: [],
      patches: [],
    };
    layers.set(abs, layer);
    const next = [...stack, abs];
    const listOf = (key: string): string[] => (Array.isArray(value[key]) ? (value[key] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
    for (const entry of [...listOf('resources'), ...listOf('bases')]) {
      if (isRemote(entry)) continue;
      const p = resolve(abs, entry);
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (isDir) {
        const child = readLayer(p, next);
        if (child) layer.resources.push({ kind: 'layer', layer: child });
      } else {
        inputs.add(p);
        if (!resourceFiles.has(p)) {
          const t = readText(p);
          if (t !== undefined) resourceFiles.set(p, fileSource(p, t));
        }
        layer.resources.push({ kind: 'file', file: p });
      }
    }
    for (const entry of listOf('components')) {
      if (isRemote(entry)) continue;
      const child = readLayer(resolve(abs, entry), next);
      if (child) layer.components.push(child);
    }
    readPatches(layer, text, doc, value, inputs);
    collectOtherInputs(abs, value, inputs);
    return layer;
  };

  const root = readLayer(dir, []);
  if (!root) throw new Error(`no kustomization file in ${dir}`);
  return { root, inputs, resourceFiles };
}

function safeJS(doc: Document.Parsed | undefined): unknown {
  try {
    return doc?.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

/** A patch given inline (a string in kustomization.yaml) or as a file. */
function patchSource(layer: Layer, layerText: string, node: Node | undefined, inputs: Set<string>, asFile?: string): YamlSource | undefined {
  if (asFile !== undefined) {
    const p = resolve(layer.dir, asFile);
    inputs.add(p);
    const t = readText(p);
    return t === undefined ? undefined : fileSource(p, t);
  }
  const emb = embeddedText(layerText, node);
  if (!emb) return undefined;
  return { file: layer.file, docs: parseDocs(emb.text), toFile: emb.spanToFile, inline: true };
}

/** A patch text is a JSON 6902 patch when it is a list (of operations); otherwise a strategic merge. */
function patchType(src: YamlSource): 'smp' | 'json6902' {
  const c = src.docs[0]?.contents;
  return c && isSeq(c) ? 'json6902' : 'smp';
}

function selectorOf(v: unknown): Selector | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const s: Selector = {};
  for (const k of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    const x = o[k];
    if (typeof x === 'string') s[k] = x;
  }
  return s;
}

function readPatches(layer: Layer, text: string, doc: Document.Parsed | undefined, value: Record<string, unknown>, inputs: Set<string>): void {
  const seqItems = (key: string): Node[] => {
    const n = doc ? nodeAt(doc, [key]) : undefined;
    return n && isSeq(n) ? (n.items as Node[]) : [];
  };
  const arr = (key: string): unknown[] => (Array.isArray(value[key]) ? (value[key] as unknown[]) : []);
  const push = (src: YamlSource | undefined, target: Selector | undefined, label: string, forced?: 'json6902') => {
    if (!src) return;
    layer.patches.push({ type: forced ?? patchType(src), source: src, layerFile: layer.file, target, label });
  };

  // patchesStrategicMerge: each entry a file path or an inline patch.
  const psm = arr('patchesStrategicMerge');
  seqItems('patchesStrategicMerge').forEach((item, i) => {
    const v = psm[i];
    if (typeof v !== 'string') return;
    const inline = v.includes('\n') || !existsSync(resolve(layer.dir, v));
    push(inline ? patchSource(layer, text, item, inputs) : patchSource(layer, text, item, inputs, v), undefined, `patchesStrategicMerge[${i}]`);
  });
  // patches: { path | patch, target?, options? }
  const patches = arr('patches');
  seqItems('patches').forEach((item, i) => {
    const v = patches[i] as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object' || !isMap(item)) return;
    const target = selectorOf(v.target);
    if (typeof v.path === 'string') push(patchSource(layer, text, undefined, inputs, v.path), target, `patches[${i}]`);
    else if (typeof v.patch === 'string') push(patchSource(layer, text, findPair(item, 'patch')?.value as Node, inputs), target, `patches[${i}]`);
  });
  // patchesJson6902: { target, path | patch }
  const pj = arr('patchesJson6902');
  seqItems('patchesJson6902').forEach((item, i) => {
    const v = pj[i] as Record<string, unknown> | undefined;
    if (!v || typeof v !== 'object' || !isMap(item)) return;
    const target = selectorOf(v.target);
    if (typeof v.path === 'string') push(patchSource(layer, text, undefined, inputs, v.path), target, `patchesJson6902[${i}]`, 'json6902');
    else if (typeof v.patch === 'string') push(patchSource(layer, text, findPair(item, 'patch')?.value as Node, inputs), target, `patchesJson6902[${i}]`, 'json6902');
  });
  // Kustomize applies patchesStrategicMerge, then patches, then (after the name and label
  // transformers) patchesJson6902: the order above is already that order.
}

/** Other files a kustomization reads (generators, configurations, …): inputs for cache invalidation. */
function collectOtherInputs(dir: string, value: Record<string, unknown>, inputs: Set<string>): void {
  const add = (p: unknown) => {
    if (typeof p !== 'string' || !p || p.includes('\n') || isRemote(p)) return;
    const f = isAbsolute(p) ? p : resolve(dir, p);
    if (existsSync(f) && !statSync(f).isDirectory()) inputs.add(f);
  };
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    const gens = value[key];
    if (!Array.isArray(gens)) continue;
    for (const g of gens) {
      if (!g || typeof g !== 'object') continue;
      const o = g as Record<string, unknown>;
      for (const f of Array.isArray(o.files) ? o.files : []) add(typeof f === 'string' ? f.replace(/^[^=]*=/, '') : f);
      for (const f of Array.isArray(o.envs) ? o.envs : []) add(f);
      add(o.env);
    }
  }
  for (const key of ['configurations', 'crds', 'transformers', 'generators', 'validators']) {
    const list = value[key];
    if (Array.isArray(list)) list.forEach(add);
  }
  const repl = value.replacements;
  if (Array.isArray(repl)) for (const r of repl) if (r && typeof r === 'object') add((r as Record<string, unknown>).path);
  const api = value.openapi;
  if (api && typeof api === 'object') add((api as Record<string, unknown>).path);
}
