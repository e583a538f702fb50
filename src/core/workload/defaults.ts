// Defaults of the workload simulation that the linter shares (docs/workloads.md).

/** Seconds until an endpoint change reaches kube-proxy and load balancers, when not measured. */
export const DEFAULT_ENDPOINT_PROPAGATION_SECONDS = 2;
