// The Kubernetes Probes view container: Workspace Probes, Cluster and Port Forwards trees and the
// failing-probes status bar item. Glue only: the trees' content comes from src/core/workspace;
// their commands are in the command table (commands.ts).
import * as vscode from 'vscode';
import type { ClusterNode } from '../core/workspace/cluster-tree';
import type { WorkspaceNode } from '../core/workspace/tree-model';
import type { Ctx } from './ctx';
import type { ProbeRuns } from './probe-runs';
import { CLUSTER_VIEW, ClusterView } from './tree/cluster';
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
  const cluster = new ClusterView(ctx, portForwards);
  const statusBar = new FailingProbesStatus(workspace);
  const workspaceView = vscode.window.createTreeView(WORKSPACE_VIEW, { treeDataProvider: workspace, showCollapseAll: true });
  const clusterView = vscode.window.createTreeView(CLUSTER_VIEW, { treeDataProvider: cluster, showCollapseAll: true });
  const forwardsView = vscode.window.createTreeView(PORT_FORWARDS_VIEW, { treeDataProvider: portForwards });
  cluster.attach(clusterView);
  ctx.extension.subscriptions.push(workspaceView, clusterView, forwardsView, statusBar, cluster, unitEntries, workspace, portForwards);
  return { workspace, workspaceView, cluster, clusterView, portForwards, statusBar, unitEntries };
}
