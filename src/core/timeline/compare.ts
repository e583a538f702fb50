// "Current vs recommended" for the Pod Timeline: what ⏱ Measure found, what it recommends, and the
// pod simulated both ways under the measured behaviour (core/measure/prove.ts), as the plain data
// the webview shows side by side. Pure; the protocol (protocol.ts) carries it.
import type { PodSpec } from '../k8s';
import type { Verdict } from '../lifecycle/verdicts';
import type { Proof, ProofSide } from '../measure/prove';
import { latencyText, recommendationLines, startsText, type MeasureAnalysis } from '../measure/record';

export interface ComparisonSide {
  /** One line: "restart loop, CrashLoopBackOff at 150 s (…)" / "Ready at 48 s, no restart". */
  summary: string;
  /** The outcome's tone: 'error' (restart loop, never Ready), 'ok' otherwise. */
  level: 'ok' | 'error';
  restarts: number;
  readyAt?: number;
  crashLoopAt?: number;
  verdicts: Verdict[];
}

export interface MeasureComparison {
  /** "liveness probe of app" */
  probe: string;
  /** What was measured, in lines ("latency: p50 …", "3 cold starts: …"). */
  measured: string[];
  /** The recommended changes, each with its numbers. */
  changes: string[];
  /** What cannot be recommended, in words. */
  cannot: string[];
  /** The scenario both sides ran under, in words. */
  scenario: string;
  current: ComparisonSide;
  recommended: ComparisonSide & { podSpec: PodSpec };
  /** Whether "Apply" can write the changes into the file; if not, why (e.g. a Helm template). */
  apply: { possible: true } | { possible: false; why: string };
}

function side(s: ProofSide): ComparisonSide {
  return {
    summary: s.summary,
    level: s.crashLoopAt !== undefined || s.readyAt === undefined || s.restarts > 0 ? 'error' : 'ok',
    restarts: s.restarts,
    ...(s.readyAt !== undefined && { readyAt: s.readyAt }),
    ...(s.crashLoopAt !== undefined && { crashLoopAt: s.crashLoopAt }),
    verdicts: s.verdicts,
  };
}

/** The comparison of a proof; `watched` is how many latency samples came from a Watch. */
export function comparisonOf(input: { probe: string; analysis: MeasureAnalysis; proof: Proof; containerName: string; recommendedSpec: PodSpec; watched?: number; apply: MeasureComparison['apply'] }): MeasureComparison {
  const { analysis: a, proof } = input;
  const measured: string[] = [];
  if (a.latency) measured.push(`latency: ${latencyText(a.latency, input.watched ?? 0)}`);
  if (a.starts) measured.push(startsText(a.starts));
  const run = proof.scenario.containers[input.containerName]?.runs?.[0];
  const healthy = run && typeof run.healthyAfter === 'number' ? run.healthyAfter : 0;
  return {
    probe: input.probe,
    measured,
    changes: recommendationLines(a.recommendation),
    cannot: a.recommendation.cannot,
    scenario: `${input.containerName} answers its probes ${healthy ? `from ${healthy} s after each start (the slowest measured start)` : 'at once (no start was measured)'}, simulated for ${proof.scenario.until} s`,
    current: side(proof.current),
    recommended: { ...side(proof.recommended), podSpec: input.recommendedSpec },
    apply: input.apply,
  };
}

/** "current: restart loop, CrashLoopBackOff at 150 s — recommended: Ready at 48 s, no restart" */
export function comparisonLine(c: Pick<MeasureComparison, 'current' | 'recommended'>): string {
  return `current: ${c.current.summary} — recommended: ${c.recommended.summary}`;
}
