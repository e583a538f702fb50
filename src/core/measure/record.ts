// What is kept of a probe's measurements between sessions (the editor keeps one record per probe
// in workspace state): its attempts — from ⏱ Measure and from ⟳ Watch — and its cold starts, with
// the words the hover and the tree show. Pure TypeScript (docs/measure.md, "In the editor").
import type { Container, ProbeKind } from '../k8s';
import type { PodObject } from '../cluster/api-types';
import type { WatchAttempt } from '../probe/watch';
import { recommend, DEFAULT_RECOMMEND_SETTINGS, type Recommendation, type RecommendSettings } from './recommend';
import { latencyStats, startStats, type Attempt, type FailureKind, type LatencyStats, type StartRecord, type StartStats } from './stats';

/** Most attempts and starts kept per probe (the newest); older ones are dropped. */
export const KEEP_ATTEMPTS = 1000;
export const KEEP_STARTS = 50;

export interface MeasureRecord {
  v: 1;
  probe: ProbeKind;
  /** Epoch ms of the newest measurement. */
  at: number;
  /** Where the newest measurement ran ("127.0.0.1 (ports 8080→18080)", "pod demo/web-1"). */
  target: string;
  /** Latency samples, oldest first. */
  attempts: Attempt[];
  /** How many of `attempts` came from a Watch (the rest from Measure). */
  watched: number;
  starts: StartRecord[];
  /** Why cold starts gave no time, newest last (kept with the starts). */
  startProblems?: string[];
}

export interface MeasureAnalysis {
  latency?: LatencyStats;
  starts?: StartStats;
  recommendation: Recommendation;
}

function keepLast<T>(list: readonly T[], n: number): T[] {
  return list.length > n ? list.slice(list.length - n) : [...list];
}

/** The record with new latency samples added (from 'measure' or 'watch'). */
export function addAttempts(rec: MeasureRecord | undefined, probe: ProbeKind, attempts: readonly Attempt[], from: 'measure' | 'watch', target: string, now: number): MeasureRecord {
  const base: MeasureRecord = rec && rec.probe === probe ? rec : { v: 1, probe, at: now, target, attempts: [], watched: 0, starts: [] };
  const all = [...base.attempts, ...attempts];
  const kept = keepLast(all, KEEP_ATTEMPTS);
  const dropped = all.length - kept.length;
  // Dropped ones are the oldest; count the watched among them as dropped first (an estimate that never goes below 0).
  const watched = Math.max(0, Math.min(kept.length, base.watched + (from === 'watch' ? attempts.length : 0) - dropped));
  return { ...base, at: now, target, attempts: kept, watched };
}

/** The record with the cold starts of one measurement added (numbered on from the ones kept). */
export function addStarts(rec: MeasureRecord | undefined, probe: ProbeKind, starts: readonly StartRecord[], target: string, now: number): MeasureRecord {
  const base: MeasureRecord = rec && rec.probe === probe ? rec : { v: 1, probe, at: now, target, attempts: [], watched: 0, starts: [] };
  const problems = starts.flatMap((s) => (s.problem && s.problem !== 'cancelled' ? [s.problem] : []));
  const measured = starts.filter((s) => s.problem !== 'cancelled');
  return {
    ...base,
    at: now,
    target,
    starts: keepLast([...base.starts, ...measured], KEEP_STARTS).map((s, i) => ({ ...s, start: i + 1 })),
    ...((problems.length || base.startProblems?.length) && { startProblems: keepLast([...(base.startProblems ?? []), ...problems], 5) }),
  };
}

/** A record as read back from storage: undefined unless it has the shape written by this version. */
export function validRecord(x: unknown): MeasureRecord | undefined {
  const r = x as MeasureRecord | undefined;
  if (!r || typeof r !== 'object' || r.v !== 1 || !Array.isArray(r.attempts) || !Array.isArray(r.starts) || typeof r.probe !== 'string') return undefined;
  return r;
}

/**
 * The failure kind of an attempt from its message alone (a Watch reports the kubelet's message,
 * not the runner's full result): the same fixed Go error words classify() reads.
 */
export function failureFromMessage(message: string): { failure: FailureKind; code?: number } {
  const status = /statuscode: (\d{3})/.exec(message);
  if (status) return { failure: 'status', code: Number(status[1]) };
  const m = message.toLowerCase();
  if (m.includes('connection refused')) return { failure: 'refused' };
  if (m.includes('timeout') || m.includes('timed out') || m.includes('deadline exceeded')) return { failure: 'timeout' };
  if (m.includes('connection reset') || m.includes('broken pipe') || m.includes('eof')) return { failure: 'reset' };
  if (m.includes('no such host') || m.includes('enotfound')) return { failure: 'unresolved' };
  if (/exit (code|status)/.test(m)) return { failure: 'exit-code' };
  return { failure: 'other' };
}

/**
 * Turns a Watch's attempts into latency samples. A Watch usually begins while the app is still
 * starting; those failures say nothing about the running app (the cold starts measure the start),
 * so a watch counts from its first success on. Errored attempts (the kubelet discards them) are
 * kept as 'errored' failures. One sampler per watched probe; attempt 1 begins a new watch.
 */
export class WatchSampler {
  private readonly up = new Set<string>();

  accept(key: string, e: WatchAttempt): Attempt | undefined {
    if (e.attempt === 1) this.up.delete(key);
    const ok = e.result === 'success' || e.result === 'warning';
    if (ok) this.up.add(key);
    if (!this.up.has(key)) return undefined;
    if (ok) return { at: Math.round(e.at), durationMs: e.durationMs, ok: true };
    const f = e.errored ? { failure: 'errored' as const } : failureFromMessage(e.message);
    return { at: Math.round(e.at), durationMs: e.durationMs, ok: false, ...f, ...(e.message && { message: e.message.slice(0, 300) }) };
  }

  forget(key: string): void {
    this.up.delete(key);
  }
}

/**
 * A live pod's start, from its status: the container's current `state.running.startedAt` to the
 * pod's Ready condition turning True after it (docs/measure.md, "A live pod"). Nothing is
 * restarted to get it. A problem in words when the status does not tell.
 */
export function startFromPodStatus(pod: PodObject, containerName: string): StartRecord {
  const cs = pod.status?.containerStatuses?.find((c) => c.name === containerName);
  const name = pod.metadata?.name ?? 'the pod';
  if (!cs) return { start: 1, attempts: 0, problem: `${name} has no status for container ${containerName} yet` };
  const startedAt = cs.state?.running?.startedAt;
  if (!startedAt) return { start: 1, attempts: 0, problem: `container ${containerName} of ${name} is not running${cs.state?.waiting?.reason ? ` (${cs.state.waiting.reason})` : ''}` };
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True' || !ready.lastTransitionTime) return { start: 1, attempts: 0, problem: `${name} has not become Ready since container ${containerName} started at ${startedAt}` };
  const s = (Date.parse(ready.lastTransitionTime) - Date.parse(startedAt)) / 1000;
  if (!Number.isFinite(s) || s < 0) return { start: 1, attempts: 0, problem: `${name} became Ready (${ready.lastTransitionTime}) before container ${containerName} last started (${startedAt}): the start time is unknown` };
  return { start: 1, attempts: 0, firstSuccessSeconds: Math.round(s * 10) / 10 };
}

/** The statistics and the recommendation of a record, for `container` as it is written now. */
export function analyze(container: Container, rec: MeasureRecord, settings: RecommendSettings = DEFAULT_RECOMMEND_SETTINGS): MeasureAnalysis {
  const latency = rec.attempts.length ? latencyStats(rec.attempts) : undefined;
  const starts = rec.starts.length ? startStats(rec.starts) : undefined;
  const recommendation = recommend(container, { probe: rec.probe, latency, starts, startProblems: rec.startProblems }, settings);
  return { ...(latency && { latency }), ...(starts && { starts }), recommendation };
}

const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);

/** The latency in a few words: "p50 3 ms · p99 12 ms over 40 attempts (20 watched), 2 failed (status ×2)". */
export function latencyText(L: LatencyStats, watched = 0): string {
  const kinds = Object.entries(L.failuresByKind).map(([k, n]) => `${k} ×${n}`).join(', ');
  const over = `${L.samples} attempt${L.samples === 1 ? '' : 's'}${watched ? ` (${watched} watched)` : ''}`;
  const times = L.p99 === undefined ? 'no answer' : `p50 ${ms(L.p50!)} · p95 ${ms(L.p95!)} · p99 ${ms(L.p99)} · max ${ms(L.max!)}`;
  return `${times} over ${over}${L.failures ? `, ${L.failures} failed (${kinds})` : ''}`;
}

/** The cold starts in a few words: "3 cold starts: 4.2–4.6 s to the first success". */
export function startsText(S: StartStats): string {
  const of = `${S.starts} cold start${S.starts === 1 ? '' : 's'}`;
  if (S.slowest === undefined) return `${of}: no first success`;
  const range = S.fastest === S.slowest ? `${S.slowest} s` : `${S.fastest}–${S.slowest} s`;
  return `${S.measured === S.starts ? of : `${S.measured} of ${of}`}: ${range} to the first success`;
}

/** One short line for the tree row and the lens: "measured: p99 12 ms · start ≤ 4.6 s · 2 changes recommended". */
export function measureLine(a: MeasureAnalysis): string {
  const parts: string[] = [];
  if (a.latency?.p99 !== undefined) parts.push(`p99 ${ms(a.latency.p99)}`);
  else if (a.latency) parts.push(`no answer in ${a.latency.samples}`);
  if (a.starts?.slowest !== undefined) parts.push(`start ≤ ${a.starts.slowest} s`);
  const r = a.recommendation;
  const n = r.changes.length + (r.add ? 1 : 0);
  parts.push(n ? `${n} change${n === 1 ? '' : 's'} recommended` : r.cannot.length ? 'cannot recommend' : 'timings fit');
  return `measured: ${parts.join(' · ')}`;
}

/** The recommendation as lines: "livenessProbe.timeoutSeconds 1 → 2 — p99 840 ms …". */
export function recommendationLines(r: Recommendation): string[] {
  const out = r.changes.map((c) => `${c.probe}.${c.field} ${c.from ?? '(default)'} → ${c.to} — ${c.why}`);
  if (r.add) out.push(`add a ${r.add.probe} (${Object.entries(r.add.fields).map(([k, v]) => `${k} ${v}`).join(', ')}) — ${r.add.why}`);
  return out;
}

/**
 * The measurements and what they recommend, as Markdown for the hover and the tree's tooltip.
 * `esc` escapes text for Markdown; `age` says how long ago ("2 min ago"); `icon` goes before the heading
 * ("$(watch)" where theme icons render).
 */
export function measureMarkdown(rec: MeasureRecord, a: MeasureAnalysis, esc: (s: string) => string, age: string, icon = ''): string {
  const out: string[] = [`**${icon ? `${icon} ` : ''}Measured** against ${esc(rec.target)}, ${esc(age)}`];
  if (a.latency) out.push(`- latency: ${esc(latencyText(a.latency, rec.watched))}`);
  if (a.starts) out.push(`- ${esc(startsText(a.starts))}`);
  for (const p of (rec.startProblems ?? []).slice(-2)) out.push(`- ${esc(p)}`);
  const lines = recommendationLines(a.recommendation);
  if (lines.length) out.push('', '**Recommended**', ...lines.map((l) => `- ${esc(l)}`));
  for (const c of a.recommendation.cannot) out.push(`- ${esc(c)}`);
  if (!lines.length && !a.recommendation.cannot.length) out.push('- nothing to change: the timings fit what was measured');
  return out.join('\n');
}
