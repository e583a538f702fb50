// The Workload Timeline's shared half (the panel and the webview both use it): the protocol, the
// drawing model, the preset stories and Try-it variants (per kind), the PodDisruptionBudgets a story
// plays with, one simulation, live workload data.
export * from './protocol';
export * from './model';
export * from './stories';
export * from './kind-stories';
export * from './budgets';
export * from './run';
export * from './live';
