// Our part of the Kubernetes extension's Cluster Explorer (its public API, clusterexplorer v1): a node
// contributor that adds, under each pod, one row per probe (live result, our last run or watch) and
// one per port-forward we keep to it (core: pod-probes.ts), with Run / Watch / Stop / Open Timeline
// (package.json menus on `viewItem =~ /kubeProbes\.explorer\./`); a UI customizer that says
// "port-forwarded" on the pods we forward to; and the commands on its own pod nodes (Run Probes,
// Open Probe Timeline). Glue only. Without the Kubernetes extension nothing is registered.
import * as vscode from 'vscode';
import type { ClusterExplorerV1 } from 'vscode-kubernetes-tools-api';
import type { Kubectl, PodObject } from '../../core/cluster';
import { PROBE_LABEL } from '../../core/k8s';
import { podHandlers } from '../../core/cluster/pod-handlers';
import { probeEvents } from '../../core/cluster/pod-summary';
import { verdictText } from '../../core/probe/locate';
import type { ProbeRunResult } from '../../core/probe/types';
import { podProbeMessage, podProbeRows, type PodProbeRef, type PodProbeRow } from '../../core/workspace/pod-probes';
import type { Ctx } from '../ctx';
import type { TimelinePanel } from '../timeline-panel';
import type { KubernetesExtension } from './kubernetes-extension';
import { toTreeItem } from './items';
import { openPodTimeline, type LivePodProbe, type PodProbeRuns } from './pod-probe-runs';

/** What a row we contributed stands for (found again from the node a menu command gets). */
interface RowEntry {
  row: PodProbeRow;
  pod: PodObject;
  kubectl: Kubectl;
}

export class KubernetesExplorerProbes implements vscode.Disposable {
  private readonly rows = new WeakMap<object, RowEntry>();
  private k8s: KubernetesExtension | undefined;
  /** The context the explorer showed last (for the pod customizer, which must answer at once). */
  private shownContext: string | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly runs: PodProbeRuns,
  ) {}

  /** Registers with the Kubernetes extension's Cluster Explorer if it is installed (once). */
  async connect(): Promise<boolean> {
    const k8s = await this.ctx.kubernetes();
    const explorer = k8s?.explorer;
    if (!k8s || !explorer || this.k8s) return !!this.k8s;
    this.k8s = k8s;
    explorer.registerNodeContributor({
      contributesChildren: (parent) => isPod(parent),
      getChildren: async (parent) => (isPod(parent) ? this.podChildren(parent) : []),
    });
    explorer.registerNodeUICustomizer({ customize: (node, item) => this.customize(node, item) });
    this.disposables.push(
      this.runs.onDidChange(() => this.refreshSoon()),
      this.ctx.onDidChangeForwards(() => this.refreshSoon()),
    );
    return true;
  }

  /** The rows under a pod, freshly read (kubectl get pod, and its events). Never throws: an error row instead. */
  async podChildren(parent: ClusterExplorerV1.ClusterExplorerResourceNode): Promise<ClusterExplorerV1.Node[]> {
    let context = '';
    let namespace = parent.namespace ?? 'default';
    let rows: PodProbeRow[];
    let kubectl: Kubectl | undefined;
    let pod: PodObject = { metadata: { name: parent.name, namespace } };
    try {
      // The explorer shows the kubeconfig's current context: the Kubernetes extension's kubeconfig, no override.
      const base = await this.ctx.kubectl();
      context = (await base.currentContext({ timeoutMs: 15_000 })) ?? '';
      kubectl = base.withContext(context || undefined);
      if (!parent.namespace) namespace = await kubectl.namespace();
      const [got, events] = await Promise.all([
        kubectl.getPod(namespace, parent.name, { timeoutMs: 15_000 }),
        // Its recent Unhealthy events ("failed 4× (20s ago)"); the rows stand without them.
        kubectl.listEvents(namespace, parent.name, { timeoutMs: 15_000 }).catch(() => []),
      ]);
      pod = got;
      this.shownContext = context;
      rows = podProbeRows({
        context,
        pod,
        events: probeEvents(events),
        lastRun: (k) => this.runs.last(k),
        watching: (k) => this.runs.watching(k),
        forwards: this.ctx.forwardsIfStarted()?.list() ?? [],
      });
    } catch (e) {
      rows = [podProbeMessage(context, namespace, parent.name, this.ctx.runner().userMessage(e))];
    }
    return rows.map((row) => {
      const node: ClusterExplorerV1.Node = {
        getChildren: async () => [],
        getTreeItem: () => toTreeItem(row.item),
      };
      if (kubectl) this.rows.set(node, { row, pod, kubectl });
      return node;
    });
  }

  // ---- commands on our rows (the Kubernetes extension passes its wrapper of our node: contributedNodeOf) --

  async runProbe(target: unknown): Promise<ProbeRunResult | undefined> {
    const p = this.probeOf(target);
    return p && this.runs.run(p);
  }

  async watchProbe(target: unknown): Promise<void> {
    const p = this.probeOf(target);
    if (p) void this.runs.watch(p);
  }

  stopWatch(target: unknown): void {
    const e = this.entryOf(target);
    if (e?.row.kind === 'probe') this.runs.stopWatch(e.row.ref);
  }

  async stopPortForward(target: unknown): Promise<void> {
    const e = this.entryOf(target);
    if (e?.row.kind === 'forward') await this.ctx.forwardsIfStarted()?.stop(e.row.forwardId);
  }

  /** On one of our rows: its pod; on the Kubernetes extension's pod node: that pod (read now). */
  async openTimeline(target: unknown): Promise<TimelinePanel | undefined> {
    const e = this.entryOf(target);
    if (e) return openPodTimeline(e.pod, e.pod.metadata?.namespace ?? 'default');
    const found = await this.podFromExplorer(target);
    return found && openPodTimeline(found.pod, found.namespace);
  }

  /** "Run Probes" on a pod of its Cluster Explorer: every probe of every container, one summary. */
  async runPodProbes(target: unknown): Promise<string[] | undefined> {
    const found = await this.podFromExplorer(target);
    if (!found) return undefined;
    const { pod, namespace, kubectl, context } = found;
    const name = pod.metadata?.name ?? '';
    const probes = podHandlers(pod).filter((h) => h.isProbe && h.handlerTypes.length);
    if (!probes.length) {
      void vscode.window.showInformationMessage(`Pod ${name} has no probes.`);
      return [];
    }
    const lines: string[] = [];
    for (const h of probes) {
      const ref: PodProbeRef = { context, namespace, pod: name, container: h.container.name ?? '', site: h.site as PodProbeRef['site'] };
      const r = await this.runs.run({ kubectl, ref, handler: h }, false);
      if (!r) break;
      lines.push(`${ref.container} ${PROBE_LABEL[h.site]}: ${verdictText(r).short}`);
    }
    if (lines.length) void vscode.window.showInformationMessage(`Probes of ${name}: ${lines.join('; ')}`, 'Show Output').then((a) => a && this.ctx.log.show(true));
    return lines;
  }

  // ---- internals --------------------------------------------------------------------------------------

  private entryOf(target: unknown): RowEntry | undefined {
    if (!target || typeof target !== 'object') return undefined;
    const own = this.rows.get(target);
    if (own) return own;
    const node = this.k8s?.contributedNodeOf(target);
    return node && this.rows.get(node);
  }

  private probeOf(target: unknown): LivePodProbe | undefined {
    const e = this.entryOf(target);
    if (e?.row.kind !== 'probe') return undefined;
    const ref = e.row.ref;
    const handler = podHandlers(e.pod).find((h) => h.isProbe && h.container.name === ref.container && h.site === ref.site);
    return handler && { kubectl: e.kubectl, ref, handler };
  }

  private async podFromExplorer(target: unknown): Promise<{ pod: PodObject; namespace: string; context: string; kubectl: Kubectl } | undefined> {
    const k8s = this.k8s ?? (await this.ctx.kubernetes());
    const ref = k8s?.podOf(target);
    if (!ref) return undefined;
    try {
      const base = await this.ctx.kubectl();
      const context = (await base.currentContext()) ?? '';
      const kubectl = base.withContext(context || undefined);
      const namespace = ref.namespace ?? (await kubectl.namespace());
      return { pod: await kubectl.getPod(namespace, ref.name), namespace, context, kubectl };
    } catch (e) {
      this.ctx.report.error(e, 'cluster');
      return undefined;
    }
  }

  /** Pods we keep a port-forward to say so in the explorer's own row. */
  private customize(node: ClusterExplorerV1.ClusterExplorerNode, item: vscode.TreeItem): void {
    if (!isPod(node)) return;
    const forwards = (this.ctx.forwardsIfStarted()?.list() ?? []).filter(
      (f) => f.pod === node.name && (!node.namespace || f.namespace === node.namespace) && (this.shownContext === undefined || (f.context ?? this.shownContext) === this.shownContext),
    );
    if (!forwards.length) return;
    const ports = forwards.map((f) => `${f.localPort || '…'}→${f.remotePort}`).join(', ');
    item.description = `${typeof item.description === 'string' && item.description ? `${item.description} · ` : ''}port-forwarded ${ports} (Kubernetes Probes)`;
  }

  private refreshSoon(): void {
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.k8s?.explorer?.refresh();
    }, 300);
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.disposables.forEach((d) => d.dispose());
  }
}

function isPod(node: ClusterExplorerV1.ClusterExplorerNode | undefined): node is ClusterExplorerV1.ClusterExplorerResourceNode {
  return node?.nodeType === 'resource' && node.resourceKind.manifestKind === 'Pod';
}
