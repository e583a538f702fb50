// The simulator's recording side: turns each status the engine writes into field changes
// (SimEvent), keeps the kubelet's Events, probe attempts and `kubectl get -w` rows, and assembles the
// SimResult. It decides nothing about the pod; it only writes down what changed and when.
// Pure TypeScript; no 'vscode'. Output format: docs/semantics/pod-lifecycle.md ("Simulation: scenario and output").
import type { PodSpec } from '../k8s';
import { podGracePeriod, podRestartPolicy } from './restart';
import type { Scenario } from './scenario';
import { conditionMap, printPod } from './status';
import {
  MAX_RECORDED_ATTEMPTS,
  type ContainerState, type ContainerStatus, type KubeletEvent, type KubectlRow, type KubectlWatchRow,
  type PodCondition, type PodStatus, type SimAttempt, type SimContainerInfo, type SimEvent,
  type SimField, type SimFinal, type SimFinalContainer, type SimResult,
} from './types';

export type EventExtra = { reason?: string; message?: string; exitCode?: number };

export class Recorder {
  readonly events: SimEvent[] = [];
  readonly attempts: SimAttempt[] = [];
  attemptsDropped = 0;
  readonly kubeletEvents: KubeletEvent[] = [];
  readonly watch: KubectlWatchRow[] = [];
  private readonly lastConditions = new Map<string, PodCondition>();
  private lastPhase = '';
  private lastRow?: KubectlRow;

  constructor(private readonly now: () => number) {}

  event(subject: string, field: SimField, from: string, to: string, extra: EventExtra): void {
    const e: SimEvent = { t: this.now(), subject, field, from, to };
    if (extra.reason) e.reason = extra.reason;
    if (extra.message) e.message = extra.message;
    if (extra.exitCode !== undefined) e.exitCode = extra.exitCode;
    this.events.push(e);
  }

  kevent(type: 'Normal' | 'Warning', reason: string, object: string, message: string): void {
    this.kubeletEvents.push({ t: this.now(), type, reason, object, message });
  }

  /** Records one probe attempt; false once MAX_RECORDED_ATTEMPTS is reached (then it is only counted). */
  attempt(a: SimAttempt): boolean {
    if (this.attempts.length < MAX_RECORDED_ATTEMPTS) {
      this.attempts.push(a);
      return true;
    }
    this.attemptsDropped++;
    return false;
  }

  /** One container's status against its previous one: state, restartCount, started, ready. */
  container(name: string, prev: ContainerStatus | undefined, s: ContainerStatus): void {
    const [state, info] = stateSummary(s.state);
    const [pname, pinfo] = prev ? stateSummary(prev.state) : ['', {} as EventExtra];
    if (!prev || state !== pname || info.reason !== pinfo.reason || info.message !== pinfo.message || info.exitCode !== pinfo.exitCode) {
      this.event(name, 'state', pname, state, info);
    }
    if (!prev) return;
    if (s.restartCount !== prev.restartCount) this.event(name, 'restartCount', String(prev.restartCount), String(s.restartCount), {});
    if (!!s.started !== !!prev.started) this.event(name, 'started', String(!!prev.started), String(!!s.started), {});
    if (s.ready !== prev.ready) this.event(name, 'ready', String(prev.ready), String(s.ready), {});
  }

  /** The pod's phase, conditions and kubectl row. Returns true when the phase changed. */
  pod(status: PodStatus, row: KubectlRow): boolean {
    let changed = false;
    if (status.phase !== this.lastPhase) {
      const extra: EventExtra = {};
      if (status.reason) extra.reason = status.reason;
      if (status.message) extra.message = status.message;
      this.event('pod', 'phase', this.lastPhase, status.phase, extra);
      this.lastPhase = status.phase;
      changed = true;
    }
    for (const cond of status.conditions) {
      const prev = this.lastConditions.get(cond.type);
      if (!prev || prev.status !== cond.status || prev.reason !== cond.reason || prev.message !== cond.message) {
        const extra: EventExtra = {};
        if (cond.reason) extra.reason = cond.reason;
        if (cond.message) extra.message = cond.message;
        this.event('pod', `condition:${cond.type}`, prev?.status ?? '', cond.status, extra);
        this.lastConditions.set(cond.type, cond);
      }
    }
    const last = this.lastRow;
    if (!last || row.ready !== last.ready || row.status !== last.status || restartsCount(row) !== restartsCount(last)) {
      this.watch.push({ t: this.now(), ...row });
      this.lastRow = row;
    }
    return changed;
  }
}

/** What the result needs from the engine at the end of the run. */
export interface ResultInput {
  recorder: Recorder;
  status: PodStatus;
  spec: PodSpec;
  scenario: Scenario;
  /** The pod was admitted (else every container is reported Waiting). */
  admitted: boolean;
  deleting: boolean;
  now: number;
  pod: { name: string; namespace: string; uid: string };
  containers: SimContainerInfo[];
  warnings: string[];
}

export function buildResult(i: ResultInput): SimResult {
  const { status, recorder: rec, scenario } = i;
  const containers: Record<string, SimFinalContainer> = {};
  for (const s of [...status.initContainerStatuses, ...status.containerStatuses]) {
    const [state, info] = stateSummary(s.state);
    containers[s.name] = { state, ...info, ready: s.ready, started: !!s.started, restartCount: s.restartCount };
  }
  if (!i.admitted) {
    for (const c of i.containers) containers[c.name] = { state: 'Waiting', ready: false, started: false, restartCount: 0 };
  }
  const final: SimFinal = {
    phase: status.phase,
    conditions: conditionMap(status.conditions),
    containers,
    kubectl: printPod({ spec: i.spec, status, deleting: i.deleting, now: i.now }),
  };
  if (status.reason) final.reason = status.reason;
  if (status.message) final.message = status.message;
  return {
    events: collapseInstantChanges(rec.events),
    final,
    attempts: rec.attempts,
    kubeletEvents: rec.kubeletEvents,
    watch: rec.watch.filter((row, n, rows) => rows[n + 1]?.t !== row.t),
    pod: {
      ...i.pod,
      restartPolicy: podRestartPolicy(i.spec), terminationGracePeriodSeconds: podGracePeriod(i.spec),
      ...(activeDeadline(i.spec) !== undefined ? { activeDeadlineSeconds: activeDeadline(i.spec) } : {}),
    },
    containers: i.containers,
    until: scenario.until,
    scheduleAfter: scenario.scheduleAfter,
    ...(scenario.deleteAfter !== undefined && scenario.deleteAfter <= scenario.until ? { deletedAt: scenario.deleteAfter } : {}),
    ...(rec.attemptsDropped ? { attemptsDropped: rec.attemptsDropped } : {}),
    ...(i.warnings.length || scenario.warnings?.length ? { warnings: [...(scenario.warnings ?? []), ...i.warnings] } : {}),
  };
}

/** spec.activeDeadlineSeconds when it is a usable number of seconds. */
export function activeDeadline(spec: PodSpec): number | undefined {
  const d = spec.activeDeadlineSeconds;
  return typeof d === 'number' && Number.isFinite(d) && d > 0 ? d : undefined;
}

/**
 * Within one instant the simulation passes through intermediate values (a killed container is
 * not ready for zero seconds before its restart). Keep container states and probe results as they
 * happened; for the other fields merge same-instant chains and drop those that end where they began.
 */
export function collapseInstantChanges(events: readonly SimEvent[]): SimEvent[] {
  const out: (SimEvent | undefined)[] = [];
  const lastIdx = new Map<string, number>();
  const before = new Map<string, SimEvent | undefined>();
  for (const e of events) {
    if (e.field === 'state' || e.field.startsWith('probe:')) { out.push(e); continue; }
    const key = `${e.subject}\u0000${e.field}`;
    const i = lastIdx.get(key);
    const prev = i === undefined ? undefined : out[i];
    // A field's first value (from "") is never merged away: the pod is created Pending and its
    // conditions start False (docs/semantics/pod-lifecycle.md, "Simulation: scenario and output"), even when the
    // container starts in the same second. Only later same-instant round trips are collapsed.
    if (prev && prev.t === e.t && prev.from !== '') {
      const merged: SimEvent = { ...e, from: prev.from };
      out[i as number] = undefined;
      const base = before.get(key);
      const noop = merged.from === merged.to && (!base || (base.reason === merged.reason && base.message === merged.message));
      if (noop) {
        lastIdx.delete(key);
        continue;
      }
      lastIdx.set(key, out.length);
      out.push(merged);
      continue;
    }
    if (prev) before.set(key, prev);
    lastIdx.set(key, out.length);
    out.push(e);
  }
  return out.filter((e): e is SimEvent => e !== undefined);
}

export function stateSummary(state: ContainerState): ['Waiting' | 'Running' | 'Terminated', EventExtra] {
  if (state.running) return ['Running', {}];
  if (state.terminated) {
    const info: EventExtra = { exitCode: state.terminated.exitCode };
    if (state.terminated.reason) info.reason = state.terminated.reason;
    if (state.terminated.message) info.message = state.terminated.message;
    return ['Terminated', info];
  }
  const info: EventExtra = {};
  if (state.waiting?.reason) info.reason = state.waiting.reason;
  if (state.waiting?.message) info.message = state.waiting.message;
  return ['Waiting', info];
}

/** The RESTARTS column without its "(5m ago)" part. */
function restartsCount(r: KubectlRow): string {
  const i = r.restarts.indexOf(' ');
  return i < 0 ? r.restarts : r.restarts.slice(0, i);
}
