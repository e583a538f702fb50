// Renders a Kustomize overlay with the user's own `kubectl kustomize` (spawned without a shell, with a
// timeout, cancellable) and maps each rendered field back to the patch or resource file the user
// edits (kustomize-origin.ts finds the resource and its patches, kustomize-map.ts the field).
import { mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parseAllDocuments, type Document } from 'yaml';
import { runProcess } from '../util/process';
import { which } from '../cluster/which';
import type { PathSegment } from '../manifest/model';
import { parseManifest } from '../manifest/parse';
import { locateField, locateRemoval } from './kustomize-map';
import { applicable, candidates, matchInFile, matchObject, type Candidate } from './kustomize-origin';
import { kustomizationFile, readOverlay, type OverlayTree } from './kustomize-tree';
import { RenderError, type RenderOptions, type RenderUnit, type Rendered, type RenderedObject, type SourceLocation } from './types';

const DEFAULT_TIMEOUT_MS = 30_000;

/** The kubectl to run: the given path or name, found without a shell. */
function resolveKubectl(opts: RenderOptions): string {
  const wanted = opts.kubectlPath?.trim() || 'kubectl';
  const found = which(wanted, { env: opts.env ?? process.env });
  if (!found) {
    const where = /[\\/]/.test(wanted) ? `at ${wanted}` : `on PATH`;
    throw new RenderError(`kubectl was not found ${where}; it is needed to render the Kustomize overlay (install kubectl or set its path).`, undefined, undefined, 'not-found');
  }
  return found;
}

/** Runs `kubectl kustomize DIR`; its stdout, or a RenderError in kubectl's own words. */
async function kustomizeBuild(kubectl: string, dir: string, opts: RenderOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const r = await runProcess(kubectl, ['kustomize', dir], {
    timeoutMs,
    signal: opts.signal,
    env: opts.env,
    cwd: opts.cwd,
    killGraceMs: 1000,
  });
  if (r.error) {
    const code = r.error.code;
    if (code === 'ENOENT') throw new RenderError(`kubectl was not found at ${kubectl}.`, undefined, undefined, 'not-found');
    throw new RenderError(`kubectl could not be started (${kubectl}): ${r.error.message}`, undefined, undefined, 'failed');
  }
  if (r.cancelled) throw new RenderError('Rendering the Kustomize overlay was cancelled.', undefined, undefined, 'cancelled');
  if (r.timedOut) {
    throw new RenderError(`kubectl kustomize ${dir} did not finish within ${formatMs(timeoutMs)}; it was stopped.`, undefined, undefined, 'timeout');
  }
  if (r.exitCode !== 0) {
    const stderr = r.stderr
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() && !/^#?\s*Warning:/.test(l))
      .join('\n')
      .trim();
    const how = r.exitSignal ? `was killed by ${r.exitSignal}` : `exited with code ${r.exitCode}`;
    const where = blame(stderr, dir);
    throw new RenderError(stderr || `kubectl kustomize ${how} without a message.`, where?.file, where?.line, 'failed');
  }
  if (r.truncated) throw new RenderError('kubectl kustomize printed more output than can be read.', undefined, undefined, 'failed');
  return r.stdout.toString('utf8');
}

/**
 * The file and line kubectl's message blames, when it names them: a resource that is not valid YAML
 * ("accumulating resources from 'a' … MalformedYAMLError: yaml: line 6: … in File: pod.yaml") or a
 * kustomization that is not ("invalid Kustomization: yaml: line 2"), followed through the chain of
 * folders the message names.
 */
export function blame(message: string, root: string): { file: string; line: number } | undefined {
  let dir = root;
  for (const m of message.matchAll(/accumulating resources from '([^']+)'/g)) {
    const next = resolve(dir, m[1]);
    try {
      if (statSync(next).isDirectory()) dir = next;
    } catch {
      break;
    }
  }
  const malformed = /MalformedYAMLError: yaml: line (\d+):.*? in File: (\S+)/.exec(message);
  const candidate = malformed
    ? { file: resolve(dir, malformed[2]), line: Number(malformed[1]) }
    : (() => {
        const k = /invalid Kustomization: yaml: line (\d+)/.exec(message);
        const file = k ? kustomizationFile(dir) : undefined;
        return k && file ? { file, line: Number(k[1]) } : undefined;
      })();
  if (!candidate) return undefined;
  try {
    return statSync(candidate.file).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The overlay folder and its kustomization file, or a RenderError('input'). */
function checkUnit(unit: RenderUnit): string {
  let isDir = false;
  try {
    isDir = statSync(unit.root).isDirectory();
  } catch {
    /* missing */
  }
  if (!isDir) throw new RenderError(`${unit.root} is not a folder.`, undefined, undefined, 'input');
  const file = kustomizationFile(unit.root);
  if (!file) throw new RenderError(`${unit.root} holds no kustomization.yaml, kustomization.yml or Kustomization.`, undefined, undefined, 'input');
  return file;
}

/** Renders the overlay; `locate` maps a rendered field to the patch or resource that sets it. */
export async function renderKustomize(unit: RenderUnit, opts: RenderOptions = {}): Promise<Rendered> {
  const root = resolve(unit.root);
  checkUnit(unit);
  if (opts.signal?.aborted) throw new RenderError('Rendering the Kustomize overlay was cancelled.', undefined, undefined, 'cancelled');
  const kubectl = resolveKubectl(opts);
  const text = await kustomizeBuild(kubectl, root, opts);

  let tree: OverlayTree | undefined;
  try {
    tree = readOverlay(root);
  } catch {
    tree = undefined; // mapping then reports on the kustomization file
  }
  const all: Candidate[] = tree ? candidates(tree) : [];
  const file = parseManifest(text, join(root, 'kustomize-output.yaml'), { cache: false });
  const docs = file.documents;
  const origins = new Map<number, Candidate>();
  // The linter parses only pod-carrying documents fully; every object's plain value is needed here.
  const values = docs.map((d) => (d.value ?? safeJS(d.yaml)) as Record<string, unknown> | undefined);
  const objects: RenderedObject[] = docs.map((d, i) => {
    const md = (values[i]?.metadata ?? {}) as Record<string, unknown>;
    const name = d.name ?? (typeof md.name === 'string' ? md.name : undefined);
    const namespace = d.namespace ?? (typeof md.namespace === 'string' ? md.namespace : undefined);
    const o: RenderedObject = { docIndex: d.index, kind: d.kind, name, namespace };
    const c = matchObject(all, d.kind, name, namespace);
    if (c) {
      origins.set(d.index, c);
      o.sourceFile = c.file;
    }
    return o;
  });

  // Objects the name chain cannot place (a patch renamed it, generated names…): kubectl's own
  // origin annotation tells, from one more build run on first need.
  let annotated: Promise<Map<number, string>> | undefined;
  const originOf = async (docIndex: number): Promise<Candidate | undefined> => {
    const known = origins.get(docIndex);
    if (known || !tree) return known;
    annotated ??= originFiles(kubectl, root, opts, docs.length).catch(() => new Map<number, string>());
    const f = (await annotated).get(docIndex);
    const d = docs[docIndex];
    const c = f ? matchInFile(all, f, d?.kind, objects[docIndex]?.name) : undefined;
    if (c) origins.set(docIndex, c);
    return c;
  };

  const inputs = tree ? [...tree.inputs] : [unit.anchorFile];
  return {
    unit,
    text,
    objects,
    inputs,
    async locate(docIndex: number, path: readonly PathSegment[], which: 'key' | 'value'): Promise<SourceLocation | undefined> {
      const d = docs[docIndex];
      const rendered = values[docIndex];
      if (!tree || !d || !rendered || typeof rendered !== 'object' || Array.isArray(rendered)) return undefined;
      const cand = await originOf(docIndex);
      if (!cand) return undefined;
      const resource = tree.resourceFiles.get(cand.file);
      if (!resource) return undefined;
      return locateField(cand, resource, applicable(cand, rendered), rendered, path, which, root);
    },
    async locateRemoval(docIndex: number, path: readonly PathSegment[]): Promise<SourceLocation | undefined> {
      const rendered = values[docIndex];
      if (!tree || !rendered || typeof rendered !== 'object' || Array.isArray(rendered)) return undefined;
      const cand = await originOf(docIndex);
      const resource = cand && tree.resourceFiles.get(cand.file);
      return cand && resource ? locateRemoval(cand, resource, applicable(cand, rendered), rendered, path, root) : undefined;
    },
  };
}

function safeJS(doc: Document.Parsed | undefined): unknown {
  try {
    return doc?.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

/**
 * Builds the overlay once more through a throw-away kustomization that only asks kustomize to
 * record each object's origin (`buildMetadata: [originAnnotations]`); the user's files are not
 * touched. Document i of this build is document i of the plain one (annotations do not reorder).
 */
async function originFiles(kubectl: string, root: string, opts: RenderOptions, expected: number): Promise<Map<number, string>> {
  // Real paths on both sides: kubectl resolves symbolic links (a /tmp that is a link, a linked checkout).
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kube-probes-kustomize-')));
  try {
    const rel = relative(dir, realpathSync(root)).split(sep).join('/');
    writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`);
    const text = await kustomizeBuild(kubectl, dir, opts);
    const out = new Map<number, string>();
    const docs = parseAllDocuments(text, { logLevel: 'error' });
    if (!Array.isArray(docs) || docs.length !== expected) return out;
    docs.forEach((doc, i) => {
      const v = doc.toJS() as { metadata?: { annotations?: Record<string, string> } } | null;
      const origin = v?.metadata?.annotations?.['config.kubernetes.io/origin'];
      const m = typeof origin === 'string' ? /^path:\s*(.+)$/m.exec(origin) : null;
      if (m) out.set(i, resolve(dir, m[1].trim().replace(/^['"]|['"]$/g, '')));
    });
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
