// Runs the lifecycle simulator for the timeline panel and turns its output into the protocol's
// shapes. No 'vscode' here, so the adapter is unit-tested against the real simulator.
import type { PodSpec } from '../core/k8s';
import { normaliseResult, normaliseVerdicts } from '../webview/normalise';
import type { PodMeta, Scenario, SimulationResult, Verdict } from '../webview/protocol';

export type SimulateOverride = (podSpec: PodSpec, meta: PodMeta, scenario: Scenario) => unknown | Promise<unknown>;

/** src/core/lifecycle/simulate (simulate(SimulateInput) → SimResult), typed loosely on purpose. */
interface SimulateModule {
  simulate(input: { spec: PodSpec; name?: string; namespace?: string; uid?: string; scenario: unknown }): unknown;
}
interface ScenarioModule {
  validateScenario(value: unknown): unknown;
}
interface VerdictsModule {
  verdicts(result: unknown): unknown;
}

/** Runs the simulator. Loaded lazily: activation stays light until someone opens a timeline. */
export async function runSimulation(deps: { simulate?: SimulateOverride | undefined }, podSpec: PodSpec, meta: PodMeta, scenario: Scenario): Promise<{ result: SimulationResult; verdicts: Verdict[] }> {
  if (deps.simulate) {
    const raw = await deps.simulate(podSpec, meta, scenario);
    const r = raw as { result?: unknown; verdicts?: unknown };
    if (r && typeof r === 'object' && 'result' in r) return { result: normaliseResult(r.result), verdicts: normaliseVerdicts(r.verdicts) };
    return { result: normaliseResult(raw), verdicts: [] };
  }
  const [sim, sc, vd] = await Promise.all([
    import('../core/lifecycle/simulate') as Promise<unknown> as Promise<SimulateModule>,
    import('../core/lifecycle/scenario') as Promise<unknown> as Promise<ScenarioModule>,
    import('../core/lifecycle/verdicts') as Promise<unknown> as Promise<VerdictsModule>,
  ]);
  const checked = sc.validateScenario(scenario);
  const raw = sim.simulate({
    spec: podSpec,
    scenario: checked,
    ...(meta.name ? { name: meta.name } : {}),
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    ...(meta.uid ? { uid: meta.uid } : {}),
  });
  const verdicts = normaliseVerdicts(vd.verdicts(raw));
  return { result: normaliseResult(raw), verdicts };
}

