// Watch mode: a probe run in real time as the kubelet's worker runs it (§7.2 timing, §7.3 doProbe
// through ProbeWorker): first probe at once, then on ticks aligned to the start, initial delay in
// whole seconds, thresholds, errored attempts discarded, onHold after a liveness Failure or any
// startup verdict. The container is taken as started when the watch starts; a kill is followed
// by a simulated restart (a new container ID — the real process is not touched). Each event also
// says, in the user's words, where the probe stands ("2 of 3 failures") and what the kubelet would
// do next ("1 more failure restarts the container"); WatchTally folds the events into one line.
import { effectiveTiming, PROBE_LABEL, type Container, type EffectiveTiming, type Probe, type ProbeKind } from '../k8s';
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
  /** The current run of equal counted results: "2 of 3 failures". Absent until an attempt counted. */
  streak?: WatchStreak;
  /** What the kubelet would do next, in words: "1 more failure restarts the container". */
  next: string;
}

/** Consecutive equal counted results, against the threshold that makes them act. */
export interface WatchStreak {
  result: 'success' | 'failure';
  count: number;
  threshold: number;
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

const times = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`;

/** What a new container is in for: the kubelet's initial value (§7.1) in words. */
function initialVerdict(kind: ProbeKind, t: EffectiveTiming): string {
  switch (kind) {
    case 'livenessProbe':
      return `container started: ${times(t.failureThreshold, 'failure')} in a row restart it`;
    case 'readinessProbe':
      return `container started: not ready until ${times(t.successThreshold, 'success')} in a row`;
    case 'startupProbe':
      return `container started: waiting for the startup probe to succeed; ${times(t.failureThreshold, 'failure')} in a row restart it`;
  }
}

/** The run of equal counted results after an attempt (the worker resets resultRun to 0 when it acts). */
function streakOf(worker: ProbeWorker, t: EffectiveTiming): WatchStreak {
  const failure = worker.lastResult === 'Failure';
  const threshold = failure ? t.failureThreshold : t.successThreshold;
  return { result: failure ? 'failure' : 'success', count: worker.resultRun === 0 ? threshold : worker.resultRun, threshold };
}

/** What the kubelet would do next, given the cached result and the current streak (§7.3, §7.4). */
export function nextStep(kind: ProbeKind, cached: CachedResult, streak: WatchStreak | undefined, t: EffectiveTiming): string {
  const left = (n: number, what: string, one: string, many: string) => `${times(n, `more ${what}`)} ${n === 1 ? one : many}`;
  const failing = streak?.result === 'failure';
  const count = streak?.count ?? 0;
  switch (kind) {
    case 'livenessProbe':
      if (failing && count < t.failureThreshold) return left(t.failureThreshold - count, 'failure', 'restarts the container', 'restart the container');
      return `${times(t.failureThreshold, 'failure')} in a row restart the container`;
    case 'readinessProbe':
      if (cached === 'Success') {
        if (failing && count < t.failureThreshold) return left(t.failureThreshold - count, 'failure', 'marks it not ready', 'mark it not ready');
        return `ready; ${times(t.failureThreshold, 'failure')} in a row mark it not ready`;
      }
      if (!failing && streak && count < t.successThreshold) return left(t.successThreshold - count, 'success', 'marks it ready', 'mark it ready');
      return `not ready; ${times(t.successThreshold, 'success')} in a row mark it ready`;
    case 'startupProbe':
      if (cached === 'Success') return 'started: liveness and readiness probes run from now on';
      if (failing && count < t.failureThreshold) return left(t.failureThreshold - count, 'failure', 'restarts the container', 'restart the container');
      return `not started; ${times(t.failureThreshold, 'failure')} in a row restart the container`;
  }
}

/** A counted result changed the cached one: what follows from it (§7.4). */
function consequence(kind: ProbeKind, to: CachedResult, failureThreshold: number): { action: WatchAction; verdict: string } {
  if (kind === 'readinessProbe') return to === 'Success' ? { action: 'ready', verdict: 'would be marked ready' } : { action: 'not-ready', verdict: 'would be marked not ready' };
  if (to === 'Success') return { action: 'started', verdict: 'started: liveness and readiness probes would begin now' };
  return { action: 'kill', verdict: `would be killed now (${PROBE_LABEL[kind]} probe failed ${times(failureThreshold, 'time')} in a row)` };
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
  let counted = false;
  let nextTick = t0;

  const newContainer = (from: CachedResult | null, action: WatchAction, verdict: string) => {
    worker.newContainer();
    containerStart = clock.now();
    onEvent({ type: 'state', at: at(), from, to: worker.result, action, verdict });
  };
  newContainer(null, 'start', initialVerdict(kind, timing));

  while (!signal.aborted) {
    const started = kind === 'startupProbe' ? worker.result === 'Success' : true;
    const decision = worker.shouldProbe({ running: true, secondsSinceStart: (clock.now() - containerStart) / 1000, started });
    if (decision.probe) {
      const r = await run(probe, container, target, { site: kind, signal, timeoutSeconds: opts.timeoutSeconds });
      if (signal.aborted) break;
      const rec = worker.record(r.result, r.errored !== undefined);
      if (r.errored === undefined) counted = true;
      const streak = counted ? streakOf(worker, timing) : undefined;
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
        ...(streak && { streak }),
        next: nextStep(kind, worker.result, streak, timing),
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

/** A watch folded into what the user needs: counts, the current streak, restarts, what comes next. */
export interface WatchTally {
  /** Counted attempts that passed / failed, and errored (discarded) ones. */
  ok: number;
  failed: number;
  errored: number;
  /** Simulated restarts after a liveness or startup verdict. */
  restarts: number;
  /** The kubelet's cached result (for the record; not shown as such). */
  cached?: CachedResult;
  streak?: WatchStreak;
  /** What the kubelet would do next. */
  next?: string;
  /** Milliseconds since the watch started, at the last event. */
  at: number;
}

export const EMPTY_TALLY: WatchTally = { ok: 0, failed: 0, errored: 0, restarts: 0, at: 0 };

/** Adds one watch event to the tally (pure). */
export function tallyWatch(t: WatchTally, e: WatchEvent): WatchTally {
  if (e.type === 'state') return { ...t, cached: e.to, at: e.at, restarts: t.restarts + (e.action === 'restart' ? 1 : 0) };
  return {
    ...t,
    at: e.at,
    cached: e.cached,
    ok: t.ok + (e.counted && (e.result === 'success' || e.result === 'warning') ? 1 : 0),
    failed: t.failed + (e.counted && e.result !== 'success' && e.result !== 'warning' ? 1 : 0),
    errored: t.errored + (e.counted ? 0 : 1),
    ...(e.streak && { streak: e.streak }),
    next: e.next,
  };
}

/** Failing now: the last counted attempt failed. Undefined before any attempt counted. */
export function watchFailing(t: WatchTally): boolean | undefined {
  return t.streak ? t.streak.result === 'failure' : undefined;
}

/** One short line for a tree row or a CodeLens: "2 of 3 failures · restarted 1×", "passing · 12 checks". */
export function watchText(t: WatchTally): string {
  const parts: string[] = [];
  const s = t.streak;
  if (!s) parts.push(t.errored ? `${times(t.errored, 'check')} errored` : 'waiting for the first check');
  else if (s.result === 'failure') parts.push(s.count <= s.threshold ? `${s.count} of ${s.threshold} failures` : `${s.count} failures in a row`);
  else if (s.count < s.threshold) parts.push(`${s.count} of ${s.threshold} successes`);
  else parts.push(`passing · ${times(t.ok + t.failed, 'check')}`);
  if (t.restarts) parts.push(`restarted ${t.restarts}×`);
  return parts.join(' · ');
}
