// The kubectl session behind the Cluster view: which kubectl, context and namespace, whether the
// cluster answers, and — only while someone looks — a list+watch of the namespace's pods and of
// their events (one kubectl each, debounced, restarted with back-off by KubeWatch). It does not
// find kubectl itself: the caller's locate() is the one way (the extension's composition root, or
// Kubectl.locate in tests and the CLI).
import type { EventObject, PodObject } from './api-types';
import { ClusterError } from './errors';
import { KubeWatch, type WatchState } from './kube-watch';
import type { Kubectl } from './kubectl';
import { probeEvents, summarizePod, type PodSummary, type ProbeEventSummary } from './pod-summary';
import { Emitter, type Event } from '../util/events';
import type { HandlerModel } from '../manifest/model';
import { podHandlers } from './pod-handlers';

export { podHandlers };

export type ClusterState =
  | { kind: 'idle' }
  | { kind: 'connecting' }
  /** No kubectl binary (welcome view "kubectl not found"). */
  | { kind: 'noKubectl'; message: string }
  /** No kubeconfig or no current context (welcome view). */
  | { kind: 'noContext'; message: string }
  /** The API server does not answer (welcome view "no cluster reachable"). */
  | { kind: 'unreachable'; message: string; context: string }
  /** Anything else (unauthorized, a context that does not exist, …): one error node. */
  | { kind: 'error'; message: string; context?: string }
  | { kind: 'ready'; context: string; namespace: string; contexts: string[]; serverVersion?: string };

export interface ClusterSessionOptions {
  /** Finds kubectl (with the kubeconfig to use); throws KubectlNotFound. Called by every connect(). */
  locate(): Kubectl | Promise<Kubectl>;
  /** Context chosen inside the extension; undefined: the kubeconfig's current context. Read by every connect(). */
  context?: string | (() => string | undefined);
  /** The namespace remembered for a context; undefined: the context's own namespace. */
  namespaceFor?(context: string): string | undefined;
  /** Debounce of pod and event changes. Default 300 ms. */
  debounceMs?: number;
  log?(message: string): void;
}

export interface PodEntry {
  object: PodObject;
  summary: PodSummary;
}

export type SessionChange = 'state' | 'pods' | 'events' | 'watch';

const EVENTS_PER_POD = 20;

export class ClusterSession {
  private state_: ClusterState = { kind: 'idle' };
  private kubectl_: Kubectl | undefined;
  private connecting: Promise<ClusterState> | undefined;
  private gen = 0;
  private podWatch: KubeWatch<PodObject> | undefined;
  private eventWatch: KubeWatch<EventObject> | undefined;
  private pods_ = new Map<string, PodEntry>();
  private events_ = new Map<string, ProbeEventSummary[]>();
  private watchState_: WatchState | undefined;
  private readonly parsed = new WeakMap<PodObject, HandlerModel[]>();
  private readonly emitter = new Emitter<SessionChange>();
  readonly onDidChange: Event<SessionChange> = this.emitter.event;

  constructor(private readonly options: ClusterSessionOptions) {}

  get state(): ClusterState {
    return this.state_;
  }

  /** The kubectl bound to the session's context (undefined until connect() found one). */
  get kubectl(): Kubectl | undefined {
    return this.kubectl_;
  }

  /** The state of the pod watch (undefined while not watching). */
  get watchState(): WatchState | undefined {
    return this.watchState_;
  }

  get watching(): boolean {
    return !!this.podWatch;
  }

  /**
   * Finds kubectl, reads the context and its namespace and asks the API server for its version.
   * Never throws: the outcome is the state. A call while connecting joins it unless `force`.
   */
  connect(force = false): Promise<ClusterState> {
    if (this.connecting && !force) return this.connecting;
    this.stopWatching();
    const gen = ++this.gen;
    this.setState({ kind: 'connecting' });
    const run = this.doConnect().then((s) => {
      if (gen === this.gen) {
        this.connecting = undefined;
        this.setState(s);
      }
      return this.state_;
    });
    this.connecting = run;
    return run;
  }

  private async doConnect(): Promise<ClusterState> {
    const o = this.options;
    const chosen = typeof o.context === 'function' ? o.context() : o.context;
    let kubectl: Kubectl;
    try {
      const found = await o.locate();
      kubectl = chosen !== undefined ? found.withContext(chosen) : found;
    } catch (e) {
      return { kind: 'noKubectl', message: messageOf(e) };
    }
    let context: string | undefined;
    let namespace: string;
    let contexts: string[];
    try {
      const info = await kubectl.contextInfo({ timeoutMs: 15_000 });
      context = info.context;
      contexts = info.contexts;
      namespace = info.namespace;
    } catch (e) {
      const kind = this.kindOf(e);
      if (kind === 'no-config' || kind === 'kubeconfig-missing') return { kind: 'noContext', message: messageOf(e) };
      return { kind: 'error', message: messageOf(e), ...(chosen !== undefined && { context: chosen }) };
    }
    if (!context) return { kind: 'noContext', message: contexts.length ? 'kubectl has no current context.' : 'kubectl has no contexts configured.' };
    this.kubectl_ = kubectl.context === context ? kubectl : kubectl.withContext(context);
    namespace = o.namespaceFor?.(context) ?? namespace;
    try {
      const v = await this.kubectl_.checkCluster({ timeoutMs: 15_000 });
      return { kind: 'ready', context, namespace, contexts, ...(v.serverVersion !== undefined && { serverVersion: v.serverVersion }) };
    } catch (e) {
      const kind = this.kindOf(e);
      if (kind === 'no-cluster' || kind === 'timeout') return { kind: 'unreachable', message: messageOf(e), context };
      if (kind === 'no-config') return { kind: 'noContext', message: messageOf(e) };
      return { kind: 'error', message: messageOf(e), context };
    }
  }

  /** Starts watching the namespace's pods and their events (idempotent; only when ready). */
  watch(): void {
    const s = this.state_;
    if (s.kind !== 'ready' || this.podWatch || !this.kubectl_) return;
    const opts = { debounceMs: this.options.debounceMs ?? 300, log: this.options.log };
    const pods = new KubeWatch<PodObject>(this.kubectl_, { resource: 'pods', namespace: s.namespace }, opts);
    const events = new KubeWatch<EventObject>(
      this.kubectl_,
      { resource: 'events', namespace: s.namespace, fieldSelector: 'involvedObject.kind=Pod' },
      opts,
    );
    this.podWatch = pods;
    this.eventWatch = events;
    this.watchState_ = pods.state;
    pods.onDidChange((items) => {
      const now = new Date();
      const next = new Map<string, PodEntry>();
      for (const object of items) {
        const name = object.metadata?.name;
        if (!name) continue;
        const prev = this.pods_.get(name);
        const same = prev && prev.object.metadata?.resourceVersion === object.metadata?.resourceVersion && prev.object.metadata?.uid === object.metadata?.uid;
        next.set(name, same ? prev : { object, summary: summarizePod(object, now) });
      }
      this.pods_ = next;
      this.emitter.fire('pods');
    });
    pods.onDidChangeState((st) => {
      this.watchState_ = st;
      this.emitter.fire('watch');
    });
    events.onDidChange((items) => {
      const byPod = new Map<string, ProbeEventSummary[]>();
      for (const e of probeEvents(items)) {
        if (!e.podName) continue;
        const list = byPod.get(e.podName) ?? [];
        if (list.length < EVENTS_PER_POD) list.push(e);
        byPod.set(e.podName, list);
      }
      this.events_ = byPod;
      this.emitter.fire('events');
    });
    pods.start();
    events.start();
    this.emitter.fire('watch');
  }

  /** Stops both kubectl watches (collapse, hidden view, another namespace). */
  stopWatching(): void {
    if (!this.podWatch) return;
    this.podWatch.dispose();
    this.eventWatch?.dispose();
    this.podWatch = undefined;
    this.eventWatch = undefined;
    this.watchState_ = undefined;
    this.pods_ = new Map();
    this.events_ = new Map();
    this.emitter.fire('watch');
  }

  /** Resolves when the watches' kubectl processes have exited (tests). */
  async whenStopped(): Promise<void> {
    await Promise.all([this.podWatch?.whenStopped(), this.eventWatch?.whenStopped()]);
  }

  /** Pods by name, in name order. */
  pods(): PodEntry[] {
    return [...this.pods_.values()].sort((a, b) => a.summary.name.localeCompare(b.summary.name));
  }

  pod(name: string): PodEntry | undefined {
    return this.pods_.get(name);
  }

  /** Probe-related events of a pod (Unhealthy, ProbeWarning, BackOff, Killing), newest first. */
  eventsOf(pod: string): ProbeEventSummary[] {
    return this.events_.get(pod) ?? [];
  }

  /** The pod's probes and hooks as the manifest model has them (for describing and running them). */
  handlersOf(entry: PodEntry): HandlerModel[] {
    let hs = this.parsed.get(entry.object);
    if (!hs) {
      hs = podHandlers(entry.object);
      this.parsed.set(entry.object, hs);
    }
    return hs;
  }

  dispose(): void {
    this.gen++;
    this.stopWatching();
    this.emitter.dispose();
  }

  private setState(s: ClusterState): void {
    this.state_ = s;
    this.emitter.fire('state');
  }

  private kindOf(e: unknown): ClusterError['kind'] | undefined {
    return e instanceof ClusterError ? e.kind : undefined;
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0]! : String(e);
}
