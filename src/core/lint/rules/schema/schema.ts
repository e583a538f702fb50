// A compact schema of what a probe linter sees — core/v1 Container, and below it probes, hooks,
// their handlers, HTTP headers and container ports — and a walker over a container's YAML nodes
// that reports unknown keys, scalars of the wrong type and missing required fields. Not the whole
// API: other container fields (env, resources, securityContext, …) are only checked for being a
// list or an object.
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ContainerModel, PathSegment, Span } from '../../../manifest/model';
import { keyName, keySpanOfPair, nodeSpan, pairSpan } from '../../../manifest/nav';
import { isTemplated } from '../../../manifest/split';
import type { RuleContext } from '../../types';
import { kubernetesMinor } from '../api/validation';
import { editDistance } from '../../../util/edit-distance';
import { GATES, type GateName } from '../../../feature-gates';

/** The first minor version with the field of a gate (feature-gates.ts, the one table). */
const from = (gate: GateName): number => GATES[gate].stages[0].since;

/**
 * 'integer' is Go's int64; 'int32' (and the number of an 'int-or-string', an intstr.IntOrString)
 * must also fit in 32 bits, or the API server's JSON decoder rejects it before validation.
 */
type ScalarType = 'string' | 'integer' | 'int32' | 'boolean' | 'int-or-string';

/** Range of Go's int32 (staging/src/k8s.io/api/core/v1/types.go declares these fields int32). */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
export type FieldType = ScalarType | 'object' | { list: FieldType } | ObjectSchema;

export interface ObjectSchema {
  fields: Record<string, FieldType>;
  required?: readonly string[];
  /** Fields that exist only from a Kubernetes minor version on (field → minor). */
  since?: Record<string, number>;
  /** Why a key that people often put here is wrong here. */
  hints?: Record<string, string>;
}

const strings: FieldType = { list: 'string' };
const anyList: FieldType = { list: 'object' };
/** Fields merged into the API's master branch after v0.37.0-beta.0, in no released version (not in any Kubernetes release, so unknown fields for every version). */
const UNRELEASED = 'it exists only on the unreleased API master branch';

const EXEC: ObjectSchema = { fields: { command: strings } };
const HEADER: ObjectSchema = { fields: { name: 'string', value: 'string' }, required: ['name', 'value'] };
const HTTP_GET: ObjectSchema = {
  fields: { path: 'string', port: 'int-or-string', host: 'string', scheme: 'string', httpHeaders: { list: HEADER } },
  required: ['port'],
  hints: { protocol: `${UNRELEASED} (gate H2CContainerProbe)` },
};
const TCP_SOCKET: ObjectSchema = { fields: { port: 'int-or-string', host: 'string' }, required: ['port'] };
const GRPC: ObjectSchema = {
  fields: { port: 'int32', service: 'string' },
  required: ['port'],
  hints: { mode: `${UNRELEASED} (gate GRPCContainerProbeTLS)` },
};
const SLEEP: ObjectSchema = { fields: { seconds: 'integer' } };

const PROBE: ObjectSchema = {
  fields: {
    exec: EXEC,
    httpGet: HTTP_GET,
    tcpSocket: TCP_SOCKET,
    grpc: GRPC,
    initialDelaySeconds: 'int32',
    timeoutSeconds: 'int32',
    periodSeconds: 'int32',
    successThreshold: 'int32',
    failureThreshold: 'int32',
    terminationGracePeriodSeconds: 'integer',
  },
  since: { grpc: from('GRPCContainerProbe'), terminationGracePeriodSeconds: from('ProbeTerminationGracePeriod') },
  hints: { sleep: '`sleep` is a lifecycle-hook handler; a probe takes exec, httpGet, tcpSocket or grpc' },
};
const HOOK: ObjectSchema = {
  fields: { exec: EXEC, httpGet: HTTP_GET, tcpSocket: TCP_SOCKET, sleep: SLEEP },
  since: { sleep: from('PodLifecycleSleepAction') },
  hints: { grpc: '`grpc` is a probe handler; a lifecycle hook takes exec, httpGet, tcpSocket or sleep' },
};
const LIFECYCLE: ObjectSchema = {
  fields: { postStart: HOOK, preStop: HOOK, stopSignal: 'string' },
  since: { stopSignal: from('ContainerStopSignals') },
};
const PORT: ObjectSchema = {
  fields: { name: 'string', hostPort: 'int32', containerPort: 'int32', protocol: 'string', hostIP: 'string' },
};

const CONTAINER: ObjectSchema = {
  fields: {
    name: 'string',
    image: 'string',
    command: strings,
    args: strings,
    workingDir: 'string',
    ports: { list: PORT },
    envFrom: anyList,
    env: anyList,
    resources: 'object',
    resizePolicy: anyList,
    restartPolicy: 'string',
    restartPolicyRules: anyList,
    volumeMounts: anyList,
    volumeDevices: anyList,
    livenessProbe: PROBE,
    readinessProbe: PROBE,
    startupProbe: PROBE,
    lifecycle: LIFECYCLE,
    terminationMessagePath: 'string',
    terminationMessagePolicy: 'string',
    imagePullPolicy: 'string',
    securityContext: 'object',
    stdin: 'boolean',
    stdinOnce: 'boolean',
    tty: 'boolean',
  },
  // resizePolicy: InPlacePodVerticalScaling (alpha 1.27), not a gate this product models otherwise.
  since: { resizePolicy: 27, restartPolicy: from('SidecarContainers'), restartPolicyRules: from('ContainerRestartRules') },
};
const EPHEMERAL_CONTAINER: ObjectSchema = {
  ...CONTAINER,
  fields: { ...CONTAINER.fields, targetContainerName: 'string' },
};

export function isObjectSchema(t: FieldType): t is ObjectSchema {
  return typeof t === 'object' && 'fields' in t;
}

/** What a value node is, the way Kubernetes' YAML 1.1 reader sees it. */
export type ValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'list' | 'object';

/** YAML 1.1 booleans: a plain `yes`/`on`/… is a boolean for kubectl (go-yaml), a string for YAML 1.2. */
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

function kindOf(node: Node): ValueKind | undefined {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'list';
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return node.type === 'PLAIN' && YAML11_BOOL.test(v) ? 'boolean' : 'string';
  return undefined;
}

function accepts(t: FieldType, kind: ValueKind): boolean {
  if (isObjectSchema(t) || t === 'object') return kind === 'object';
  if (typeof t === 'object') return kind === 'list';
  if (t === 'int-or-string') return kind === 'integer' || kind === 'string';
  if (t === 'int32') return kind === 'integer';
  return t === kind;
}

/** "an integer", "a list of strings", … */
export function describeType(t: FieldType): string {
  if (isObjectSchema(t) || t === 'object') return 'an object';
  if (typeof t === 'object') return t.list === 'string' ? 'a list of strings' : 'a list';
  return { string: 'a string', integer: 'an integer', int32: 'an integer', boolean: 'true or false', 'int-or-string': 'an integer or a string' }[t];
}

interface Level {
  schema: ObjectSchema;
  path: PathSegment[];
}

export interface UnknownKey {
  key: string;
  pair: Pair;
  map: YAMLMap;
  keySpan: Span;
  /** The object the key is in, and the objects around it (outermost first). */
  level: Level;
  ancestors: Level[];
  /** Set when the key exists, but only from this Kubernetes minor version on. */
  since?: number;
}

export interface WrongType {
  path: PathSegment[];
  node: Node;
  expected: FieldType;
  actual: ValueKind;
  /** The value for a scalar; the key (or the list item) for a collection. */
  span: Span;
  /** An integer, but outside int32 where the field is an int32 (or an IntOrString). */
  outOfInt32?: boolean;
}

export interface MissingField {
  key: string;
  /** The object that lacks it. */
  level: Level;
  /** Its key (`httpGet`) or, for a list item, its first entry. */
  span: Span;
}

export interface SchemaVisitor {
  unknownKey?(u: UnknownKey): void;
  wrongType?(w: WrongType): void;
  missing?(m: MissingField): void;
}

/** Walks one container's YAML against the schema. Template-masked keys and values are never judged. */
export function walkContainer(c: ContainerModel, ctx: RuleContext, visitor: SchemaVisitor): void {
  if (!c.node || !isMap(c.node)) return;
  const base = ctx.document.base;
  const minor = kubernetesMinor(ctx);
  const schema = c.kind === 'ephemeralContainer' ? EPHEMERAL_CONTAINER : CONTAINER;

  // A list item is pointed at by its first entry (`- name: X-Trace`), not by the whole block.
  const itemAnchor = (item: unknown): Span | undefined => {
    const first = isMap(item) ? item.items[0] : undefined;
    return (first && pairSpan(first, base)) ?? nodeSpan(item as Node, base);
  };

  const walkValue = (node: unknown, t: FieldType, path: PathSegment[], anchor: Span | undefined, ancestors: Level[]): void => {
    if (!node || isAlias(node)) return;
    const n = node as Node;
    if (isScalar(n) && (n.value === null || isTemplated(n.value))) return;
    const kind = kindOf(n);
    if (!kind) return;
    const span = (isScalar(n) ? nodeSpan(n, base) : anchor) ?? nodeSpan(n, base);
    if (!accepts(t, kind)) {
      if (span) visitor.wrongType?.({ path, node: n, expected: t, actual: kind, span });
      return;
    }
    if (kind === 'integer' && (t === 'int32' || t === 'int-or-string') && isScalar(n)) {
      const v = Number(n.value);
      if (v < INT32_MIN || v > INT32_MAX) {
        if (span) visitor.wrongType?.({ path, node: n, expected: t, actual: kind, span, outOfInt32: true });
        return;
      }
    }
    if (isObjectSchema(t)) walkObject(n as YAMLMap, { schema: t, path }, anchor, ancestors);
    else if (typeof t === 'object' && isSeq(n)) {
      n.items.forEach((item, i) => walkValue(item, t.list, [...path, i], itemAnchor(item), ancestors));
    }
  };

  const walkObject = (map: YAMLMap, level: Level, anchor: Span | undefined, ancestors: Level[]): void => {
    const present = new Set<string>();
    let masked = false;
    for (const pair of map.items) {
      const key = keyName(pair);
      if (key === undefined || key === '<<' || isTemplated(key)) {
        masked = true;
        continue;
      }
      const keySpan = keySpanOfPair(pair, base);
      const t = Object.hasOwn(level.schema.fields, key) ? level.schema.fields[key] : undefined;
      const since = level.schema.since?.[key];
      if (!t || (since !== undefined && since > minor)) {
        if (keySpan) visitor.unknownKey?.({ key, pair, map, keySpan, level, ancestors, since: t ? since : undefined });
        continue;
      }
      const value = pair.value as Node | null;
      if (value && !(isScalar(value) && value.value === null)) present.add(key);
      walkValue(value, t, [...level.path, key], keySpan, [...ancestors, level]);
    }
    if (masked || !anchor) return;
    for (const key of level.schema.required ?? []) if (!present.has(key)) visitor.missing?.({ key, level, span: anchor });
  };

  walkObject(c.node, { schema, path: c.path }, c.span, []);
}

/** Where a field or object is, relative to its container: "livenessProbe.httpGet", "ports[0]", `container "app"`. */
export function placeOf(path: readonly PathSegment[], c: ContainerModel): string {
  const rel = path.slice(c.path.length);
  if (rel.length === 0) return `container${c.name === undefined ? '' : ` "${c.name}"`}`;
  let out = '';
  for (const seg of rel) out += typeof seg === 'number' ? `[${seg}]` : (out ? '.' : '') + seg;
  return out;
}

/** The hint of a schema for a key that does not belong there. */
export function hintFor(schema: ObjectSchema, key: string): string | undefined {
  return schema.hints && Object.hasOwn(schema.hints, key) ? schema.hints[key] : undefined;
}

/**
 * The valid key closest to a misspelled one: same letters in another case, a prefix
 * (`initialDelay` → `initialDelaySeconds`), or at most one or two edits (`periodSecond`).
 */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const l = c.toLowerCase();
    let score: number;
    if (l === k) score = 0;
    else if (k.length >= 4 && l.startsWith(k)) score = 1.5;
    else {
      const d = editDistance(k, l);
      if (d > (k.length >= 6 ? 2 : 1)) continue;
      score = d;
    }
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

