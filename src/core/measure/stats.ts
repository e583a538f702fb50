// Measurement records and their statistics: latency percentiles, failures by kind, cold-start
// times. Pure TypeScript (docs/measure.md, "What is measured").
import type { ProbeFailure, ProbeRunResult } from '../probe/types';

/** Why an attempt failed, in the words a user filters by. */
export type FailureKind = ProbeFailure | 'errored';

export interface Attempt {
  /** Milliseconds since the measurement started. */
  at: number;
  durationMs: number;
  ok: boolean;
  /** Set when !ok. */
  failure?: FailureKind;
  /** HTTP status or exit code, when there was one. */
  code?: number;
  message?: string;
}

export interface LatencyStats {
  samples: number;
  successes: number;
  failures: number;
  failureRate: number;
  failuresByKind: Partial<Record<FailureKind, number>>;
  /** Longest run of consecutive failures. */
  maxConsecutiveFailures: number;
  /** Latency of every attempt that got an answer (successes and status/exit-code failures), ms. */
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  mean?: number;
}

export interface StartRecord {
  /** 1-based number of the start. */
  start: number;
  /** Seconds from launching the app to the end of the first successful attempt; absent when none. */
  firstSuccessSeconds?: number;
  /** Attempts made before (and including) the first success. */
  attempts: number;
  /** Why this start gave no time: the process exited, the wait ran out, it was cancelled. */
  problem?: string;
}

export interface StartStats {
  starts: number;
  measured: number;
  fastest?: number;
  median?: number;
  slowest?: number;
}

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (!sorted.length) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The kind of failure of one run. The runners return the kubelet's own messages (Go's error
 * strings: "connect: connection refused", "context deadline exceeded"); the HTTP status is read
 * from its field, an exec probe that ran and failed exited non-zero, the rest from those fixed words.
 */
export function classify(r: ProbeRunResult): { ok: boolean; failure?: FailureKind; code?: number } {
  if (r.result === 'success' || r.result === 'warning') return { ok: true, ...(r.http?.status !== undefined && { code: r.http.status }) };
  if (r.http?.status !== undefined) return { ok: false, failure: 'status', code: r.http.status };
  // The probers say why, as data (ProbeRunResult.failure); the Go text of the message is for people.
  if (r.failure) return { ok: false, failure: r.failure };
  if (r.errored !== undefined) return { ok: false, failure: 'errored' };
  return { ok: false, failure: 'other' };
}

export function attemptOf(r: ProbeRunResult, at: number): Attempt {
  const c = classify(r);
  return {
    at,
    durationMs: r.durationMs,
    ok: c.ok,
    ...(c.failure && { failure: c.failure }),
    ...(c.code !== undefined && { code: c.code }),
    ...(!c.ok && r.message && { message: r.message.slice(0, 300) }),
  };
}

export function latencyStats(attempts: readonly Attempt[]): LatencyStats {
  const failuresByKind: LatencyStats['failuresByKind'] = {};
  let run = 0;
  let maxRun = 0;
  for (const a of attempts) {
    if (a.ok) run = 0;
    else {
      run++;
      maxRun = Math.max(maxRun, run);
      failuresByKind[a.failure ?? 'other'] = (failuresByKind[a.failure ?? 'other'] ?? 0) + 1;
    }
  }
  // An answer is a latency; a refused connection or a timeout is not (a timeout is only a lower bound).
  const answered = attempts.filter((a) => a.ok || a.failure === 'status' || a.failure === 'exit-code').map((a) => a.durationMs);
  answered.sort((a, b) => a - b);
  const successes = attempts.filter((a) => a.ok).length;
  const n = attempts.length;
  return {
    samples: n,
    successes,
    failures: n - successes,
    failureRate: n ? round1(((n - successes) / n) * 1000) / 1000 : 0,
    failuresByKind,
    maxConsecutiveFailures: maxRun,
    ...(answered.length && {
      p50: percentile(answered, 50),
      p95: percentile(answered, 95),
      p99: percentile(answered, 99),
      max: answered[answered.length - 1],
      mean: round1(answered.reduce((s, v) => s + v, 0) / answered.length),
    }),
  };
}

export function startStats(records: readonly StartRecord[]): StartStats {
  const times = records.flatMap((r) => (r.firstSuccessSeconds === undefined ? [] : [r.firstSuccessSeconds])).sort((a, b) => a - b);
  return {
    starts: records.length,
    measured: times.length,
    ...(times.length && { fastest: times[0], median: percentile(times, 50), slowest: times[times.length - 1] }),
  };
}
