// kubectl port-forward, run by us (argv, no shell, loopback only), observed and reference-counted.
// One kubectl per (context, namespace, pod, remote port); every start() returns a lease, the last
// lease's dispose() stops the process. When kubectl dies because the pod went away, the forward is
// restarted — on the pod the caller's resolvePod() names — with a bounded number of attempts.
// Over ~450 lines on purpose: one manager whose start, observation, restart and reference counting
// share the same per-forward state; split, each part would reach into the others' internals.
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ClusterError, classifyKubectlFailure, cleanStderr } from './errors';
import { Emitter, type Event } from '../util/events';
import type { Kubectl } from './kubectl';
import { killTree, signalTree, type Disposable } from '../util/process';

export interface PortForwardTarget {
  pod: string;
  namespace: string;
  /** kubectl context; undefined = the kubeconfig's current context. */
  context?: string;
  remotePort: number;
}

export type ForwardState = 'starting' | 'ready' | 'restarting';

export interface ActiveForward {
  id: string;
  pod: string;
  namespace: string;
  context?: string;
  remotePort: number;
  /** 0 while the first start is in progress. */
  localPort: number;
  localAddress: string;
  state: ForwardState;
  /** Undisposed leases. */
  users: number;
  restarts: number;
  startedAt: Date;
  pid?: number;
}

export type PortForwardEvent =
  | { type: 'started'; forward: ActiveForward }
  | { type: 'stopped'; forward: ActiveForward }
  /** kubectl ended on its own. `willRestart` tells whether a restart follows. */
  | { type: 'exited'; forward: ActiveForward; reason: string; error: ClusterError; willRestart: boolean }
  | { type: 'restarted'; forward: ActiveForward; previousPod: string; previousLocalPort: number }
  /** Restarting gave up; the forward is gone. */
  | { type: 'failed'; forward: ActiveForward; error: ClusterError };

/** A user's hold on a forward. dispose() releases it; the last release stops kubectl. */
export interface PortForwardLease extends Disposable {
  readonly id: string;
  /** Current local port (may change after a restart if the old one was taken). */
  readonly localPort: number;
  readonly localAddress: string;
  /** `127.0.0.1:<localPort>` */
  readonly authority: string;
}

/** Called after kubectl exited unexpectedly: the pod to forward to now (e.g. the Deployment's new pod), or undefined to give up. */
export type ResolvePod = (target: PortForwardTarget, exit: { reason: string; error: ClusterError }) => Promise<string | undefined>;

export interface PortForwardManagerOptions {
  /** Wait this long for the "Forwarding from" line. Default 15 s. */
  readyTimeoutMs?: number;
  /** Consecutive failed restarts before giving up. Default 5. */
  maxRestarts?: number;
  /** First restart delay; doubles per failed attempt up to 8 s. Default 500 ms. */
  restartBackoffMs?: number;
  log?: (message: string) => void;
}

export interface StartOptions {
  resolvePod?: ResolvePod;
  /** Ask for this local port instead of a free one. */
  localPort?: number;
  signal?: AbortSignal;
}

const LOCAL_ADDRESS = '127.0.0.1';

/** A free TCP port on 127.0.0.1: bind port 0, read it, release it. */
export function freeLocalPort(host = LOCAL_ADDRESS): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen({ port: 0, host, exclusive: true }, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

export interface ForwardingLine {
  address: string;
  localPort: number;
  remotePort: number;
}

/** Parses kubectl's `Forwarding from 127.0.0.1:8080 -> 80` / `Forwarding from [::1]:8080 -> 80`. */
export function parseForwardingLine(line: string): ForwardingLine | undefined {
  const m = /Forwarding from (\[[^\]]+\]|[^\s:]+):(\d+) -> (\d+)/.exec(line);
  if (!m) return undefined;
  return { address: m[1]!.replace(/^\[|\]$/g, ''), localPort: Number(m[2]), remotePort: Number(m[3]) };
}

/** The kubectl argv (after global flags) of a forward. */
export function portForwardArgs(t: PortForwardTarget, localPort: number): string[] {
  return ['port-forward', `pod/${t.pod}`, `${localPort}:${t.remotePort}`, '--address', LOCAL_ADDRESS, '-n', t.namespace];
}

function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(1))} s`;
}

function keyOf(t: PortForwardTarget): string {
  return JSON.stringify([t.context ?? '', t.namespace, t.pod, t.remotePort]);
}

/** Friendlier texts for port-forward failures; falls back to the generic classifier. */
export function classifyPortForwardFailure(stderr: string, t: PortForwardTarget): ClusterError {
  const text = cleanStderr(stderr);
  if (/unable to listen on any of the requested ports|address already in use/.test(text)) {
    return new ClusterError('port-forward-failed', `The local port for ${t.pod}:${t.remotePort} is already in use.`, text);
  }
  const notRunning = /pod is not running\. Current status=(\w+)/.exec(text);
  if (notRunning) {
    return new ClusterError(
      'port-forward-failed',
      `Pod ${t.namespace}/${t.pod} is not running (${notRunning[1]}); port-forward needs a running pod.`,
      text,
    );
  }
  if (/lost connection to pod|an error occurred forwarding|error forwarding port/.test(text)) {
    return new ClusterError('port-forward-failed', `The connection to pod ${t.namespace}/${t.pod} was lost (the pod may have been replaced).`, text);
  }
  if (/unable to do port forwarding: socat not found/.test(text)) {
    return new ClusterError('port-forward-failed', `The node of pod ${t.pod} cannot port-forward (socat is missing on the node).`, text);
  }
  return classifyKubectlFailure(stderr, `port-forward to ${t.namespace}/${t.pod}:${t.remotePort}`);
}

class Forward {
  readonly id: string;
  target: PortForwardTarget;
  localPort = 0;
  state: ForwardState = 'starting';
  users = 0;
  restarts = 0;
  failedRestarts = 0;
  readonly startedAt = new Date();
  child: ChildProcess | undefined;
  stopping = false;
  stoppedFired = false;
  restartRequested = false;
  ready: Promise<void> | undefined;
  resolvePod: ResolvePod | undefined;
  restartTimer: NodeJS.Timeout | undefined;

  constructor(
    id: string,
    target: PortForwardTarget,
  ) {
    this.id = id;
    this.target = { ...target };
  }

  view(): ActiveForward {
    return {
      id: this.id,
      pod: this.target.pod,
      namespace: this.target.namespace,
      context: this.target.context,
      remotePort: this.target.remotePort,
      localPort: this.localPort,
      localAddress: LOCAL_ADDRESS,
      state: this.state,
      users: this.users,
      restarts: this.restarts,
      startedAt: this.startedAt,
      pid: this.child?.pid,
    };
  }
}

export class PortForwardManager implements Disposable {
  private readonly forwards = new Map<string, Forward>();
  private readonly emitter = new Emitter<PortForwardEvent>();
  readonly onDidChange: Event<PortForwardEvent> = this.emitter.event;
  private seq = 0;
  private disposed = false;
  private readonly o: Required<Omit<PortForwardManagerOptions, 'log'>> & Pick<PortForwardManagerOptions, 'log'>;

  /**
   * `kubectl`: the kubectl to forward with, or a function that finds it when a forward starts (the
   * extension's: re-found when the kubectl setting changes, while running forwards keep theirs).
   */
  constructor(
    private readonly kubectl: Kubectl | (() => Kubectl),
    opts: PortForwardManagerOptions = {},
  ) {
    this.o = {
      readyTimeoutMs: opts.readyTimeoutMs ?? 15_000,
      maxRestarts: opts.maxRestarts ?? 5,
      restartBackoffMs: opts.restartBackoffMs ?? 500,
      log: opts.log,
    };
  }

  /** Active forwards, for the "Port forwards" tree. */
  list(): ActiveForward[] {
    return [...this.forwards.values()].map((f) => f.view());
  }

  /**
   * Forwards 127.0.0.1:<free port> to the pod's remotePort (or joins an existing forward), and
   * resolves once kubectl printed "Forwarding from". Rejects with a ClusterError otherwise.
   */
  async start(target: PortForwardTarget, opts: StartOptions = {}): Promise<PortForwardLease> {
    if (this.disposed) throw new ClusterError('cancelled', 'Port forwarding has been shut down.');
    if (!Number.isInteger(target.remotePort) || target.remotePort <= 0 || target.remotePort >= 65536) {
      throw new ClusterError('port-forward-failed', `Invalid port number: ${target.remotePort}.`);
    }
    const key = keyOf(target);
    let f = this.forwards.get(key);
    if (!f) {
      f = new Forward(`pf-${++this.seq}`, target);
      f.resolvePod = opts.resolvePod;
      this.forwards.set(key, f);
      f.ready = this.launch(f, opts.localPort, opts.signal);
    } else if (opts.resolvePod && !f.resolvePod) {
      f.resolvePod = opts.resolvePod;
    }
    f.users++;
    try {
      await f.ready;
    } catch (e) {
      f.users--;
      if (f.state === 'starting') {
        if (this.forwards.get(key) === f) this.forwards.delete(key);
        f.stopping = true;
      }
      throw e;
    }
    return this.lease(key, f);
  }

  private lease(key: string, f: Forward): PortForwardLease {
    let released = false;
    return {
      id: f.id,
      get localPort() {
        return f.localPort;
      },
      localAddress: LOCAL_ADDRESS,
      get authority() {
        return `${LOCAL_ADDRESS}:${f.localPort}`;
      },
      dispose: () => {
        if (released) return;
        released = true;
        f.users--;
        if (f.users <= 0 && this.forwards.get(key) === f) void this.stopForward(key, f);
      },
    };
  }

  /** Stops one forward regardless of its users (the tree's "Stop" action). */
  async stop(id: string): Promise<void> {
    for (const [key, f] of this.forwards) if (f.id === id) await this.stopForward(key, f);
  }

  /**
   * Restarts a forward now, e.g. when a pod watch saw the pod replaced (new UID) while kubectl
   * kept running: kubectl is stopped and the usual restart path runs (resolvePod, same local port).
   * Returns false when there is no such forward or it is not running.
   */
  restart(id: string): boolean {
    for (const f of this.forwards.values()) {
      if (f.id === id && f.child && f.state === 'ready') {
        f.restartRequested = true;
        signalTree(f.child, 'SIGTERM');
        return true;
      }
    }
    return false;
  }

  /** Stops every forward (deactivate). Resolves when every kubectl has exited. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.forwards].map(([key, f]) => this.stopForward(key, f)));
  }

  dispose(): void {
    this.disposed = true;
    void this.stopAll().finally(() => this.emitter.dispose());
  }

  private async stopForward(key: string, f: Forward): Promise<void> {
    if (this.forwards.get(key) === f) this.forwards.delete(key);
    f.stopping = true;
    if (f.restartTimer) clearTimeout(f.restartTimer);
    const child = f.child;
    const view = f.view();
    f.child = undefined;
    if (child) await killTree(child, 2000);
    if (!f.stoppedFired) {
      f.stoppedFired = true;
      this.emitter.fire({ type: 'stopped', forward: view });
    }
  }

  /** The kubectl of a forward: the manager's, bound to the target's context. */
  private kubectlOf(t: PortForwardTarget): Kubectl {
    const base = typeof this.kubectl === 'function' ? this.kubectl() : this.kubectl;
    return base.withContext(t.context ?? base.context);
  }

  /** Starts kubectl for f; retries with another local port if the chosen one was taken meanwhile. */
  private async launch(f: Forward, wanted: number | undefined, signal?: AbortSignal): Promise<void> {
    await this.kubectlOf(f.target).ensureContext({ signal });
    let lastError: ClusterError | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = wanted && attempt === 0 ? wanted : await freeLocalPort();
      try {
        await this.spawnOnce(f, port, signal);
        f.state = 'ready';
        this.emitter.fire({ type: 'started', forward: f.view() });
        return;
      } catch (e) {
        lastError = e instanceof ClusterError ? e : new ClusterError('port-forward-failed', String(e));
        const busy = /already in use/.test(lastError.message);
        if (!busy || f.stopping) break;
      }
    }
    throw lastError!;
  }

  /** One kubectl process; resolves when it printed the Forwarding line for 127.0.0.1. */
  private spawnOnce(f: Forward, localPort: number, signal?: AbortSignal): Promise<void> {
    const t = f.target;
    const k = this.kubectlOf(t);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new ClusterError('cancelled', 'Port-forward cancelled.'));
      if (f.stopping) return reject(new ClusterError('cancelled', 'Port-forward stopped.'));
      let child: ChildProcess;
      try {
        child = k.spawn(portForwardArgs(t, localPort), { background: true });
      } catch (e) {
        return reject(new ClusterError('spawn-failed', `kubectl could not be started: ${(e as Error).message}`));
      }
      f.child = child;
      let ready = false;
      let settled = false;
      let stdoutLine = '';
      let stderr = '';
      const fail = (err: ClusterError) => {
        if (settled) return;
        settled = true;
        cleanup();
        if (f.child === child) f.child = undefined;
        void killTree(child, 1000);
        reject(err);
      };
      const timer = setTimeout(
        () =>
          fail(
            new ClusterError(
              'timeout',
              `kubectl port-forward to ${t.namespace}/${t.pod}:${t.remotePort} did not become ready within ${formatSeconds(this.o.readyTimeoutMs)}.`,
              cleanStderr(stderr) || undefined,
            ),
          ),
        this.o.readyTimeoutMs,
      );
      const onAbort = () => fail(new ClusterError('cancelled', 'Port-forward cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };

      child.stdout?.on('data', (b: Buffer) => {
        if (ready) return; // "Handling connection for …" lines: ignore
        stdoutLine += b.toString('utf8');
        const lines = stdoutLine.split('\n');
        stdoutLine = lines.pop() ?? '';
        for (const line of lines) {
          const fl = parseForwardingLine(line);
          if (fl && fl.address === LOCAL_ADDRESS && fl.remotePort === t.remotePort && !settled) {
            ready = true;
            settled = true;
            cleanup();
            f.localPort = fl.localPort;
            resolve();
            return;
          }
        }
      });
      child.stderr?.on('data', (b: Buffer) => {
        stderr = (stderr + b.toString('utf8')).slice(-32768);
      });
      child.once('error', (e: NodeJS.ErrnoException) => {
        fail(
          new ClusterError(
            e.code === 'ENOENT' ? 'kubectl-not-found' : 'spawn-failed',
            e.code === 'ENOENT'
              ? `kubectl was not found at "${k.path}". Install kubectl or set "kubeProbes.kubectlPath".`
              : `kubectl could not be started (${e.code ?? e.message}).`,
          ),
        );
      });
      child.once('close', (code: number | null, sig: NodeJS.Signals | null) => {
        if (!ready) {
          if (settled) return; // failed already (timeout, cancel): this exit is ours
          fail(
            stderr.trim()
              ? classifyPortForwardFailure(stderr, t)
              : new ClusterError('port-forward-failed', `kubectl port-forward exited (${code ?? sig}) before forwarding.`),
          );
          return;
        }
        if (f.child === child) f.child = undefined;
        if (f.stopping) return;
        this.onUnexpectedExit(f, stderr, code, sig);
      });
    });
  }

  private onUnexpectedExit(f: Forward, stderr: string, code: number | null, sig: NodeJS.Signals | null): void {
    const requested = f.restartRequested;
    f.restartRequested = false;
    const error = requested
      ? new ClusterError('port-forward-failed', `The forward to ${f.target.namespace}/${f.target.pod} is being restarted.`)
      : stderr.trim()
        ? classifyPortForwardFailure(stderr, f.target)
        : new ClusterError('port-forward-failed', `kubectl port-forward exited (${code ?? sig}).`);
    const reason = requested ? 'restart requested' : cleanStderr(stderr).split('\n').pop() || `exit ${code ?? sig}`;
    const willRestart = !this.disposed && f.failedRestarts < this.o.maxRestarts;
    this.o.log?.(`port-forward ${f.target.namespace}/${f.target.pod}:${f.target.remotePort} exited: ${reason}`);
    f.state = 'restarting';
    this.emitter.fire({ type: 'exited', forward: f.view(), reason, error, willRestart });
    if (!willRestart) return this.giveUp(f, error);
    const delay = Math.min(8000, this.o.restartBackoffMs * 2 ** f.failedRestarts);
    f.restartTimer = setTimeout(() => void this.restartForward(f, { reason, error }), delay);
  }

  private async restartForward(f: Forward, exit: { reason: string; error: ClusterError }): Promise<void> {
    f.restartTimer = undefined;
    if (f.stopping) return;
    const previousPod = f.target.pod;
    const previousLocalPort = f.localPort;
    let pod: string | undefined = previousPod;
    if (f.resolvePod) {
      try {
        pod = await f.resolvePod({ ...f.target }, exit);
      } catch (e) {
        this.o.log?.(`port-forward: resolving the pod failed: ${(e as Error).message}`);
        pod = undefined;
      }
      if (f.stopping) return;
      if (!pod) return this.giveUp(f, new ClusterError('port-forward-failed', `No pod to forward to after ${previousPod} went away.`, exit.error.detail));
    }
    f.target = { ...f.target, pod };
    try {
      try {
        await this.spawnOnce(f, previousLocalPort); // keep the user's URL if we can
      } catch (e) {
        if (!(e instanceof ClusterError && /already in use/.test(e.message))) throw e;
        await this.spawnOnce(f, await freeLocalPort());
      }
      if (f.stopping) return;
      f.state = 'ready';
      f.restarts++;
      f.failedRestarts = 0;
      this.emitter.fire({ type: 'restarted', forward: f.view(), previousPod, previousLocalPort });
    } catch (e) {
      if (f.stopping) return;
      const err = e instanceof ClusterError ? e : new ClusterError('port-forward-failed', String(e));
      f.failedRestarts++;
      if (f.failedRestarts >= this.o.maxRestarts) return this.giveUp(f, err);
      const delay = Math.min(8000, this.o.restartBackoffMs * 2 ** f.failedRestarts);
      this.o.log?.(`port-forward restart failed (${err.message}); retrying in ${delay} ms`);
      f.restartTimer = setTimeout(() => void this.restartForward(f, { reason: err.message, error: err }), delay);
    }
  }

  private giveUp(f: Forward, error: ClusterError): void {
    for (const [key, g] of this.forwards) if (g === f) this.forwards.delete(key);
    f.stopping = true;
    f.stoppedFired = true;
    if (f.child) void killTree(f.child, 1000);
    this.emitter.fire({ type: 'failed', forward: f.view(), error });
  }
}
