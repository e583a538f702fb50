// Reconstructs the full pod status at any instant from the event stream, and prints it the way
// a Kubernetes user reads it: the `kubectl get pod` line (printPod, kubelet-semantics.md §13)
// and the status YAML. Pure: no DOM, runs under node for the unit tests.
import type { Container, PodSpec } from '../core/k8s';
import type { PodMeta, TimelineEvent } from './protocol';
import { humanDuration, printPod } from '../core/lifecycle/status';
import type { ContainerStatus, PodCondition, PodStatus, StateTerminated } from '../core/lifecycle/types';
import { probeKind, str, truthy } from './normalise';

export interface ContainerInfo {
  name: string;
  init: boolean;
  /** Init container with restartPolicy: Always. */
  sidecar: boolean;
  image?: string;
  /** Probe kinds present in the spec, in startup, liveness, readiness order. */
  probes: string[];
}

const PROBE_ORDER = ['startup', 'liveness', 'readiness'];

function probesOf(c: Container): string[] {
  const out: string[] = [];
  if (c.startupProbe) out.push('startup');
  if (c.livenessProbe) out.push('liveness');
  if (c.readinessProbe) out.push('readiness');
  return out;
}

/** The pod's containers in spec order (init containers first), plus any subject only seen in events. */
export function containersOf(spec: PodSpec | undefined, events: readonly TimelineEvent[] = []): ContainerInfo[] {
  const out: ContainerInfo[] = [];
  const seen = new Set<string>();
  const add = (c: Container, init: boolean, i: number) => {
    const name = typeof c?.name === 'string' && c.name ? c.name : `${init ? 'init' : 'container'}-${i}`;
    if (seen.has(name)) return;
    seen.add(name);
    const info: ContainerInfo = { name, init, sidecar: init && c.restartPolicy === 'Always', probes: probesOf(c ?? {}) };
    if (typeof c?.image === 'string') info.image = c.image;
    out.push(info);
  };
  (Array.isArray(spec?.initContainers) ? spec!.initContainers : []).forEach((c, i) => add(c, true, i));
  (Array.isArray(spec?.containers) ? spec!.containers : []).forEach((c, i) => add(c, false, i));
  for (const e of events) {
    if (e.subject === 'pod' || e.field === 'event' || seen.has(e.subject)) continue;
    seen.add(e.subject);
    out.push({ name: e.subject, init: false, sidecar: false, probes: [] });
  }
  for (const c of out) c.probes.sort((a, b) => PROBE_ORDER.indexOf(a) - PROBE_ORDER.indexOf(b));
  return out;
}

export type StateName = 'Waiting' | 'Running' | 'Terminated';

export interface Termination {
  exitCode?: number;
  reason?: string;
  message?: string;
  startedAt?: number;
  finishedAt: number;
}

export interface ContainerStatusAt {
  name: string;
  init: boolean;
  sidecar: boolean;
  image?: string;
  /** Undefined until the kubelet reports the container. */
  state?: StateName;
  reason?: string;
  message?: string;
  exitCode?: number;
  /** When the current state began. */
  since?: number;
  /** startedAt of the current (or, when terminated, the last) run. */
  runningSince?: number;
  lastState?: Termination;
  ready: boolean;
  started: boolean;
  restartCount: number;
  /** The probe workers' cached results (Success / Failure / Unknown), by short kind. */
  probes: Record<string, string>;
}

export interface ConditionAt {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  since: number;
}

export interface PodStatusAt {
  t: number;
  phase: string;
  phaseSince: number;
  phaseReason?: string;
  conditions: ConditionAt[];
  initContainers: ContainerStatusAt[];
  containers: ContainerStatusAt[];
  /** Index (in the event array) of the last event applied; -1 when none. */
  lastEvent: number;
}

/** Exit code of a Terminated event: explicit field, else from the message, else from the reason. */
export function exitCodeOf(e: Pick<TimelineEvent, 'exitCode' | 'message' | 'reason'>): number | undefined {
  if (typeof e.exitCode === 'number') return e.exitCode;
  const m = /exit(?:\s*code)?\s*[:=]?\s*(-?\d+)/i.exec(e.message ?? '');
  if (m) return Number(m[1]);
  const r = /\((?:exit\s*)?(-?\d+)\)/.exec(e.reason ?? '');
  if (r) return Number(r[1]);
  if (e.reason === 'OOMKilled') return 137;
  if (e.reason === 'Completed') return 0;
  return undefined;
}

export type KillCause = 'liveness' | 'startup' | 'deleted';

function causeInText(text: string): KillCause | undefined {
  if (/liveness/i.test(text)) return 'liveness';
  if (/startup/i.test(text)) return 'startup';
  if (/preempt|evict|delet/i.test(text)) return 'deleted';
  return undefined;
}

/**
 * Why containers were killed: for each state → Terminated event, the cause when the stream tells
 * it — the event's own words, a liveness/startup result turning Failure for that container at the
 * same instant (the kubelet kills on it, §8.2), or a `Killing` event at that instant.
 */
export function terminationCauses(events: readonly TimelineEvent[]): Map<TimelineEvent, KillCause> {
  const out = new Map<TimelineEvent, KillCause>();
  for (let i = 0; i < events.length; ) {
    let j = i;
    while (j < events.length && events[j]!.t === events[i]!.t) j++;
    const hint = new Map<string, KillCause>();
    for (let k = i; k < j; k++) {
      const e = events[k]!;
      if (e.field.startsWith('probe:') && /^failure$/i.test(str(e.to))) {
        const kind = probeKind(e.field.slice(6));
        if (kind === 'liveness' || kind === 'startup') hint.set(e.subject, kind);
      } else if (e.field === 'event' && (str(e.to) === 'Killing' || e.reason === 'Killing')) {
        const c = causeInText(e.message ?? '');
        const m = /container (\S+)/i.exec(e.message ?? '');
        if (c) hint.set(e.subject !== 'pod' ? e.subject : (m?.[1] ?? e.subject), c);
      }
    }
    for (let k = i; k < j; k++) {
      const e = events[k]!;
      if (e.field !== 'state' || str(e.to) !== 'Terminated') continue;
      const c = causeInText(`${e.reason ?? ''} ${e.message ?? ''}`) ?? hint.get(e.subject);
      if (c) out.set(e, c);
    }
    i = j;
  }
  return out;
}

/** Condition types in the order the kubelet appends them (§12). */
export const CONDITION_ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/** Applies events one by one; snapshot() is the pod status after the events applied so far. */
export class Replayer {
  private phase = 'Pending';
  private phaseSince = 0;
  private phaseReason: string | undefined;
  private conditions = new Map<string, ConditionAt>();
  private readonly byName = new Map<string, ContainerStatusAt>();
  private readonly order: ContainerStatusAt[] = [];
  lastEvent = -1;

  constructor(infos: readonly ContainerInfo[]) {
    for (const i of infos) this.container(i.name, i);
  }

  private container(name: string, info?: ContainerInfo): ContainerStatusAt {
    let c = this.byName.get(name);
    if (!c) {
      c = { name, init: info?.init ?? false, sidecar: info?.sidecar ?? false, ready: false, started: false, restartCount: 0, probes: {} };
      if (info?.image) c.image = info.image;
      this.byName.set(name, c);
      this.order.push(c);
    }
    return c;
  }

  apply(e: TimelineEvent, index = this.lastEvent + 1): void {
    this.lastEvent = index;
    if (e.field === 'event') return; // Kubernetes Events do not change the status
    if (e.subject === 'pod') {
      if (e.field === 'phase') {
        const to = str(e.to);
        if (to !== this.phase) this.phaseSince = e.t;
        this.phase = to || this.phase;
        this.phaseReason = e.reason;
      } else if (e.field.startsWith('condition:')) {
        const type = e.field.slice('condition:'.length);
        const prev = this.conditions.get(type);
        const status = normCondition(e.to);
        const c: ConditionAt = { type, status, since: prev && prev.status === status ? prev.since : e.t };
        if (e.reason) c.reason = e.reason;
        if (e.message) c.message = e.message;
        this.conditions.set(type, c);
      }
      return;
    }
    const c = this.container(e.subject);
    switch (e.field) {
      case 'state': {
        const to = str(e.to) as StateName;
        if (c.state === 'Terminated' && to !== 'Terminated') {
          // The terminated instance becomes lastState when the next one is created or the kubelet
          // reports the crash-loop wait (§10.1, §10.2).
          c.lastState = { finishedAt: c.since ?? e.t, ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}), ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}), ...(c.runningSince !== undefined ? { startedAt: c.runningSince } : {}) };
        }
        c.state = to;
        c.since = e.t;
        c.reason = e.reason;
        c.message = e.message;
        c.exitCode = undefined;
        if (to === 'Running') c.runningSince = e.t;
        else if (to === 'Terminated') c.exitCode = exitCodeOf(e);
        // ready / started change only with their own events: the producer reports the status
        // at the end of each instant, so a restart within one instant keeps started=true.
        break;
      }
      case 'ready':
        c.ready = truthy(e.to);
        break;
      case 'started':
        c.started = truthy(e.to);
        break;
      case 'restartCount': {
        const n = Number(e.to);
        if (Number.isFinite(n)) c.restartCount = n;
        break;
      }
      default:
        if (e.field.startsWith('probe:')) c.probes[probeKind(e.field.slice(6))] = str(e.to);
    }
  }

  /** The live (not copied) status of one container; read it, do not keep it. */
  peek(name: string): Readonly<ContainerStatusAt> | undefined {
    return this.byName.get(name);
  }

  /** The pod phase so far. */
  get currentPhase(): string {
    return this.phase;
  }

  /** Like snapshot(), without copying: for reading at once (the kubectl row of every instant). */
  view(t: number): PodStatusAt {
    const v: PodStatusAt = {
      t,
      phase: this.phase,
      phaseSince: this.phaseSince,
      conditions: [...this.conditions.values()],
      initContainers: this.order.filter((c) => c.init),
      containers: this.order.filter((c) => !c.init),
      lastEvent: this.lastEvent,
    };
    if (this.phaseReason) v.phaseReason = this.phaseReason;
    return v;
  }

  snapshot(t: number): PodStatusAt {
    const copy = (c: ContainerStatusAt): ContainerStatusAt => ({ ...c, probes: { ...c.probes }, ...(c.lastState ? { lastState: { ...c.lastState } } : {}) });
    const conditions = [...this.conditions.values()].map((c) => ({ ...c }));
    conditions.sort((a, b) => rank(a.type) - rank(b.type));
    const s: PodStatusAt = {
      t,
      phase: this.phase,
      phaseSince: this.phaseSince,
      conditions,
      initContainers: this.order.filter((c) => c.init).map(copy),
      containers: this.order.filter((c) => !c.init).map(copy),
      lastEvent: this.lastEvent,
    };
    if (this.phaseReason) s.phaseReason = this.phaseReason;
    return s;
  }
}

function rank(type: string): number {
  const i = CONDITION_ORDER.indexOf(type);
  return i < 0 ? CONDITION_ORDER.length : i;
}

function normCondition(v: unknown): string {
  const s = str(v);
  if (/^true$/i.test(s)) return 'True';
  if (/^false$/i.test(s)) return 'False';
  return s || 'Unknown';
}

/** Index of the last event with e.t <= t (events sorted by t), or -1. */
export function lastIndexAtOrBefore(events: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The pod status after every event at or before t. */
export function statusAt(events: readonly TimelineEvent[], infos: readonly ContainerInfo[], t: number): PodStatusAt {
  const r = new Replayer(infos);
  const last = lastIndexAtOrBefore(events, t);
  for (let i = 0; i <= last; i++) r.apply(events[i]!, i);
  return r.snapshot(t);
}

// ---- kubectl get pod ----------------------------------------------------------------------------
// The columns come from the lifecycle core's printPod (kubelet-semantics.md §13), so the
// timeline, the CLI and the simulator's verdicts print the same thing.

export { humanDuration };

export interface KubectlRow {
  name: string;
  ready: string;
  status: string;
  restarts: string;
  age: string;
}

function coreTermination(t: Termination | undefined, c?: ContainerStatusAt): StateTerminated | undefined {
  if (t) {
    const out: StateTerminated = { exitCode: t.exitCode ?? 0, finishedAt: t.finishedAt };
    if (t.reason) out.reason = t.reason;
    if (t.message) out.message = t.message;
    if (t.startedAt !== undefined) out.startedAt = t.startedAt;
    return out;
  }
  if (c?.state !== 'Terminated') return undefined;
  const out: StateTerminated = { exitCode: c.exitCode ?? 0, finishedAt: c.since ?? 0 };
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  if (c.runningSince !== undefined) out.startedAt = c.runningSince;
  return out;
}

function coreContainer(c: ContainerStatusAt): ContainerStatus {
  // Plain assignments, no object spreads: this runs for every instant of a 10 000-event run.
  const state: ContainerStatus['state'] = {};
  if (c.state === 'Running') state.running = { startedAt: c.since ?? 0 };
  else if (c.state === 'Terminated') state.terminated = coreTermination(undefined, c)!;
  else if (c.state === 'Waiting') {
    const w: { reason?: string; message?: string } = {};
    if (c.reason) w.reason = c.reason;
    if (c.message) w.message = c.message;
    state.waiting = w;
  }
  const last = coreTermination(c.lastState);
  return { name: c.name, state, lastState: last ? { terminated: last } : {}, ready: c.ready, started: c.started, restartCount: c.restartCount };
}

function coreCondition(c: ConditionAt): PodCondition {
  const out: PodCondition = { type: c.type, status: c.status as PodCondition['status'] };
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  return out;
}

/** The status in the API's shape (core lifecycle types), for printPod. */
export function toPodStatus(s: PodStatusAt): PodStatus {
  const init: ContainerStatus[] = [];
  for (const c of s.initContainers) if (c.state !== undefined) init.push(coreContainer(c));
  const regular: ContainerStatus[] = [];
  for (const c of s.containers) if (c.state !== undefined) regular.push(coreContainer(c));
  const out: PodStatus = { phase: s.phase as PodStatus['phase'], conditions: s.conditions.map(coreCondition), initContainerStatuses: init, containerStatuses: regular };
  if (s.phaseReason) out.reason = s.phaseReason;
  return out;
}

/** A pod spec with just the container names and kinds the status knows (what printPod reads). */
function specOf(s: PodStatusAt): PodSpec {
  return {
    initContainers: s.initContainers.map((c) => (c.sidecar ? { name: c.name, restartPolicy: 'Always' } : { name: c.name })),
    containers: s.containers.map((c) => ({ name: c.name })),
  };
}

/** printPod (kubelet-semantics.md §13): READY, STATUS, RESTARTS, AGE at s.t. */
export function kubectlRow(s: PodStatusAt, podName: string): KubectlRow {
  const r = printPod({ spec: specOf(s), status: toPodStatus(s), now: s.t });
  return { name: podName, ready: r.ready, status: r.status, restarts: r.restarts, age: humanDuration(s.t) };
}

/** The row as `kubectl get pod` prints it, header included (tabwriter, 3 spaces of padding). */
export function kubectlText(row: KubectlRow): string {
  const cols: [string, string][] = [
    ['NAME', row.name],
    ['READY', row.ready],
    ['STATUS', row.status],
    ['RESTARTS', row.restarts],
    ['AGE', row.age],
  ];
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
  const widths = cols.map(([h, v]) => Math.max(h.length, v.length) + 3);
  const line = (pick: 0 | 1) => cols.map((c, i) => (i === cols.length - 1 ? c[pick] : pad(c[pick], widths[i]!))).join('');
  return `${line(0)}\n${line(1)}`;
}

// ---- status YAML --------------------------------------------------------------------------------

/** t = 0 when the caller gives no creationTimestamp: obviously synthetic. */
export const DEFAULT_ORIGIN = '2025-01-01T00:00:00Z';

export function isoAt(origin: string | undefined, t: number): string {
  let base = Date.parse(origin ?? DEFAULT_ORIGIN);
  if (!Number.isFinite(base)) base = Date.parse(DEFAULT_ORIGIN);
  return new Date(base + Math.floor(t) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBERISH = /^[-+]?(?:\.?\d|0[xo])|^[-+]?\.(?:inf|nan)$/i;
const PLAIN = /^[A-Za-z0-9_./(][A-Za-z0-9_ ./()\-+,=:@[\]]*$/;

/** A YAML scalar for a string: plain when unambiguous, else double-quoted (JSON is valid YAML). */
export function yamlString(s: string): string {
  if (s === '' || !PLAIN.test(s) || RESERVED.test(s) || NUMBERISH.test(s) || / $/.test(s) || /: |:$/.test(s)) return JSON.stringify(s);
  return s;
}

type YamlValue = string | number | boolean | undefined | YamlMap | YamlValue[];
interface YamlMap { [k: string]: YamlValue }

function emit(v: YamlValue, indent: string, out: string[], key: string): void {
  if (v === undefined) return;
  if (Array.isArray(v)) {
    if (!v.length) return; // kubectl omits empty lists (omitempty)
    out.push(`${indent}${key}:`);
    for (const item of v) {
      if (item && typeof item === 'object' && !Array.isArray(item)) {
        const inner: string[] = [];
        for (const [k, x] of Object.entries(item)) emit(x, indent + '  ', inner, k);
        if (inner.length) inner[0] = `${indent}- ${inner[0]!.slice(indent.length + 2)}`;
        out.push(...inner);
      } else out.push(`${indent}- ${scalar(item)}`);
    }
    return;
  }
  if (typeof v === 'object') {
    const inner: string[] = [];
    for (const [k, x] of Object.entries(v)) emit(x, indent + '  ', inner, k);
    if (!inner.length) out.push(`${indent}${key}: {}`);
    else out.push(`${indent}${key}:`, ...inner);
    return;
  }
  out.push(`${indent}${key}: ${scalar(v)}`);
}

function scalar(v: YamlValue): string {
  if (typeof v === 'string') return yamlString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '""';
}

function stateYaml(c: ContainerStatusAt, origin: string | undefined): YamlMap {
  if (c.state === 'Running') return { running: { startedAt: isoAt(origin, c.since ?? 0) } };
  if (c.state === 'Terminated') {
    return {
      terminated: {
        exitCode: c.exitCode ?? 0,
        finishedAt: isoAt(origin, c.since ?? 0),
        message: c.message,
        reason: c.reason,
        startedAt: c.runningSince !== undefined ? isoAt(origin, c.runningSince) : undefined,
      },
    };
  }
  if (c.state === 'Waiting') return { waiting: { message: c.message, reason: c.reason } };
  return {};
}

function containerYaml(c: ContainerStatusAt, origin: string | undefined): YamlMap {
  const last: YamlMap = c.lastState
    ? {
        terminated: {
          exitCode: c.lastState.exitCode ?? 0,
          finishedAt: isoAt(origin, c.lastState.finishedAt),
          message: c.lastState.message,
          reason: c.lastState.reason,
          startedAt: c.lastState.startedAt !== undefined ? isoAt(origin, c.lastState.startedAt) : undefined,
        },
      }
    : {};
  // Keys in the order `kubectl get -o yaml` prints them (alphabetical).
  return {
    image: c.image,
    lastState: last,
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.state === undefined ? undefined : c.started,
    state: stateYaml(c, origin),
  };
}

/** The pod's `status:` (with a little metadata) as `kubectl get pod -o yaml` would show it. */
export function statusYaml(s: PodStatusAt, meta: PodMeta, note?: string): string {
  const origin = meta.creationTimestamp;
  const out: string[] = [];
  if (note) for (const l of note.split('\n')) out.push(`# ${l}`);
  const metadata: YamlMap = { creationTimestamp: isoAt(origin, 0), name: meta.name || 'pod', namespace: meta.namespace || 'default' };
  emit(metadata, '', out, 'metadata');
  const scheduled = s.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'True');
  const status: YamlMap = {
    conditions: s.conditions.map((c) => ({
      lastProbeTime: undefined,
      lastTransitionTime: isoAt(origin, c.since),
      message: c.message,
      reason: c.reason,
      status: c.status,
      type: c.type,
    })),
    containerStatuses: s.containers.filter((c) => c.state !== undefined).map((c) => containerYaml(c, origin)),
    initContainerStatuses: s.initContainers.some((c) => c.state !== undefined) ? s.initContainers.filter((c) => c.state !== undefined).map((c) => containerYaml(c, origin)) : undefined,
    phase: s.phase,
    reason: s.phaseReason,
    startTime: scheduled ? isoAt(origin, scheduled.since) : undefined,
  };
  if (!s.conditions.length) delete status.conditions;
  emit(status, '', out, 'status');
  return out.join('\n');
}
