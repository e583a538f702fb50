// Which resource document a rendered Kustomize object came from, and which patches kustomize
// applied to it in which order. Objects are matched by kind and by the name the overlay chain gives
// them (each layer's namePrefix/nameSuffix around the original name, the outermost namespace); the
// patches are those of every layer on the way from that resource up to the overlay, each checked
// against its target as kustomize selects (docs/kustomize.md).
import { realpathSync } from 'node:fs';
import type { Document } from 'yaml';
import type { Layer, OverlayTree, Patch, Selector } from './kustomize-tree';

/** How a layer reaches the next one on the way down to a resource. */
export interface Step {
  layer: Layer;
  /** Index in `layer.components` when the next step is a component; undefined for resources. */
  component?: number;
}

/** One object of one resource file, and the way from the overlay down to the layer that lists it. */
export interface Candidate {
  file: string;
  /** Index of the YAML document in the file. */
  docIndex: number;
  /** Index in `items` for a `kind: List` document. */
  listIndex?: number;
  object: Record<string, unknown>;
  steps: Step[];
  /** Names the object has along the way (original first, rendered last). */
  names: string[];
  namespaces: (string | undefined)[];
}

const MAX_CANDIDATES = 50_000;

function identity(o: Record<string, unknown>): { kind?: string; name?: string; namespace?: string } {
  const md = (o.metadata ?? {}) as Record<string, unknown>;
  return {
    kind: typeof o.kind === 'string' ? o.kind : undefined,
    name: typeof md.name === 'string' ? md.name : undefined,
    namespace: typeof md.namespace === 'string' ? md.namespace : undefined,
  };
}

function docObjects(doc: Document.Parsed): { object: Record<string, unknown>; listIndex?: number }[] {
  let v: unknown;
  try {
    v = doc.toJS({ maxAliasCount: 1000 });
  } catch {
    return [];
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [];
  const o = v as Record<string, unknown>;
  if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
    return o.items
      .map((it, i) => ({ object: it as Record<string, unknown>, listIndex: i }))
      .filter((x) => x.object && typeof x.object === 'object');
  }
  return [{ object: o }];
}

/** Every resource object under the overlay with the chain that brings it in. */
export function candidates(tree: OverlayTree): Candidate[] {
  const out: Candidate[] = [];
  const visit = (layer: Layer, steps: Step[]) => {
    if (out.length >= MAX_CANDIDATES || steps.length > 64) return;
    for (const r of layer.resources) {
      if (r.kind === 'layer') {
        visit(r.layer, [...steps, { layer }]);
        continue;
      }
      const src = tree.resourceFiles.get(r.file);
      if (!src) continue;
      src.docs.forEach((doc, docIndex) => {
        for (const { object, listIndex } of docObjects(doc)) {
          const chain = [...steps, { layer }];
          const id = identity(object);
          const { names, namespaces } = namesAlong(chain, id.name ?? '', id.namespace);
          out.push({ file: r.file, docIndex, listIndex, object, steps: chain, names, namespaces });
        }
      });
    }
    layer.components.forEach((c, i) => visit(c, [...steps, { layer, component: i }]));
  };
  visit(tree.root, []);
  return out;
}

/** Names and namespaces an object takes from the innermost layer outwards. */
function namesAlong(chain: Step[], name: string, namespace: string | undefined) {
  const names = [name];
  const namespaces = [namespace];
  let n = name;
  let ns = namespace;
  for (let i = chain.length - 1; i >= 0; i--) {
    const l = chain[i].layer;
    n = l.namePrefix + n + l.nameSuffix;
    if (l.namespace) ns = l.namespace;
    names.push(n);
    namespaces.push(ns);
  }
  return { names, namespaces };
}

/** The candidate a rendered object (kind, name, namespace) comes from, if exactly one fits best. */
export function matchObject(all: Candidate[], kind: string | undefined, name: string | undefined, namespace: string | undefined): Candidate | undefined {
  if (!kind || name === undefined) return undefined;
  const fit = all.filter((c) => c.object.kind === kind && c.names[c.names.length - 1] === name);
  if (fit.length <= 1) return fit[0];
  const sameNs = fit.filter((c) => (c.namespaces[c.namespaces.length - 1] ?? '') === (namespace ?? ''));
  return (sameNs.length ? sameNs : fit)[0];
}

/**
 * The candidate from a known resource file (kubectl's own origin annotation): the object of that
 * kind whose original name the rendered name contains (longest such name first).
 */
export function matchInFile(all: Candidate[], file: string, kind: string | undefined, name: string | undefined): Candidate | undefined {
  const want = real(file);
  const inFile = all.filter((c) => c.object.kind === kind && (c.file === file || real(c.file) === want));
  if (inFile.length <= 1) return inFile[0];
  const named = inFile
    .filter((c) => name !== undefined && name.includes(c.names[0]))
    .sort((a, b) => b.names[0].length - a.names[0].length);
  return named[0] ?? inFile[0];
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** A strategic-merge patch document or a JSON 6902 patch, as applied to one object. */
export interface Applied {
  patch: Patch;
  /** The strategic-merge document that applies (index in the patch's docs); JSON 6902: 0. */
  doc: number;
}

/** Patches of a component (and its own components) as applied to its parent's objects. */
function componentPatches(c: Layer, depth = 0): Patch[] {
  if (depth > 32) return [];
  return [...c.components.flatMap((s) => componentPatches(s, depth + 1)), ...c.patches];
}

/** Every patch that kustomize runs over the candidate's object, in the order it runs them. */
export function patchesInOrder(c: Candidate): Patch[] {
  const out: Patch[] = [];
  for (let i = c.steps.length - 1; i >= 0; i--) {
    const step = c.steps[i];
    const from = step.component !== undefined ? step.component + 1 : 0;
    for (const comp of step.layer.components.slice(from)) out.push(...componentPatches(comp));
    out.push(...step.layer.patches);
  }
  return out;
}

/** The patches (and strategic-merge documents) that target the object, in order. */
export function applicable(c: Candidate, rendered: Record<string, unknown>): Applied[] {
  const out: Applied[] = [];
  for (const patch of patchesInOrder(c)) {
    if (patch.target) {
      if (selects(patch.target, c, rendered)) patch.source.docs.forEach((_, doc) => out.push({ patch, doc }));
      continue;
    }
    if (patch.type !== 'smp') continue; // a JSON 6902 patch needs a target
    patch.source.docs.forEach((d, doc) => {
      let v: unknown;
      try {
        v = d.toJS();
      } catch {
        return;
      }
      if (v && typeof v === 'object' && sameObject(v as Record<string, unknown>, c)) out.push({ patch, doc });
    });
  }
  return out;
}

function groupVersion(apiVersion: unknown): { group: string; version: string } {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const i = s.indexOf('/');
  return i < 0 ? { group: '', version: s } : { group: s.slice(0, i), version: s.slice(i + 1) };
}

/** A strategic-merge patch without target addresses its object by kind, name (any it had) and group. */
function sameObject(p: Record<string, unknown>, c: Candidate): boolean {
  const id = identity(p);
  if (id.kind !== c.object.kind) return false;
  if (id.name === undefined || !c.names.includes(id.name)) return false;
  if (id.namespace !== undefined && !c.namespaces.includes(id.namespace)) return false;
  const pg = groupVersion(p.apiVersion).group;
  return !p.apiVersion || pg === groupVersion(c.object.apiVersion).group;
}

function regexMatch(pattern: string, values: (string | undefined)[]): boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`);
  } catch {
    return values.includes(pattern);
  }
  return values.some((v) => v !== undefined && re.test(v));
}

function labelsOf(o: Record<string, unknown>, field: 'labels' | 'annotations'): Record<string, string> {
  const md = (o.metadata ?? {}) as Record<string, unknown>;
  const m = md[field];
  return m && typeof m === 'object' ? (m as Record<string, string>) : {};
}

/** Kubernetes label-selector syntax: `a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`. */
export function selectorMatches(selector: string, labels: Record<string, string>): boolean {
  const parts = selector.match(/[^,(]+(?:\([^)]*\))?/g) ?? [];
  return parts.every((raw) => {
    const p = raw.trim();
    if (!p) return true;
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p))) {
      const set = m[3].split(',').map((s) => s.trim());
      const has = m[1] in labels && set.includes(String(labels[m[1]]));
      return m[2] === 'in' ? has : !has;
    }
    if ((m = /^([^\s!=]+)\s*!=\s*(.*)$/.exec(p))) return String(labels[m[1]] ?? '') !== m[2].trim() || !(m[1] in labels);
    if ((m = /^([^\s!=]+)\s*==?\s*(.*)$/.exec(p))) return m[1] in labels && String(labels[m[1]]) === m[2].trim();
    if ((m = /^!\s*(\S+)$/.exec(p))) return !(m[1] in labels);
    return p in labels;
  });
}

function selects(s: Selector, c: Candidate, rendered: Record<string, unknown>): boolean {
  const gv = groupVersion(c.object.apiVersion);
  if (s.kind !== undefined && s.kind !== '' && !regexMatch(s.kind, [c.object.kind as string])) return false;
  if (s.group !== undefined && s.group !== '' && !regexMatch(s.group, [gv.group])) return false;
  if (s.version !== undefined && s.version !== '' && !regexMatch(s.version, [gv.version])) return false;
  if (s.name !== undefined && s.name !== '' && !regexMatch(s.name, c.names)) return false;
  if (s.namespace !== undefined && s.namespace !== '' && !regexMatch(s.namespace, c.namespaces)) return false;
  if (s.labelSelector) {
    const labels = { ...labelsOf(c.object, 'labels'), ...labelsOf(rendered, 'labels') };
    if (!selectorMatches(s.labelSelector, labels)) return false;
  }
  if (s.annotationSelector) {
    const ann = { ...labelsOf(c.object, 'annotations'), ...labelsOf(rendered, 'annotations') };
    if (!selectorMatches(s.annotationSelector, ann)) return false;
  }
  return true;
}
