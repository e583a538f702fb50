// Events → swimlanes. One lane for the pod (phase, the kubectl STATUS column, conditions,
// Kubernetes events) and one per container (state bands, started/ready signals, one row per probe
// with every attempt as a tick). Works in seconds; the canvas maps seconds to pixels.
// Pure: no DOM.
import type { PodSpec } from '../core/k8s';
import type { ProbeAttempt, TimelineEvent } from './protocol';
import { probeKind, str, truthy } from './normalise';
import { containersOf, exitCodeOf, kubectlRow, Replayer, terminationCauses, CONDITION_ORDER, type ContainerInfo } from './status';
import { formatT } from './scale';

export type Tone =
  | 'running' | 'notready' | 'waiting' | 'backoff' | 'pull' | 'terminated' | 'completed' | 'oom'
  | 'pending' | 'succeeded' | 'failed' | 'unknown' | 'true' | 'false' | 'ok' | 'fail' | 'neutral';

export interface Band {
  t0: number;
  t1: number;
  label: string;
  tone: Tone;
  /** More words for the tooltip and the readout. */
  detail?: string;
  /** Shorter labels, tried in order when `label` does not fit. */
  alt?: string[];
  /** Still going at the end of the data (live, or the end of the simulated time). */
  open?: boolean;
}

export interface Tick { t: number; ok: boolean; message?: string }

export type MarkerKind = 'restart' | 'exit' | 'kill' | 'event';
export interface Marker { t: number; kind: MarkerKind; label: string; detail?: string; tone: Tone }

export type RowKind = 'phase' | 'kubectl' | 'condition' | 'state' | 'signal' | 'probe' | 'events';
export interface Row {
  id: string;
  kind: RowKind;
  label: string;
  /** A longer description (tooltip, accessible name). */
  title?: string;
  height: number;
  bands: Band[];
  ticks: Tick[];
  markers: Marker[];
}

export type LaneGroup = 'sim' | 'live';
export interface Lane {
  id: string;
  group: LaneGroup;
  subject: string;
  title: string;
  subtitle?: string;
  rows: Row[];
}

export type MilestoneKind = 'ready' | 'crashloop' | 'kill' | 'unschedulable';
export interface Milestone { t: number; kind: MilestoneKind; label: string; group: LaneGroup }

export interface TimelineModel {
  lanes: Lane[];
  /** Right end of the data, seconds. */
  end: number;
  /** Sorted distinct event times (both groups): PageUp/PageDown go from one to the next. */
  eventTimes: number[];
  milestones: Milestone[];
  containers: ContainerInfo[];
  counts: { events: number; attempts: number };
}

export const ROW_HEIGHT: Record<RowKind, number> = {
  phase: 22,
  kubectl: 22,
  condition: 14,
  state: 26,
  signal: 14,
  probe: 20,
  events: 18,
};
export const LANE_HEADER = 22;

const PROBE_LABEL: Record<string, string> = { startup: 'startup probe', liveness: 'liveness probe', readiness: 'readiness probe' };

export function stateTone(state: string, reason: string | undefined, exitCode?: number): Tone {
  if (state === 'Running') return 'running';
  if (state === 'Terminated') {
    if (reason === 'OOMKilled') return 'oom';
    if (reason === 'Completed' || (reason === undefined && exitCode === 0)) return 'completed';
    return 'terminated';
  }
  if (state === 'Waiting') {
    if (reason === 'CrashLoopBackOff') return 'backoff';
    if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff' || reason === 'ErrImageNeverPull' || reason === 'InvalidImageName') return 'pull';
    if (!reason || reason === 'ContainerCreating' || reason === 'PodInitializing') return 'waiting';
    return 'failed';
  }
  return 'unknown';
}

export function phaseTone(phase: string): Tone {
  switch (phase) {
    case 'Pending': return 'pending';
    case 'Running': return 'running';
    case 'Succeeded': return 'succeeded';
    case 'Failed': return 'failed';
    default: return 'unknown';
  }
}

/** Tone of a kubectl STATUS value (the READY count decides between Running and not-ready). */
export function kubectlTone(status: string, ready: string): Tone {
  if (status === 'Running') {
    const [a, b] = ready.split('/');
    return a === b ? 'running' : 'notready';
  }
  if (status === 'CrashLoopBackOff' || status === 'Init:CrashLoopBackOff') return 'backoff';
  if (/ImagePull|ErrImage|InvalidImageName/.test(status)) return 'pull';
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  if (/OOMKilled/.test(status)) return 'oom';
  if (/^(Init:)?(Error|ExitCode|Signal|StartError|ContainerCannotRun|ContainerStatusUnknown)/.test(status) || status === 'Failed') return 'terminated';
  if (status === 'Pending' || status === 'ContainerCreating' || status === 'PodInitializing' || /^Init:\d+\/\d+$/.test(status)) return 'waiting';
  if (status === 'NotReady') return 'notready';
  return 'neutral';
}

function signalTone(v: unknown): Tone {
  const s = str(v);
  if (truthy(s)) return 'true';
  if (/^false$/i.test(s)) return 'false';
  return 'unknown';
}

function probeResultTone(v: unknown): Tone {
  const s = str(v).toLowerCase();
  if (s === 'success') return 'ok';
  if (s === 'failure') return 'fail';
  return 'unknown';
}

/** Closes the open band at t and starts a new one (a zero-length band is kept: an instant state). */
class BandBuilder {
  readonly bands: Band[] = [];
  private cur: Band | undefined;
  push(t: number, label: string, tone: Tone, detail?: string): Band {
    if (this.cur) this.cur.t1 = t;
    const b: Band = { t0: t, t1: t, label, tone, open: true };
    if (detail) b.detail = detail;
    if (this.cur) delete this.cur.open;
    this.bands.push(b);
    this.cur = b;
    return b;
  }
  /** Same value again: keep the band going. */
  get current(): Band | undefined {
    return this.cur;
  }
  end(t: number): Band[] {
    if (this.cur) this.cur.t1 = Math.max(this.cur.t0, t);
    return this.bands;
  }
}

function initialFrom(e: TimelineEvent | undefined): string | undefined {
  if (!e || e.t <= 0) return undefined;
  const f = str(e.from);
  return f && f !== 'null' && f !== 'undefined' ? f : undefined;
}

/** A Go duration as the kubelet prints back-off waits: 10s, 1m20s, 5m0s. */
export function goDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}

interface Grouped {
  pod: Map<string, TimelineEvent[]>;
  containers: Map<string, Map<string, TimelineEvent[]>>;
  attempts: Map<string, Map<string, ProbeAttempt[]>>;
  podEvents: TimelineEvent[];
}

function group(events: readonly TimelineEvent[], attempts: readonly ProbeAttempt[]): Grouped {
  const g: Grouped = { pod: new Map(), containers: new Map(), attempts: new Map(), podEvents: [] };
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = []));
    a.push(v);
  };
  for (const e of events) {
    if (e.field === 'event') {
      g.podEvents.push(e);
      continue;
    }
    if (e.subject === 'pod') add(g.pod, e.field, e);
    else {
      let m = g.containers.get(e.subject);
      if (!m) g.containers.set(e.subject, (m = new Map()));
      add(m, e.field, e);
    }
  }
  for (const a of attempts) {
    let m = g.attempts.get(a.container);
    if (!m) g.attempts.set(a.container, (m = new Map()));
    add(m, probeKind(a.kind), a);
  }
  return g;
}

function row(id: string, kind: RowKind, label: string, title?: string): Row {
  const r: Row = { id, kind, label, height: ROW_HEIGHT[kind], bands: [], ticks: [], markers: [] };
  if (title) r.title = title;
  return r;
}

function signalRow(id: string, label: string, events: readonly TimelineEvent[] | undefined, end: number, startAt?: number, title?: string): Row {
  const r = row(id, 'signal', label, title);
  const b = new BandBuilder();
  if (startAt !== undefined && (!events?.length || events[0]!.t > startAt)) b.push(startAt, 'False', 'false');
  for (const e of events ?? []) {
    const tone = signalTone(e.to);
    if (b.current?.tone === tone) continue;
    const label = tone === 'true' ? 'True' : tone === 'false' ? 'False' : str(e.to) || 'Unknown';
    b.push(e.t, label, tone, e.reason ? `${e.reason}${e.message ? `: ${e.message}` : ''}` : e.message);
  }
  r.bands = b.end(end);
  return r;
}

export interface BuildOptions {
  group: LaneGroup;
  end: number;
  podName?: string;
}

/** The lanes of one data set (the simulation, or the live data). */
export function buildLanes(
  events: readonly TimelineEvent[],
  attempts: readonly ProbeAttempt[],
  infos: readonly ContainerInfo[],
  opts: BuildOptions,
): { lanes: Lane[]; milestones: Milestone[] } {
  const { end } = opts;
  const prefix = opts.group === 'live' ? 'live:' : '';
  const g = group(events, attempts);
  const causes = terminationCauses(events);
  const milestones: Milestone[] = [];
  const lanes: Lane[] = [];

  // ---- pod lane
  const pod: Lane = {
    id: `${prefix}pod`,
    group: opts.group,
    subject: 'pod',
    title: `${opts.group === 'live' ? 'live · ' : ''}pod ${opts.podName ?? ''}`.trim(),
    rows: [],
  };
  const phases = g.pod.get('phase');
  if (phases?.length || opts.group === 'sim') {
    const r = row(`${prefix}pod/phase`, 'phase', 'phase', 'status.phase');
    const b = new BandBuilder();
    const first = phases?.[0];
    const init = initialFrom(first) ?? (opts.group === 'sim' && (!first || first.t > 0) ? 'Pending' : undefined);
    if (init) b.push(0, init, phaseTone(init));
    for (const e of phases ?? []) {
      const p = str(e.to);
      if (b.current?.label === p) continue;
      b.push(e.t, p, phaseTone(p), e.reason);
    }
    r.bands = b.end(end);
    pod.rows.push(r);
  }

  // The kubectl STATUS column over time: replay every event, print after each instant.
  if (events.length) {
    const r = row(`${prefix}pod/kubectl`, 'kubectl', 'kubectl STATUS', 'The STATUS and READY columns of `kubectl get pod` over time');
    const b = new BandBuilder();
    const rep = new Replayer(infos);
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      rep.apply(e, i);
      if (i + 1 < events.length && events[i + 1]!.t === e.t) continue;
      const k = kubectlRow(rep.view(e.t), opts.podName ?? 'pod');
      const label = `${k.status}  ${k.ready}`;
      if (b.current?.label === label) continue;
      const band = b.push(e.t, label, kubectlTone(k.status, k.ready), `STATUS ${k.status} · READY ${k.ready} · RESTARTS ${k.restarts}`);
      band.alt = [k.status];
    }
    r.bands = b.end(end);
    pod.rows.push(r);
  }

  const condTypes = [...g.pod.keys()].filter((k) => k.startsWith('condition:')).map((k) => k.slice(10));
  condTypes.sort((a, b) => {
    const ra = CONDITION_ORDER.indexOf(a);
    const rb = CONDITION_ORDER.indexOf(b);
    return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || a.localeCompare(b);
  });
  // Show the conditions in the order a reader scans them: scheduled → … → Ready.
  const display = ['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'];
  condTypes.sort((a, b) => (display.indexOf(a) + 1 || 99) - (display.indexOf(b) + 1 || 99));
  for (const type of condTypes) {
    const evs = g.pod.get(`condition:${type}`)!;
    const r = signalRow(`${prefix}pod/condition:${type}`, type, evs, end, undefined, `condition ${type}`);
    r.kind = 'condition';
    r.height = ROW_HEIGHT.condition;
    pod.rows.push(r);
    if (type === 'Ready') {
      const up = evs.find((e) => truthy(e.to) || /^true$/i.test(str(e.to)));
      if (up) milestones.push({ t: up.t, kind: 'ready', label: `Ready at ${formatT(up.t)}`, group: opts.group });
    }
    if (type === 'PodScheduled') {
      const down = evs.find((e) => /^false$/i.test(str(e.to)));
      if (down && down.reason) milestones.push({ t: down.t, kind: 'unschedulable', label: down.reason, group: opts.group });
    }
  }
  if (g.podEvents.length) {
    const r = row(`${prefix}pod/events`, 'events', 'events', 'Kubernetes events (kubectl get events)');
    for (const e of g.podEvents) {
      const reason = str(e.to) || e.reason || 'Event';
      const m: Marker = { t: e.t, kind: 'event', label: reason, tone: e.type === 'Warning' ? 'fail' : 'neutral' };
      const who = e.subject && e.subject !== 'pod' ? `${e.subject}: ` : '';
      if (e.message || who) m.detail = `${e.type ?? 'Normal'} ${reason} — ${who}${e.message ?? ''}`;
      r.markers.push(m);
    }
    pod.rows.push(r);
  }
  if (pod.rows.length) lanes.push(pod);

  // ---- container lanes
  const names = new Set<string>(infos.map((i) => i.name));
  for (const k of g.containers.keys()) names.add(k);
  for (const k of g.attempts.keys()) names.add(k);
  let crashLoopSeen = false;
  for (const name of names) {
    const info = infos.find((i) => i.name === name);
    const fields = g.containers.get(name) ?? new Map<string, TimelineEvent[]>();
    const byKind = g.attempts.get(name) ?? new Map<string, ProbeAttempt[]>();
    if (opts.group === 'live' && !fields.size && !byKind.size) continue;
    const lane: Lane = {
      id: `${prefix}c/${name}`,
      group: opts.group,
      subject: name,
      title: `${opts.group === 'live' ? 'live · ' : ''}${info?.sidecar ? 'sidecar' : info?.init ? 'init container' : 'container'} ${name}`,
      rows: [],
    };
    if (info?.image) lane.subtitle = info.image;

    const states = fields.get('state') ?? [];
    const stateRow = row(`${prefix}c/${name}/state`, 'state', 'state', 'state: Waiting (reason) / Running / Terminated (reason, exit code)');
    const sb = new BandBuilder();
    for (let i = 0; i < states.length; i++) {
      const e = states[i]!;
      const st = str(e.to);
      const code = st === 'Terminated' ? exitCodeOf(e) : undefined;
      let label: string;
      let detail: string | undefined;
      if (st === 'Waiting') {
        label = e.reason || 'Waiting';
        detail = e.message ? `Waiting: ${label} — ${e.message}` : `Waiting: ${label}`;
      } else if (st === 'Terminated') {
        label = `${e.reason || 'Terminated'} · exit ${code ?? '?'}`;
        const cause = causes.get(e);
        detail = `Terminated: ${e.reason || ''}${code !== undefined ? `, exit code ${code}` : ''}${cause ? ` (killed: ${cause} probe failed)` : ''}${e.message ? ` — ${e.message}` : ''}`;
        const m: Marker = { t: e.t, kind: cause === 'liveness' || cause === 'startup' ? 'kill' : 'exit', label: cause === 'liveness' || cause === 'startup' ? `✕ ${cause}` : `exit ${code ?? '?'}`, tone: stateTone(st, e.reason, code), detail };
        stateRow.markers.push(m);
        if (m.kind === 'kill') milestones.push({ t: e.t, kind: 'kill', label: `killed (${cause})`, group: opts.group });
      } else {
        label = st || 'Unknown';
        detail = e.message ? `${label} — ${e.message}` : undefined;
      }
      const band = sb.push(e.t, label, stateTone(st, e.reason, code), detail);
      if (st === 'Terminated') band.alt = [`${e.reason || 'exit'} ${code ?? '?'}`, String(code ?? '?')];
      if (st === 'Waiting' && e.reason === 'ContainerCreating') band.alt = ['Creating'];
      if (st === 'Waiting' && e.reason === 'CrashLoopBackOff' && !crashLoopSeen) {
        crashLoopSeen = true;
        milestones.push({ t: e.t, kind: 'crashloop', label: `CrashLoopBackOff at ${formatT(e.t)}`, group: opts.group });
      }
    }
    stateRow.bands = sb.end(end);
    // Name the back-off waits: the wait is known once the container runs again.
    for (let i = 0; i < stateRow.bands.length; i++) {
      const b = stateRow.bands[i]!;
      if (b.tone !== 'backoff') continue;
      const wait = b.open ? undefined : b.t1 - b.t0;
      const fromMsg = /back-off (\S+)/.exec(b.detail ?? '')?.[1];
      const w = wait !== undefined ? goDuration(wait) : fromMsg;
      if (w) {
        b.label = `CrashLoopBackOff · back-off ${w}`;
        b.alt = [`CrashLoopBackOff ${w}`, `back-off ${w}`, w];
        if (!b.detail?.includes('back-off')) b.detail = `${b.detail ?? 'Waiting: CrashLoopBackOff'} (back-off ${w})`;
      }
    }
    // Which start a Running band is: "Running ↻3" for the fourth start.
    const counts = fields.get('restartCount') ?? [];
    if (counts.length) {
      let k = 0;
      let n = 0;
      for (const b of stateRow.bands) {
        while (k < counts.length && counts[k]!.t <= b.t0) n = Number(counts[k++]!.to) || 0;
        if (b.tone === 'running' && n > 0) {
          b.alt = [b.label, `↻${n}`];
          b.label = `Running ↻${n}`;
          b.detail = `${b.detail ? `${b.detail} · ` : ''}restart ${n}`;
        }
      }
    }
    for (const e of fields.get('restartCount') ?? []) {
      const n = Number(e.to);
      if (Number.isFinite(n) && n > 0) stateRow.markers.push({ t: e.t, kind: 'restart', label: `↻${n}`, tone: 'neutral', detail: `restartCount ${n}` });
    }
    stateRow.markers.sort((a, b) => a.t - b.t);
    if (states.length || opts.group === 'sim') lane.rows.push(stateRow);

    const firstT = states[0]?.t;
    if (fields.has('started') || (opts.group === 'sim' && !info?.init)) {
      lane.rows.push(signalRow(`${prefix}c/${name}/started`, 'started', fields.get('started'), end, firstT, 'containerStatus.started (startup probe succeeded, or none)'));
    }
    if (fields.has('ready') || (opts.group === 'sim' && !info?.init)) {
      lane.rows.push(signalRow(`${prefix}c/${name}/ready`, 'ready', fields.get('ready'), end, firstT, 'containerStatus.ready (readiness probe succeeded, or none)'));
    }

    // Live lanes show what was observed; simulated lanes show every probe of the spec.
    const kinds = new Set<string>(opts.group === 'sim' ? (info?.probes ?? []) : []);
    for (const k of byKind.keys()) kinds.add(k);
    for (const f of fields.keys()) if (f.startsWith('probe:')) kinds.add(probeKind(f.slice(6)));
    const ordered = ['startup', 'liveness', 'readiness'].filter((k) => kinds.has(k)).concat([...kinds].filter((k) => !['startup', 'liveness', 'readiness'].includes(k)));
    for (const kind of ordered) {
      const r = row(`${prefix}c/${name}/probe:${kind}`, 'probe', PROBE_LABEL[kind] ?? `${kind} probe`, `${PROBE_LABEL[kind] ?? kind}: every attempt (tick) and the worker's result (background)`);
      const pb = new BandBuilder();
      const evs = fields.get(`probe:${kind}`) ?? fields.get(`probe:${kind}Probe`) ?? [];
      for (const e of evs) {
        const v = str(e.to);
        if (pb.current?.label === v) continue;
        pb.push(e.t, v, probeResultTone(v), e.reason);
      }
      r.bands = pb.end(end);
      const list = byKind.get(kind) ?? [];
      r.ticks = list.map((a) => (a.message ? { t: a.t, ok: a.ok, message: a.message } : { t: a.t, ok: a.ok }));
      lane.rows.push(r);
    }
    if (lane.rows.length) lanes.push(lane);
  }
  milestones.sort((a, b) => a.t - b.t);
  return { lanes, milestones };
}

export interface ModelInput {
  spec: PodSpec | undefined;
  podName?: string;
  sim?: { events: readonly TimelineEvent[]; attempts: readonly ProbeAttempt[]; until?: number };
  live?: { events: readonly TimelineEvent[]; attempts: readonly ProbeAttempt[]; podName?: string; now?: number };
}

function lastT(xs: readonly { t: number }[]): number {
  return xs.length ? xs[xs.length - 1]!.t : 0;
}

export function buildModel(input: ModelInput): TimelineModel {
  const simEvents = input.sim?.events ?? [];
  const simAttempts = input.sim?.attempts ?? [];
  const liveEvents = input.live?.events ?? [];
  const liveAttempts = input.live?.attempts ?? [];
  const simEnd = input.sim ? Math.max(input.sim.until ?? 0, lastT(simEvents), lastT(simAttempts)) : 0;
  const liveEnd = input.live ? Math.max(input.live.now ?? 0, lastT(liveEvents), lastT(liveAttempts)) : 0;
  const end = Math.max(1, simEnd, liveEnd);
  const infos = containersOf(input.spec, simEvents);
  const lanes: Lane[] = [];
  const milestones: Milestone[] = [];
  if (input.sim) {
    const s = buildLanes(simEvents, simAttempts, infos, { group: 'sim', end: simEnd || end, ...(input.podName ? { podName: input.podName } : {}) });
    lanes.push(...s.lanes);
    milestones.push(...s.milestones);
  }
  if (input.live && (liveEvents.length || liveAttempts.length)) {
    const liveInfos = containersOf(input.spec, liveEvents);
    const name = input.live.podName ?? input.podName;
    const l = buildLanes(liveEvents, liveAttempts, liveInfos, { group: 'live', end: liveEnd || end, ...(name ? { podName: name } : {}) });
    lanes.push(...l.lanes);
    milestones.push(...l.milestones);
  }
  const times = new Set<number>();
  for (const e of simEvents) times.add(e.t);
  for (const e of liveEvents) times.add(e.t);
  return {
    lanes,
    end,
    eventTimes: [...times].sort((a, b) => a - b),
    milestones,
    containers: infos,
    counts: { events: simEvents.length + liveEvents.length, attempts: simAttempts.length + liveAttempts.length },
  };
}

// ---- geometry -----------------------------------------------------------------------------------

export interface RowBox { lane: Lane; row: Row; y: number; h: number }
export interface LaneBox { lane: Lane; y: number; h: number }

/** Vertical layout: a header per lane, then its rows. */
export function layoutRows(model: TimelineModel, top = 0): { rows: RowBox[]; lanes: LaneBox[]; height: number } {
  const rows: RowBox[] = [];
  const lanes: LaneBox[] = [];
  let y = top;
  for (const lane of model.lanes) {
    const y0 = y;
    y += LANE_HEADER;
    for (const r of lane.rows) {
      rows.push({ lane, row: r, y, h: r.height });
      y += r.height;
    }
    y += 6;
    lanes.push({ lane, y: y0, h: y - y0 });
  }
  return { rows, lanes, height: y };
}

/** First index i with items[i].t1 >= t (bands are sorted and do not overlap). */
export function firstBandEndingAfter(bands: readonly Band[], t: number): number {
  let lo = 0;
  let hi = bands.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bands[mid]!.t1 < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with items[i].t >= t. */
export function firstAtOrAfter(items: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The band of a row covering t (the later one when t is a boundary), if any. */
export function bandAt(r: Row, t: number): Band | undefined {
  let found: Band | undefined;
  for (let i = firstBandEndingAfter(r.bands, t); i < r.bands.length; i++) {
    const b = r.bands[i]!;
    if (b.t0 > t) break;
    found = b;
  }
  return found;
}

export interface Rect { x: number; w: number; band: Band }

/**
 * The bands of a row as pixel rectangles for a scale, visible part only. Instant bands (zero
 * length) get 1 px; neighbours thinner than a pixel are kept (the canvas merges them by colour).
 */
export function bandRects(r: Row, x: (t: number) => number, t0: number, t1: number): Rect[] {
  const out: Rect[] = [];
  for (let i = firstBandEndingAfter(r.bands, t0); i < r.bands.length; i++) {
    const b = r.bands[i]!;
    if (b.t0 > t1) break;
    const x0 = x(Math.max(b.t0, t0));
    const x1 = x(Math.min(b.t1, t1));
    out.push({ x: x0, w: Math.max(1, x1 - x0), band: b });
  }
  return out;
}

/** Tick x positions for a row, one per device pixel column at most (dense runs collapse). */
export function tickXs(r: Row, x: (t: number) => number, t0: number, t1: number): { x: number; ok: boolean }[] {
  const out: { x: number; ok: boolean }[] = [];
  let lastOk = -Infinity;
  let lastFail = -Infinity;
  for (let i = firstAtOrAfter(r.ticks, t0); i < r.ticks.length; i++) {
    const k = r.ticks[i]!;
    if (k.t > t1) break;
    const px = Math.round(x(k.t));
    if (k.ok) {
      if (px === lastOk) continue;
      lastOk = px;
    } else {
      if (px === lastFail) continue;
      lastFail = px;
    }
    out.push({ x: px, ok: k.ok });
  }
  return out;
}
