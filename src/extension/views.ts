// The Kubernetes Probes view container: Workspace Probes, Cluster and Port Forwards trees, the
// failing-probes status bar item, and the commands of their items. Glue only: the trees' content
// comes from src/core/workspace.
import * as vscode from 'vscode';
import type { ClusterNode, PodNode, PodProbeNode } from '../core/workspace/cluster-model';
import type { HandlerNode, WorkloadNode, WorkspaceNode } from '../core/workspace/tree-model';
import type { ProbeRuns } from './probe-runs';
import { CLUSTER_VIEW, ClusterView } from './tree/cluster';
import { PORT_FORWARDS_VIEW, PortForwardsView, type ForwardEntry } from './tree/port-forwards';
import { FailingProbesStatus } from './tree/status-bar';
import { WORKSPACE_VIEW, WorkspaceProbesView } from './tree/workspace';
import { commandRegistrar } from './commands';

/** The views, for tests (KubeProbesApi.views). */
export interface KubeProbesViews {
  workspace: WorkspaceProbesView;
  workspaceView: vscode.TreeView<WorkspaceNode>;
  cluster: ClusterView;
  clusterView: vscode.TreeView<ClusterNode>;
  portForwards: PortForwardsView;
  statusBar: FailingProbesStatus;
}

export function registerViews(context: vscode.ExtensionContext, deps: { runs: ProbeRuns; log: vscode.LogOutputChannel }): KubeProbesViews {
  const { runs, log } = deps;
  const portForwards = new PortForwardsView(runs);
  const workspace = new WorkspaceProbesView(runs, log);
  const cluster = new ClusterView(context, portForwards, log);
  const statusBar = new FailingProbesStatus(workspace);
  const workspaceView = vscode.window.createTreeView(WORKSPACE_VIEW, { treeDataProvider: workspace, showCollapseAll: true });
  const clusterView = vscode.window.createTreeView(CLUSTER_VIEW, { treeDataProvider: cluster, showCollapseAll: true });
  const forwardsView = vscode.window.createTreeView(PORT_FORWARDS_VIEW, { treeDataProvider: portForwards });
  cluster.attach(clusterView);
  context.subscriptions.push(workspaceView, clusterView, forwardsView, statusBar, cluster, workspace, portForwards);

  const command = commandRegistrar(context, log);

  // Workspace Probes. Menus pass the tree node; these hand the lead's commands their arguments.
  command('kubeProbes.refreshWorkspaceTree', () => workspace.rescan(true));
  command('kubeProbes.goToDefinition', (node?: WorkspaceNode) => workspace.goToDefinition(node));
  command('kubeProbes.tree.run', (node?: HandlerNode) => node && vscode.commands.executeCommand('kubeProbes.runProbe', ...workspace.probeArgs(node)));
  command('kubeProbes.tree.watch', (node?: HandlerNode) => node && vscode.commands.executeCommand('kubeProbes.watchProbe', ...workspace.probeArgs(node)));
  command('kubeProbes.tree.stopWatch', (node?: HandlerNode) => node && vscode.commands.executeCommand('kubeProbes.stopWatch', ...workspace.probeArgs(node)));
  command('kubeProbes.tree.chooseTarget', (node?: WorkloadNode | HandlerNode) => node && vscode.commands.executeCommand('kubeProbes.chooseTarget', ...workspace.targetArgs(node)));
  command('kubeProbes.tree.simulate', async (node?: WorkloadNode) => node && vscode.commands.executeCommand('kubeProbes.simulate', await workspace.simulateArgs(node)));

  // Cluster and Port Forwards.
  command('kubeProbes.refreshCluster', () => cluster.restart());
  // Without arguments they ask; with one (tests, other extensions) they switch to it.
  command('kubeProbes.selectContext', (choice?: { context?: unknown; makeCurrent?: unknown }) =>
    cluster.selectContext(typeof choice?.context === 'string' ? { context: choice.context, makeCurrent: choice.makeCurrent === true } : undefined),
  );
  command('kubeProbes.selectNamespace', (namespace?: string) => cluster.selectNamespace(typeof namespace === 'string' ? namespace : undefined));
  command('kubeProbes.runPodProbe', (node?: PodProbeNode) => cluster.runPodProbe(node));
  command('kubeProbes.openPodTimeline', (node?: PodNode) => cluster.openPodTimeline(node));
  command('kubeProbes.stopPortForward', (arg?: ForwardEntry | ClusterNode) => cluster.stopPortForward(arg));
  command('kubeProbes.stopAllPortForwards', () => portForwards.stopAll());
  // On a pod of the Kubernetes extension's Cluster Explorer (when that extension is installed).
  command('kubeProbes.runPodProbes', (target?: unknown) => cluster.runPodProbes(target));

  return { workspace, workspaceView, cluster, clusterView, portForwards, statusBar };
}
