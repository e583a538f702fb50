// Proving a recommendation: the measurements become a simulator scenario, and the pod is
// simulated with the current and the recommended probes side by side (docs/measure.md, "Prove").
import type { Container, PodSpec } from '../k8s';
import { simulate } from '../lifecycle/simulate';
import type { Scenario, ScenarioRunInput } from '../lifecycle/scenario';
import { verdicts, type Verdict } from '../lifecycle/verdicts';
import type { SimResult } from '../lifecycle/types';
import { applyToContainer, type Recommendation } from './recommend';
import type { LatencyStats, StartStats } from './stats';

export interface ProofSide {
  /** One line: the outcome that matters ("Ready at 48 s, no restart", "CrashLoopBackOff at 150 s"). */
  summary: string;
  restarts: number;
  readyAt?: number;
  crashLoopAt?: number;
  verdicts: Verdict[];
  result: SimResult;
}

export interface Proof {
  scenario: Scenario;
  current: ProofSide;
  recommended: ProofSide;
}

/**
 * What the measurements say the app does, as a scenario: healthy from the slowest measured start
 * on (rounded up to a whole second) and for good. A probe whose typical answer (p50) takes longer
 * than its timeout never succeeds; that is expressed per side by `healthyAfter` in `sideRun`.
 */
export function scenarioFromMeasurements(containerName: string, starts: StartStats | undefined, until = 600): Scenario {
  const run: ScenarioRunInput = { healthyAfter: Math.ceil(starts?.slowest ?? 0) };
  return { until, scheduleAfter: 0, readinessGates: {}, containers: { [containerName]: { runs: [run] } } };
}

function side(spec: PodSpec, name: string, namespace: string | undefined, scenario: Scenario, containerName: string, container: Container, latency: LatencyStats | undefined): ProofSide {
  const s: Scenario = JSON.parse(JSON.stringify(scenario));
  // A probe that times out on a typical answer fails even once the app is up: never healthy for it.
  const timeouts = (['livenessProbe', 'readinessProbe', 'startupProbe'] as const)
    .filter((k) => container[k])
    .map((k) => Number(container[k]?.timeoutSeconds) || 1);
  if (latency?.p50 !== undefined && latency.p50 >= Math.min(...timeouts) * 1000) s.containers[containerName].runs = [{ healthyAfter: s.until + 1 }];
  const podSpec: PodSpec = { ...spec, containers: (spec.containers ?? []).map((c) => (c.name === containerName ? container : c)) };
  const result = simulate({ spec: podSpec, name, namespace, scenario: s });
  const v = verdicts(result);
  const readyAt = result.events.find((e) => e.subject === 'pod' && e.field === 'condition:Ready' && e.to === 'True')?.t;
  const crash = result.events.find((e) => e.subject === containerName && e.field === 'state' && e.reason === 'CrashLoopBackOff');
  const restarts = result.final.containers[containerName]?.restartCount ?? 0;
  const secs = (t: number) => `${Number(t.toFixed(1))} s`;
  const summary = crash
    ? `restart loop, CrashLoopBackOff at ${secs(crash.t)} (${restarts} restart${restarts === 1 ? '' : 's'} in ${secs(result.until)})`
    : readyAt !== undefined
      ? `Ready at ${secs(readyAt)}, ${restarts ? `${restarts} restart${restarts === 1 ? '' : 's'}` : 'no restart'}`
      : `never Ready in ${secs(result.until)}, ${restarts ? `${restarts} restart${restarts === 1 ? '' : 's'}` : 'no restart'}`;
  return { summary, restarts, ...(readyAt !== undefined && { readyAt }), ...(crash && { crashLoopAt: crash.t }), verdicts: v, result };
}

/** Simulates the pod as written and with `rec` applied to `containerName`, under the measured behaviour. */
export function prove(input: {
  spec: PodSpec;
  name?: string;
  namespace?: string;
  containerName: string;
  recommendation: Recommendation;
  starts?: StartStats;
  latency?: LatencyStats;
  until?: number;
}): Proof {
  const scenario = scenarioFromMeasurements(input.containerName, input.starts, input.until);
  const current = (input.spec.containers ?? []).find((c) => c.name === input.containerName);
  if (!current) throw new Error(`container ${input.containerName} is not in the pod spec`);
  const name = input.name ?? 'pod';
  return {
    scenario,
    current: side(input.spec, name, input.namespace, scenario, input.containerName, current, input.latency),
    recommended: side(input.spec, name, input.namespace, scenario, input.containerName, applyToContainer(current, input.recommendation), input.latency),
  };
}
