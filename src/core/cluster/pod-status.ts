// kubectl's STATUS / READY / RESTARTS columns for a live pod (spec §13). The columns themselves
// are computed by the lifecycle engine's printPod (src/core/lifecycle/status.ts) so that the
// simulator and the live cluster tree read exactly alike; this file only adapts a pod as the API
// server returns it (ISO timestamps, optional fields) to that function's input (seconds, required
// arrays).
import type { ContainerState, ContainerStatus, PodObject } from './api-types';
import { humanDuration as humanSeconds, printPod } from '../lifecycle/status';
import type {
  ContainerState as SimState,
  ContainerStatus as SimStatus,
  PodCondition as SimCondition,
  PodPhase,
  PodStatus as SimPodStatus,
} from '../lifecycle/types';

export interface PodColumns {
  /** kubectl STATUS, e.g. Running, CrashLoopBackOff, Init:0/2, Terminating. */
  status: string;
  /** kubectl READY, e.g. "1/2". */
  ready: string;
  readyCount: number;
  totalCount: number;
  /** kubectl RESTARTS, e.g. "3 (5m ago)". */
  restarts: string;
  restartCount: number;
}

/** Go's duration.HumanDuration (kubectl's ages) for a duration in milliseconds. */
export function humanDurationMs(ms: number): string {
  return humanSeconds(ms / 1000);
}

/** ISO time → epoch seconds; undefined when absent or unreadable. */
function seconds(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t / 1000;
}

function toSimState(s: ContainerState | undefined): SimState {
  if (!s) return {};
  if (s.waiting) return { waiting: { reason: s.waiting.reason, message: s.waiting.message } };
  if (s.running) return { running: { startedAt: seconds(s.running.startedAt) ?? 0 } };
  if (s.terminated) {
    const t = s.terminated;
    return {
      terminated: {
        exitCode: t.exitCode ?? 0,
        signal: t.signal,
        reason: t.reason,
        message: t.message,
        startedAt: seconds(t.startedAt),
        finishedAt: seconds(t.finishedAt),
      },
    };
  }
  return {};
}

function toSimStatus(cs: ContainerStatus): SimStatus {
  return {
    name: cs.name ?? '',
    state: toSimState(cs.state),
    lastState: toSimState(cs.lastState),
    ready: cs.ready === true,
    started: typeof cs.started === 'boolean' ? cs.started : undefined,
    restartCount: cs.restartCount ?? 0,
    containerID: cs.containerID,
  };
}

/** STATUS / READY / RESTARTS exactly as `kubectl get pods` prints them. `now` for the age. */
export function podColumns(pod: PodObject, now: Date = new Date()): PodColumns {
  const st = pod.status ?? {};
  const status: SimPodStatus = {
    // kubectl prints whatever phase string the server sent (also "Unknown" or empty).
    phase: (st.phase ?? '') as PodPhase,
    reason: st.reason,
    conditions: (st.conditions ?? []).map((c) => ({ type: c.type ?? '', status: c.status, reason: c.reason, message: c.message }) as SimCondition),
    initContainerStatuses: (st.initContainerStatuses ?? []).map(toSimStatus),
    containerStatuses: (st.containerStatuses ?? []).map(toSimStatus),
  };
  const row = printPod({ spec: pod.spec ?? {}, status, deleting: !!pod.metadata?.deletionTimestamp, now: now.getTime() / 1000 });
  const [readyCount, totalCount] = row.ready.split('/').map(Number) as [number, number];
  return {
    status: row.status,
    ready: row.ready,
    readyCount,
    totalCount,
    restarts: row.restarts,
    restartCount: Number.parseInt(row.restarts, 10) || 0,
  };
}

/** Only the STATUS column. */
export function podStatusText(pod: PodObject): string {
  return podColumns(pod).status;
}
