// Probe timings recommended from measurements: the formulas of docs/measure.md ("How values are
// recommended"), each change explained with the numbers it came from. Pure TypeScript.
import { effectiveTiming, type Container, type Probe, type ProbeKind } from '../k8s';
import type { LatencyStats, StartStats } from './stats';

export interface RecommendSettings {
  /** timeoutSeconds ≥ p99 latency × this. */
  timeoutMargin: number;
  /** The start-up budget ≥ the slowest measured start × this. */
  startMargin: number;
  /** Readiness: the wanted time from a failing app to NotReady (failureThreshold × periodSeconds), seconds. */
  readinessDetectionSeconds: number;
  /** The chance that healthy-but-flaky answers alone trip a threshold, per attempt, at most. */
  falseTripProbability: number;
  /** Fewest latency samples to recommend a timeout from. */
  minSamples: number;
}

export const DEFAULT_RECOMMEND_SETTINGS: RecommendSettings = {
  timeoutMargin: 2,
  startMargin: 1.5,
  readinessDetectionSeconds: 30,
  falseTripProbability: 1e-6,
  minSamples: 5,
};

export type ProbeField = 'initialDelaySeconds' | 'timeoutSeconds' | 'periodSeconds' | 'failureThreshold';

export interface Change {
  probe: ProbeKind;
  field: ProbeField;
  /** The value in the manifest (undefined: not written, the default applies). */
  from?: number;
  to: number;
  /** The numbers behind it, e.g. "p99 840 ms over 50 attempts × 2 → timeoutSeconds 2". */
  why: string;
}

export interface Recommendation {
  changes: Change[];
  /** A probe to add: the handler of `copyHandlerFrom`, with these timings (the startup probe). */
  add?: { probe: ProbeKind; copyHandlerFrom: ProbeKind; fields: Partial<Record<ProbeField, number>>; why: string };
  /** What the measurements cannot settle, in words ("cannot recommend …: …"). */
  cannot: string[];
  /** What was checked and is fine already. */
  fine: string[];
}

export interface MeasurementInput {
  /** The probe whose latency was sampled. */
  probe: ProbeKind;
  latency?: LatencyStats;
  starts?: StartStats;
  /** Why the cold starts gave no time (the app never answered, exited), if they did not. */
  startProblems?: string[];
}

const written = (p: Probe | undefined, f: ProbeField): number | undefined => {
  const v = (p as Record<string, unknown> | undefined)?.[f];
  return typeof v === 'number' ? v : undefined;
};

const LABEL: Record<ProbeKind, string> = { livenessProbe: 'liveness', readinessProbe: 'readiness', startupProbe: 'startup' };
const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const sec = (n: number) => `${Number(n.toFixed(1))} s`;

/** Timings of a probe after the changes so far. */
function timing(c: Container, kind: ProbeKind, changes: readonly Change[]) {
  const t = effectiveTiming(c[kind]);
  for (const ch of changes) if (ch.probe === kind) t[ch.field] = ch.to;
  return t;
}

function set(changes: Change[], c: Container, probe: ProbeKind, field: ProbeField, to: number, why: string): void {
  const i = changes.findIndex((x) => x.probe === probe && x.field === field);
  const change: Change = { probe, field, ...(written(c[probe], field) !== undefined && { from: written(c[probe], field) }), to, why };
  if (i >= 0) changes[i] = change;
  else changes.push(change);
}

/**
 * Recommends timings for `container` from what was measured of one of its probes. Budgets are
 * only ever raised from measurements (a measurement shows what is needed, not what is too much),
 * except readiness, whose detection time is the user's wish (a setting).
 */
export function recommend(container: Container, m: MeasurementInput, settings: RecommendSettings = DEFAULT_RECOMMEND_SETTINGS): Recommendation {
  const out: Recommendation = { changes: [], cannot: [], fine: [] };
  if (!container[m.probe]) {
    out.cannot.push(`cannot recommend: the container has no ${m.probe}`);
    return out;
  }
  const L = m.latency;

  // 1. timeoutSeconds from the answers' p99.
  if (L) {
    const answered = L.p99 !== undefined;
    if (L.samples === 0) out.cannot.push('cannot recommend timeoutSeconds: no attempt was made');
    else if (L.successes === 0) {
      const kinds = Object.entries(L.failuresByKind).map(([k, n]) => `${k} ×${n}`).join(', ');
      const hung = (L.failuresByKind.timeout ?? 0) === L.samples;
      out.cannot.push(
        hung
          ? `cannot recommend timeoutSeconds: all ${L.samples} attempts timed out — the app does not answer (hung?), so no timeout would help`
          : `cannot recommend: the probe never succeeded in ${L.samples} attempts (${kinds}) — is the app running and healthy at the target?`,
      );
    } else if (L.failureRate > 0.5) {
      out.cannot.push(`cannot recommend: the probe failed ${Math.round(L.failureRate * 100)} % of ${L.samples} attempts while the app was up (flapping) — fix the endpoint before tuning the probe`);
    } else if (answered && L.samples >= settings.minSamples) {
      const need = Math.max(1, Math.ceil((L.p99! * settings.timeoutMargin) / 1000));
      const cur = timing(container, m.probe, out.changes);
      const basis = `p99 ${ms(L.p99!)} over ${L.samples} attempts × ${settings.timeoutMargin}`;
      if (cur.timeoutSeconds < need) set(out.changes, container, m.probe, 'timeoutSeconds', need, `${basis} → timeoutSeconds ${need}`);
      else out.fine.push(`${LABEL[m.probe]} timeoutSeconds ${cur.timeoutSeconds} covers ${basis} (${ms(L.p99! * settings.timeoutMargin)})`);
      // A period shorter than the timeout lets attempts overlap the next one: keep period > timeout.
      const t = timing(container, m.probe, out.changes);
      if (t.periodSeconds <= t.timeoutSeconds) set(out.changes, container, m.probe, 'periodSeconds', t.timeoutSeconds + 1, `periodSeconds must stay above timeoutSeconds ${t.timeoutSeconds} → ${t.timeoutSeconds + 1}`);
      // Flaky answers: a threshold that consecutive failures of a healthy app trip only rarely.
      if (L.failures > 0 && m.probe !== 'startupProbe') {
        const r = L.failures / L.samples;
        const k = Math.max(L.maxConsecutiveFailures + 1, Math.ceil(Math.log(settings.falseTripProbability) / Math.log(r)));
        const ft = timing(container, m.probe, out.changes).failureThreshold;
        if (ft < k) set(out.changes, container, m.probe, 'failureThreshold', k, `${L.failures} of ${L.samples} attempts failed while the app was up (${Math.round(r * 100)} %, up to ${L.maxConsecutiveFailures} in a row) → failureThreshold ${k} keeps a false ${LABEL[m.probe]} failure below ${settings.falseTripProbability} per attempt`);
      }
    } else if (L.samples < settings.minSamples) out.cannot.push(`cannot recommend timeoutSeconds: ${L.samples} attempts are too few (at least ${settings.minSamples})`);
  }

  // 2. The start-up budget from the slowest cold start.
  const S = m.starts;
  if (S && S.starts > 0) {
    if (S.slowest === undefined) {
      out.cannot.push(`cannot recommend a start-up budget: the app never answered in ${S.starts} start${S.starts === 1 ? '' : 's'}${m.startProblems?.length ? ` (${m.startProblems[0]})` : ''}`);
    } else {
      const need = Math.ceil(S.slowest * settings.startMargin);
      const basis = `slowest of ${S.measured} start${S.measured === 1 ? '' : 's'} ${sec(S.slowest)} × ${settings.startMargin} = ${need} s`;
      if (container.startupProbe) {
        const t = timing(container, 'startupProbe', out.changes);
        const budget = t.initialDelaySeconds + t.failureThreshold * t.periodSeconds;
        if (budget < need) {
          const ft = Math.ceil((need - t.initialDelaySeconds) / t.periodSeconds);
          set(out.changes, container, 'startupProbe', 'failureThreshold', ft, `${basis} → startup failureThreshold ${ft} × periodSeconds ${t.periodSeconds} = ${ft * t.periodSeconds} s`);
        } else out.fine.push(`startup budget ${budget} s covers the ${basis}`);
      } else if (container.livenessProbe) {
        const t = timing(container, 'livenessProbe', out.changes);
        // The first kill comes after initialDelay + failureThreshold × period at the earliest.
        const budget = t.initialDelaySeconds + t.failureThreshold * t.periodSeconds;
        if (budget < need) {
          const period = Math.min(t.periodSeconds, 10);
          const ft = Math.ceil(need / period);
          out.add = {
            probe: 'startupProbe',
            copyHandlerFrom: 'livenessProbe',
            fields: { periodSeconds: period, failureThreshold: ft },
            why: `${basis}, but liveness kills after ${budget} s → add a startupProbe (the liveness check) with failureThreshold ${ft} × periodSeconds ${period} = ${ft * period} s; liveness then starts only once the app has started`,
          };
        } else out.fine.push(`liveness allows ${budget} s before the first kill, which covers the ${basis}`);
      } else out.fine.push(`no liveness or startup probe: a slow start (${sec(S.slowest)}) only delays Ready`);
    }
  }

  // 3. Readiness detection time (a wish, from the settings).
  if (container.readinessProbe) {
    const t = timing(container, 'readinessProbe', out.changes);
    const detect = t.failureThreshold * t.periodSeconds;
    const want = settings.readinessDetectionSeconds;
    if (detect > want) {
      const period = Math.max(t.timeoutSeconds + 1, Math.floor(want / t.failureThreshold));
      const ft = Math.max(1, Math.floor(want / period));
      if (period !== t.periodSeconds) set(out.changes, container, 'readinessProbe', 'periodSeconds', period, `readiness notices a failing app after ${ft} × ${period} s = ${ft * period} s (wanted ≤ ${want} s; was ${detect} s)`);
      if (ft !== t.failureThreshold) set(out.changes, container, 'readinessProbe', 'failureThreshold', ft, `readiness notices a failing app after ${ft} × ${period} s = ${ft * period} s (wanted ≤ ${want} s; was ${detect} s)`);
    } else out.fine.push(`readiness notices a failing app after ${detect} s (wanted ≤ ${want} s)`);
  }

  // 4. Liveness never less tolerant than readiness: it must not restart what readiness would only take out of traffic.
  if (container.livenessProbe && container.readinessProbe) {
    const l = timing(container, 'livenessProbe', out.changes);
    const r = timing(container, 'readinessProbe', out.changes);
    const lb = l.failureThreshold * l.periodSeconds;
    const rb = r.failureThreshold * r.periodSeconds;
    if (lb < rb) {
      const ft = Math.ceil(rb / l.periodSeconds);
      set(out.changes, container, 'livenessProbe', 'failureThreshold', ft, `liveness would restart after ${lb} s, before readiness takes the pod out of traffic after ${rb} s → liveness failureThreshold ${ft} (${ft * l.periodSeconds} s)`);
    }
  }
  return out;
}

/** The container with the recommendation applied (for simulating it). */
export function applyToContainer(container: Container, rec: Recommendation): Container {
  const c: Container = JSON.parse(JSON.stringify(container));
  for (const ch of rec.changes) (c[ch.probe] as Record<string, unknown>)[ch.field] = ch.to;
  if (rec.add) {
    const src = c[rec.add.copyHandlerFrom] as Probe | undefined;
    const handler: Probe = {};
    for (const k of ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const) if (src?.[k]) (handler as Record<string, unknown>)[k] = src[k];
    c[rec.add.probe] = { ...handler, ...rec.add.fields };
  }
  return c;
}
