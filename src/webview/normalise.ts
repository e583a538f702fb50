// Turns whatever the simulator / live sources produce into the protocol's shapes. Pure; used by
// the host (before posting) and by the webview (defensively, on every message it receives).
import type { ProbeAttempt, ProbeKindShort, SimulationResult, TimelineEvent, Verdict, VerdictLevel } from './protocol';

/** 'livenessProbe' | 'liveness' | 'Liveness' → 'liveness'; unknown kinds are kept lower-cased. */
export function probeKind(kind: unknown): ProbeKindShort | string {
  const k = String(kind ?? '').toLowerCase().replace(/probe$/, '');
  return k;
}

/** 'true' | true | 'True' → true. */
export function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

export function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

function finite(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function optStr(v: unknown): string | undefined {
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

export function normaliseEvent(raw: unknown): TimelineEvent | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const t = finite(r.t);
  if (t === undefined || typeof r.field !== 'string') return undefined;
  const e: TimelineEvent = {
    t,
    subject: str(r.subject) || 'pod',
    field: r.field,
    from: (r.from as TimelineEvent['from']) ?? null,
    to: (r.to as TimelineEvent['to']) ?? null,
  };
  const reason = optStr(r.reason);
  if (reason !== undefined) e.reason = reason;
  const message = optStr(r.message);
  if (message !== undefined) e.message = message;
  const exitCode = finite(r.exitCode);
  if (exitCode !== undefined) e.exitCode = exitCode;
  const type = optStr(r.type);
  if (type !== undefined) e.type = type;
  if (r.source === 'simulation' || r.source === 'probe-run' || r.source === 'cluster') e.source = r.source;
  return e;
}

export function normaliseAttempt(raw: unknown): ProbeAttempt | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const t = finite(r.t);
  if (t === undefined) return undefined;
  const ok = typeof r.ok === 'boolean' ? r.ok : r.result === 'success' || r.result === 'Success';
  const a: ProbeAttempt = { t, container: str(r.container), kind: probeKind(r.kind), ok };
  const message = optStr(r.message ?? r.output);
  if (message !== undefined) a.message = message;
  if (r.source === 'simulation' || r.source === 'probe-run' || r.source === 'cluster') a.source = r.source;
  return a;
}

function sortByT<T extends { t: number }>(xs: T[]): T[] {
  // Stable: events at the same t keep the producer's order (it matters: Terminated before Running).
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]!.t > xs[i]!.t) return xs.map((x, j) => [x, j] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map((p) => p[0]);
  return xs;
}

/** A Kubernetes Event ({t, type, reason, object, message}) as a timeline event of field 'event'. */
export function kubeletEventToTimeline(raw: unknown): TimelineEvent | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const t = finite(r.t);
  if (t === undefined) return undefined;
  const reason = str(r.reason) || 'Event';
  const e: TimelineEvent = { t, subject: str(r.object ?? r.subject) || 'pod', field: 'event', to: reason, reason };
  const message = optStr(r.message);
  if (message !== undefined) e.message = message;
  e.type = r.type === 'Warning' ? 'Warning' : 'Normal';
  return e;
}

export function normaliseResult(raw: unknown): SimulationResult {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  let events = Array.isArray(r.events) ? r.events.map(normaliseEvent).filter((e): e is TimelineEvent => !!e) : [];
  if (Array.isArray(r.kubeletEvents) && r.kubeletEvents.length) {
    const k = r.kubeletEvents.map(kubeletEventToTimeline).filter((e): e is TimelineEvent => !!e);
    events = events.concat(k);
  }
  const attempts = Array.isArray(r.attempts) ? r.attempts.map(normaliseAttempt).filter((a): a is ProbeAttempt => !!a) : [];
  const out: SimulationResult = { events: sortByT(events), attempts: sortByT(attempts) };
  if (r.final !== undefined) out.final = r.final;
  const until = finite(r.until);
  if (until !== undefined) out.until = until;
  const pod = r.pod && typeof r.pod === 'object' ? (r.pod as Record<string, unknown>) : undefined;
  const podName = optStr(r.podName ?? pod?.name);
  if (podName !== undefined) out.podName = podName;
  return out;
}

const LEVELS: readonly VerdictLevel[] = ['ok', 'info', 'warning', 'error'];
/** Levels for the lifecycle core's verdict kinds (src/core/lifecycle/verdicts.ts), which carry none. */
const KIND_LEVEL: Record<string, VerdictLevel> = {
  ready: 'ok',
  completed: 'ok',
  'never-ready': 'warning',
  'probe-kills': 'warning',
  restarts: 'warning',
  'no-liveness': 'warning',
  'crash-loop': 'error',
  'image-pull': 'error',
  'startup-fix': 'info',
  hang: 'info',
};
function level(v: unknown): VerdictLevel {
  const s = String(v ?? '').toLowerCase();
  if ((LEVELS as readonly string[]).includes(s)) return s as VerdictLevel;
  if (s === 'good' || s === 'success' || s === 'pass') return 'ok';
  if (s === 'warn') return 'warning';
  if (s === 'bad' || s === 'fail' || s === 'critical') return 'error';
  return 'info';
}

/**
 * verdicts(result) may return strings, {text} objects, a keyed record, or a list of records with
 * other names for the fields. Anything readable becomes a Verdict; the rest is dropped.
 */
export function normaliseVerdicts(raw: unknown): Verdict[] {
  const out: Verdict[] = [];
  const push = (v: unknown, key: string) => {
    if (v === undefined || v === null || v === false) return;
    if (typeof v === 'string') {
      if (v.trim()) out.push({ id: key, level: 'info', text: v });
      return;
    }
    if (typeof v !== 'object') return;
    const r = v as Record<string, unknown>;
    const text = optStr(r.text ?? r.message ?? r.summary ?? r.words ?? r.sentence);
    if (!text) return;
    const id = optStr(r.id ?? r.kind ?? r.key) ?? key;
    const lv = r.level ?? r.severity ?? r.tone;
    const verdict: Verdict = { id, level: lv === undefined && KIND_LEVEL[id] ? KIND_LEVEL[id]! : level(lv), text };
    const t = finite(r.t ?? r.at);
    if (t !== undefined) verdict.t = t;
    const detail = optStr(r.detail ?? r.details ?? r.fix ?? r.hint);
    if (detail !== undefined) verdict.detail = detail;
    const container = optStr(r.container);
    if (container !== undefined) verdict.container = container;
    const sg = r.suggestion && typeof r.suggestion === 'object' ? (r.suggestion as Record<string, unknown>) : undefined;
    const period = finite(sg?.periodSeconds);
    const threshold = finite(sg?.failureThreshold);
    if (period !== undefined && threshold !== undefined && period > 0 && threshold > 0) verdict.suggestion = { periodSeconds: period, failureThreshold: threshold };
    out.push(verdict);
  };
  if (Array.isArray(raw)) raw.forEach((v, i) => push(v, `v${i}`));
  else if (raw && typeof raw === 'object') {
    const r = raw as Record<string, unknown>;
    if (Array.isArray(r.verdicts)) return normaliseVerdicts(r.verdicts);
    if (typeof r.text === 'string') push(r, 'v0');
    else for (const [k, v] of Object.entries(r)) push(v, k);
  } else push(raw, 'v0');
  return out;
}
