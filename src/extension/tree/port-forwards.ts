// "Port forwards": every kubectl port-forward the extension keeps open — the one PortForwardManager
// of the composition root (ctx.ts), shared by probe runs and the Cluster view — with Stop.
import * as vscode from 'vscode';
import type { ActiveForward } from '../../core/cluster';
import { COLORS } from '../../core/workspace/tree-model';
import type { Ctx } from '../ctx';
import { toTreeItem } from './items';

export const PORT_FORWARDS_VIEW = 'kubeProbes.portForwards';

export interface ForwardEntry {
  forward: ActiveForward;
}

export class PortForwardsView implements vscode.TreeDataProvider<ForwardEntry>, vscode.Disposable {
  /** Fires when a forward started, stopped, restarted or failed (also for the tree). */
  readonly onDidChange: vscode.Event<void>;
  readonly onDidChangeTreeData: vscode.Event<void>;

  constructor(private readonly ctx: Ctx) {
    this.onDidChange = ctx.onDidChangeForwards;
    this.onDidChangeTreeData = ctx.onDidChangeForwards;
  }

  list(): ForwardEntry[] {
    return (this.ctx.forwardsIfStarted()?.list() ?? []).map((forward) => ({ forward }));
  }

  /** Forwards to a pod (for the cluster tree's "forwarded" state and its Stop action). */
  to(pod: string, namespace: string, context: string): ForwardEntry[] {
    return this.list().filter((e) => e.forward.pod === pod && e.forward.namespace === namespace && (e.forward.context ?? context) === context);
  }

  async stop(entries: readonly ForwardEntry[]): Promise<void> {
    const m = this.ctx.forwardsIfStarted();
    if (m) await Promise.all(entries.map((e) => m.stop(e.forward.id)));
  }

  async stopAll(): Promise<void> {
    await this.ctx.forwardsIfStarted()?.stopAll();
  }

  getChildren(entry?: ForwardEntry): ForwardEntry[] {
    return entry ? [] : this.list();
  }

  getTreeItem({ forward: f }: ForwardEntry): vscode.TreeItem {
    const local = f.localPort ? `${f.localAddress}:${f.localPort}` : 'starting…';
    const state = f.state === 'ready' ? '' : ` · ${f.state}`;
    const users = f.users === 1 ? '1 user' : `${f.users} users`;
    return toTreeItem({
      id: f.id,
      label: `${f.pod}:${f.remotePort}`,
      description: `${local} · ${f.namespace}${f.context ? ` · ${f.context}` : ''}${state}`,
      tooltip:
        `**kubectl port-forward** pod/${f.pod} ${f.localPort || '?'}:${f.remotePort} -n ${f.namespace}${f.context ? ` --context ${f.context}` : ''}\n\n` +
        `Listening on ${local} since ${f.startedAt.toLocaleTimeString()}; ${users}${f.restarts ? `; restarted ${f.restarts}×` : ''}${f.pid ? `; pid ${f.pid}` : ''}.`,
      icon: f.state === 'ready' ? { id: 'plug', color: COLORS.passed } : { id: 'sync~spin', color: COLORS.warning },
      contextValue: 'portForward',
      collapsible: 'none',
    });
  }

  dispose(): void {
    // The manager belongs to the composition root, which stops its forwards on deactivation.
  }
}
