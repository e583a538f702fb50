// The "Cluster" tree as plain data: nodes, their rows (label, description, icon, tooltip) and
// what to refresh when the session (src/core/cluster/session.ts) changes. Reads the session; the
// session's type only is imported, so this file stays free of child processes.
// Over ~450 lines on purpose: the node types, their rows and the refresh rules change together; the
// rows need every node type and the refresh rules every row.
import type { ClusterSession, SessionChange } from '../cluster/session';
import type { PodSummary, ProbeEventSummary } from '../cluster/pod-summary';
import { humanDurationMs } from '../cluster/pod-status';
import { PROBE_KINDS, type ProbeKind } from '../k8s';
import { escapeMarkdown } from '../lint/describe';
import type { HandlerModel } from '../manifest/model';
import type { WatchTally } from '../probe/watch';
import { podProbeKey, probeRow } from './pod-probes';
import { COLORS, type IconModel, type ItemModel, type LastRun } from './tree-model';

export interface MessageNode {
  readonly type: 'message';
  readonly id: string;
  readonly label: string;
  readonly detail?: string;
  readonly icon: IconModel;
}
export interface ContextNode {
  readonly type: 'context';
}
export interface NamespaceNode {
  readonly type: 'namespace';
}
export interface PodNode {
  readonly type: 'pod';
  readonly name: string;
}
export interface PodContainerNode {
  readonly type: 'container';
  readonly pod: PodNode;
  readonly name: string;
}
export interface PodProbeNode {
  readonly type: 'probe';
  readonly container: PodContainerNode;
  readonly site: ProbeKind;
}
export interface EventsNode {
  readonly type: 'events';
  readonly pod: PodNode;
}
export interface EventNode {
  readonly type: 'event';
  readonly parent: EventsNode;
  readonly event: ProbeEventSummary;
  readonly index: number;
}
export type ClusterNode = MessageNode | ContextNode | NamespaceNode | PodNode | PodContainerNode | PodProbeNode | EventsNode | EventNode;

export interface ClusterTreeOptions {
  /** Port-forwards the extension keeps open to this pod. */
  forwardsTo?(pod: string, namespace: string, context: string): number;
  /** The last "Run probe" of a pod's probe (see probeRunKey). */
  lastRun?(key: string): LastRun | undefined;
  /** Our watch of a pod's probe, while it runs (same key). */
  watching?(key: string): WatchTally | undefined;
  now?(): number;
}

/** The key a pod probe's run result is kept under (one key for both trees: pod-probes.ts). */
export const probeRunKey = podProbeKey;

export class ClusterTreeModel {
  private readonly contextNode: ContextNode = { type: 'context' };
  private readonly namespaceNode: NamespaceNode = { type: 'namespace' };
  private podNodes = new Map<string, PodNode>();
  private readonly childCache = new WeakMap<ClusterNode, ClusterNode[]>();
  private seen = new Map<string, string>();

  constructor(
    private readonly session: ClusterSession,
    private readonly options: ClusterTreeOptions = {},
  ) {}

  get namespace(): NamespaceNode {
    return this.namespaceNode;
  }

  /**
   * What to refresh after the session changed: undefined = everything (state), else the nodes
   * whose pods changed (or the namespace when pods came or went).
   */
  apply(change: SessionChange): ClusterNode[] | undefined {
    if (change === 'state') {
      this.podNodes = new Map();
      this.seen = new Map();
      return undefined;
    }
    if (change === 'watch') {
      this.childCache.delete(this.namespaceNode);
      return [this.namespaceNode];
    }
    // pods or events: rebuild the nodes of pods whose object or events changed; the namespace's
    // list when pods came or went. Refreshing the namespace re-renders its rows (cheap: cached).
    const next = new Map<string, string>();
    for (const p of this.session.pods()) {
      const events = this.session.eventsOf(p.summary.name);
      next.set(p.summary.name, `${p.object.metadata?.uid}:${p.object.metadata?.resourceVersion}:${events.length}:${events[0]?.lastSeen ?? ''}:${events[0]?.count ?? ''}`);
    }
    if (next.size !== this.seen.size || [...next.keys()].some((k) => !this.seen.has(k))) this.childCache.delete(this.namespaceNode);
    for (const [name, stamp] of next) {
      const node = this.podNodes.get(name);
      if (node && this.seen.get(name) !== stamp) this.dropSubtree(node);
    }
    this.seen = next;
    return [this.namespaceNode];
  }

  /** After a run of a pod probe, or a port-forward change: refresh the pod's nodes. */
  invalidatePod(name: string): PodNode | undefined {
    const node = this.podNodes.get(name);
    if (node) this.dropSubtree(node);
    return node;
  }

  roots(): ClusterNode[] {
    const s = this.session.state;
    switch (s.kind) {
      case 'idle':
      case 'connecting':
        return [{ type: 'message', id: 'connecting', label: 'Connecting to the cluster…', icon: { id: 'loading~spin' } }];
      case 'noKubectl':
      case 'noContext':
      case 'unreachable':
        return []; // the welcome view says it
      case 'error':
        return [{ type: 'message', id: 'error', label: s.message, icon: { id: 'error', color: COLORS.error } }];
      case 'ready':
        return [this.contextNode, this.namespaceNode];
    }
  }

  children(node?: ClusterNode): ClusterNode[] {
    if (!node) return this.roots();
    const cached = this.childCache.get(node);
    if (cached) return cached;
    const built = this.build(node);
    this.childCache.set(node, built);
    return built;
  }

  item(node: ClusterNode): ItemModel {
    switch (node.type) {
      case 'message':
        return {
          id: `message:${node.id}`,
          label: node.label,
          ...(node.detail && { description: node.detail }),
          tooltip: escapeMarkdown(node.detail ? `${node.label} ${node.detail}` : node.label),
          icon: node.icon,
          contextValue: 'cluster.message',
          collapsible: 'none',
        };
      case 'context':
        return this.contextItem();
      case 'namespace':
        return this.namespaceItem();
      case 'pod':
        return this.podItem(node);
      case 'container':
        return this.containerItem(node);
      case 'probe':
        return this.probeItem(node);
      case 'events':
        return this.eventsItem(node);
      case 'event':
        return this.eventItem(node);
    }
  }

  parent(node: ClusterNode): ClusterNode | undefined {
    switch (node.type) {
      case 'pod':
        return this.namespaceNode;
      case 'container':
      case 'events':
        return node.pod;
      case 'probe':
        return node.container;
      case 'event':
        return node.parent;
      default:
        return undefined;
    }
  }

  /** The probe's handler from the live pod spec (for running it). */
  handlerOf(node: PodProbeNode): HandlerModel | undefined {
    const entry = this.session.pod(node.container.pod.name);
    return entry && this.session.handlersOf(entry).find((h) => h.container.name === node.container.name && h.site === node.site);
  }

  // ---- children ---------------------------------------------------------------------------------

  private build(node: ClusterNode): ClusterNode[] {
    switch (node.type) {
      case 'namespace':
        return this.podChildren();
      case 'pod': {
        const entry = this.session.pod(node.name);
        if (!entry) return [];
        const out: ClusterNode[] = entry.summary.containers.map((c): PodContainerNode => ({ type: 'container', pod: node, name: c.name }));
        if (this.session.eventsOf(node.name).length) out.push({ type: 'events', pod: node });
        return out;
      }
      case 'container': {
        const c = this.containerOf(node);
        return c ? PROBE_KINDS.filter((k) => c.probes[k]).map((site): PodProbeNode => ({ type: 'probe', container: node, site })) : [];
      }
      case 'events':
        return this.session.eventsOf(node.pod.name).map((event, index): EventNode => ({ type: 'event', parent: node, event, index }));
      default:
        return [];
    }
  }

  private podChildren(): ClusterNode[] {
    const w = this.session.watchState;
    if (!w || w.state === 'starting') return [{ type: 'message', id: 'loading', label: 'Loading pods…', icon: { id: 'loading~spin' } }];
    if (w.state === 'failed') return [{ type: 'message', id: 'watch-failed', label: w.error.message, icon: { id: 'error', color: COLORS.error } }];
    if (w.state === 'retrying' && w.error) {
      return [{ type: 'message', id: 'watch-retrying', label: w.error.message, detail: `retrying in ${Math.ceil(w.retryInMs / 1000)} s`, icon: { id: 'warning', color: COLORS.warning } }];
    }
    const pods = this.session.pods();
    if (!pods.length) return [{ type: 'message', id: 'no-pods', label: 'No pods in this namespace.', icon: { id: 'info' } }];
    const next = new Map<string, PodNode>();
    const nodes = pods.map((p) => {
      const node = this.podNodes.get(p.summary.name) ?? { type: 'pod' as const, name: p.summary.name };
      next.set(p.summary.name, node);
      return node;
    });
    this.podNodes = next;
    return nodes;
  }

  private dropSubtree(node: PodNode): void {
    for (const child of this.childCache.get(node) ?? []) {
      for (const grandchild of this.childCache.get(child) ?? []) this.childCache.delete(grandchild);
      this.childCache.delete(child);
    }
    this.childCache.delete(node);
  }

  private containerOf(node: PodContainerNode) {
    return this.session.pod(node.pod.name)?.summary.containers.find((c) => c.name === node.name);
  }

  // ---- items ------------------------------------------------------------------------------------

  private ready() {
    const s = this.session.state;
    return s.kind === 'ready' ? s : undefined;
  }

  private contextItem(): ItemModel {
    const s = this.ready();
    return {
      id: 'context',
      label: s?.context ?? '',
      description: s?.serverVersion ? `context · ${s.serverVersion}` : 'context',
      tooltip: `**kubectl context** ${escapeMarkdown(s?.context ?? '')}${s?.serverVersion ? `\n\nAPI server ${escapeMarkdown(s.serverVersion)}` : ''}\n\nClick to switch (only inside this extension, unless you choose otherwise).`,
      icon: { id: 'server-environment' },
      contextValue: 'cluster.context',
      collapsible: 'none',
    };
  }

  private namespaceItem(): ItemModel {
    const s = this.ready();
    const w = this.session.watchState;
    const pods = this.session.pods();
    let description = 'namespace';
    if (w?.state === 'watching' || (w?.state === 'retrying' && !w.error)) {
      const notReady = pods.filter((p) => !podOk(p.summary)).length;
      description = `namespace · ${pods.length} ${pods.length === 1 ? 'pod' : 'pods'}${notReady ? ` · ${notReady} not ready` : ''}`;
    } else if (w?.state === 'retrying') {
      description = 'namespace · reconnecting…';
    }
    return {
      id: 'namespace',
      label: s?.namespace ?? '',
      description,
      tooltip: `**Namespace** ${escapeMarkdown(s?.namespace ?? '')}\n\nPods are watched while this is expanded.`,
      icon: { id: 'symbol-namespace' },
      contextValue: 'cluster.namespace',
      collapsible: 'expanded',
    };
  }

  private forwarded(pod: string): boolean {
    const s = this.ready();
    return !!s && (this.options.forwardsTo?.(pod, s.namespace, s.context) ?? 0) > 0;
  }

  private podItem(node: PodNode): ItemModel {
    const entry = this.session.pod(node.name);
    const p = entry?.summary;
    const events = this.session.eventsOf(node.name);
    const unhealthy = events.filter((e) => e.reason === 'Unhealthy').reduce((n, e) => n + e.count, 0);
    const forwarded = this.forwarded(node.name);
    // kubectl's RESTARTS is "5 (92s ago)": here "5 restarts (92s ago)".
    const lastRestart = p && /\(.+\)$/.exec(p.restarts)?.[0];
    const parts = p ? [p.status, `${p.ready} ready`, `${p.restartCount} ${p.restartCount === 1 ? 'restart' : 'restarts'}${lastRestart ? ` ${lastRestart}` : ''}`] : [];
    if (unhealthy) parts.push(`${unhealthy} probe ${unhealthy === 1 ? 'failure' : 'failures'}`);
    if (forwarded) parts.push('port-forwarded');
    let tooltip = `**Pod ${escapeMarkdown(node.name)}**`;
    if (p) {
      tooltip += `\n\n| STATUS | READY | RESTARTS |\n|---|---|---|\n| ${escapeMarkdown(p.status)} | ${p.ready} | ${escapeMarkdown(p.restarts)} |`;
      if (p.podIP) tooltip += `\n\nIP ${p.podIP}`;
      if (p.nodeName) tooltip += ` on node ${escapeMarkdown(p.nodeName)}`;
    }
    return {
      id: `pod:${node.name}`,
      label: node.name,
      ...(parts.length && { description: parts.join(' · ') }),
      tooltip,
      icon: p ? podIcon(p) : { id: 'vm' },
      contextValue: `cluster.pod${forwarded ? '.forwarded' : ''}`,
      collapsible: 'collapsed',
    };
  }

  private containerItem(node: PodContainerNode): ItemModel {
    const c = this.containerOf(node);
    const parts: string[] = [];
    let icon: IconModel = { id: 'package' };
    if (c) {
      if (c.role !== 'container') parts.push(c.role === 'init' ? 'init container' : 'sidecar');
      const state = c.reason ?? (c.state === 'running' ? 'Running' : c.state === 'terminated' ? `Terminated (exit ${c.exitCode ?? '?'})` : c.state === 'waiting' ? 'Waiting' : 'Unknown');
      parts.push(state);
      if (c.state === 'running' || c.role !== 'init') parts.push(c.ready ? 'ready' : 'not ready');
      parts.push(`${c.restartCount} ${c.restartCount === 1 ? 'restart' : 'restarts'}`);
      icon = containerIcon(c);
    }
    let tooltip = `**${escapeMarkdown(node.name)}**`;
    if (c?.image) tooltip += `\n\nimage \`${c.image.replace(/`/g, "'")}\``;
    if (c?.message) tooltip += `\n\n${escapeMarkdown(c.message)}`;
    return {
      id: `pod:${node.pod.name}#${node.name}`,
      label: node.name,
      description: parts.join(' · '),
      tooltip,
      icon,
      contextValue: 'cluster.container',
      collapsible: c && PROBE_KINDS.some((k) => c.probes[k]) ? 'expanded' : 'none',
    };
  }

  private probeItem(node: PodProbeNode): ItemModel {
    const s = this.ready();
    const podName = node.container.pod.name;
    const key = s ? probeRunKey(s.context, s.namespace, podName, node.container.name, node.site) : undefined;
    const last = key ? this.options.lastRun?.(key) : undefined;
    const watching = key ? this.options.watching?.(key) : undefined;
    const r = probeRow({
      site: node.site,
      container: node.container.name,
      status: this.containerOf(node.container),
      handler: this.handlerOf(node),
      ...(last && { last }),
      ...(watching && { watching }),
      events: this.session.eventsOf(podName),
      now: this.options.now?.() ?? Date.now(),
    });
    const forwarded = this.forwarded(podName);
    return {
      id: `pod:${podName}#${node.container.name}#${node.site}`,
      ...r,
      contextValue: `cluster.probe.${node.site}${forwarded ? '.forwarded' : ''}`,
      collapsible: 'none',
    };
  }

  private eventsItem(node: EventsNode): ItemModel {
    const events = this.session.eventsOf(node.pod.name);
    const warnings = events.filter((e) => e.type === 'Warning').length;
    return {
      id: `pod:${node.pod.name}#events`,
      label: 'Probe events',
      description: `${events.length}${warnings ? ` · ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : ''}`,
      tooltip: 'Recent Unhealthy, ProbeWarning, BackOff and Killing events of this pod, newest first.',
      icon: { id: 'bell', ...(warnings && { color: COLORS.warning }) },
      contextValue: 'cluster.events',
      collapsible: 'collapsed',
    };
  }

  private eventItem(node: EventNode): ItemModel {
    const e = node.event;
    const now = this.options.now?.() ?? Date.now();
    const age = e.lastSeen ? `${humanDurationMs(now - Date.parse(e.lastSeen))} ago` : undefined;
    const parts = [e.count > 1 ? `×${e.count}` : undefined, age, e.message.split('\n', 1)[0]].filter((x): x is string => !!x);
    return {
      id: `pod:${node.parent.pod.name}#event${node.index}:${e.uid ?? ''}`,
      label: e.container ? `${e.reason} · ${e.container}` : e.reason,
      description: parts.join(' · '),
      tooltip: `**${escapeMarkdown(e.reason)}** (${escapeMarkdown(e.type)})${e.count > 1 ? `, ${e.count} times` : ''}${e.lastSeen ? `, last at ${escapeMarkdown(e.lastSeen)}` : ''}\n\n${escapeMarkdown(e.message)}`,
      icon: e.type === 'Warning' ? { id: e.reason === 'Killing' ? 'debug-restart' : 'warning', color: COLORS.warning } : { id: 'info' },
      contextValue: 'cluster.event',
      collapsible: 'none',
    };
  }
}

function podOk(p: PodSummary): boolean {
  return (p.phase === 'Running' && p.readyCount === p.totalCount) || p.phase === 'Succeeded';
}

const FAILED_REASONS = /CrashLoopBackOff|Error|ErrImagePull|ImagePullBackOff|OOMKilled|CreateContainerConfigError|InvalidImageName|ContainerCannotRun|Evicted|Failed|Unknown|ExitCode|Signal/;

function podIcon(p: PodSummary): IconModel {
  if (p.deleting) return { id: 'trash', color: COLORS.warning };
  if (FAILED_REASONS.test(p.status) || p.phase === 'Failed') return { id: 'error', color: COLORS.failed };
  if (p.phase === 'Succeeded' || p.status === 'Completed') return { id: 'check' };
  if (p.phase === 'Pending' || /^Init:|ContainerCreating|PodInitializing/.test(p.status)) return { id: 'loading~spin' };
  if (p.readyCount === p.totalCount) return { id: 'vm-running', color: COLORS.passed };
  return { id: 'vm-outline', color: COLORS.warning };
}

function containerIcon(c: PodSummary['containers'][number]): IconModel {
  if (c.state === 'terminated' && (c.exitCode ?? 0) === 0) return { id: 'check' };
  if ((c.reason && FAILED_REASONS.test(c.reason)) || c.state === 'terminated') return { id: 'error', color: COLORS.failed };
  if (c.state === 'waiting') return { id: 'loading~spin' };
  if (c.state === 'running') return c.ready || c.role === 'init' ? { id: 'package', color: COLORS.passed } : { id: 'package', color: COLORS.warning };
  return { id: 'package' };
}
