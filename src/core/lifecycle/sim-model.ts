// The simulator's inner shapes, shared by its parts (input, plan, engine, recorder): a container
// with its instances and probe-worker slots, and the small pure helpers over them. Not exported
// from the package's API (simulate.ts is). Pure TypeScript; no 'vscode'.
import type { Container, ProbeKind } from '../k8s';
import type { RuntimeRecord } from './restart';
import type { RuntimeContainer } from './status';
import type { ContainerStatus, SimContainerInfo, SimContainerType, SimRun } from './types';
import type { ProbeWorker } from './worker';

// Order of steps at the same instant: pod-level steps, runtime (exits, pulls, hooks), then probe
// ticks, then syncs.
export const PRIO_POD = 0;
export const PRIO_RUNTIME = 1;
export const PRIO_PROBE = 2;
export const PRIO_SYNC = 3;
/** kubelet backOffPeriod: the pod worker retries a sync that returned an error after this long. */
export const POD_WORKER_BACKOFF = 10;

/** One start of a container (one container ID in the runtime). */
export interface Instance {
  n: number;
  run: SimRun;
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  killing?: boolean;
  /**
   * The postStart hook of this instance is still running (startContainer has not returned): the
   * kubelet has not written a status that shows it, so it is invisible to the status and to the
   * probe workers (docs/semantics/pod-lifecycle.md, "postStart").
   */
  inHook?: boolean;
  /** Its postStart hook failed (the handler's message): the kubelet is killing it; it shows once it has exited. */
  hookFailed?: string;
}

export interface WorkerSlot {
  kind: ProbeKind;
  worker: ProbeWorker;
  /** Bumped when the ticker is reset by a manual trigger; stale ticks are dropped. */
  gen: number;
  /** When this worker last ran a probe: a trigger at the same instant does not probe twice. */
  lastAttemptAt: number;
  /** The ticker's origin (admission, or the last manual trigger): ticks fall on base + k × period. */
  base: number;
  /** On hold: nothing but a new container can wake it, so its ticks are not scheduled meanwhile. */
  parked: boolean;
}

export interface Ctr {
  name: string;
  spec: Container;
  type: SimContainerType;
  info: SimContainerInfo;
  cur?: Instance;
  prev?: Instance;
  starts: number;
  imagePresent: boolean;
  /** The kubelet's reason cache: why the last start attempt failed. */
  waiting?: { reason: string; message?: string };
  slots: WorkerSlot[];
  byKind: Partial<Record<ProbeKind, WorkerSlot>>;
  /** Its status in the last status written (what the probe workers and the next conversion see). */
  last?: ContainerStatus;
}

export function runtimeOf(name: string, i: Instance): RuntimeContainer {
  const r: RuntimeContainer = {
    state: i.finishedAt === undefined ? 'running' : 'exited', id: `sim://${name}/${i.n}`, restartCount: i.n - 1, startedAt: i.startedAt,
  };
  if (i.finishedAt !== undefined) {
    r.finishedAt = i.finishedAt;
    r.exitCode = i.exitCode;
    r.reason = i.reason;
  }
  return r;
}

export function isRunning(c: Ctr): boolean {
  return !!c.cur && c.cur.finishedAt === undefined;
}

/** finishedAt of the newest exited instance (the back-off reference). */
export function newestExit(c: Ctr): number | undefined {
  return c.cur?.finishedAt !== undefined ? c.cur.finishedAt : c.prev?.finishedAt;
}

/**
 * What the runtime knows about the newest instance (for ShouldContainerBeRestarted). `shown`: as
 * the status the kubelet last wrote saw it (an instance in its postStart hook is not in it yet).
 */
export function runtimeRecord(c: Ctr, shown = false): RuntimeRecord {
  const i = shown && c.cur?.inHook ? c.prev : c.cur;
  if (!i) return { state: 'none' };
  if (i.finishedAt === undefined) return { state: 'running' };
  return { state: 'exited', exitCode: i.exitCode ?? 0 };
}

export function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}
