// The Kubernetes Probes view container: Workspace Probes, Cluster and Port Forwards trees and the
// failing-probes status bar item; our rows in the Kubernetes extension's Cluster Explorer when it is
// installed (connected after activation, so activation does not wait for that extension). Glue
// only: the trees' content comes from src/core/workspace; their commands are in the command table
// (commands.ts).
import * as vscode from 'vscode';
import type { ClusterNode } from '../core/workspace/cluster-tree';
import type { WorkspaceNode } from '../core/workspace/tree-model';
import type { Ctx } from './ctx';
import type { ProbeRuns } from './probe-runs';
import { CLUSTER_VIEW, ClusterView } from './tree/cluster';
import { KubernetesExplorerProbes } from './tree/kubernetes-explorer';
import { KUBERNETES_EXTENSION_ID } from './tree/kubernetes-extension';
import { PodProbeRuns } from './tree/pod-probe-runs';
import { PORT_FORWARDS_VIEW, PortForwardsView } from './tree/port-forwards';
import { FailingProbesStatus } from './tree/status-bar';
import { WORKSPACE_VIEW, WorkspaceProbesView } from './tree/workspace';
import { UnitEntries } from './tree/unit-entries';
import { timelineArgsAt } from './codelens';

/** The views, for tests (KubeProbesApi.views). */
export interface KubeProbesViews {
  workspace: WorkspaceProbesView;
  workspaceView: vscode.TreeView<WorkspaceNode>;
  cluster: ClusterView;
  clusterView: vscode.TreeView<ClusterNode>;
  portForwards: PortForwardsView;
  statusBar: FailingProbesStatus;
  /** Charts and overlays in the Workspace Probes tree, and the lenses of their files. */
  unitEntries: UnitEntries;
  /** Runs and watches of live pods' probes (both the Cluster view and the Cluster Explorer). */
  podRuns: PodProbeRuns;
  /** Our rows and commands in the Kubernetes extension's Cluster Explorer. */
  explorer: KubernetesExplorerProbes;
}

export function registerViews(ctx: Ctx, runs: ProbeRuns): KubeProbesViews {
  const portForwards = new PortForwardsView(ctx);
  const workspace = new WorkspaceProbesView(runs, ctx.log);
  const unitEntries = new UnitEntries(ctx.units(), workspace.index, ctx.log);
  workspace.unitSimulateArgs = (node) => {
    const s = workspace.index.peek(node.file.path)?.unit;
    const anchor = vscode.Uri.parse(node.file.path);
    const w = s && unitEntries.workload({ kind: s.kind, root: s.root, anchorFile: anchor.fsPath }, node.workload);
    return w && timelineArgsAt(anchor, 0, w);
  };
  const podRuns = new PodProbeRuns(ctx);
  const cluster = new ClusterView(ctx, portForwards, podRuns);
  const explorer = new KubernetesExplorerProbes(ctx, podRuns);
  const statusBar = new FailingProbesStatus(workspace);
  const workspaceView = vscode.window.createTreeView(WORKSPACE_VIEW, { treeDataProvider: workspace, showCollapseAll: true });
  const clusterView = vscode.window.createTreeView(CLUSTER_VIEW, { treeDataProvider: cluster, showCollapseAll: true });
  const forwardsView = vscode.window.createTreeView(PORT_FORWARDS_VIEW, { treeDataProvider: portForwards });
  cluster.attach(clusterView);
  ctx.extension.subscriptions.push(workspaceView, clusterView, forwardsView, statusBar, cluster, unitEntries, workspace, portForwards, explorer, podRuns);
  if (vscode.extensions.getExtension(KUBERNETES_EXTENSION_ID)) {
    void explorer.connect().catch((e) => ctx.log.warn(`Kubernetes extension: ${e instanceof Error ? e.message : String(e)}`));
  }
  return { workspace, workspaceView, cluster, clusterView, portForwards, statusBar, unitEntries, podRuns, explorer };
}
