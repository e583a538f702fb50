// The one owner of child processes in the core — kubectl and docker (cluster/), helm and kustomize
// (render/), local exec probes and hooks (probe/exec.ts), measurements: always spawned with an argv
// array (shell: false), each in its own process group on POSIX so that a stop kills wrappers and
// their children too (gcloud's kubectl dispatcher, asdf shims, a shell script's children). Every child
// is tracked until it exits; killAllChildren() is the safety net for deactivate. runProcess() adds a
// timeout, cancellation and output caps, and never hangs on a process that will not die.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

import type { Disposable } from './events';

export type { Disposable };

const live = new Set<ChildProcess>();
const isWindows = process.platform === 'win32';

/** Children started through this module that have not exited yet. */
export function liveChildCount(): number {
  return live.size;
}

export interface SpawnManagedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdin: 'ignore' by default. */
  stdin?: 'ignore' | 'pipe';
  /**
   * A helper that runs until stopped (port-forward, watch): it does not keep this process alive
   * by itself (process and pipes unref'd); if this process exits without stopping it, the exit
   * hook below does.
   */
  background?: boolean;
}

let exitHookInstalled = false;

/**
 * When this process exits (normally, by process.exit, or after an uncaught exception) every
 * child still running is sent SIGTERM — its group on POSIX. Children run in their own process
 * group, so without this a crashed CLI or test would leave kubectl port-forwards behind.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) signalTree(c, 'SIGTERM');
  });
}

/** spawn(file, args) without a shell, in a new process group (POSIX), tracked for killAllChildren(). */
export function spawnManaged(file: string, args: readonly string[], opts: SpawnManagedOptions = {}): ChildProcess {
  const options: SpawnOptions = {
    shell: false,
    windowsHide: true,
    detached: !isWindows,
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  };
  installExitHook();
  const child = spawn(file, [...args], options);
  live.add(child);
  if (opts.background) {
    child.unref();
    for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  const forget = () => live.delete(child);
  child.once('exit', forget);
  child.once('error', forget);
  return child;
}

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}

/** Sends a signal to the child's process group (POSIX) or the child itself. Never throws. */
export function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  if (!isWindows) {
    try {
      process.kill(-child.pid, signal);
      return;
    } catch {
      /* group already gone, or not a group leader: fall back to the child */
    }
  }
  try {
    child.kill(signal);
  } catch {
    /* already exited */
  }
}

/**
 * Stops a child: SIGTERM to its group, SIGKILL after graceMs if it is still there.
 * Resolves when the child has exited (or at once if it already had).
 */
export function killTree(child: ChildProcess, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (!alive(child)) {
      // The leader is gone; make sure nothing of its group survives.
      if (!isWindows && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* nothing left */
        }
      }
      resolve();
      return;
    }
    const timer = graceMs > 0 ? setTimeout(() => signalTree(child, 'SIGKILL'), graceMs) : undefined;
    timer?.unref?.();
    child.once('exit', () => {
      clearTimeout(timer);
      // Children of the leader that ignored SIGTERM: the group is still addressable.
      if (!isWindows && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* group empty */
        }
      }
      resolve();
    });
    signalTree(child, graceMs > 0 ? 'SIGTERM' : 'SIGKILL');
  });
}

/** Kills every child started through spawnManaged that is still running (deactivate, CLI exit). */
export async function killAllChildren(graceMs = 2000): Promise<void> {
  await Promise.all([...live].map((c) => killTree(c, graceMs)));
}

export interface RunOptions extends SpawnManagedOptions {
  /** Kill the process after this many milliseconds (0 or undefined: no limit). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Bytes kept of stdout (and of stderr unless maxErrorBytes says otherwise). Default 64 MiB. */
  maxOutputBytes?: number;
  /** Bytes kept of stderr. Default maxOutputBytes. */
  maxErrorBytes?: number;
  /** 'truncate' keeps reading and drops the excess (the kubelet's LimitWriter); 'kill' stops the process. */
  onOverflow?: 'truncate' | 'kill';
  /** The same for stderr. Default onOverflow. */
  onErrorOverflow?: 'truncate' | 'kill';
  /** Grace between SIGTERM and SIGKILL; 0 sends SIGKILL at once. Default 2000 ms. */
  killGraceMs?: number;
  /** Data written to stdin, then closed (sets stdin to a pipe). */
  input?: string | Buffer;
}

export interface RunResult {
  exitCode: number | null;
  /** The signal that ended the process, if any. */
  exitSignal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  cancelled: boolean;
  /** True when a stream went over its cap. */
  truncated: boolean;
  /** True when stdout went over maxOutputBytes. */
  stdoutTruncated: boolean;
  /** Set when the process could not be started (ENOENT, EACCES, …). */
  error?: NodeJS.ErrnoException;
}

class Capped {
  private chunks: Buffer[] = [];
  private size = 0;
  overflow = false;
  constructor(private readonly max: number) {}
  push(b: Buffer): boolean {
    if (this.size >= this.max) {
      this.overflow = true;
      return false;
    }
    const room = this.max - this.size;
    if (b.length > room) {
      this.chunks.push(b.subarray(0, room));
      this.size = this.max;
      this.overflow = true;
      return false;
    }
    this.chunks.push(b);
    this.size += b.length;
    return true;
  }
  value(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

/** After a kill, how long a process that does not go away (stuck in the kernel) may hold up the result. */
const STUCK_AFTER_KILL_MS = 2000;

/** The result of a process that never ran (cancelled before the start, or could not be spawned). */
function notRun(extra: Partial<RunResult>): RunResult {
  return { exitCode: null, exitSignal: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, cancelled: false, truncated: false, stdoutTruncated: false, ...extra };
}

/**
 * Runs file with args (no shell) to completion. Never rejects: spawn failures are in `error`,
 * timeouts and cancellation are flags. The promise settles once the process has exited — or, after
 * a stop, at most killGraceMs + 2 s later even if it has not.
 */
export function runProcess(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const max = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const out = new Capped(max);
    const err = new Capped(opts.maxErrorBytes ?? max);
    let timedOut = false;
    let cancelled = false;
    let settled = false;
    let spawnError: NodeJS.ErrnoException | undefined;

    if (opts.signal?.aborted) {
      resolve(notRun({ cancelled: true }));
      return;
    }

    let child: ChildProcess;
    try {
      child = spawnManaged(file, args, {
        env: opts.env,
        cwd: opts.cwd,
        stdin: opts.input !== undefined ? 'pipe' : 'ignore',
      });
    } catch (e) {
      resolve(notRun({ error: e as NodeJS.ErrnoException }));
      return;
    }

    const grace = opts.killGraceMs ?? 2000;
    let stuck: NodeJS.Timeout | undefined;
    const stop = () => {
      void killTree(child, grace);
      if (!stuck) {
        stuck = setTimeout(() => finish(null, null), grace + STUCK_AFTER_KILL_MS);
        stuck.unref?.();
      }
    };
    const onData = (sink: Capped, overflow: RunOptions['onOverflow']) => (b: Buffer) => {
      if (!sink.push(b) && overflow === 'kill') stop();
    };
    child.stdout?.on('data', onData(out, opts.onOverflow));
    child.stderr?.on('data', onData(err, opts.onErrorOverflow ?? opts.onOverflow));

    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs && opts.timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs);
    }
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    // If the process is gone but a stray holder keeps the pipes open, settle anyway.
    let pipeGuard: NodeJS.Timeout | undefined;

    const finish = (code: number | null, sig: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (pipeGuard) clearTimeout(pipeGuard);
      if (stuck) clearTimeout(stuck);
      opts.signal?.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        exitCode: code,
        exitSignal: sig,
        stdout: out.value(),
        stderr: err.value(),
        timedOut,
        cancelled,
        truncated: out.overflow || err.overflow,
        stdoutTruncated: out.overflow,
        error: spawnError,
      });
    };

    child.once('error', (e: NodeJS.ErrnoException) => {
      spawnError = e;
      // 'exit' may not follow a spawn error.
      if (child.pid === undefined) finish(null, null);
    });
    child.once('exit', (code, sig) => {
      pipeGuard = setTimeout(() => finish(code, sig), 1000);
      pipeGuard.unref?.();
    });
    child.once('close', (code: number | null, sig: NodeJS.Signals | null) => finish(code, sig));

    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {
        /* the process may exit without reading its input */
      });
      child.stdin.end(opts.input);
    }
  });
}
