// What the Workload Timeline draws, computed from a WorkloadResult (simulated or live): one lane
// per pod grouped by revision with its state over time, the workload's counts as step series, its
// conditions as rows, the traffic-loss windows and the verdicts. Pure; the webview only paints it
// (src/webview/workload-*.ts). Generic over the controller: any subject that is not a pod, a
// ReplicaSet, a node, a PodDisruptionBudget or the endpoints is the workload, every numeric field of
// it a series, every other field (a StatefulSet's revisions) a row like a condition. What differs by
// kind — lane groups (a DaemonSet's by node), series names, the headline — is workload-kinds.ts's.
import type { SimEvent } from '../lifecycle/types';
import type { PodRecord, TrafficLoss, WorkloadResult, WorkloadVerdict } from '../workload/types';
import { headlineOf, laneGroupsOf, seriesLook } from './workload-kinds';

/** A pod's state in its lane (colours: media/workload-timeline.css). */
export type LaneState = 'pending' | 'starting' | 'ready' | 'backoff' | 'exited' | 'terminating' | 'succeeded' | 'failed';

export interface LaneSegment { from: number; to: number; state: LaneState }
export interface LaneMark { t: number; kind: 'restart' | 'deleted' | 'created'; text: string }

export interface PodLane {
  pod: string;
  /** The pod's place in result.pods (creation order): a StatefulSet's recreated pod keeps its name. */
  index: number;
  /** The node it ran on. */
  node?: string;
  revision: string;
  createdAt: number;
  /** End of the lane: when the pod was gone, else the end of the timeline. */
  end: number;
  segments: LaneSegment[];
  marks: LaneMark[];
  /** One line for the lane's label/tooltip: "Ready 12 s · 2 restarts · deleted 90 s". */
  summary: string;
}

export interface LaneGroup {
  revision: string;
  /** The group's heading ("revision new", "node-2", "pods"). */
  label: string;
  /** A short fact about the group ("created in ordinal order 2, 1, 0"). */
  note?: string;
  lanes: PodLane[];
}

export interface StepSeries {
  key: string;
  label: string;
  points: { t: number; v: number }[];
  max: number;
}

/** good: the state the workload wants (Available True, Complete True); bad: a failure (Failed True, Available False); neutral: a value (a revision). */
export type Tone = 'good' | 'bad' | 'neutral';

export interface ConditionRow {
  type: string;
  /** A condition (status True/False) or a value field (a StatefulSet's currentRevision). */
  kind: 'condition' | 'value';
  segments: { from: number; to: number; status: string; reason: string; tone: Tone }[];
}

export interface WorkloadModel {
  until: number;
  groups: LaneGroup[];
  laneCount: number;
  eventCount: number;
  series: StepSeries[];
  conditions: ConditionRow[];
  loss: TrafficLoss[];
  verdicts: WorkloadVerdict[];
  /** "Deployment/web: 4 replicas, RollingUpdate (maxSurge 1, maxUnavailable 1) …" */
  headline: string;
  kind: string;
  /** The lane states that occur (for the legend), in the legend's order. */
  states: LaneState[];
  /** False for a Job (its pods serve no Service; no endpoints are worked out). */
  servesTraffic: boolean;
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

export function isWorkloadSubject(subject: string): boolean {
  return !subject.startsWith('pod:') && !subject.startsWith('rs:') && !subject.startsWith('node:') && !subject.startsWith('pdb:') && subject !== 'endpoints';
}

/** The pod's state over time from its own events (the single-pod simulator's or a live pod's). */
export function laneSegments(p: PodRecord, until: number): LaneSegment[] {
  const end = Math.min(until, p.goneAt ?? until);
  let phase = 'Pending';
  let ready = false;
  const waiting = new Map<string, string>();
  const terminated = new Set<string>();
  const state = (t: number): LaneState => {
    if (phase === 'Succeeded') return 'succeeded';
    if (phase === 'Failed') return 'failed';
    if (p.deletedAt !== undefined && t >= p.deletedAt) return 'terminating';
    if ([...waiting.values()].includes('CrashLoopBackOff')) return 'backoff';
    if (ready) return 'ready';
    if (terminated.size) return 'exited';
    if (phase === 'Running') return 'starting';
    return 'pending';
  };
  const out: LaneSegment[] = [];
  const push = (t: number, s: LaneState) => {
    const last = out[out.length - 1];
    if (last && last.state === s) return;
    if (last) {
      last.to = t;
      if (last.to <= last.from) out.pop();
    }
    const prev = out[out.length - 1];
    if (prev && prev.state === s) return; // an empty segment between two of the same state
    out.push({ from: t, to: end, state: s });
  };
  const events = p.events;
  let i = 0;
  const apply = (e: SimEvent) => {
    if (e.subject === 'pod') {
      if (e.field === 'phase') phase = e.to;
      else if (e.field === 'condition:Ready') ready = e.to === 'True';
    } else if (e.field === 'state') {
      terminated.delete(e.subject);
      waiting.delete(e.subject);
      if (e.to === 'Waiting') waiting.set(e.subject, e.reason ?? '');
      else if (e.to === 'Terminated') terminated.add(e.subject);
    }
  };
  const start = p.createdAt;
  while (i < events.length && events[i]!.t <= start) apply(events[i++]!);
  push(start, state(start));
  let deletionSeen = p.deletedAt === undefined;
  while (i < events.length) {
    const t = events[i]!.t;
    if (t >= end) break;
    if (!deletionSeen && p.deletedAt! <= t) {
      deletionSeen = true;
      push(p.deletedAt!, state(p.deletedAt!));
    }
    while (i < events.length && events[i]!.t === t) apply(events[i++]!);
    push(t, state(t));
  }
  if (!deletionSeen && p.deletedAt! < end) push(p.deletedAt!, state(p.deletedAt!));
  const last = out[out.length - 1];
  if (last) last.to = end;
  return out.filter((s) => s.to > s.from || out.length === 1);
}

function laneMarks(p: PodRecord, end: number): LaneMark[] {
  const marks: LaneMark[] = [];
  for (const e of p.events) {
    if (e.t > end) break;
    if (e.field === 'restartCount' && e.from !== '') marks.push({ t: e.t, kind: 'restart', text: `${e.subject} restart ${e.to}` });
  }
  if (p.deletedAt !== undefined) marks.push({ t: p.deletedAt, kind: 'deleted', text: 'deleted' });
  return marks;
}

function summary(p: PodRecord): string {
  const parts = [`created ${r3(p.createdAt)} s`, p.readyAt !== undefined ? `Ready ${r3(p.readyAt)} s` : 'never Ready'];
  if (p.restarts) parts.push(`${p.restarts} restart${p.restarts === 1 ? '' : 's'}`);
  if (p.deletedAt !== undefined) parts.push(`deleted ${r3(p.deletedAt)} s`);
  if (p.goneAt !== undefined) parts.push(`gone ${r3(p.goneAt)} s`);
  return parts.join(' · ');
}

/** One lane per pod, in creation order. */
export function podLanes(r: WorkloadResult): PodLane[] {
  return r.pods
    .map((p, index) => {
      const end = Math.min(r.until, p.goneAt ?? r.until);
      return { pod: p.name, index, ...(p.node && { node: p.node }), revision: p.revision, createdAt: p.createdAt, end, segments: laneSegments(p, r.until), marks: laneMarks(p, end), summary: summary(p) };
    })
    .sort((a, b) => a.createdAt - b.createdAt || a.index - b.index);
}

/** Pods grouped by revision, the revisions in the order their first pod appeared, pods by creation (the kind's own grouping: laneGroupsOf). */
export function laneGroups(r: WorkloadResult): LaneGroup[] {
  return laneGroupsOf(r, podLanes(r));
}

/** Every numeric field of the workload subject as a step series, named as its kind names it, plus the ready endpoints (not for a Job). */
export function stepSeries(r: WorkloadResult): StepSeries[] {
  const look = seriesLook(r);
  const byField = new Map<string, { t: number; v: number }[]>();
  for (const e of r.events) {
    if (!isWorkloadSubject(e.subject) || e.field.startsWith('condition:') || look.skip.has(e.field)) continue;
    const v = Number(e.to);
    if (e.to === '' || !Number.isFinite(v)) continue;
    const list = byField.get(e.field) ?? [];
    if (!list.length && e.field === 'spec.replicas' && e.from !== '' && Number.isFinite(Number(e.from))) list.push({ t: 0, v: Number(e.from) });
    if (list.length && list[list.length - 1]!.t === e.t) list[list.length - 1]!.v = v;
    else list.push({ t: e.t, v });
    byField.set(e.field, list);
  }
  // Desired replicas: constant unless scaled (then the first point is the value before).
  if (look.desired && !byField.has('spec.replicas') && r.workload.replicas !== undefined) byField.set('spec.replicas', [{ t: 0, v: r.workload.replicas }]);
  const out: StepSeries[] = [];
  const keys = [...Object.keys(look.names).filter((k) => byField.has(k)), ...[...byField.keys()].filter((k) => !(k in look.names))];
  for (const k of keys) {
    const points = byField.get(k)!;
    out.push({ key: k, label: look.names[k] ?? k, points, max: Math.max(0, ...points.map((p) => p.v)) });
  }
  if (look.endpoints) {
    const ep = r.endpoints.map((e) => ({ t: e.t, v: e.ready }));
    out.push({ key: 'endpoints', label: 'ready endpoints', points: ep.length ? ep : [{ t: 0, v: 0 }], max: Math.max(0, ...ep.map((p) => p.v)) });
  }
  return out;
}

/** Conditions whose True is a failure. */
const BAD_WHEN_TRUE = new Set(['Failed', 'FailureTarget', 'ReplicaFailure']);

function toneOf(kind: ConditionRow['kind'], type: string, status: string): Tone {
  if (kind === 'value' || (status !== 'True' && status !== 'False')) return 'neutral';
  return (status === 'True') !== BAD_WHEN_TRUE.has(type) ? 'good' : 'bad';
}

/** The workload's conditions, then its value fields (a StatefulSet's revisions), as rows of segments. */
export function conditionRows(r: WorkloadResult): ConditionRow[] {
  const rows = new Map<string, ConditionRow>();
  for (const e of r.events) {
    if (!isWorkloadSubject(e.subject) || e.field === 'warning') continue;
    const cond = e.field.startsWith('condition:');
    if (!cond && (e.to === '' || Number.isFinite(Number(e.to)))) continue;
    const type = cond ? e.field.slice('condition:'.length) : e.field;
    const kind = cond ? 'condition' : 'value';
    const key = `${kind}:${type}`;
    const row = rows.get(key) ?? { type, kind, segments: [] };
    // A value first recorded as a change (a DaemonSet's revision old → new) had its old value from the start.
    if (!row.segments.length && kind === 'value' && e.from !== '' && e.t > 0) row.segments.push({ from: 0, to: e.t, status: e.from, reason: '', tone: 'neutral' });
    const last = row.segments[row.segments.length - 1];
    if (last) last.to = e.t;
    if (last && last.to <= last.from) row.segments.pop();
    row.segments.push({ from: e.t, to: r.until, status: e.to, reason: e.reason ?? '', tone: toneOf(kind, type, e.to) });
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => Number(a.kind === 'value') - Number(b.kind === 'value'));
}

const LEGEND_ORDER: LaneState[] = ['pending', 'starting', 'ready', 'backoff', 'exited', 'terminating', 'succeeded', 'failed'];

export function buildWorkloadModel(r: WorkloadResult): WorkloadModel {
  const lanes = podLanes(r);
  const groups = laneGroupsOf(r, lanes);
  const seen = new Set(lanes.flatMap((l) => l.segments.map((s) => s.state)));
  return {
    until: r.until,
    groups,
    laneCount: lanes.length,
    eventCount: r.events.length + r.pods.reduce((s, p) => s + p.events.length, 0),
    series: stepSeries(r),
    conditions: conditionRows(r),
    loss: r.trafficLoss,
    verdicts: r.verdicts,
    headline: headlineOf(r),
    kind: r.workload.kind,
    states: LEGEND_ORDER.filter((s) => seen.has(s)),
    servesTraffic: r.workload.kind !== 'Job',
  };
}

/** The value of a step series at t (0 before its first point). */
export function seriesAt(s: StepSeries, t: number): number {
  let v = 0;
  for (const p of s.points) {
    if (p.t > t) break;
    v = p.v;
  }
  return v;
}

/** The lane state at t, or undefined outside the pod's life. */
export function laneStateAt(l: PodLane, t: number): LaneState | undefined {
  for (const s of l.segments) if (t >= s.from && t < s.to) return s.state;
  return undefined;
}
