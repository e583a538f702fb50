// One entry for every workload kind (docs/workloads.md): picks the controller for the kind and
// refuses, with a message naming the key, scenario actions the kind has no meaning for (a Job is
// not scaled or rolled out; a DaemonSet has no replicas).
import { ScenarioError } from '../lifecycle/scenario';
import { simulateDaemonSet } from './daemonset';
import { simulateDeployment } from './deployment';
import type { WorkloadInput } from './engine';
import { simulateJob } from './job';
import { simulateStatefulSet } from './statefulset';
import type { WorkloadResult } from './types';

/** The kinds a workload scenario plays. */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'] as const;

export function isSimulatedKind(kind: string): boolean {
  return (WORKLOAD_KINDS as readonly string[]).includes(kind);
}

/** Throws ScenarioError when the scenario asks the kind for something it cannot do. */
export function checkScenarioForKind(input: WorkloadInput, source = 'scenario'): void {
  const sc = input.scenario;
  const problems: string[] = [];
  if (input.kind === 'DaemonSet') {
    if (sc.replicas !== undefined) problems.push(`replicas: a DaemonSet runs one pod per node; set 'nodes' instead`);
    if (sc.scale.length) problems.push(`scale: a DaemonSet is not scaled; set 'nodes' instead`);
  }
  if (input.kind === 'Job') {
    if (sc.replicas !== undefined) problems.push(`replicas: a Job has parallelism and completions, not replicas`);
    if (sc.scale.length) problems.push('scale: Jobs are not scaled (parallelism is set in the manifest)');
    if (sc.rollout) problems.push(`rollout: a Job's pod template cannot change; there is no rollout`);
  }
  if (problems.length) throw new ScenarioError(problems, source);
}

export function simulateWorkload(input: WorkloadInput): WorkloadResult {
  checkScenarioForKind(input);
  switch (input.kind) {
    case 'StatefulSet': return simulateStatefulSet(input);
    case 'DaemonSet': return simulateDaemonSet(input);
    case 'Job': return simulateJob(input);
    default: return simulateDeployment(input);
  }
}
