// Watch mode: a probe run in real time as the kubelet's worker runs it (§7.2 timing, §7.3 doProbe
// through ProbeWorker): first probe at once, then on ticks aligned to the start, initial delay in
// whole seconds, thresholds, errored attempts discarded, onHold after a liveness Failure or any
// startup verdict. The container is taken as started when the watch starts; a kill is followed
// by a simulated restart (a new container ID — the real process is not touched).
import { effectiveTiming, PROBE_LABEL, type Container, type Probe, type ProbeKind } from '../k8s';
import { ProbeWorker, type CachedResult } from '../lifecycle/worker';
import { runHandler } from './index';
import type { ProbeResult, ProbeRunResult, ProbeTarget, RunOptions } from './types';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface WatchAttempt {
  type: 'attempt';
  /** Milliseconds since the watch started. */
  at: number;
  attempt: number;
  result: ProbeResult;
  message: string;
  errored?: string;
  durationMs: number;
  /** false for an errored attempt: the worker discards it. */
  counted: boolean;
  /** Consecutive equal results so far (the worker's resultRun). */
  resultRun: number;
  /** The cached result after this attempt. */
  cached: CachedResult;
  event?: string;
}

/** What the kubelet would do about the container at a state change. */
export type WatchAction = 'start' | 'kill' | 'restart' | 'ready' | 'not-ready' | 'started';

export interface WatchStateChange {
  type: 'state';
  at: number;
  /** null for the initial value of a new container. */
  from: CachedResult | null;
  to: CachedResult;
  action: WatchAction;
  verdict: string;
}

export type WatchEvent = WatchAttempt | WatchStateChange;

export interface WatchOptions {
  site: ProbeKind;
  signal: AbortSignal;
  onEvent(e: WatchEvent): void;
  timeoutSeconds?: number;
  clock?: Clock;
  /** Runs one attempt; default runHandler. */
  run?: (probe: Probe, container: Container, target: ProbeTarget, opts: RunOptions) => Promise<ProbeRunResult>;
}

const INITIAL_VERDICT: Record<ProbeKind, string> = {
  livenessProbe: 'container running: Success until the probe fails failureThreshold times in a row',
  readinessProbe: 'container running: not ready until the probe succeeds successThreshold times in a row',
  startupProbe: 'container running: not started until the probe succeeds',
};

/** A counted result changed the cached one: what follows from it (§7.4). */
function consequence(kind: ProbeKind, to: CachedResult, failureThreshold: number): { action: WatchAction; verdict: string } {
  if (kind === 'readinessProbe') return to === 'Success' ? { action: 'ready', verdict: 'would be marked ready' } : { action: 'not-ready', verdict: 'would be marked not ready' };
  if (to === 'Success') return { action: 'started', verdict: 'started: liveness and readiness probes would begin now' };
  const times = `${failureThreshold} time${failureThreshold === 1 ? '' : 's'}`;
  return { action: 'kill', verdict: `would be killed now (${PROBE_LABEL[kind]} probe failed ${times} in a row)` };
}

/** Runs `probe` on the worker's schedule until `opts.signal` aborts, reporting each attempt and state change. */
export async function watchProbe(probe: Probe, container: Container, target: ProbeTarget, opts: WatchOptions): Promise<void> {
  const { site: kind, signal, onEvent } = opts;
  const clock = opts.clock ?? realClock;
  const run = opts.run ?? runHandler;
  const timing = effectiveTiming(probe);
  const periodMs = timing.periodSeconds * 1000;
  const worker = new ProbeWorker(kind, timing);
  const t0 = clock.now();
  const at = () => Math.round(clock.now() - t0);
  let containerStart = t0;
  let attempt = 0;
  let nextTick = t0;

  const newContainer = (from: CachedResult | null, action: WatchAction, verdict: string) => {
    worker.newContainer();
    containerStart = clock.now();
    onEvent({ type: 'state', at: at(), from, to: worker.result, action, verdict });
  };
  newContainer(null, 'start', INITIAL_VERDICT[kind]);

  while (!signal.aborted) {
    const started = kind === 'startupProbe' ? worker.result === 'Success' : true;
    const decision = worker.shouldProbe({ running: true, secondsSinceStart: (clock.now() - containerStart) / 1000, started });
    if (decision.probe) {
      const r = await run(probe, container, target, { site: kind, signal, timeoutSeconds: opts.timeoutSeconds });
      if (signal.aborted) break;
      const rec = worker.record(r.result, r.errored !== undefined);
      onEvent({
        type: 'attempt',
        at: at(),
        attempt: ++attempt,
        result: r.result,
        message: r.message,
        ...(r.errored !== undefined && { errored: r.errored }),
        durationMs: r.durationMs,
        counted: r.errored === undefined,
        resultRun: worker.resultRun,
        cached: worker.result,
        ...(r.event && { event: r.event }),
      });
      if (rec.changed) onEvent({ type: 'state', at: at(), from: rec.from, to: rec.to, ...consequence(kind, rec.to, timing.failureThreshold) });
      if (worker.onHold && worker.result === 'Failure') {
        newContainer(rec.to, 'restart', 'container restarted (simulated: the real process is not restarted)');
      }
    }
    // time.Ticker: ticks stay aligned to the start; a probe longer than a period is followed at once
    // by one buffered tick, the other missed ticks are dropped.
    nextTick += periodMs;
    const now = clock.now();
    if (nextTick <= now) nextTick = t0 + Math.floor((now - t0) / periodMs) * periodMs;
    else await clock.sleep(nextTick - now, signal);
  }
}
