// Live data in the simulation's shapes (SimEvent, KubeletEvent, SimAttempt), so the timeline
// draws a real pod exactly like a simulated one: its status changes (diffed watch snapshots), its
// Kubernetes Events, and watch-mode probe runs. Pure (types only from the cluster and probe
// layers); the host's live source (src/extension/timeline-live.ts) calls these.
import type { ContainerState, ContainerStatus, EventObject, PodObject } from '../cluster/api-types';
import { PROBE_KINDS, type HandlerSite, type ProbeKind } from '../k8s';
import type { KubeletEvent, SimEvent } from '../lifecycle/types';
import type { WatchEvent } from '../probe/watch';
import type { LiveAttempt } from './protocol';

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
export function podStatusEvents(prev: PodObject | undefined, next: PodObject, originMs: number, nowMs: number): SimEvent[] {
  const out: SimEvent[] = [];
  const now = Math.max(0, Math.round((nowMs - originMs) / 100) / 10);
  const at = (iso: string | null | undefined) => secondsAt(originMs, iso) ?? now;
  const push = (e: SimEvent) => out.push(e);
  const ps = prev?.status ?? {};
  const ns = next.status ?? {};
  if ((ps.phase ?? '') !== (ns.phase ?? '') && ns.phase) {
    const e: SimEvent = { t: now, subject: 'pod', field: 'phase', from: ps.phase ?? '', to: ns.phase };
    if (ns.reason) e.reason = ns.reason;
    if (ns.message) e.message = ns.message;
    push(e);
  }
  const prevConds = new Map((ps.conditions ?? []).map((c) => [c.type ?? '', c]));
  for (const c of ns.conditions ?? []) {
    if (!c.type) continue;
    const p = prevConds.get(c.type);
    if (p?.status === c.status) continue;
    const e: SimEvent = { t: at(c.lastTransitionTime), subject: 'pod', field: `condition:${c.type}`, from: p?.status ?? '', to: c.status ?? 'Unknown' };
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
      const e: SimEvent = { t: at(last.at), subject: c.name, field: 'state', from: before.state, to: 'Terminated' };
      if (last.reason) e.reason = last.reason;
      if (last.message) e.message = last.message;
      if (last.exitCode !== undefined) e.exitCode = last.exitCode;
      push(e);
      from = last;
    }
    if (from.state !== after.state || from.reason !== after.reason) {
      const e: SimEvent = { t: after.state === 'Waiting' ? now : at(after.at), subject: c.name, field: 'state', from: from.state, to: after.state || 'Waiting' };
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

/** A Kubernetes Event of the pod as `kubectl describe pod` lists it (the simulation's KubeletEvent). */
export function k8sEventToTimeline(ev: EventObject, originMs: number): KubeletEvent | undefined {
  const when = ev.series?.lastObservedTime ?? ev.lastTimestamp ?? ev.eventTime ?? ev.firstTimestamp ?? ev.metadata?.creationTimestamp;
  const t = secondsAt(originMs, when);
  if (t === undefined) return undefined;
  const count = ev.series?.count ?? ev.count;
  return {
    t,
    type: ev.type === 'Warning' ? 'Warning' : 'Normal',
    reason: ev.reason || 'Event',
    object: containerOfFieldPath(ev.involvedObject?.fieldPath) ?? 'pod',
    message: ev.message ? `${ev.message}${count && count > 1 ? ` (×${count})` : ''}` : '',
  };
}

function isProbeKind(site: HandlerSite | string): site is ProbeKind {
  return (PROBE_KINDS as readonly string[]).includes(site);
}

/**
 * One watch-mode probe run event (src/core/probe/watch.ts) as live timeline data at t seconds.
 * Lifecycle hooks are not drawn (nothing of the pod's status changes with them).
 */
export function probeWatchToTimeline(e: WatchEvent, container: string, site: HandlerSite | string, t: number): { events: SimEvent[]; attempts: LiveAttempt[] } {
  if (!isProbeKind(site)) return { events: [], attempts: [] };
  if (e.type === 'attempt') {
    const ok = e.result === 'success' || e.result === 'warning';
    const a: LiveAttempt = { t, container, kind: site, ok };
    const msg = e.errored ? `errored, not counted: ${e.errored}` : e.message;
    if (msg) a.message = msg;
    return { events: [], attempts: [a] };
  }
  const ev: SimEvent = { t, subject: container, field: `probe:${site}`, from: e.from ?? '', to: e.to };
  if (e.verdict) ev.reason = e.verdict;
  return { events: [ev], attempts: [] };
}
