// kubectl: finding it, running it (argv only, never a shell), kubeconfig contexts and namespaces.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { homedir } from 'node:os';
import { ClusterError, KubectlNotFound, classifyKubectlFailure, cleanStderr } from './errors';
import { runProcess, spawnManaged, type RunResult } from '../util/process';
import { expandHome, which } from './which';
import type { EventObject, ListObject, PodObject } from './api-types';

export interface LocateKubectlOptions {
  /**
   * The machine-scoped setting `kubeProbes.kubectlPath` (the glue must read it from user/machine
   * scope only: a workspace could otherwise point it at any binary). A bare name is looked up on PATH.
   */
  explicitPath?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/** The kubectl binary to use: the explicit path, else `kubectl` on PATH. Throws KubectlNotFound. */
export function locateKubectl(opts: LocateKubectlOptions = {}): string {
  const env = opts.env ?? process.env;
  const searched: string[] = [];
  const explicit = opts.explicitPath?.trim();
  if (explicit) {
    const found = which(explicit, { env, platform: opts.platform, searched });
    if (found) return found;
    throw new KubectlNotFound(searched, explicit);
  }
  const found = which('kubectl', { env, platform: opts.platform, searched });
  if (found) return found;
  throw new KubectlNotFound(searched);
}

/**
 * The kubeconfig files kubectl will read: an explicit file, else every entry of KUBECONFIG
 * (split on the platform's path delimiter, empty entries and duplicates dropped), else ~/.kube/config.
 */
export function kubeconfigPaths(env: NodeJS.ProcessEnv = process.env, explicit?: string | readonly string[]): string[] {
  const list = explicit === undefined ? [] : typeof explicit === 'string' ? [explicit] : [...explicit];
  const fromExplicit = list.map((p) => p.trim()).filter(Boolean);
  if (fromExplicit.length) return [...new Set(fromExplicit.map((p) => expandHome(p, env)))];
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).map((p) => p.trim()).filter(Boolean);
  if (fromEnv.length) return [...new Set(fromEnv)];
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

export interface KubectlOptions {
  /** Full path of the kubectl binary (see locateKubectl). */
  path: string;
  /** One file → `--kubeconfig`; several → KUBECONFIG for the child (kubectl merges them). */
  kubeconfig?: string | readonly string[];
  /** `--context`; undefined = the kubeconfig's current context. */
  context?: string;
  /** Environment of the child; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default timeout of one-shot commands. Default 30 s. */
  timeoutMs?: number;
  /** `--request-timeout` for one-shot requests to the API server. Default 20 s. */
  requestTimeoutSeconds?: number;
}

export interface KubectlRunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Default 64 MiB; over it the run fails with 'output-too-large'. */
  maxOutputBytes?: number;
  /** Words for error messages, e.g. "list pods in team-a". */
  what?: string;
  /** Add --request-timeout (one-shot calls to the API server). Default true. */
  requestTimeout?: boolean;
}

export interface ContextInfo {
  contexts: string[];
  /** The context in use (the explicit one, else current-context); undefined when none is set. */
  context: string | undefined;
  /** The context's namespace, "default" only when the context has none. */
  namespace: string;
}

/** The part of `kubectl config view -o json` that says where requests would go. */
interface KubeconfigView {
  'current-context'?: string;
  contexts?: { name?: string; context?: { cluster?: string; namespace?: string } }[] | null;
  clusters?: { name?: string; cluster?: { server?: string } }[] | null;
}

export class Kubectl {
  readonly path: string;
  readonly context: string | undefined;
  private readonly opts: KubectlOptions;
  /** The context check passed (only kept for a kubectl bound to a context; see ensureContext). */
  private contextChecked: Promise<void> | undefined;
  /** Contexts contextInfo() just found complete; the next withContext() of one starts checked (once). */
  private readonly justChecked = new Set<string>();

  constructor(opts: KubectlOptions) {
    this.opts = { ...opts };
    this.path = opts.path;
    this.context = opts.context || undefined;
  }

  /** locateKubectl + new Kubectl. Throws KubectlNotFound. */
  static locate(opts: LocateKubectlOptions & Omit<KubectlOptions, 'path'> = {}): Kubectl {
    const path = locateKubectl(opts);
    return new Kubectl({ ...opts, path });
  }

  /** The same kubectl bound to another context (undefined: current context). */
  withContext(context: string | undefined): Kubectl {
    const k = new Kubectl({ ...this.opts, context });
    if (context && this.justChecked.delete(context)) k.contextChecked = Promise.resolve();
    return k;
  }

  /** Global flags put in front of every command. */
  globalArgs(): string[] {
    const a: string[] = [];
    const kc = this.opts.kubeconfig;
    if (typeof kc === 'string' && kc) a.push('--kubeconfig', expandHome(kc, this.childEnv()));
    else if (Array.isArray(kc) && kc.length === 1 && kc[0]) a.push('--kubeconfig', expandHome(kc[0], this.childEnv()));
    if (this.context) a.push('--context', this.context);
    return a;
  }

  /** Environment of kubectl children. */
  childEnv(): NodeJS.ProcessEnv {
    const env = { ...(this.opts.env ?? process.env) };
    const kc = this.opts.kubeconfig;
    if (Array.isArray(kc) && kc.length > 1) {
      const base = this.opts.env ?? process.env;
      env.KUBECONFIG = kc.map((p) => expandHome(p, base)).join(delimiter);
    }
    return env;
  }

  /** The kubeconfig files in effect. */
  kubeconfigFiles(): string[] {
    return kubeconfigPaths(this.opts.env ?? process.env, this.opts.kubeconfig);
  }

  /** The full argv (without the binary) for a command. */
  argv(args: readonly string[]): string[] {
    return [...this.globalArgs(), ...args];
  }

  /** Runs a one-shot kubectl command; resolves with stdout, throws a ClusterError on failure. */
  async run(args: readonly string[], opts: KubectlRunOptions = {}): Promise<string> {
    const r = await this.runRaw(args, opts);
    return r.stdout.toString('utf8');
  }

  /** Like run() but parses stdout as JSON. */
  async json<T>(args: readonly string[], opts: KubectlRunOptions = {}): Promise<T> {
    const text = await this.run(args, opts);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ClusterError('bad-output', `kubectl printed output that is not JSON (${opts.what ?? args.join(' ')}).`, text.slice(0, 500));
    }
  }

  /**
   * The one check before kubectl talks to a cluster. Without a context (or with a context whose
   * cluster has no server address) kubectl silently sends its discovery requests to
   * localhost:8080 — a port nobody configured, where any local program may answer. This reads the
   * kubeconfig only (`kubectl config view`, no request to any server) and throws a 'no-config' or
   * 'context-missing' ClusterError instead. Every cluster-facing command goes through it: runRaw()
   * calls it, and the callers of spawn() (watch, port-forward) and of exec await it first.
   * Kept once passed for a kubectl bound to a context; re-checked on every call otherwise (the
   * current context may change under us).
   */
  ensureContext(opts: Pick<KubectlRunOptions, 'signal' | 'timeoutMs'> = {}): Promise<void> {
    if (this.contextChecked) return this.contextChecked;
    const check = this.checkContext({ signal: opts.signal, timeoutMs: Math.max(opts.timeoutMs ?? 0, 15_000) });
    if (this.context) {
      this.contextChecked = check;
      check.catch(() => (this.contextChecked = undefined));
    }
    return check;
  }

  /** The merged kubeconfig as kubectl reads it (local files only; credentials redacted). */
  private readKubeconfig(opts: KubectlRunOptions = {}): Promise<KubeconfigView> {
    return this.json<KubeconfigView>(['config', 'view', '-o', 'json'], { what: 'read the kubeconfig', ...opts });
  }

  private async checkContext(opts: Pick<KubectlRunOptions, 'signal' | 'timeoutMs'>): Promise<void> {
    const view = await this.readKubeconfig(opts);
    const contexts = view.contexts ?? [];
    const name = this.context ?? (view['current-context'] || undefined);
    if (!name) {
      const env = this.opts.env ?? process.env;
      // kubectl reads a missing --kubeconfig file as an empty one: say what is wrong.
      const explicit = this.opts.kubeconfig === undefined ? [] : this.kubeconfigFiles();
      const missing = !contexts.length && explicit.find((f) => !existsSync(f));
      if (missing) {
        const hint = 'Check the kubeconfig path (KUBECONFIG or the --kubeconfig option).';
        throw new ClusterError('kubeconfig-missing', `The kubeconfig file "${missing}" does not exist. ${hint}`, undefined, hint);
      }
      // In a pod without a kubeconfig kubectl uses the service account's in-cluster config.
      if (!contexts.length && env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return;
      if (!contexts.length) {
        const hint = 'Create one with kubectl config set-context, or point KUBECONFIG at a kubeconfig file.';
        throw new ClusterError('no-config', `kubectl has no contexts configured. ${hint}`, undefined, hint);
      }
      const hint = 'Pick one in the Cluster view or with kubectl config use-context.';
      throw new ClusterError('no-config', `kubectl has no current context. ${hint}`, undefined, hint);
    }
    const ctx = contexts.find((c) => c.name === name);
    if (!ctx) {
      const hint = 'Pick an existing context (kubectl config get-contexts) or fix the kubeconfig.';
      throw new ClusterError('context-missing', `The kubeconfig has no context named "${name}". ${hint}`, undefined, hint);
    }
    const server = view.clusters?.find((c) => c.name === ctx.context?.cluster)?.cluster?.server;
    if (!server) {
      const hint = 'Add the cluster and its server address to the kubeconfig, or pick another context.';
      throw new ClusterError(
        'no-config',
        `The context "${name}" names no cluster with a server address, so kubectl would fall back to localhost:8080. ${hint}`,
        undefined,
        hint,
      );
    }
  }

  /** Runs and returns the raw result; throws a ClusterError unless the exit code is 0. */
  async runRaw(args: readonly string[], opts: KubectlRunOptions = {}): Promise<RunResult> {
    const what = opts.what ?? `kubectl ${args.slice(0, 3).join(' ')}`;
    if (talksToCluster(args)) await this.ensureContext({ signal: opts.signal, timeoutMs: opts.timeoutMs });
    const extra =
      opts.requestTimeout !== false && args[0] !== 'config'
        ? [`--request-timeout=${this.opts.requestTimeoutSeconds ?? 20}s`]
        : [];
    // Global flags go before the command, so a `--` in args never swallows them.
    const r = await runProcess(this.path, [...this.globalArgs(), ...extra, ...args], {
      env: this.childEnv(),
      timeoutMs: opts.timeoutMs ?? this.opts.timeoutMs ?? 30_000,
      signal: opts.signal,
      maxOutputBytes: opts.maxOutputBytes,
      onOverflow: 'kill',
    });
    throwIfFailed(r, this.path, what);
    return r;
  }

  /**
   * Starts a long-running kubectl (watch, port-forward) with the global flags; no timeout. The
   * caller awaits ensureContext() first (this is synchronous and cannot). Stop
   * it with killTree; one still running when this process exits gets SIGTERM. `background`: it
   * does not keep this process alive by itself (port-forwards serve other work).
   */
  spawn(args: readonly string[], opts: { background?: boolean } = {}): ChildProcess {
    return spawnManaged(this.path, this.argv(args), { env: this.childEnv(), background: opts.background });
  }

  // ---- kubeconfig ---------------------------------------------------------------------------

  /** `kubectl config get-contexts -o name`. */
  async contexts(opts: KubectlRunOptions = {}): Promise<string[]> {
    const out = await this.withContext(undefined).run(['config', 'get-contexts', '-o', 'name'], {
      what: 'list the kubeconfig contexts',
      ...opts,
    });
    return out.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  }

  /** `kubectl config current-context`; undefined when the kubeconfig sets none. */
  async currentContext(opts: KubectlRunOptions = {}): Promise<string | undefined> {
    try {
      const out = await this.withContext(undefined).run(['config', 'current-context'], {
        what: 'read the current context',
        ...opts,
      });
      return out.trim() || undefined;
    } catch (e) {
      if (e instanceof ClusterError && (e.kind === 'no-config' || e.kind === 'kubeconfig-missing')) return undefined;
      throw e;
    }
  }

  /**
   * The namespace of this kubectl's context (or of `context`): `config view --minify` of that
   * context. "default" only when the context truly sets no namespace.
   */
  async namespace(context: string | undefined = this.context, opts: KubectlRunOptions = {}): Promise<string> {
    const k = this.withContext(context);
    const out = await k.run(['config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}'], {
      what: 'read the context namespace',
      ...opts,
    });
    return out.trim() || 'default';
  }

  /** Contexts, the context in use and its namespace, from one read of the kubeconfig (for the tree). */
  async contextInfo(opts: KubectlRunOptions = {}): Promise<ContextInfo> {
    const view = await this.readKubeconfig(opts);
    const entries = (view.contexts ?? []).filter((c) => c.name);
    const contexts = entries.map((c) => c.name!);
    const context = this.context ?? (view['current-context'] || undefined);
    if (!context) return { contexts, context: undefined, namespace: 'default' };
    const entry = entries.find((c) => c.name === context);
    if (!entry) {
      throw classifyKubectlFailure(`error: context was not found for specified context: ${context}`);
    }
    // The same read answers ensureContext() for the next withContext(context): no second read before its first request.
    if (view.clusters?.find((c) => c.name === entry.context?.cluster)?.cluster?.server) {
      if (this.context === context) this.contextChecked ??= Promise.resolve();
      else this.justChecked.add(context);
    }
    return { contexts, context, namespace: entry.context?.namespace || 'default' };
  }

  // ---- reading objects ------------------------------------------------------------------------

  async getPod(namespace: string, name: string, opts: KubectlRunOptions = {}): Promise<PodObject> {
    return this.json<PodObject>(['get', 'pod', name, '-n', namespace, '-o', 'json'], {
      what: `read pod ${namespace}/${name}`,
      ...opts,
    });
  }

  /**
   * `kubectl delete pod NAME --wait=false`: the API server starts its graceful termination; a
   * controller (ReplicaSet, StatefulSet, …) makes a new pod. Callers confirm with the user first.
   */
  async deletePod(namespace: string, name: string, opts: KubectlRunOptions = {}): Promise<void> {
    await this.run(['delete', 'pod', name, '-n', namespace, '--wait=false'], { what: `delete pod ${namespace}/${name}`, ...opts });
  }

  async listPods(namespace: string, opts: KubectlRunOptions & { labelSelector?: string } = {}): Promise<PodObject[]> {
    const args = ['get', 'pods', '-n', namespace, '-o', 'json'];
    if (opts.labelSelector) args.push('-l', opts.labelSelector);
    const list = await this.json<ListObject<PodObject>>(args, { what: `list pods in ${namespace}`, ...opts });
    return list.items ?? [];
  }

  /** Events of a namespace, or of one object (`--field-selector involvedObject.name=…`). */
  async listEvents(namespace: string, involvedName?: string, opts: KubectlRunOptions = {}): Promise<EventObject[]> {
    const args = ['get', 'events', '-n', namespace, '-o', 'json'];
    if (involvedName) args.push('--field-selector', eventFieldSelector(involvedName));
    const list = await this.json<ListObject<EventObject>>(args, { what: `list events in ${namespace}`, ...opts });
    return list.items ?? [];
  }

  /** Fails with a typed error (no-cluster, unauthorized, …) unless the API server answers. */
  async checkCluster(opts: KubectlRunOptions = {}): Promise<{ serverVersion?: string }> {
    const v = await this.json<{ serverVersion?: { gitVersion?: string } }>(['version', '-o', 'json'], {
      what: 'reach the cluster',
      ...opts,
    });
    return { serverVersion: v.serverVersion?.gitVersion };
  }
}

/** False for the commands that read only local files (`config …`, `version --client`). */
function talksToCluster(args: readonly string[]): boolean {
  if (args[0] === 'config') return false;
  if (args[0] === 'version' && args.includes('--client')) return false;
  return true;
}

/** Field selector of a pod's events. */
export function eventFieldSelector(podName: string, kind = 'Pod'): string {
  return `involvedObject.name=${podName},involvedObject.kind=${kind}`;
}

function throwIfFailed(r: RunResult, path: string, what: string): void {
  if (r.error) {
    if (r.error.code === 'ENOENT') throw new KubectlNotFound([path], path);
    throw new ClusterError(
      'spawn-failed',
      `kubectl at "${path}" could not be started (${r.error.code ?? r.error.message}). Check that it is an executable kubectl binary, or set "kubeProbes.kubectlPath".`,
      r.error.message,
    );
  }
  if (r.cancelled) throw new ClusterError('cancelled', `Cancelled: ${what}.`);
  if (r.timedOut) {
    const hint = 'The cluster may be unreachable or slow; check the context and your network.';
    throw new ClusterError('timeout', `kubectl took too long to ${what.replace(/^kubectl /, 'run ')}. ${hint}`, cleanStderr(r.stderr.toString('utf8')), hint);
  }
  if (r.truncated) throw new ClusterError('output-too-large', `kubectl printed too much output (${what}).`);
  if (r.exitCode !== 0) throw classifyKubectlFailure(r.stderr.toString('utf8'), what);
}
