// What the Workload Timeline draws, computed from a WorkloadResult (simulated or live): one lane
// per pod grouped by revision with its state over time, the workload's counts as step series, its
// conditions as rows, the traffic-loss windows and the verdicts. Pure; the webview only paints it
// (src/webview/workload/). Generic over the controller: any subject that is not a pod, a
// ReplicaSet or the endpoints is the workload, every numeric field of it a series.
import type { SimEvent } from '../lifecycle/types';
import type { PodRecord, TrafficLoss, WorkloadResult, WorkloadVerdict } from '../workload/types';

/** A pod's state in its lane (colours: media/workload-timeline.css). */
export type LaneState = 'pending' | 'starting' | 'ready' | 'backoff' | 'exited' | 'terminating' | 'succeeded' | 'failed';

export interface LaneSegment { from: number; to: number; state: LaneState }
export interface LaneMark { t: number; kind: 'restart' | 'deleted' | 'created'; text: string }

export interface PodLane {
  pod: string;
  revision: string;
  createdAt: number;
  /** End of the lane: when the pod was gone, else the end of the timeline. */
  end: number;
  segments: LaneSegment[];
  marks: LaneMark[];
  /** One line for the lane's label/tooltip: "Ready 12 s · 2 restarts · deleted 90 s". */
  summary: string;
}

export interface LaneGroup { revision: string; lanes: PodLane[] }

export interface StepSeries {
  key: string;
  label: string;
  points: { t: number; v: number }[];
  max: number;
}

export interface ConditionRow {
  type: string;
  segments: { from: number; to: number; status: string; reason: string }[];
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
}

/** The series drawn first, in this order, with these names (the rest follow in their own order). */
const SERIES_NAMES: Record<string, string> = {
  'spec.replicas': 'desired',
  replicas: 'pods',
  updatedReplicas: 'updated',
  readyReplicas: 'ready',
  availableReplicas: 'available',
};
/** Counts the others already say (unavailable = desired − available). */
const SERIES_SKIP = new Set(['unavailableReplicas']);

const r3 = (n: number) => Math.round(n * 1000) / 1000;

export function isWorkloadSubject(subject: string): boolean {
  return !subject.startsWith('pod:') && !subject.startsWith('rs:') && subject !== 'endpoints';
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

/** Pods grouped by revision, the revisions in the order their first pod appeared, pods by creation. */
export function laneGroups(r: WorkloadResult): LaneGroup[] {
  const groups = new Map<string, PodLane[]>();
  const pods = [...r.pods].sort((a, b) => a.createdAt - b.createdAt);
  for (const p of pods) {
    const end = Math.min(r.until, p.goneAt ?? r.until);
    const lane: PodLane = { pod: p.name, revision: p.revision, createdAt: p.createdAt, end, segments: laneSegments(p, r.until), marks: laneMarks(p, end), summary: summary(p) };
    const list = groups.get(p.revision) ?? [];
    list.push(lane);
    groups.set(p.revision, list);
  }
  return [...groups].map(([revision, lanes]) => ({ revision, lanes }));
}

/** Every numeric field of the workload subject as a step series, plus the ready endpoints. */
export function stepSeries(r: WorkloadResult): StepSeries[] {
  const byField = new Map<string, { t: number; v: number }[]>();
  for (const e of r.events) {
    if (!isWorkloadSubject(e.subject) || e.field.startsWith('condition:') || SERIES_SKIP.has(e.field)) continue;
    const v = Number(e.to);
    if (e.to === '' || !Number.isFinite(v)) continue;
    const list = byField.get(e.field) ?? [];
    if (!list.length && e.field === 'spec.replicas' && e.from !== '' && Number.isFinite(Number(e.from))) list.push({ t: 0, v: Number(e.from) });
    if (list.length && list[list.length - 1]!.t === e.t) list[list.length - 1]!.v = v;
    else list.push({ t: e.t, v });
    byField.set(e.field, list);
  }
  // Desired replicas: constant unless scaled (then the first point is the value before).
  if (!byField.has('spec.replicas') && r.workload.replicas !== undefined) byField.set('spec.replicas', [{ t: 0, v: r.workload.replicas }]);
  const out: StepSeries[] = [];
  const keys = [...Object.keys(SERIES_NAMES).filter((k) => byField.has(k)), ...[...byField.keys()].filter((k) => !(k in SERIES_NAMES))];
  for (const k of keys) {
    const points = byField.get(k)!;
    out.push({ key: k, label: SERIES_NAMES[k] ?? k, points, max: Math.max(0, ...points.map((p) => p.v)) });
  }
  const ep = r.endpoints.map((e) => ({ t: e.t, v: e.ready }));
  out.push({ key: 'endpoints', label: 'ready endpoints', points: ep.length ? ep : [{ t: 0, v: 0 }], max: Math.max(0, ...ep.map((p) => p.v)) });
  return out;
}

/** The workload's conditions as rows of segments (status and reason). */
export function conditionRows(r: WorkloadResult): ConditionRow[] {
  const rows = new Map<string, ConditionRow>();
  for (const e of r.events) {
    if (!isWorkloadSubject(e.subject) || !e.field.startsWith('condition:')) continue;
    const type = e.field.slice('condition:'.length);
    const row = rows.get(type) ?? { type, segments: [] };
    const last = row.segments[row.segments.length - 1];
    if (last) last.to = e.t;
    if (last && last.to <= last.from) row.segments.pop();
    row.segments.push({ from: e.t, to: r.until, status: e.to, reason: e.reason ?? '' });
    rows.set(type, row);
  }
  return [...rows.values()];
}

export function buildWorkloadModel(r: WorkloadResult): WorkloadModel {
  const groups = laneGroups(r);
  const w = r.workload;
  const headline = `${w.kind}/${w.name}: ${w.replicas} replica${w.replicas === 1 ? '' : 's'}, ${w.strategy}${w.strategy === 'RollingUpdate' ? ` (maxSurge ${w.maxSurge}, maxUnavailable ${w.maxUnavailable})` : ''}${w.minReadySeconds ? `, minReadySeconds ${w.minReadySeconds}` : ''}, progressDeadlineSeconds ${w.progressDeadlineSeconds}`;
  return {
    until: r.until,
    groups,
    laneCount: groups.reduce((s, g) => s + g.lanes.length, 0),
    eventCount: r.events.length + r.pods.reduce((s, p) => s + p.events.length, 0),
    series: stepSeries(r),
    conditions: conditionRows(r),
    loss: r.trafficLoss,
    verdicts: r.verdicts,
    headline,
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
