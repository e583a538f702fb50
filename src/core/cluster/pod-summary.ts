// Tree-friendly summaries of live pods and of their probe-related events.
import type { ContainerStatus, EventObject, PodObject } from './api-types';
import type { Container, ContainerPort, Probe, ProbeKind } from '../k8s';
import { podColumns } from './pod-status';

export type ContainerRole = 'container' | 'init' | 'sidecar';
export type ContainerStateName = 'waiting' | 'running' | 'terminated' | 'unknown';

export interface ContainerSummary {
  name: string;
  role: ContainerRole;
  image?: string;
  ready: boolean;
  /** The kubelet's `started` (startup probe passed); undefined when not reported. */
  started?: boolean;
  restartCount: number;
  state: ContainerStateName;
  /** Waiting/terminated reason, e.g. CrashLoopBackOff, OOMKilled. */
  reason?: string;
  message?: string;
  exitCode?: number;
  startedAt?: string;
  /** The probes from the pod spec (as the API server stored them, defaults applied). */
  probes: Partial<Record<ProbeKind, Probe>>;
  ports: ContainerPort[];
}

export interface PodSummary {
  name: string;
  namespace: string;
  uid?: string;
  phase: string;
  /** kubectl STATUS / READY / RESTARTS text. */
  status: string;
  ready: string;
  restarts: string;
  readyCount: number;
  totalCount: number;
  restartCount: number;
  podIP?: string;
  nodeName?: string;
  createdAt?: string;
  deleting: boolean;
  /** Init containers (including sidecars) first, then regular containers, in spec order. */
  containers: ContainerSummary[];
}

function stateOf(cs: ContainerStatus | undefined): Pick<ContainerSummary, 'state' | 'reason' | 'message' | 'exitCode' | 'startedAt'> {
  const s = cs?.state;
  if (s?.running) return { state: 'running', startedAt: s.running.startedAt };
  if (s?.terminated)
    return { state: 'terminated', reason: s.terminated.reason, message: s.terminated.message, exitCode: s.terminated.exitCode };
  if (s?.waiting) return { state: 'waiting', reason: s.waiting.reason, message: s.waiting.message };
  return { state: 'unknown' };
}

function probesOf(c: Container): Partial<Record<ProbeKind, Probe>> {
  const p: Partial<Record<ProbeKind, Probe>> = {};
  if (c.startupProbe) p.startupProbe = c.startupProbe;
  if (c.readinessProbe) p.readinessProbe = c.readinessProbe;
  if (c.livenessProbe) p.livenessProbe = c.livenessProbe;
  return p;
}

function containerSummary(c: Container, role: ContainerRole, statuses: ContainerStatus[] | undefined): ContainerSummary {
  const cs = statuses?.find((s) => s.name === c.name);
  return {
    name: c.name ?? '',
    role,
    image: c.image ?? cs?.image,
    ready: cs?.ready === true,
    started: typeof cs?.started === 'boolean' ? cs.started : undefined,
    restartCount: cs?.restartCount ?? 0,
    ...stateOf(cs),
    probes: probesOf(c),
    ports: c.ports ?? [],
  };
}

/** A live pod as the tree shows it. `now` for the RESTARTS age. */
export function summarizePod(pod: PodObject, now: Date = new Date()): PodSummary {
  const cols = podColumns(pod, now);
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  const containers: ContainerSummary[] = [
    ...(spec.initContainers ?? []).map((c) =>
      containerSummary(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', st.initContainerStatuses),
    ),
    ...(spec.containers ?? []).map((c) => containerSummary(c, 'container', st.containerStatuses)),
  ];
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    uid: pod.metadata?.uid,
    phase: st.phase ?? 'Unknown',
    status: cols.status,
    ready: cols.ready,
    restarts: cols.restarts,
    readyCount: cols.readyCount,
    totalCount: cols.totalCount,
    restartCount: cols.restartCount,
    podIP: st.podIP,
    nodeName: spec.nodeName,
    createdAt: pod.metadata?.creationTimestamp,
    deleting: !!pod.metadata?.deletionTimestamp,
    containers,
  };
}

// ---- events -------------------------------------------------------------------------------------

/** Event reasons that tell about probes and what they caused. */
export const PROBE_EVENT_REASONS: readonly string[] = ['Unhealthy', 'ProbeWarning', 'BackOff', 'Killing'];

export interface ProbeEventSummary {
  reason: string;
  /** Normal | Warning */
  type: string;
  message: string;
  count: number;
  /** Newest time the event was seen (ISO), for sorting. */
  lastSeen?: string;
  firstSeen?: string;
  /** From involvedObject.fieldPath `spec.containers{name}` / `spec.initContainers{name}`. */
  container?: string;
  /** From the message ("Liveness probe failed: …"), when it names a probe. */
  probe?: ProbeKind;
  podName?: string;
  uid?: string;
}

export function isProbeEvent(e: EventObject): boolean {
  return !!e.reason && PROBE_EVENT_REASONS.includes(e.reason);
}

function probeOfMessage(message: string): ProbeKind | undefined {
  const m = /^(Liveness|Readiness|Startup) probe/i.exec(message.trim());
  if (!m) return undefined;
  return `${m[1]!.toLowerCase()}Probe` as ProbeKind;
}

export function summarizeEvent(e: EventObject): ProbeEventSummary {
  const message = e.message ?? '';
  const fieldPath = e.involvedObject?.fieldPath ?? '';
  const container = /^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/.exec(fieldPath)?.[1];
  const lastSeen = e.series?.lastObservedTime || e.lastTimestamp || e.eventTime || e.firstTimestamp || e.metadata?.creationTimestamp;
  return {
    reason: e.reason ?? '',
    type: e.type ?? 'Normal',
    message,
    count: e.series?.count ?? e.count ?? 1,
    lastSeen: lastSeen ?? undefined,
    firstSeen: e.firstTimestamp || e.eventTime || undefined,
    container,
    probe: probeOfMessage(message),
    podName: e.involvedObject?.name,
    uid: e.metadata?.uid,
  };
}

function timeOf(s: string | undefined): number {
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? 0 : t;
}

/** Probe-related events (Unhealthy, ProbeWarning, BackOff, Killing), newest first. */
export function probeEvents(events: readonly EventObject[]): ProbeEventSummary[] {
  return events
    .filter(isProbeEvent)
    .map(summarizeEvent)
    .sort((a, b) => timeOf(b.lastSeen) - timeOf(a.lastSeen));
}
