// Facts about probes and their containers that several rules, the hover and the tree need:
// effective timing with defaults, the handler's port, the container's declared ports, scope.
import {
  effectiveTiming,
  type ContainerPort,
  type EffectiveTiming,
  type HandlerSite,
  type HTTPGetAction,
  type Probe,
} from '../k8s';
import type { ContainerModel, HandlerModel, PathSegment, Workload } from '../manifest/model';
import { isTemplated } from '../manifest/split';

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Job and CronJob pods run to completion; presence tools exempt them. */
export const isBatch = (w: Workload): boolean => w.kind === 'Job' || w.kind === 'CronJob';

/**
 * Objects that Helm runs as hooks (`helm.sh/hook` annotation: tests, pre/post-install jobs and pods)
 * run to completion, so the missing-probe rules leave them alone (docs/charts.md).
 */
export function isHelmHook(w: Workload): boolean {
  const meta = w.object.metadata;
  const annotations = isObject(meta) ? meta.annotations : undefined;
  return isObject(annotations) && typeof annotations['helm.sh/hook'] === 'string' && annotations['helm.sh/hook'].trim() !== '';
}

/** Containers whose probes and hooks the kubelet runs (§6.3): regular containers and sidecars. */
export const runsHandlers = (c: ContainerModel): boolean => c.kind === 'container' || c.isSidecar;

/** The probe or hook at `site` when it is set to a mapping (`livenessProbe:` with a null value is no probe). */
export function handlerAt(c: ContainerModel, site: HandlerSite): HandlerModel | undefined {
  const holder: unknown = site === 'postStart' || site === 'preStop' ? c.spec.lifecycle : c.spec;
  if (!isObject(holder) || !isObject(holder[site])) return undefined;
  return c.handlers.find((h) => h.site === site);
}

export const timing = (h: HandlerModel): EffectiveTiming => effectiveTiming(h.spec as Probe);

/** Seconds of consecutive failures before the kubelet acts: failureThreshold × periodSeconds. */
export const failureWindow = (t: EffectiveTiming): number => t.failureThreshold * t.periodSeconds;

/** "failureThreshold 3 × periodSeconds 10 = 30 s" */
export function windowText(t: EffectiveTiming): string {
  return `failureThreshold ${t.failureThreshold} × periodSeconds ${t.periodSeconds} = ${failureWindow(t)} s`;
}

export const TIMING_FIELDS = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold'] as const;
export type TimingField = (typeof TIMING_FIELDS)[number];

/** The value written for a timing field, if it is a number. */
export function writtenNumber(h: HandlerModel, field: TimingField): number | undefined {
  const v = (h.spec as Probe)[field];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * True when a timing field cannot be reasoned about: it comes from a template action (unknown), it is
 * negative (rejected by the API server, which api/probe-negative-field reports), or it is not an integer
 * at all (`"10"`, `1.5`: the API server cannot decode it, schema/wrong-type reports it).
 */
export function timingUnusable(h: HandlerModel): boolean {
  return TIMING_FIELDS.some((f) => {
    const v: unknown = (h.spec as Probe)[f];
    if (v === undefined || v === null) return false;
    return isTemplated(v) || typeof v !== 'number' || !Number.isInteger(v) || v < 0;
  });
}

export type PortHandler = 'httpGet' | 'tcpSocket' | 'grpc';

export interface PortRef {
  handler: PortHandler;
  /** The port as written: a number, a string (named port), or something else. */
  value: unknown;
  /** Path from the document root to the `port` key. */
  path: PathSegment[];
}

/** The port of the handler the kubelet runs (the first handler field in the API server's order). */
export function portRef(h: HandlerModel): PortRef | undefined {
  const t = h.handlerTypes[0];
  if (t !== 'httpGet' && t !== 'tcpSocket' && t !== 'grpc') return undefined;
  const action = (h.spec as Record<string, unknown>)[t];
  if (!isObject(action) || !('port' in action)) return undefined;
  return { handler: t, value: action.port, path: [...h.path, t, 'port'] };
}

/** The container's `ports[]` entries that are mappings. */
export function declaredPorts(c: ContainerModel): ContainerPort[] {
  return Array.isArray(c.spec.ports) ? c.spec.ports.filter(isObject) : [];
}

/** True when a port entry's name or number is unknown before rendering a template. */
export function portsTemplated(c: ContainerModel): boolean {
  if (isTemplated(c.spec.ports)) return true;
  return declaredPorts(c).some((p) => isTemplated(p.name) || isTemplated(p.containerPort) || isTemplated(p.protocol));
}

/** Probes always connect over TCP; a port entry is TCP unless its protocol says otherwise. */
export const isTcp = (p: ContainerPort): boolean => p.protocol === undefined || p.protocol === null || p.protocol === 'TCP';

/** "http (8080), dns (53/UDP)" */
export function listPorts(ports: ContainerPort[]): string {
  return ports
    .map((p) => {
      const num = `${p.containerPort ?? '?'}${isTcp(p) ? '' : `/${p.protocol}`}`;
      return p.name ? `${p.name} (${num})` : num;
    })
    .join(', ');
}

/** Named port → its entry (names are unique per container; the first one wins like the kubelet). */
export function portByName(c: ContainerModel, name: string): ContainerPort | undefined {
  return declaredPorts(c).find((p) => p.name === name);
}

/** The container port a probe port resolves to (§6.1), or undefined when it cannot be resolved. */
function resolvedPort(c: ContainerModel, value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const n = portByName(c, value)?.containerPort;
  return typeof n === 'number' ? n : undefined;
}

/** The httpGet action of a probe or hook, if that is the handler the kubelet runs. */
export function httpGetOf(h: HandlerModel): HTTPGetAction | undefined {
  if (h.handlerTypes[0] !== 'httpGet') return undefined;
  const a = (h.spec as Record<string, unknown>).httpGet;
  return isObject(a) ? (a as HTTPGetAction) : undefined;
}

/** The exec command of a probe or hook as a list of strings, if exec is the handler the kubelet runs. */
export function execCommand(h: HandlerModel): string[] | undefined {
  if (h.handlerTypes[0] !== 'exec') return undefined;
  const exec = (h.spec as Record<string, unknown>).exec;
  const cmd = isObject(exec) ? exec.command : undefined;
  return Array.isArray(cmd) ? cmd.map((x) => (x === null || x === undefined ? '' : String(x))) : undefined;
}

/** Quoted container name for messages: `container "app"` (or `container #2` when unnamed); `capital` for a sentence start. */
export function containerLabel(c: ContainerModel, capital = false): string {
  const kind = c.kind === 'initContainer' ? (c.isSidecar ? 'sidecar container' : 'init container') : 'container';
  const what = capital ? kind[0].toUpperCase() + kind.slice(1) : kind;
  return c.name ? `${what} "${c.name}"` : `${what} #${c.index + 1}`;
}

/**
 * Whether two probes of one container run the same check: same handler type and the same
 * parameters after defaulting (resolved port, path, scheme, host, headers / command / gRPC service).
 */
export function sameCheck(a: HandlerModel, b: HandlerModel): boolean {
  const type = a.handlerTypes[0];
  if (!type || type !== b.handlerTypes[0]) return false;
  return checkKey(a, type) === checkKey(b, type);
}

function checkKey(h: HandlerModel, type: string): string {
  const action = (h.spec as Record<string, unknown>)[type];
  const o = isObject(action) ? action : {};
  const c = h.container;
  const port = (v: unknown) => resolvedPort(c, v) ?? v;
  const str = (v: unknown, d = '') => (typeof v === 'string' && v !== '' ? v : d);
  switch (type) {
    case 'httpGet': {
      const headers = Array.isArray(o.httpHeaders)
        ? o.httpHeaders.filter(isObject).map((x) => `${String(x.name).toLowerCase()}=${String(x.value)}`).sort()
        : [];
      return JSON.stringify([port(o.port), str(o.path, '/'), str(o.scheme, 'HTTP'), str(o.host), headers]);
    }
    case 'tcpSocket':
      return JSON.stringify([port(o.port), str(o.host)]);
    case 'grpc':
      return JSON.stringify([o.port, str(o.service)]);
    default:
      return JSON.stringify(action);
  }
}
