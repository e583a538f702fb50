// Workload transitions (Deployments: rollouts, scaling, deletions, Service endpoints): the public
// face of src/core/workload (docs/workloads.md).
export * from './types';
export { simulateDeployment, type DeploymentInput } from './deployment';
export { parseWorkloadScenario, validateWorkloadScenario, isWorkloadScenario, WORKLOAD_KEYS } from './scenario';
export { resolveFenceposts, newRSNewReplicas, scaleDownOld, scaledValue, maxUnavailableOf } from './rollout';
