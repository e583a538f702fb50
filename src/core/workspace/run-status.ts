// How a probe run or watch is doing NOW, as plain data: a run's verdict has an age ("2 min ago") and
// an end (after RECENT_MS it no longer counts as failing; a later run replaces it), a watch counts
// as failing while its last counted attempt failed. From these: the health of a tree row and the
// status bar's "what is failing now" (text, tooltip, when to look again). No 'vscode'.
import type { Severity } from '../lint/types';
import { verdictText } from '../probe/locate';
import type { ProbeRunResult } from '../probe/types';
import { watchFailing, watchText, type WatchTally } from '../probe/watch';

/** How long a failed run counts as "failing now" when nothing newer is known about the probe. */
export const RECENT_MS = 10 * 60_000;

export interface LastRun {
  /** Epoch milliseconds. */
  at: number;
  result: ProbeRunResult;
  /** "127.0.0.1", "pod demo/web-1", … */
  target: string;
  /** The linter's error findings for this probe: what the API server would reject, in words. */
  rejected?: string[];
}

export interface HandlerStatus {
  last?: LastRun;
  /** Present while the probe is watched. */
  watching?: WatchTally;
  /** What ⏱ Measure found (core/measure/record.ts): a short line and the Markdown for the tooltip. */
  measured?: { line: string; markdown: string };
}

/** How a probe is doing: from its watch if it is watched, else from its last run; 'stale' once that is old. */
export type Health = 'passing' | 'failing' | 'warning' | 'unknown' | 'stale';

export function healthOf(s: HandlerStatus | undefined, now = Date.now(), recentMs = RECENT_MS): Health | undefined {
  if (s?.watching) {
    const failing = watchFailing(s.watching);
    return failing === undefined ? 'unknown' : failing ? 'failing' : 'passing';
  }
  const r = s?.last?.result;
  if (!r) return undefined;
  if (now - s.last!.at >= recentMs) return 'stale';
  if (r.errored || r.result === 'unknown') return 'unknown';
  return r.result === 'success' ? 'passing' : r.result === 'warning' ? 'warning' : 'failing';
}

/** "just now", "4 min ago", "2 h ago", "3 d ago" (coarse on purpose: it changes at most once a minute). */
export function ago(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  return h < 24 ? `${h} h ago` : `${Math.floor(h / 24)} d ago`;
}

/** When `ago(now - at)` next changes (epoch ms). */
export function nextAgeChange(at: number, now: number): number {
  const elapsed = Math.max(0, now - at);
  const step = elapsed < 3_600_000 ? 60_000 : elapsed < 86_400_000 ? 3_600_000 : 86_400_000;
  return at + (Math.floor(elapsed / step) + 1) * step;
}

/** The verdict of a probe in a few words: "✗ connection refused · 2 min ago", "2 of 3 failures · restarted 1×". */
export function statusText(s: HandlerStatus, now = Date.now()): string | undefined {
  if (s.watching) return `watching: ${watchText(s.watching)}`;
  if (!s.last) return undefined;
  const v = verdictText(s.last.result);
  return `${s.last.rejected?.length ? '⚠ rejected by the API server · ' : ''}${v.icon} ${v.short} · ${ago(now - s.last.at)}`;
}

export interface FailingProbe {
  /** "Deployment web › app › livenessProbe". */
  label: string;
  /** statusText of the probe. */
  text: string;
}

/** One probe's contribution to the status bar; `failing` undefined when it does not fail now. */
export function failingEntry(label: string, s: HandlerStatus | undefined, now: number): FailingProbe | undefined {
  if (!s || healthOf(s, now) !== 'failing') return undefined;
  return { label, text: statusText(s, now) ?? '' };
}

/** When this status would read differently with time alone (an age ticks, a failure expires). */
export function nextChange(s: HandlerStatus | undefined, now: number): number | undefined {
  if (!s?.last || s.watching) return undefined;
  const expiry = s.last.at + RECENT_MS;
  const age = nextAgeChange(s.last.at, now);
  return expiry > now ? Math.min(expiry, age) : age;
}

export interface StatusBarModel {
  visible: boolean;
  /** "$(pulse) 2 failing probes". */
  text: string;
  /** Red background. */
  error: boolean;
  /** Markdown; labels from manifests are escaped by the caller's escape function. */
  tooltip: string;
}

export interface LintTotals extends Record<Severity, number> {
  files: number;
  handlers: number;
  pending: number;
}

const MAX_LISTED = 8;

/** The status bar item: what is failing now, with what it says and how old it is; lint totals below. */
export function statusBarModel(failing: readonly FailingProbe[], t: LintTotals, escape: (s: string) => string): StatusBarModel {
  const n = failing.length;
  const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  const lines = ['**Kubernetes Probes**', ''];
  if (n) {
    lines.push(`Failing now (watched, or run in the last ${RECENT_MS / 60_000} min and not passed since):`, '');
    for (const f of failing.slice(0, MAX_LISTED)) lines.push(`- ${escape(f.label)}: ${escape(f.text)}`);
    if (n > MAX_LISTED) lines.push(`- … and ${n - MAX_LISTED} more`);
  } else {
    lines.push(`Nothing failing now: no watched probe fails, and no run of the last ${RECENT_MS / 60_000} min failed without passing since.`);
  }
  lines.push(
    '',
    `Lint: ${plural(t.error, 'error')} and ${plural(t.warning, 'warning')} in ${plural(t.files, 'manifest')} (${t.handlers} probes and hooks)` +
      `${t.pending ? `; ${plural(t.pending, 'manifest')} not read yet` : ''}.`,
    '',
    'Click to show the Workspace Probes view.',
  );
  return {
    visible: t.handlers > 0 || n > 0,
    text: `$(pulse) ${n} failing ${n === 1 ? 'probe' : 'probes'}`,
    error: n > 0,
    tooltip: lines.join('\n'),
  };
}
