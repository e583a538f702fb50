// "Cluster": the kubectl context and namespace in use (switchable, remembered), the namespace's
// pods with kubectl's STATUS / READY / RESTARTS, their containers and probes with live readiness,
// recent probe events. Connected when the view is first shown; pods and events are watched only
// while the namespace is expanded and the view visible. Errors end up in the state (welcome views,
// one error node), never thrown at the user. The session, kubectl and the port-forwards are the
// composition root's (ctx.ts), runs and watches of pod probes PodProbeRuns'; the cluster layer is
// loaded lazily (dist/runner.js).
import * as vscode from 'vscode';
import type { ClusterSession, ClusterState, Kubectl, SessionChange } from '../../core/cluster';
import type { ProbeRunResult } from '../../core/probe/types';
import { ClusterTreeModel, type ClusterNode, type MessageNode, type PodNode, type PodProbeNode } from '../../core/workspace/cluster-tree';
import { CONTEXT_KEY, NAMESPACES_KEY, type Ctx } from '../ctx';
import { RefreshQueue, toTreeItem } from './items';
import { openPodTimeline, type PodProbeRuns } from './pod-probe-runs';
import type { ForwardEntry, PortForwardsView } from './port-forwards';

export const CLUSTER_VIEW = 'kubeProbes.cluster';
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const PLACEHOLDER: MessageNode = { type: 'message', id: 'connecting', label: 'Connecting to the cluster…', icon: { id: 'loading~spin' } };

export class ClusterView implements vscode.TreeDataProvider<ClusterNode>, vscode.Disposable {
  private session: ClusterSession | undefined;
  private model: ClusterTreeModel | undefined;
  private sessionSub: { dispose(): void } | undefined;
  private readonly refresh = new RefreshQueue<ClusterNode>();
  readonly onDidChangeTreeData = this.refresh.event;
  private treeView: vscode.TreeView<ClusterNode> | undefined;
  private starting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** The user collapsed the namespace (VS Code keeps that state across refreshes: it has a stable id). */
  private namespaceCollapsed = false;

  private readonly context: vscode.ExtensionContext;
  private readonly log: vscode.LogOutputChannel;

  constructor(
    private readonly ctx: Ctx,
    private readonly portForwards: PortForwardsView,
    private readonly runs: PodProbeRuns,
  ) {
    this.context = ctx.extension;
    this.log = ctx.log;
    this.disposables.push(
      this.refresh,
      portForwards.onDidChange(() => this.model && this.refresh.add(this.model.namespace)),
      // A run or watch of a pod probe (here or in the Kubernetes extension's explorer): its pod's rows.
      runs.onDidChange((ref) => {
        const podNode = this.model?.invalidatePod(ref.pod);
        if (podNode) this.refresh.add(podNode);
      }),
      // The kubectl setting or the Kubernetes extension's kubeconfig/context changed: connect again.
      ctx.onDidChangeKubectl(() => this.session && void this.restart()),
    );
  }

  /** Watches only while the view is visible and the namespace expanded. */
  attach(view: vscode.TreeView<ClusterNode>): void {
    this.treeView = view;
    this.disposables.push(
      view.onDidExpandElement((e) => {
        if (e.element.type !== 'namespace') return;
        this.namespaceCollapsed = false;
        this.session?.watch();
      }),
      view.onDidCollapseElement((e) => {
        if (e.element.type !== 'namespace') return;
        this.namespaceCollapsed = true;
        this.session?.stopWatching();
      }),
      view.onDidChangeVisibility((e) => {
        if (!e.visible) this.session?.stopWatching();
        else this.refresh.add(undefined);
      }),
    );
  }

  // ---- TreeDataProvider -------------------------------------------------------------------------

  getChildren(node?: ClusterNode): ClusterNode[] {
    if (!this.session || !this.model) {
      void this.start();
      return node ? [] : [PLACEHOLDER];
    }
    const children = this.model.children(node);
    if (node?.type === 'namespace' && this.treeView?.visible !== false && !this.namespaceCollapsed) this.session.watch();
    return children;
  }

  getParent(node: ClusterNode): ClusterNode | undefined {
    return this.model?.parent(node);
  }

  getTreeItem(node: ClusterNode): vscode.TreeItem {
    if (!this.model) {
      return toTreeItem({ id: 'message:connecting', label: PLACEHOLDER.label, icon: PLACEHOLDER.icon, contextValue: 'cluster.message', collapsible: 'none' });
    }
    const m = this.model.item(node);
    let command: vscode.Command | undefined;
    if (node.type === 'context') command = { command: 'kubeProbes.selectContext', title: 'Switch Context' };
    else if (node.type === 'message' && (node.icon.id === 'error' || node.icon.id === 'warning')) command = { command: 'kubeProbes.refreshCluster', title: 'Retry' };
    return toTreeItem(m, command ? { command } : {});
  }

  // ---- commands ---------------------------------------------------------------------------------

  /** Reconnects with the current settings (kubectl path, kubeconfig, context, namespace). */
  async restart(): Promise<ClusterState> {
    await this.starting;
    await this.ctx.kubernetes();
    return this.attachSession().connect(true);
  }

  /**
   * Switches the context of the Cluster view: asks (quick pick) unless `choice` says which. By
   * default only inside the extension; `makeCurrent` also runs `kubectl config use-context`.
   */
  async selectContext(choice?: { context: string; makeCurrent?: boolean }): Promise<ClusterState | undefined> {
    const kubectl = await this.locate();
    if (!kubectl) return undefined;
    let contexts: string[];
    let current: string | undefined;
    try {
      [contexts, current] = await Promise.all([kubectl.contexts(), kubectl.currentContext()]);
    } catch (e) {
      this.showError(e);
      return undefined;
    }
    const picked = choice ?? (await this.pickContext(contexts, current));
    if (!picked) return undefined;
    if (!contexts.includes(picked.context)) {
      void vscode.window.showWarningMessage(`The kubeconfig has no context named "${picked.context}".`);
      return undefined;
    }
    if (picked.context === current) {
      await this.context.globalState.update(CONTEXT_KEY, undefined); // follow kubectl's current context again
    } else if (picked.makeCurrent) {
      try {
        await kubectl.run(['config', 'use-context', picked.context], { what: `switch kubectl to ${picked.context}` });
      } catch (e) {
        this.showError(e);
        return undefined;
      }
      await this.context.globalState.update(CONTEXT_KEY, undefined);
    } else {
      await this.context.globalState.update(CONTEXT_KEY, picked.context);
    }
    return this.restart();
  }

  private async pickContext(contexts: string[], current: string | undefined): Promise<{ context: string; makeCurrent: boolean } | undefined> {
    if (!contexts.length) {
      void vscode.window.showInformationMessage('kubectl has no contexts configured. Create one with kubectl config set-context, or point KUBECONFIG at a kubeconfig file.');
      return undefined;
    }
    const inUse = this.context.globalState.get<string>(CONTEXT_KEY) ?? current;
    const pick = await vscode.window.showQuickPick(
      contexts.map((c) => ({
        label: c,
        description: [c === inUse ? 'in use here' : '', c === current ? "kubectl's current context" : ''].filter(Boolean).join(' · '),
      })),
      { title: 'Kubernetes context for the Cluster view', placeHolder: 'The context to show pods of' },
    );
    if (!pick) return undefined;
    if (pick.label === current) return { context: pick.label, makeCurrent: false };
    const how = await vscode.window.showQuickPick(
      [
        { id: 'here', label: 'Use it in Kubernetes Probes only', detail: `kubectl and other tools keep using ${current ?? 'their context'}` },
        { id: 'kubectl', label: "Also make it kubectl's current context", detail: `runs kubectl config use-context ${pick.label}` },
      ],
      { title: `Switch to ${pick.label}` },
    );
    return how && { context: pick.label, makeCurrent: how.id === 'kubectl' };
  }

  /** Switches the namespace of the Cluster view (remembered for the context): asks unless `namespace` says. */
  async selectNamespace(namespace?: string): Promise<ClusterState | undefined> {
    const s = this.session?.state;
    const kubectl = this.session?.kubectl;
    if (!kubectl || (s?.kind !== 'ready' && s?.kind !== 'unreachable')) {
      void vscode.window.showInformationMessage('Connect to a cluster first (Cluster view).');
      return undefined;
    }
    const ns = namespace ?? (await this.pickNamespace(kubectl, s.context, s.kind === 'ready' ? s.namespace : undefined));
    if (!ns) return undefined;
    if (!NAMESPACE_NAME.test(ns)) {
      void vscode.window.showWarningMessage(`"${ns}" is not a namespace name.`);
      return undefined;
    }
    const all = { ...this.context.globalState.get<Record<string, string>>(NAMESPACES_KEY), [s.context]: ns };
    await this.context.globalState.update(NAMESPACES_KEY, all);
    return this.session?.connect(true);
  }

  private async pickNamespace(kubectl: Kubectl, context: string, current: string | undefined): Promise<string | undefined> {
    let names: string[] = [];
    try {
      const list = await vscode.window.withProgress({ location: { viewId: CLUSTER_VIEW } }, () =>
        kubectl.json<{ items?: { metadata?: { name?: string } }[] }>(['get', 'namespaces', '-o', 'json'], { what: 'list namespaces', timeoutMs: 15_000 }),
      );
      names = (list.items ?? []).map((i) => i.metadata?.name).filter((n): n is string => !!n);
    } catch (e) {
      this.log.warn(`cluster: cannot list namespaces (${this.ctx.runner().userMessage(e)}); asking for a name`);
    }
    if (names.length) {
      const other = '$(edit) Another namespace…';
      const pick = await vscode.window.showQuickPick([...names.map((n) => ({ label: n, description: n === current ? 'in use' : '' })), { label: other, description: '' }], {
        title: `Namespace in ${context}`,
      });
      if (!pick) return undefined;
      if (pick.label !== other) return pick.label;
    }
    return vscode.window.showInputBox({
      title: `Namespace in ${context}`,
      value: current ?? 'default',
      validateInput: (v) => (NAMESPACE_NAME.test(v) ? undefined : 'A namespace name: lower-case letters, digits and "-"'),
    });
  }

  /** Runs a pod's probe once, through a port-forward (exec: kubectl exec), as the kubelet would. */
  async runPodProbe(node: PodProbeNode | undefined): Promise<ProbeRunResult | undefined> {
    const s = this.session?.state;
    const kubectl = this.session?.kubectl;
    const handler = node && this.model?.handlerOf(node);
    if (!node || !handler || !kubectl || s?.kind !== 'ready') return undefined;
    const ref = { context: s.context, namespace: s.namespace, pod: node.container.pod.name, container: node.container.name, site: node.site };
    return this.runs.run({ kubectl, ref, handler });
  }

  /** Opens the timeline of a pod (its spec from the cluster) and switches it to live mode. */
  async openPodTimeline(node: PodNode | undefined): Promise<void> {
    const s = this.session?.state;
    const entry = node && this.session?.pod(node.name);
    if (!node || !entry || s?.kind !== 'ready') return;
    await openPodTimeline(entry.object, s.namespace);
  }

  /** Stops the forwards of a Port Forwards entry, or all forwards to a pod of this view. */
  async stopPortForward(arg: ForwardEntry | ClusterNode | undefined): Promise<void> {
    if (!arg) return;
    if ('forward' in arg) {
      await this.portForwards.stop([arg]);
      return;
    }
    const s = this.session?.state;
    const pod = arg.type === 'pod' ? arg.name : arg.type === 'probe' ? arg.container.pod.name : undefined;
    if (pod && s?.kind === 'ready') await this.portForwards.stop(this.portForwards.to(pod, s.namespace, s.context));
  }

  // ---- internals --------------------------------------------------------------------------------

  private start(): Promise<void> {
    this.starting ??= (async () => {
      await this.ctx.kubernetes();
      if (!this.session && !this.disposed) void this.attachSession().connect();
    })().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** The composition root's session, with this view's tree model on it (once). */
  private attachSession(): ClusterSession {
    if (this.session) return this.session;
    const session = this.ctx.session();
    this.model = new ClusterTreeModel(session, {
      forwardsTo: (pod, ns, ctx) => this.portForwards.to(pod, ns, ctx).length,
      lastRun: (key) => this.runs.last(key),
      watching: (key) => this.runs.watching(key),
    });
    this.session = session;
    this.sessionSub = session.onDidChange((c) => this.onSessionChange(c));
    return session;
  }

  private onSessionChange(change: SessionChange): void {
    const session = this.session;
    const model = this.model;
    if (!session || !model) return;
    const nodes = model.apply(change);
    if (change === 'state') {
      const s = session.state;
      // The welcome views key on noKubectl | unreachable | noContext.
      void vscode.commands.executeCommand('setContext', 'kubeProbes.cluster.state', s.kind);
      if (s.kind !== 'connecting' && s.kind !== 'idle') this.log.info(`cluster: ${s.kind === 'ready' ? `context ${s.context}, namespace ${s.namespace}${s.serverVersion ? `, ${s.serverVersion}` : ''}` : `${s.kind}: ${s.message}`}`);
    }
    if (!nodes) this.refresh.add(undefined);
    else nodes.forEach((n) => this.refresh.add(n));
  }

  private async locate(): Promise<Kubectl | undefined> {
    try {
      return await this.ctx.kubectl();
    } catch (e) {
      this.showError(e);
      return undefined;
    }
  }

  private showError(e: unknown): void {
    this.ctx.report.error(e, 'cluster');
  }

  dispose(): void {
    this.disposed = true;
    this.sessionSub?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
