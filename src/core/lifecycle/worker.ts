// The kubelet's probe worker (pkg/kubelet/prober/worker.go), without goroutines or timers:
// docs/semantics/pod-lifecycle.md §7.1 (initial values), §7.3 (doProbe, steps 2–14), §7.4 (quirks).
// The caller owns time and the container: it asks shouldProbe() whether this tick runs a probe,
// runs it, and hands the outcome to record(). Pure TypeScript; no 'vscode'.
import type { EffectiveTiming, ProbeKind } from '../k8s';

/** The results manager's cached value (results.Result): what the kubelet acts on. */
export type CachedResult = 'Success' | 'Failure' | 'Unknown';
/** What one probe attempt returned (probe.Result, §1.1). */
export type ProbeOutcome = 'success' | 'failure' | 'warning' | 'unknown';

/** What doProbe needs to know about the pod and this container at the moment of the tick. */
export interface ProbeContext {
  /** The container is in state Running. */
  running: boolean;
  /** Seconds since state.running.startedAt (ignored when not running). */
  secondsSinceStart: number;
  /** containerStatus.started (§7.5). */
  started: boolean;
  /** The pod has a deletionTimestamp (§7.3 step 7). */
  deleting?: boolean;
  /** The pod phase is Failed or Succeeded (§7.3 step 2). */
  podTerminal?: boolean;
  /** false only when the container is terminated and will never be restarted (§7.3 step 6). */
  willRestart?: boolean;
  /** false when the status manager has no pod status, or the container has no status with an ID yet (steps 1, 3). */
  hasStatus?: boolean;
}

export type ShouldProbe = { probe: true } | { probe: false; reason: string; stop?: boolean };
export interface RecordResult { changed: boolean; from: CachedResult; to: CachedResult }

/** §7.1: the value cached when a new container ID is first seen. */
export function initialResult(kind: ProbeKind): CachedResult {
  switch (kind) {
    case 'readinessProbe': return 'Failure';
    case 'livenessProbe': return 'Success';
    case 'startupProbe': return 'Unknown';
  }
}

export class ProbeWorker {
  /** The cached result for the current container ID (initial value until a probe decides). */
  result: CachedResult;
  /** Idle until a new container ID appears (after a liveness Failure or any startup verdict). */
  onHold = false;
  /** Length of the current run of equal probe results. Survives a container restart (§7.4 quirk). */
  resultRun = 0;
  /** The last counted probe result. Go's zero value of results.Result is Success, hence the start value. */
  lastResult: 'Success' | 'Failure' = 'Success';
  /** A container ID has been seen (the worker has a cached entry). */
  hasContainer = false;
  /** doProbe returned false: the worker's goroutine has ended and its cached result was removed. */
  stopped = false;

  constructor(readonly kind: ProbeKind, readonly timing: EffectiveTiming) {
    this.result = initialResult(kind);
  }

  /** Step 4: a new container ID. Initial value, onHold cleared; lastResult and resultRun are kept. */
  newContainer(): void {
    this.hasContainer = true;
    this.result = initialResult(this.kind);
    this.onHold = false;
  }

  /** Ends the worker (StopLivenessAndStartup, RemovePod, CleanupPods — §7.6). Idempotent. */
  stop(): void {
    this.stopped = true;
  }

  /** doProbe steps 1–9, in the kubelet's order. May change `result` (steps 6, 7) and stop the worker. */
  shouldProbe(ctx: ProbeContext): ShouldProbe {
    if (this.stopped) return { probe: false, reason: 'worker stopped', stop: true };
    if (ctx.podTerminal) {
      this.stopped = true;
      return { probe: false, reason: 'pod is terminal', stop: true };
    }
    if (ctx.hasStatus === false) return { probe: false, reason: 'no container status' };
    if (this.onHold) return { probe: false, reason: 'on hold until a new container' };
    if (!ctx.running) {
      if (this.hasContainer) this.result = 'Failure';
      if (ctx.willRestart === false) {
        this.stopped = true;
        return { probe: false, reason: 'container terminated and will not restart', stop: true };
      }
      return { probe: false, reason: 'container not running' };
    }
    if (ctx.deleting && (this.kind === 'livenessProbe' || this.kind === 'startupProbe')) {
      this.result = 'Success';
      this.stopped = true;
      return { probe: false, reason: 'pod is being deleted', stop: true };
    }
    if (Math.trunc(ctx.secondsSinceStart) < this.timing.initialDelaySeconds) {
      return { probe: false, reason: 'initial delay' };
    }
    if (ctx.started) {
      if (this.kind === 'startupProbe') return { probe: false, reason: 'container already started' };
    } else if (this.kind !== 'startupProbe') {
      return { probe: false, reason: 'container not started yet' };
    }
    return { probe: true };
  }

  /**
   * doProbe steps 10–14: count one probe outcome. Warning counts as success, unknown as failure;
   * an errored probe (`errored`) is discarded. Returns whether the cached result changed.
   */
  record(outcome: ProbeOutcome, errored = false): RecordResult {
    const from = this.result;
    if (errored) return { changed: false, from, to: from };
    const r: 'Success' | 'Failure' = outcome === 'success' || outcome === 'warning' ? 'Success' : 'Failure';
    if (this.lastResult === r) this.resultRun++;
    else {
      this.lastResult = r;
      this.resultRun = 1;
    }
    const threshold = r === 'Failure' ? this.timing.failureThreshold : this.timing.successThreshold;
    if (this.resultRun < threshold) return { changed: false, from, to: from };
    this.result = r;
    if ((this.kind === 'livenessProbe' && r === 'Failure') || this.kind === 'startupProbe') {
      this.onHold = true;
      this.resultRun = 0;
    }
    return { changed: from !== r, from, to: r };
  }
}
