// Live data in the timeline's shapes: a real pod's status changes (diffed watch snapshots), its
// Kubernetes Events, and watch-mode probe runs. Pure (types only from the cluster and probe
// layers); the host's live source (src/extension/timeline-live.ts) calls these.
import type { ContainerState, ContainerStatus, EventObject, PodObject } from '../core/cluster/api-types';
import type { ProbeAttempt, TimelineEvent } from './protocol';
import { probeKind } from './normalise';

/** Seconds from origin (ms since the epoch) to an ISO time; undefined if the time is unreadable. */
export function secondsAt(originMs: number, iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.max(0, Math.round((ms - originMs) / 100) / 10) : undefined;
}

interface StateView { state: 'Waiting' | 'Running' | 'Terminated' | ''; reason: string; message?: string; exitCode?: number; at?: string }

function stateOf(s: ContainerState | undefined): StateView {
  if (s?.running) return { state: 'Running', reason: '', ...(s.running.startedAt ? { at: s.running.startedAt } : {}) };
  if (s?.terminated) {
    const t = s.terminated;
    const v: StateView = { state: 'Terminated', reason: t.reason ?? '' };
    if (t.message) v.message = t.message;
    if (typeof t.exitCode === 'number') v.exitCode = t.exitCode;
    if (t.finishedAt) v.at = t.finishedAt;
    return v;
  }
  if (s?.waiting) {
    const v: StateView = { state: 'Waiting', reason: s.waiting.reason ?? '' };
    if (s.waiting.message) v.message = s.waiting.message;
    return v;
  }
  return { state: '', reason: '' };
}

function byName(list: readonly ContainerStatus[] | undefined): Map<string, ContainerStatus> {
  const m = new Map<string, ContainerStatus>();
  for (const c of list ?? []) if (c?.name) m.set(c.name, c);
  return m;
}

/**
 * The changes from one snapshot of a pod to the next, as timeline events. Times come from the
 * status where it has them (startedAt, finishedAt, lastTransitionTime), else `nowMs`. A restart
 * the watch did not see (restartCount went up between two snapshots) is filled in from lastState.
 */
export function podStatusEvents(prev: PodObject | undefined, next: PodObject, originMs: number, nowMs: number): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  const now = Math.max(0, Math.round((nowMs - originMs) / 100) / 10);
  const at = (iso: string | null | undefined) => secondsAt(originMs, iso) ?? now;
  const push = (e: TimelineEvent) => out.push({ ...e, source: 'cluster' });
  const ps = prev?.status ?? {};
  const ns = next.status ?? {};
  if ((ps.phase ?? '') !== (ns.phase ?? '') && ns.phase) {
    const e: TimelineEvent = { t: now, subject: 'pod', field: 'phase', from: ps.phase ?? '', to: ns.phase };
    if (ns.reason) e.reason = ns.reason;
    if (ns.message) e.message = ns.message;
    push(e);
  }
  const prevConds = new Map((ps.conditions ?? []).map((c) => [c.type ?? '', c]));
  for (const c of ns.conditions ?? []) {
    if (!c.type) continue;
    const p = prevConds.get(c.type);
    if (p?.status === c.status) continue;
    const e: TimelineEvent = { t: at(c.lastTransitionTime), subject: 'pod', field: `condition:${c.type}`, from: p?.status ?? '', to: c.status ?? 'Unknown' };
    if (c.reason) e.reason = c.reason;
    if (c.message) e.message = c.message;
    push(e);
  }
  const prevC = new Map([...byName(ps.initContainerStatuses), ...byName(ps.containerStatuses)]);
  for (const c of [...(ns.initContainerStatuses ?? []), ...(ns.containerStatuses ?? [])]) {
    if (!c?.name) continue;
    const p = prevC.get(c.name);
    const before = stateOf(p?.state);
    const after = stateOf(c.state);
    const restarts = c.restartCount ?? 0;
    const prevRestarts = p?.restartCount ?? 0;
    // A run that started and ended between two snapshots: its end is in lastState.
    const last = stateOf(c.lastState);
    let from = before;
    if (p && restarts > prevRestarts && last.state === 'Terminated' && !(before.state === 'Terminated' && before.at === last.at)) {
      const e: TimelineEvent = { t: at(last.at), subject: c.name, field: 'state', from: before.state, to: 'Terminated', reason: last.reason };
      if (last.message) e.message = last.message;
      if (last.exitCode !== undefined) e.exitCode = last.exitCode;
      push(e);
      from = last;
    }
    if (from.state !== after.state || from.reason !== after.reason) {
      const e: TimelineEvent = { t: after.state === 'Waiting' ? now : at(after.at), subject: c.name, field: 'state', from: from.state, to: after.state || 'Waiting' };
      if (after.reason) e.reason = after.reason;
      if (after.message) e.message = after.message;
      if (after.exitCode !== undefined) e.exitCode = after.exitCode;
      push(e);
    }
    if (restarts !== prevRestarts || !p) {
      if (restarts !== prevRestarts) push({ t: after.state === 'Running' ? at(after.at) : now, subject: c.name, field: 'restartCount', from: String(prevRestarts), to: String(restarts) });
    }
    if (typeof c.started === 'boolean' && c.started !== (p?.started ?? false)) push({ t: now, subject: c.name, field: 'started', from: String(p?.started ?? false), to: String(c.started) });
    if (typeof c.ready === 'boolean' && c.ready !== (p?.ready ?? false)) push({ t: now, subject: c.name, field: 'ready', from: String(p?.ready ?? false), to: String(c.ready) });
  }
  return out.map((e, i) => [e, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map((x) => x[0]);
}

/** `spec.containers{app}` → `app`. */
export function containerOfFieldPath(fieldPath: string | undefined): string | undefined {
  const m = /^spec\.(?:init|ephemeral)?[cC]ontainers\{([^}]+)\}/.exec(fieldPath ?? '');
  return m?.[1];
}

/** A Kubernetes Event of the pod as a timeline event (field 'event'). */
export function k8sEventToTimeline(ev: EventObject, originMs: number): TimelineEvent | undefined {
  const when = ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? ev.metadata?.creationTimestamp;
  const t = secondsAt(originMs, when);
  if (t === undefined) return undefined;
  const reason = ev.reason || 'Event';
  const e: TimelineEvent = {
    t,
    subject: containerOfFieldPath(ev.involvedObject?.fieldPath) ?? 'pod',
    field: 'event',
    to: reason,
    reason,
    type: ev.type === 'Warning' ? 'Warning' : 'Normal',
    source: 'cluster',
  };
  const count = ev.series?.count ?? ev.count;
  const msg = ev.message ? `${ev.message}${count && count > 1 ? ` (×${count})` : ''}` : undefined;
  if (msg) e.message = msg;
  return e;
}

/** What the probe layer's watch mode reports (src/core/probe/watch.ts), loosely typed. */
export interface ProbeWatchEvent {
  type: 'attempt' | 'state';
  result?: string;
  message?: string;
  errored?: string;
  counted?: boolean;
  from?: string | null;
  to?: string;
  verdict?: string;
}

/** One watch-mode probe event as live timeline data, at t seconds. */
export function probeWatchToTimeline(e: ProbeWatchEvent, container: string, site: string, t: number): { events: TimelineEvent[]; attempts: ProbeAttempt[] } {
  const kind = probeKind(site);
  if (e.type === 'attempt') {
    const ok = e.result === 'success' || e.result === 'warning';
    const a: ProbeAttempt = { t, container, kind, ok, source: 'probe-run' };
    const msg = e.errored ? `errored, not counted: ${e.errored}` : e.message;
    if (msg) a.message = msg;
    return { events: [], attempts: [a] };
  }
  const ev: TimelineEvent = { t, subject: container, field: `probe:${kind}`, from: e.from ?? '', to: e.to ?? 'Unknown', source: 'probe-run' };
  if (e.verdict) ev.reason = e.verdict;
  return { events: [ev], attempts: [] };
}
