// Watching pods and events through kubectl (`get … --watch -o json --output-watch-events`): one
// long-running kubectl per watch, its stdout split into watch events, a debounced snapshot for
// trees, raw events for timelines. kubectl exits when the server ends the watch or the cluster goes
// away: the watch restarts with exponential back-off, re-listing to drop objects deleted meanwhile.
import type { ChildProcess } from 'node:child_process';
import type { EventObject, ListObject, ObjectMeta, PodObject, WatchEvent, WatchEventType } from './api-types';
import { ClusterError, KubectlNotFound, classifyKubectlFailure } from './errors';
import { Emitter, type Event } from '../util/events';
import { JsonStreamSplitter } from './json-stream';
import { eventFieldSelector, type Kubectl } from './kubectl';
import { killTree, type Disposable } from '../util/process';
import { probeEvents, summarizePod, type PodSummary, type ProbeEventSummary } from './pod-summary';

export interface WatchTarget {
  /** Resource name for kubectl get: 'pods', 'events'. */
  resource: string;
  namespace: string;
  fieldSelector?: string;
  labelSelector?: string;
}

export type WatchState =
  | { state: 'starting' }
  /** The initial list succeeded and the watch is running. */
  | { state: 'watching' }
  /** kubectl exited; a new attempt is scheduled. `error` is undefined when the server just ended the watch. */
  | { state: 'retrying'; error?: ClusterError; retryInMs: number; attempt: number }
  /** Given up: kubectl missing, a kubeconfig/context problem only the user can fix, or maxRetries reached. */
  | { state: 'failed'; error: ClusterError }
  | { state: 'stopped' };

export interface WatchOptions {
  /** Trailing debounce of onDidChange. Default 300 ms. */
  debounceMs?: number;
  /** Back-off between restarts: initialMs·2^attempt up to maxMs. Defaults 500 ms, 30 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A kubectl that ran this long resets the back-off. Default 10 s. */
  resetBackoffAfterMs?: number;
  /** Default: unlimited. */
  maxRetries?: number;
  /** Diagnostics for the log (stray output, restarts). */
  log?: (message: string) => void;
}

type Obj = { metadata?: ObjectMeta };

function keyOf(o: Obj): string {
  return o.metadata?.uid || `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

/** Errors a retry cannot fix. */
const GIVE_UP: readonly ClusterError['kind'][] = ['context-missing', 'kubeconfig-missing', 'no-config', 'kubectl-not-found', 'spawn-failed'];

const EVENT_TYPES: readonly WatchEventType[] = ['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR'];

function isWatchEvent(v: unknown): v is WatchEvent<unknown> {
  if (!v || typeof v !== 'object') return false;
  const e = v as { type?: unknown; object?: unknown };
  return typeof e.type === 'string' && EVENT_TYPES.includes(e.type as WatchEventType) && !!e.object && typeof e.object === 'object';
}

/** A list+watch of one resource kind in one namespace, restarted until disposed. */
export class KubeWatch<T extends Obj> implements Disposable {
  private readonly items_ = new Map<string, T>();
  private readonly receive = new Emitter<WatchEvent<T>>();
  private readonly change = new Emitter<T[]>();
  private readonly stateEmitter = new Emitter<WatchState>();
  /** Raw watch events as kubectl prints them (not debounced). */
  readonly onDidReceive: Event<WatchEvent<T>> = this.receive.event;
  /** The full set of objects, debounced. */
  readonly onDidChange: Event<T[]> = this.change.event;
  readonly onDidChangeState: Event<WatchState> = this.stateEmitter.event;

  private state_: WatchState = { state: 'starting' };
  private child: ChildProcess | undefined;
  private gen = 0;
  private attempt = 0;
  private disposed = false;
  private started = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private firstPendingChange = 0;
  private listAbort: AbortController | undefined;
  private stopping: Promise<void> = Promise.resolve();
  private readonly o: Required<Omit<WatchOptions, 'log' | 'maxRetries'>> & Pick<WatchOptions, 'log' | 'maxRetries'>;

  constructor(
    private readonly kubectl: Kubectl,
    readonly target: WatchTarget,
    opts: WatchOptions = {},
  ) {
    this.o = {
      debounceMs: opts.debounceMs ?? 300,
      initialBackoffMs: opts.initialBackoffMs ?? 500,
      maxBackoffMs: opts.maxBackoffMs ?? 30_000,
      resetBackoffAfterMs: opts.resetBackoffAfterMs ?? 10_000,
      maxRetries: opts.maxRetries,
      log: opts.log,
    };
  }

  get state(): WatchState {
    return this.state_;
  }

  /** The current objects, sorted by name. */
  get items(): T[] {
    return [...this.items_.values()].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  }

  /** Starts the list+watch (idempotent). */
  start(): this {
    if (!this.started && !this.disposed) {
      this.started = true;
      this.connect();
    }
    return this;
  }

  /** Stops kubectl and all timers; fires a final 'stopped' state. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.listAbort?.abort();
    const child = this.child;
    this.child = undefined;
    this.stopping = child ? killTree(child, 1000) : Promise.resolve();
    this.setState({ state: 'stopped' });
    this.receive.dispose();
    this.change.dispose();
    this.stateEmitter.dispose();
  }

  /** Resolves when the kubectl of this watch has exited (after dispose). */
  whenStopped(): Promise<void> {
    return this.stopping;
  }

  private setState(s: WatchState): void {
    this.state_ = s;
    this.stateEmitter.fire(s);
  }

  private selectorArgs(): string[] {
    const a: string[] = [];
    if (this.target.fieldSelector) a.push('--field-selector', this.target.fieldSelector);
    if (this.target.labelSelector) a.push('-l', this.target.labelSelector);
    return a;
  }

  private what(): string {
    return `watch ${this.target.resource} in ${this.target.namespace}`;
  }

  private connect(): void {
    if (this.disposed) return;
    const gen = ++this.gen;
    // Never spawn kubectl against an unchecked context (it would fall back to localhost:8080).
    this.kubectl.ensureContext().then(
      () => gen === this.gen && !this.disposed && this.spawnWatch(gen),
      (e) => gen === this.gen && !this.disposed && this.fail(e instanceof ClusterError ? e : new ClusterError('failed', String(e))),
    );
  }

  private spawnWatch(gen: number): void {
    const args = [
      'get',
      this.target.resource,
      '-n',
      this.target.namespace,
      ...this.selectorArgs(),
      '--watch',
      '-o',
      'json',
      '--output-watch-events',
    ];
    let child: ChildProcess;
    try {
      child = this.kubectl.spawn(args);
    } catch (e) {
      this.fail(new ClusterError('spawn-failed', `kubectl could not be started: ${(e as Error).message}`));
      return;
    }
    this.child = child;
    const startedAt = Date.now();
    const touched = new Set<string>();
    const splitter = new JsonStreamSplitter({ onError: (m, t) => this.o.log?.(`${this.what()}: ${m}: ${t}`) });
    let stderr = '';
    let spawnError: NodeJS.ErrnoException | undefined;

    child.stdout?.on('data', (b: Buffer) => {
      if (gen !== this.gen || this.disposed) return;
      for (const v of splitter.push(b)) this.onValue(v, touched);
    });
    child.stderr?.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-65536);
    });
    child.once('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
    });
    child.once('close', (code: number | null) => {
      if (this.child === child) this.child = undefined;
      if (this.disposed || gen !== this.gen) return;
      for (const v of splitter.end()) this.onValue(v, touched);
      if (spawnError) {
        this.fail(
          spawnError.code === 'ENOENT'
            ? new KubectlNotFound([this.kubectl.path], this.kubectl.path)
            : new ClusterError('spawn-failed', `kubectl could not be started (${spawnError.code ?? spawnError.message}).`),
        );
        return;
      }
      this.onExit(code, stderr, Date.now() - startedAt);
    });

    void this.resync(gen, touched);
  }

  /** Lists the resource and reconciles: objects gone while no watch ran are dropped. */
  private async resync(gen: number, touched: Set<string>): Promise<void> {
    this.listAbort?.abort();
    const ac = new AbortController();
    this.listAbort = ac;
    try {
      const list = await this.kubectl.json<ListObject<T>>(
        ['get', this.target.resource, '-n', this.target.namespace, ...this.selectorArgs(), '-o', 'json'],
        { signal: ac.signal, what: `list ${this.target.resource} in ${this.target.namespace}` },
      );
      if (this.disposed || gen !== this.gen) return;
      const listed = new Map<string, T>();
      for (const item of list.items ?? []) listed.set(keyOf(item), item);
      let changed = false;
      for (const k of [...this.items_.keys()]) {
        if (!listed.has(k) && !touched.has(k)) {
          this.items_.delete(k);
          changed = true;
        }
      }
      for (const [k, item] of listed) {
        if (!touched.has(k)) {
          this.items_.set(k, item);
          changed = true;
        }
      }
      this.attemptSucceeded();
      if (changed || this.items_.size === 0) this.scheduleChange(true);
    } catch (e) {
      if (this.disposed || gen !== this.gen) return;
      if (e instanceof ClusterError && e.kind === 'cancelled') return;
      this.lastListError = e instanceof ClusterError ? e : new ClusterError('failed', String(e));
      this.o.log?.(`${this.what()}: list failed: ${this.lastListError.message}`);
    }
  }

  private lastListError: ClusterError | undefined;

  private attemptSucceeded(): void {
    this.lastListError = undefined;
    if (this.state_.state !== 'watching') this.setState({ state: 'watching' });
  }

  private onValue(v: unknown, touched: Set<string>): void {
    if (!isWatchEvent(v)) {
      this.o.log?.(`${this.what()}: unexpected output from kubectl`);
      return;
    }
    const ev = v as WatchEvent<T>;
    if (ev.type === 'BOOKMARK') return;
    if (ev.type === 'ERROR') {
      this.o.log?.(`${this.what()}: watch error: ${JSON.stringify(ev.object).slice(0, 300)}`);
      return;
    }
    const k = keyOf(ev.object);
    touched.add(k);
    if (ev.type === 'DELETED') this.items_.delete(k);
    else this.items_.set(k, ev.object);
    if (this.state_.state !== 'watching') this.setState({ state: 'watching' });
    this.receive.fire(ev);
    this.scheduleChange(false);
  }

  private scheduleChange(now: boolean): void {
    if (this.disposed) return;
    const fire = () => {
      this.debounceTimer = undefined;
      this.firstPendingChange = 0;
      if (!this.disposed) this.change.fire(this.items);
    };
    if (now && this.o.debounceMs === 0) return fire();
    const t = Date.now();
    if (!this.firstPendingChange) this.firstPendingChange = t;
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    // Trailing debounce, but never starve: fire at most 4 debounce periods after the first change.
    const wait = Math.max(0, Math.min(this.o.debounceMs, this.firstPendingChange + 4 * this.o.debounceMs - t));
    this.debounceTimer = setTimeout(fire, wait);
  }

  private onExit(code: number | null, stderr: string, livedMs: number): void {
    if (livedMs >= this.o.resetBackoffAfterMs) this.attempt = 0;
    const error = code === 0 ? undefined : stderr.trim() ? classifyKubectlFailure(stderr, this.what()) : this.lastListError;
    if (code === 0) this.o.log?.(`${this.what()}: the server ended the watch; restarting`);
    else this.o.log?.(`${this.what()}: kubectl exited (${code}): ${error?.message ?? 'no message'}`);
    if (error && GIVE_UP.includes(error.kind)) {
      // Only the user can fix these (the glue recreates the watch when the configuration changes).
      this.fail(error);
      return;
    }
    const attempt = this.attempt++;
    if (this.o.maxRetries !== undefined && attempt >= this.o.maxRetries) {
      this.fail(error ?? new ClusterError('failed', `kubectl stopped watching ${this.target.resource}.`));
      return;
    }
    const retryInMs =
      code === 0 && livedMs >= 1000 ? 0 : Math.min(this.o.maxBackoffMs, this.o.initialBackoffMs * 2 ** Math.min(attempt, 16));
    this.setState({ state: 'retrying', error, retryInMs, attempt: attempt + 1 });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, retryInMs);
  }

  private fail(error: ClusterError): void {
    this.setState({ state: 'failed', error });
  }
}

// ---- convenience subscribers ----------------------------------------------------------------------

export interface WatchHandle extends Disposable {
  readonly watch: KubeWatch<Obj>;
}

export interface WatchPodsOptions extends WatchOptions {
  labelSelector?: string;
  onState?: (s: WatchState) => void;
}

/**
 * Pods of a namespace as tree summaries, debounced. Call only while the node is visible/expanded;
 * dispose on collapse. With no cluster, onState reports {state:'retrying', error} and onChange is
 * not called with stale data.
 */
export function watchPods(
  kubectl: Kubectl,
  namespace: string,
  onChange: (pods: PodSummary[]) => void,
  opts: WatchPodsOptions = {},
): WatchHandle {
  const w = new KubeWatch<PodObject>(kubectl, { resource: 'pods', namespace, labelSelector: opts.labelSelector }, opts);
  w.onDidChange((pods) => onChange(pods.map((p) => summarizePod(p))));
  if (opts.onState) w.onDidChangeState(opts.onState);
  w.start();
  return { watch: w, dispose: () => w.dispose() };
}

export interface WatchPodHandlers {
  /** Every watch event of the pod, as it arrives (for a timeline). */
  onEvent?: (e: WatchEvent<PodObject>) => void;
  /** The pod after each (debounced) change; undefined when it does not exist (yet / any more). */
  onChange?: (pod: PodObject | undefined) => void;
  onState?: (s: WatchState) => void;
}

/** One pod by name (`--field-selector metadata.name=…`, so a pod that does not exist yet is fine). */
export function watchPod(
  kubectl: Kubectl,
  namespace: string,
  name: string,
  handlers: WatchPodHandlers,
  opts: WatchOptions = {},
): WatchHandle {
  const w = new KubeWatch<PodObject>(
    kubectl,
    { resource: 'pods', namespace, fieldSelector: `metadata.name=${name}` },
    { debounceMs: 0, ...opts },
  );
  if (handlers.onEvent) w.onDidReceive(handlers.onEvent);
  if (handlers.onChange) {
    const cb = handlers.onChange;
    w.onDidChange((pods) => {
      // A replaced pod (same name, new uid): the newest one counts.
      const newest = pods.sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''));
      cb(newest[newest.length - 1]);
    });
  }
  if (handlers.onState) w.onDidChangeState(handlers.onState);
  w.start();
  return { watch: w, dispose: () => w.dispose() };
}

export interface WatchEventsHandlers {
  /** Every event object as it arrives (ADDED/MODIFIED), for a timeline. */
  onEvent?: (e: WatchEvent<EventObject>) => void;
  /** Probe-related events of the pod (Unhealthy, ProbeWarning, BackOff, Killing), newest first, debounced. */
  onProbeEvents?: (events: ProbeEventSummary[], all: EventObject[]) => void;
  onState?: (s: WatchState) => void;
}

/** Events of one pod (`involvedObject.name`, `involvedObject.kind=Pod`). */
export function watchPodEvents(
  kubectl: Kubectl,
  namespace: string,
  podName: string,
  handlers: WatchEventsHandlers,
  opts: WatchOptions = {},
): WatchHandle {
  const w = new KubeWatch<EventObject>(
    kubectl,
    { resource: 'events', namespace, fieldSelector: eventFieldSelector(podName) },
    opts,
  );
  if (handlers.onEvent) w.onDidReceive(handlers.onEvent);
  if (handlers.onProbeEvents) {
    const cb = handlers.onProbeEvents;
    w.onDidChange((all) => cb(probeEvents(all), all));
  }
  if (handlers.onState) w.onDidChangeState(handlers.onState);
  w.start();
  return { watch: w, dispose: () => w.dispose() };
}
