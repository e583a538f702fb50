// Events → swimlanes. One lane for the pod (phase, the kubectl STATUS column, conditions,
// Kubernetes events) and one per container (state bands, started/ready signals, one row per probe
// with every attempt as a tick), for the simulation and, below it, for a live pod. Works in
// seconds; lane-geometry.ts maps them to pixels. Pure: no DOM.
import type { PodSpec, ProbeKind } from '../core/k8s';
import type { KubeletEvent, LiveAttempt, SimEvent, TimelineData } from '../core/timeline/protocol';
import { formatT, goDuration } from '../core/util/duration';
import { ROW_HEIGHT } from './lane-geometry';
import { containersOf, Replayer, terminationCauses, CONDITION_ORDER, PROBE_ORDER, type ContainerInfo } from './pod-replay';
import { kubectlLine } from './status-text';
import { kubectlTone, phaseTone, stateTone, type Tone } from './tones';

export type { Tone };

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

const PROBE_ROW_LABEL: Record<ProbeKind, string> = { startupProbe: 'startup probe', livenessProbe: 'liveness probe', readinessProbe: 'readiness probe' };

/** started / ready say 'true' | 'false'; conditions 'True' | 'False' | 'Unknown'. */
function signalTone(v: string): Tone {
  if (v === 'true' || v === 'True') return 'true';
  if (v === 'false' || v === 'False') return 'false';
  return 'unknown';
}

function probeResultTone(v: string): Tone {
  if (v === 'Success') return 'ok';
  if (v === 'Failure') return 'fail';
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

/** The value a field had before its first reported change (a live pod watched mid-life). */
function initialFrom(e: SimEvent | undefined): string | undefined {
  if (!e || e.t <= 0) return undefined;
  return e.from || undefined;
}

interface Grouped {
  pod: Map<string, SimEvent[]>;
  containers: Map<string, Map<string, SimEvent[]>>;
  attempts: Map<string, Map<ProbeKind, LiveAttempt[]>>;
}

function group(events: readonly SimEvent[], attempts: readonly LiveAttempt[]): Grouped {
  const g: Grouped = { pod: new Map(), containers: new Map(), attempts: new Map() };
  const add = <K, T>(m: Map<K, T[]>, k: K, v: T) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = []));
    a.push(v);
  };
  for (const e of events) {
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
    add(m, a.kind, a);
  }
  return g;
}

function row(id: string, kind: RowKind, label: string, title?: string): Row {
  const r: Row = { id, kind, label, height: ROW_HEIGHT[kind], bands: [], ticks: [], markers: [] };
  if (title) r.title = title;
  return r;
}

function signalRow(id: string, label: string, events: readonly SimEvent[] | undefined, end: number, startAt?: number, title?: string): Row {
  const r = row(id, 'signal', label, title);
  const b = new BandBuilder();
  if (startAt !== undefined && (!events?.length || events[0]!.t > startAt)) b.push(startAt, 'False', 'false');
  for (const e of events ?? []) {
    const tone = signalTone(e.to);
    if (b.current?.tone === tone) continue;
    const label = tone === 'true' ? 'True' : tone === 'false' ? 'False' : e.to || 'Unknown';
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
export function buildLanes(data: TimelineData, infos: readonly ContainerInfo[], opts: BuildOptions): { lanes: Lane[]; milestones: Milestone[] } {
  const { end } = opts;
  const { events, attempts, kubeletEvents } = data;
  const prefix = opts.group === 'live' ? 'live:' : '';
  const g = group(events, attempts);
  const causes = terminationCauses(events, kubeletEvents);
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
      const p = e.to;
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
      const k = kubectlLine(rep.view(e.t), opts.podName ?? 'pod');
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
      const up = evs.find((e) => e.to === 'True');
      if (up) milestones.push({ t: up.t, kind: 'ready', label: `Ready at ${formatT(up.t)}`, group: opts.group });
    }
    if (type === 'PodScheduled') {
      const down = evs.find((e) => e.to === 'False');
      if (down && down.reason) milestones.push({ t: down.t, kind: 'unschedulable', label: down.reason, group: opts.group });
    }
  }
  if (kubeletEvents.length) pod.rows.push(eventsRow(`${prefix}pod/events`, kubeletEvents));
  if (pod.rows.length) lanes.push(pod);

  // ---- container lanes
  const names = new Set<string>(infos.map((i) => i.name));
  for (const k of g.containers.keys()) names.add(k);
  for (const k of g.attempts.keys()) names.add(k);
  let crashLoopSeen = false;
  for (const name of names) {
    const info = infos.find((i) => i.name === name);
    const fields = g.containers.get(name) ?? new Map<string, SimEvent[]>();
    const byKind = g.attempts.get(name) ?? new Map<ProbeKind, LiveAttempt[]>();
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
      const st = e.to;
      const code = st === 'Terminated' ? e.exitCode : undefined;
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
        if (m.kind === 'kill') milestones.push({ t: e.t, kind: 'kill', label: `${cause} probe`, group: opts.group });
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
    // Name the back-off waits: a wait's length is known once the container runs again (the
    // kubelet's message, in the band's detail, says it for the one still going at the end).
    for (const b of stateRow.bands) {
      if (b.tone !== 'backoff' || b.open) continue;
      const w = goDuration(b.t1 - b.t0);
      b.label = `CrashLoopBackOff · back-off ${w}`;
      b.alt = [`CrashLoopBackOff ${w}`, `back-off ${w}`, w];
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
    const kinds = new Set<ProbeKind>(opts.group === 'sim' ? (info?.probes ?? []) : []);
    for (const k of byKind.keys()) kinds.add(k);
    for (const k of PROBE_ORDER) if (fields.has(`probe:${k}`)) kinds.add(k);
    for (const kind of PROBE_ORDER.filter((k) => kinds.has(k))) {
      const label = PROBE_ROW_LABEL[kind];
      const r = row(`${prefix}c/${name}/probe:${kind}`, 'probe', label, `${label}: every attempt (tick) and the worker's result (background)`);
      const pb = new BandBuilder();
      for (const e of fields.get(`probe:${kind}`) ?? []) {
        const v = e.to;
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

/** Kubernetes Events as diamonds on one row (kubectl describe pod's Events). */
function eventsRow(id: string, kubeletEvents: readonly KubeletEvent[]): Row {
  const r = row(id, 'events', 'events', 'Kubernetes events (kubectl describe pod)');
  for (const e of kubeletEvents) {
    const m: Marker = { t: e.t, kind: 'event', label: e.reason, tone: e.type === 'Warning' ? 'fail' : 'neutral' };
    const who = e.object !== 'pod' ? `${e.object}: ` : '';
    m.detail = `${e.type} ${e.reason} — ${who}${e.message}`;
    r.markers.push(m);
  }
  return r;
}

export interface ModelInput {
  spec: PodSpec | undefined;
  podName?: string;
  sim?: TimelineData & { until?: number };
  live?: TimelineData & { podName?: string; now?: number };
}

function lastT(xs: readonly { t: number }[]): number {
  return xs.length ? xs[xs.length - 1]!.t : 0;
}

export function buildModel(input: ModelInput): TimelineModel {
  const simEvents = input.sim?.events ?? [];
  const simAttempts = input.sim?.attempts ?? [];
  const liveEvents = input.live?.events ?? [];
  const liveAttempts = input.live?.attempts ?? [];
  const liveKubelet = input.live?.kubeletEvents ?? [];
  const simEnd = input.sim ? Math.max(input.sim.until ?? 0, lastT(simEvents), lastT(simAttempts)) : 0;
  const liveEnd = input.live ? Math.max(input.live.now ?? 0, lastT(liveEvents), lastT(liveAttempts), lastT(liveKubelet)) : 0;
  const end = Math.max(1, simEnd, liveEnd);
  const infos = containersOf(input.spec, simEvents);
  const lanes: Lane[] = [];
  const milestones: Milestone[] = [];
  if (input.sim) {
    const s = buildLanes(input.sim, infos, { group: 'sim', end: simEnd || end, ...(input.podName ? { podName: input.podName } : {}) });
    lanes.push(...s.lanes);
    milestones.push(...s.milestones);
  }
  if (input.live && (liveEvents.length || liveAttempts.length || liveKubelet.length)) {
    const liveInfos = containersOf(input.spec, liveEvents);
    const name = input.live.podName ?? input.podName;
    const l = buildLanes(input.live, liveInfos, { group: 'live', end: liveEnd || end, ...(name ? { podName: name } : {}) });
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

