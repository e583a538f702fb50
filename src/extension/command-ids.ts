// Every command the extension contributes (package.json contributes.commands), in one list. The
// command table (commands.ts) must have a handler for each — the compiler checks that — and a unit
// test checks this list against package.json both ways. No 'vscode' import: the unit test reads it.
export const COMMAND_IDS = [
  // the editor
  'kubeProbes.runProbe',
  'kubeProbes.watchProbe',
  'kubeProbes.stopWatch',
  'kubeProbes.stopAllWatches',
  'kubeProbes.chooseTarget',
  'kubeProbes.measureProbe',
  'kubeProbes.showMeasurement',
  'kubeProbes.applyMeasuredRecommendation',
  'kubeProbes.simulate',
  'kubeProbes.openLiveTimeline',
  'kubeProbes.lintWorkspace',
  'kubeProbes.showRuleDocs',
  'kubeProbes.showOutput',
  'kubeProbes.chooseValuesFiles',
  'kubeProbes.openExample',
  // Workspace Probes
  'kubeProbes.refreshWorkspaceTree',
  'kubeProbes.goToDefinition',
  'kubeProbes.tree.run',
  'kubeProbes.tree.watch',
  'kubeProbes.tree.stopWatch',
  'kubeProbes.tree.simulate',
  'kubeProbes.tree.measure',
  'kubeProbes.tree.chooseTarget',
  // Cluster and Port Forwards
  'kubeProbes.refreshCluster',
  'kubeProbes.selectContext',
  'kubeProbes.selectNamespace',
  'kubeProbes.runPodProbe',
  'kubeProbes.openPodTimeline',
  'kubeProbes.stopPortForward',
  'kubeProbes.stopAllPortForwards',
  // the Kubernetes extension's Cluster Explorer
  'kubeProbes.runPodProbes',
  'kubeProbes.explorer.openTimeline',
  'kubeProbes.explorer.runProbe',
  'kubeProbes.explorer.watchProbe',
  'kubeProbes.explorer.stopWatch',
  'kubeProbes.explorer.stopPortForward',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
