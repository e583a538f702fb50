// Replays a pod's event stream (the simulation's SimEvents, or a live pod's in the same shape) to
// the full pod status at any instant, and names why each container was killed. Pure: no DOM, runs
// under node for the unit tests. Printing that status: status-text.ts.
import type { Container, PodSpec, ProbeKind } from '../core/k8s';
import type { KubeletEvent, SimEvent } from '../core/timeline/protocol';

export interface ContainerInfo {
  name: string;
  init: boolean;
  /** Init container with restartPolicy: Always. */
  sidecar: boolean;
  image?: string;
  /** Probe kinds present in the spec, in startup, liveness, readiness order. */
  probes: ProbeKind[];
}

/** The order probe rows are drawn in: the one that gates the others first. */
export const PROBE_ORDER: readonly ProbeKind[] = ['startupProbe', 'livenessProbe', 'readinessProbe'];

function probesOf(c: Container): ProbeKind[] {
  return PROBE_ORDER.filter((k) => !!c[k]);
}

/** The pod's containers in spec order (init containers first), plus any subject only seen in events. */
export function containersOf(spec: PodSpec | undefined, events: readonly SimEvent[] = []): ContainerInfo[] {
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
    if (e.subject === 'pod' || seen.has(e.subject)) continue;
    seen.add(e.subject);
    out.push({ name: e.subject, init: false, sidecar: false, probes: [] });
  }
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
  /** The probe workers' cached results (Success / Failure / Unknown). */
  probes: Partial<Record<ProbeKind, string>>;
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

export type KillCause = 'liveness' | 'startup' | 'deleted';

/**
 * Why the kubelet stopped a container, from its Killing event (docs/semantics §8.2): the
 * event's message is the kubelet's own ("Container app failed liveness probe, will be restarted",
 * "Stopping container app"), the same text `kubectl describe pod` shows.
 */
function killCause(k: KubeletEvent): KillCause {
  if (/failed liveness probe/.test(k.message)) return 'liveness';
  if (/failed startup probe/.test(k.message)) return 'startup';
  return 'deleted';
}

/**
 * Why containers were killed: each state → Terminated event whose container got a `Killing`
 * event since it last started (a kill can take the whole grace period) gets that kill's cause.
 * An exit of the app itself has none — a probe result that turns Failure because the container
 * is no longer running is not a kill.
 */
export function terminationCauses(events: readonly SimEvent[], kubeletEvents: readonly KubeletEvent[]): Map<SimEvent, KillCause> {
  const out = new Map<SimEvent, KillCause>();
  const kills = kubeletEvents.filter((k) => k.reason === 'Killing' && k.object !== 'pod');
  if (!kills.length) return out;
  const pending = new Map<string, KillCause>();
  let k = 0;
  for (const e of events) {
    // Kills up to this instant come first: the kubelet logs Killing before the container exits.
    while (k < kills.length && kills[k]!.t <= e.t) {
      pending.set(kills[k]!.object, killCause(kills[k]!));
      k++;
    }
    if (e.field !== 'state') continue;
    if (e.to === 'Running') pending.delete(e.subject);
    else if (e.to === 'Terminated') {
      const cause = pending.get(e.subject);
      if (cause) out.set(e, cause);
      pending.delete(e.subject);
    }
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

  apply(e: SimEvent, index = this.lastEvent + 1): void {
    this.lastEvent = index;
    if (e.subject === 'pod') {
      if (e.field === 'phase') {
        const to = e.to;
        if (to !== this.phase) this.phaseSince = e.t;
        this.phase = to || this.phase;
        this.phaseReason = e.reason;
      } else if (e.field.startsWith('condition:')) {
        const type = e.field.slice('condition:'.length);
        const prev = this.conditions.get(type);
        const status = e.to || 'Unknown';
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
        const to = e.to as StateName;
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
        else if (to === 'Terminated') c.exitCode = e.exitCode;
        // ready / started change only with their own events: the producer reports the status
        // at the end of each instant, so a restart within one instant keeps started=true.
        break;
      }
      case 'ready':
        c.ready = e.to === 'true';
        break;
      case 'started':
        c.started = e.to === 'true';
        break;
      case 'restartCount': {
        const n = Number(e.to);
        if (Number.isFinite(n)) c.restartCount = n;
        break;
      }
      default:
        if (e.field.startsWith('probe:')) c.probes[e.field.slice(6) as ProbeKind] = e.to;
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
export function statusAt(events: readonly SimEvent[], infos: readonly ContainerInfo[], t: number): PodStatusAt {
  const r = new Replayer(infos);
  const last = lastIndexAtOrBefore(events, t);
  for (let i = 0; i <= last; i++) r.apply(events[i]!, i);
  return r.snapshot(t);
}

