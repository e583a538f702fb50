// Workload transitions (Deployments, StatefulSets, DaemonSets, Jobs: rollouts, scaling, deletions,
// drains with PodDisruptionBudgets, Service endpoints): the public face of src/core/workload
// (docs/workloads.md).
export * from './types';
export { simulateDeployment, type DeploymentInput } from './deployment';
export { simulateWorkload, checkScenarioForKind, isSimulatedKind, WORKLOAD_KINDS } from './simulate';
export type { WorkloadInput } from './engine';
export { pdbsOf, budgetStatus, selects, type PdbSpec } from './disruption';
export { statefulSetMaxUnavailable } from './statefulset';
export { parseWorkloadScenario, validateWorkloadScenario, isWorkloadScenario, WORKLOAD_KEYS } from './scenario';
export { resolveFenceposts, newRSNewReplicas, scaleDownOld, scaledValue, maxUnavailableOf } from './rollout';
