// Runs the lifecycle simulator for the Pod Timeline panel. The core modules are loaded on first
// use (activation stays light until someone opens a timeline) and typed with `typeof import`, so
// what the panel posts is exactly the core's SimResult and Verdict[]. No 'vscode' here: unit-tested
// against the real simulator.
import type { PodSpec } from '../core/k8s';
import type { SimulateInput } from '../core/lifecycle/simulate';
import type { PodMeta, ScenarioInput, SimResult, Verdict } from '../core/timeline/protocol';

type SimulatorModule = typeof import('../core/lifecycle/simulate');
type ScenarioModule = typeof import('../core/lifecycle/scenario');
type VerdictsModule = typeof import('../core/lifecycle/verdicts');

/** Replaces the simulator (tests that need a slow or failing one). */
export type SimulateOverride = (input: SimulateInput) => SimResult | Promise<SimResult>;

let modules: Promise<[SimulatorModule, ScenarioModule, VerdictsModule]> | undefined;

/** Checks the scenario (the core's validateScenario), simulates it, and reads the verdicts. */
export async function runSimulation(
  deps: { simulate?: SimulateOverride | undefined },
  podSpec: PodSpec,
  meta: PodMeta,
  scenario: ScenarioInput,
): Promise<{ result: SimResult; verdicts: Verdict[] }> {
  modules ??= Promise.all([import('../core/lifecycle/simulate'), import('../core/lifecycle/scenario'), import('../core/lifecycle/verdicts')]);
  const [sim, sc, vd] = await modules;
  const input: SimulateInput = {
    spec: podSpec,
    scenario: sc.validateScenario(scenario),
    ...(meta.name ? { name: meta.name } : {}),
    ...(meta.namespace ? { namespace: meta.namespace } : {}),
    ...(meta.uid ? { uid: meta.uid } : {}),
  };
  const result = deps.simulate ? await deps.simulate(input) : sim.simulate(input);
  return { result, verdicts: vd.verdicts(result) };
}
