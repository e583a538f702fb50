// The pod simulator's public entry: `simulate()` plays what the kubelet does to one pod under one
// scenario, in simulated time (docs/semantics/pod-lifecycle.md). Its parts, one job each:
//   sim-input.ts   the pod spec and the scenario checked against each other, defaults applied
//   sim-engine.ts  the engine: clock, probe workers, syncs, the runtime (starts, hooks, kills, exits)
//   sim-plan.ts    computePodActions: what one sync kills and starts
//   sim-record.ts  the recorder: field changes, kubelet Events, attempts, the result
// Pure TypeScript; no 'vscode'. Other layers import only this file and types.ts.
import type { PodSpec } from '../k8s';
import type { Scenario } from './scenario';
import { Simulation } from './sim-engine';
import { podUid, preparePod } from './sim-input';
import { DEFAULT_KUBELET_OPTIONS, type KubeletOptions, type SimResult } from './types';

export { checkPodSpec, podUid, preStopDuration } from './sim-input';
export { collapseInstantChanges } from './sim-record';

export interface SimulateInput {
  spec: PodSpec;
  name?: string;
  namespace?: string;
  /** Pod UID used in back-off messages; default: derived from namespace/name. */
  uid?: string;
  scenario: Scenario;
  /** Names the scenario in error messages (e.g. its file name). Default "scenario". */
  scenarioName?: string;
  options?: Partial<KubeletOptions>;
}

/** Runs the scenario. Throws ScenarioError when the scenario does not fit the pod. */
export function simulate(input: SimulateInput): SimResult {
  const name = input.name ?? 'pod';
  const namespace = input.namespace ?? 'default';
  return new Simulation({
    pod: preparePod(input.spec, input.scenario, input.scenarioName),
    scenario: input.scenario,
    options: { ...DEFAULT_KUBELET_OPTIONS, ...input.options },
    name,
    namespace,
    uid: input.uid ?? podUid(namespace, name),
  }).run();
}
