// YAML/JSON text → ManifestFile (documents → workloads → containers → probes and hooks).
// Never throws on bad input: what cannot be read becomes a ParseProblem.
import { parseAllDocuments, type Document, type Node, type YAMLError } from 'yaml';
import type { Container, HandlerType, PodSpec } from '../k8s';
import { HANDLER_ORDER, HOOK_KINDS, PROBE_KINDS } from '../k8s';
import type {
  ContainerKind,
  ContainerModel,
  HandlerModel,
  ManifestDocument,
  ManifestFile,
  ParseProblem,
  PathSegment,
  Position,
  Span,
  Workload,
} from './model';
import { keySpanOfPair, nodeAt, nodeSpan, pairAt, pairSpan, spanAt } from './nav';
import { classifyChunk, maskTemplates, splitDocuments, type Chunk } from './split';
import { templateHoles, trackedValue } from './template-holes';
import { LineIndex } from '../util/line-index';

export interface ParseOptions {
  /**
   * Extra pod-template locations for custom resources: kind → dotted path to the pod spec, e.g.
   * `{ "Workflow": "spec.templates.0.podSpec" }`. Built-in kinds and any kind with
   * `spec.template.spec.containers` or `spec.jobTemplate.spec.template.spec.containers` need none.
   */
  podTemplatePaths?: Record<string, string>;
  /**
   * false: do not keep this text's parse in the shared cache (a workspace index reading thousands of
   * files once must not fill it). A cached parse of the same text is still used. Default true.
   */
  cache?: boolean;
}

const TEMPLATE_SPEC: PathSegment[] = ['spec', 'template', 'spec'];
const CRONJOB_SPEC: PathSegment[] = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];

/** Where each built-in pod-bearing kind keeps its pod spec. */
export const POD_SPEC_PATHS: Record<string, PathSegment[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: TEMPLATE_SPEC,
  StatefulSet: TEMPLATE_SPEC,
  DaemonSet: TEMPLATE_SPEC,
  ReplicaSet: TEMPLATE_SPEC,
  ReplicationController: TEMPLATE_SPEC,
  Job: TEMPLATE_SPEC,
  CronJob: CRONJOB_SPEC,
  // Custom resources with a known pod template.
  Rollout: TEMPLATE_SPEC, // Argo Rollouts
  DeploymentConfig: TEMPLATE_SPEC, // OpenShift
};

// ---------------------------------------------------------------------------------------------
// Parse cache: one parse per distinct document text, so re-parsing after an edit only parses the
// documents that changed.

interface ParsedChunk {
  docs: Document.Parsed[];
  values: unknown[];
  templateSpans: Span[]; // relative to the chunk
  skipped: boolean;
  syntaxOnly: boolean;
}
const CACHE_LIMIT_CHARS = 64 * 1024 * 1024;
const cache = new Map<string, ParsedChunk>();
let cachedChars = 0;

function cachePut(key: string, v: ParsedChunk): void {
  cache.set(key, v);
  cachedChars += key.length;
  while (cachedChars > CACHE_LIMIT_CHARS && cache.size > 1) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
}

/** Drops every cached parse (tests and benchmarks). */
export function clearParseCache(): void {
  cache.clear();
  cachedChars = 0;
}

function parseChunk(text: string, keep = true): ParsedChunk {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text); // refresh LRU position
    cache.set(text, hit);
    return hit;
  }
  const cls = classifyChunk(text);
  let parsed: ParsedChunk;
  if (cls === 'skip') {
    parsed = { docs: [], values: [], templateSpans: [], skipped: true, syntaxOnly: false };
  } else {
    const masked = maskTemplates(text);
    let docs: Document.Parsed[] = [];
    try {
      const r = parseAllDocuments(masked.text, {
        prettyErrors: false,
        keepSourceTokens: false, // nothing reads the CST; keeping it would double the memory of a big file
        strict: false,
        merge: true, // `<<: *anchor` merge keys, as Kubernetes' YAML decoder accepts them
        logLevel: 'error', // no console warnings from the library
      });
      docs = Array.isArray(r) ? r : [];
    } catch {
      docs = [];
    }
    const values = docs.map((d) => (cls === 'pod' ? safeToJS(d) : undefined));
    parsed = { docs, values, templateSpans: masked.spans, skipped: false, syntaxOnly: cls === 'syntax-only' };
  }
  if (keep) cachePut(text, parsed);
  return parsed;
}

function safeToJS(d: Document.Parsed): unknown {
  try {
    return d.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

export function parseManifest(text: string, path = '<input>', opts: ParseOptions = {}): ManifestFile {
  const lines = new LineIndex(text);
  const positionAt = (offset: number): Position => lines.positionAt(offset);
  const offsetAt = (p: Position): number => lines.offsetAt(p);
  const documents: ManifestDocument[] = [];
  for (const chunk of splitDocuments(text)) buildDocuments(chunk, documents, opts);
  return {
    path,
    text,
    documents,
    workloads: documents.flatMap((d) => d.workloads),
    positionAt,
    offsetAt,
    rangeOf: (s: Span) => ({ start: positionAt(s.start), end: positionAt(s.end) }),
  };
}

function buildDocuments(chunk: Chunk, out: ManifestDocument[], opts: ParseOptions): void {
  const parsed = parseChunk(chunk.text, opts.cache !== false);
  const base = chunk.start;
  const templateSpans = parsed.templateSpans.map((s) => ({ start: s.start + base, end: s.end + base }));
  const chunkSpan = { start: base, end: base + chunk.text.length };
  if (parsed.skipped || parsed.docs.length === 0) {
    out.push({
      index: out.length,
      span: chunkSpan,
      yaml: undefined,
      base,
      value: undefined,
      kind: /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(chunk.text)?.[1],
      problems: [],
      templated: templateSpans.length > 0,
      templateSpans,
      workloads: [],
      skipped: parsed.skipped,
    });
    return;
  }
  parsed.docs.forEach((yamlDoc, i) => {
    const r = yamlDoc.range;
    const span = parsed.docs.length === 1 ? chunkSpan : { start: base + r[0], end: base + r[2] };
    const end = base + chunk.text.length;
    const problems = dedupe([
      ...yamlDoc.errors.map((e) => problem(e, 'error', base, end)),
      ...yamlDoc.warnings.map((e) => problem(e, 'warning', base, end)),
    ]);
    const docSpans = templateSpans.filter((s) => s.start >= span.start && s.end <= span.end);
    // A template's value records which templated values a rule reads (template-holes.ts).
    const holes = docSpans.length > 0 && !parsed.syntaxOnly ? templateHoles(yamlDoc, chunk.text, docSpans, base) : undefined;
    const value = holes ? trackedValue(parsed.values[i], holes) : parsed.values[i];
    const obj = isObject(value) ? value : undefined;
    const doc: ManifestDocument = {
      index: out.length,
      span,
      yaml: yamlDoc,
      base,
      value,
      apiVersion: str(obj?.apiVersion),
      kind: str(obj?.kind) ?? str(nodeValue(nodeAt(yamlDoc, ['kind']))),
      name: str(asObject(obj?.metadata)?.name),
      namespace: str(asObject(obj?.metadata)?.namespace),
      problems,
      templated: templateSpans.length > 0,
      templateSpans: docSpans,
      ...(holes ? { templateHoles: holes } : {}),
      workloads: [],
    };
    if (!parsed.syntaxOnly && obj) {
      try {
        collectWorkloads(doc, obj, [], base, opts);
      } catch {
        // A document shaped in a way we did not foresee must not break the file: keep what we have.
      }
    }
    out.push(doc);
  });
}

function nodeValue(n: Node | undefined): unknown {
  return n && 'value' in n ? (n as { value: unknown }).value : undefined;
}

/** A parser error or warning; its position is clamped to the document (the parser may point past the end). */
function problem(e: YAMLError, severity: 'error' | 'warning', base: number, limit: number): ParseProblem {
  const [s, end] = e.pos;
  const start = Math.min(base + s, limit);
  return { message: e.message, span: { start, end: Math.min(Math.max(base + end, start), limit) }, severity, code: e.code };
}

function dedupe(problems: ParseProblem[]): ParseProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.code}@${p.span.start}-${p.span.end}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function collectWorkloads(
  doc: ManifestDocument,
  obj: Record<string, unknown>,
  prefix: PathSegment[],
  base: number,
  opts: ParseOptions,
  listIndex?: number,
  itemKind?: string,
): void {
  const kind = str(obj.kind) ?? itemKind;
  if (kind && kind.endsWith('List') && Array.isArray(obj.items)) {
    // Items of a typed list (DeploymentList, as the API server returns them) may omit their kind.
    const ofKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    obj.items.forEach((item, i) => {
      if (isObject(item)) collectWorkloads(doc, item, [...prefix, 'items', i], base, opts, i, ofKind);
    });
    return;
  }
  const specPath = podSpecPathFor(kind, obj, opts);
  if (!specPath) return;
  const podSpec = getPath(obj, specPath);
  if (!isObject(podSpec)) return;
  const yamlDoc = doc.yaml;
  const node = nodeAt(yamlDoc, prefix) as Node;
  const metadata = asObject(obj.metadata);
  const templateMeta = specPath.length > 1 ? asObject(getPath(obj, [...specPath.slice(0, -1), 'metadata'])) : metadata;
  const nameSpan =
    spanAt(yamlDoc, base, [...prefix, 'metadata', 'name'], 'value') ?? spanAt(yamlDoc, base, [...prefix, 'kind'], 'key');
  const podSpecFullPath = [...prefix, ...specPath];
  const w: Workload = {
    document: doc,
    kind: kind ?? 'Unknown',
    apiVersion: str(obj.apiVersion),
    name: str(metadata?.name),
    namespace: str(metadata?.namespace),
    listIndex,
    node,
    object: obj,
    podLabels: stringMap(templateMeta?.labels),
    podSpecPath: podSpecFullPath,
    podSpec: podSpec as PodSpec,
    podSpecNode: nodeAt(yamlDoc, podSpecFullPath),
    containers: [],
    span: nameSpan ?? nodeSpan(node, base) ?? doc.span,
  };
  const lists: [ContainerKind, string][] = [
    ['initContainer', 'initContainers'],
    ['container', 'containers'],
    ['ephemeralContainer', 'ephemeralContainers'],
  ];
  for (const [ckind, key] of lists) {
    const list = (podSpec as Record<string, unknown>)[key];
    if (!Array.isArray(list)) continue;
    list.forEach((c, index) => {
      if (!isObject(c)) return;
      w.containers.push(buildContainer(w, ckind, index, c as Container, [...podSpecFullPath, key, index], base));
    });
  }
  doc.workloads.push(w);
}

function buildContainer(
  w: Workload,
  kind: ContainerKind,
  index: number,
  spec: Container,
  path: PathSegment[],
  base: number,
): ContainerModel {
  const yamlDoc = w.document.yaml;
  const node = nodeAt(yamlDoc, path);
  const c: ContainerModel = {
    workload: w,
    kind,
    index,
    name: str(spec.name),
    isSidecar: kind === 'initContainer' && spec.restartPolicy === 'Always',
    spec,
    node,
    path,
    handlers: [],
    span: spanAt(yamlDoc, base, [...path, 'name'], 'value') ?? nodeSpan(node, base) ?? w.span,
  };
  const own = (o: unknown, k: string) => isObject(o) && Object.prototype.hasOwnProperty.call(o, k);
  for (const site of PROBE_KINDS) {
    if (own(spec, site)) c.handlers.push(buildHandler(c, site, true, spec[site], [...path, site], base));
  }
  if (isObject(spec.lifecycle)) {
    for (const site of HOOK_KINDS) {
      if (own(spec.lifecycle, site))
        c.handlers.push(buildHandler(c, site, false, spec.lifecycle[site], [...path, 'lifecycle', site], base));
    }
  }
  return c;
}

const PROBE_HANDLERS: readonly HandlerType[] = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const HOOK_HANDLERS: readonly HandlerType[] = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function buildHandler(
  c: ContainerModel,
  site: HandlerModel['site'],
  isProbe: boolean,
  value: unknown,
  path: PathSegment[],
  base: number,
): HandlerModel {
  const yamlDoc = c.workload.document.yaml;
  const spec = isObject(value) ? value : {};
  const allowed = isProbe ? PROBE_HANDLERS : HOOK_HANDLERS;
  // A handler counts when its field is set to something other than null (a nil pointer in Go).
  const handlerTypes = HANDLER_ORDER.filter(
    (t) => allowed.includes(t) && (spec as Record<string, unknown>)[t] !== undefined && (spec as Record<string, unknown>)[t] !== null,
  );
  const pair = pairAt(yamlDoc, path);
  const keySpan = (pair && keySpanOfPair(pair, base)) ?? c.span;
  return {
    container: c,
    site,
    isProbe,
    spec,
    node: nodeAt(yamlDoc, path),
    path,
    handlerTypes,
    keySpan,
    span: (pair && pairSpan(pair, base)) ?? keySpan,
  };
}

function podSpecPathFor(kind: string | undefined, obj: Record<string, unknown>, opts: ParseOptions): PathSegment[] | undefined {
  if (kind && opts.podTemplatePaths?.[kind]) {
    return opts.podTemplatePaths[kind].split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  }
  if (kind && POD_SPEC_PATHS[kind]) return POD_SPEC_PATHS[kind];
  // Unknown kinds (custom resources): any object with a pod template in the usual places.
  for (const p of [TEMPLATE_SPEC, CRONJOB_SPEC]) {
    if (Array.isArray(asObject(getPath(obj, p))?.containers)) return p;
  }
  return undefined;
}

function getPath(obj: unknown, path: readonly PathSegment[]): unknown {
  let cur = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
function asObject(v: unknown): Record<string, unknown> | undefined {
  return isObject(v) ? v : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = String(x);
  return out;
}
