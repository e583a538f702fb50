// "Port forwards": every kubectl port-forward the extension keeps open — the cluster view's and the
// probe runs' (ProbeRuns creates its manager on the first run against a pod) — with Stop.
import * as vscode from 'vscode';
import type { ActiveForward, PortForwardManager } from '../../core/cluster';
import { COLORS } from '../../core/workspace/tree-model';
import type { ProbeRuns } from '../probe-runs';
import { toTreeItem } from './items';

export const PORT_FORWARDS_VIEW = 'kubeProbes.portForwards';

export interface ForwardEntry {
  forward: ActiveForward;
  manager: PortForwardManager;
}

export class PortForwardsView implements vscode.TreeDataProvider<ForwardEntry>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when a forward started, stopped, restarted or failed (also for the tree). */
  readonly onDidChange = this.emitter.event;
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly managers = new Map<PortForwardManager, vscode.Disposable>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runs: ProbeRuns) {
    this.subscription = runs.onDidChange(() => this.adoptRunsManager());
  }

  /** Lists a manager's forwards here until the returned disposable is disposed. */
  add(manager: PortForwardManager): vscode.Disposable {
    if (!this.managers.has(manager)) {
      const sub = manager.onDidChange(() => this.emitter.fire());
      this.managers.set(manager, { dispose: () => sub.dispose() });
      this.emitter.fire();
    }
    return {
      dispose: () => {
        this.managers.get(manager)?.dispose();
        if (this.managers.delete(manager)) this.emitter.fire();
      },
    };
  }

  list(): ForwardEntry[] {
    this.adoptRunsManager();
    return [...this.managers.keys()].flatMap((manager) => manager.list().map((forward) => ({ forward, manager })));
  }

  /** Forwards to a pod (for the cluster tree's "forwarded" state and its Stop action). */
  to(pod: string, namespace: string, context: string): ForwardEntry[] {
    return this.list().filter((e) => e.forward.pod === pod && e.forward.namespace === namespace && (e.forward.context ?? context) === context);
  }

  async stop(entries: readonly ForwardEntry[]): Promise<void> {
    await Promise.all(entries.map((e) => e.manager.stop(e.forward.id)));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.managers.keys()].map((m) => m.stopAll()));
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

  private adoptRunsManager(): void {
    const m = this.runs.portForwards;
    if (m && !this.managers.has(m)) this.add(m);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const d of this.managers.values()) d.dispose();
    this.managers.clear();
    this.emitter.dispose();
  }
}
