// How the app is (re)started for a cold start, and where the clock of each start begins
// (docs/measure.md, "Cold starts"). An AppStarter is one way: a command launched here (this
// file), a VS Code task (the editor's glue implements the same interface), a local container
// restarted through docker/podman (container-starts.ts). measureStarts (sample.ts) drives them.
import type { ChildProcess } from 'node:child_process';
import { spawnManaged } from '../util/process';
import { MeasureError } from './errors';

/** An app process Measure knows: when it started (performance.now() ms), whether it stopped, how to stop it. */
export interface AppHandle {
  /** performance.now() ms at which the app's process started; undefined when not known (a task started before we listened). */
  t0?: number;
  /** Why the app stopped, once it did ("exited with code 1"); undefined while it runs. */
  exited(): string | undefined;
  /** Its last output, for a message about why it stopped. */
  output?(): string;
  /** A slower check while waiting for the first success (a container's state); a reason when the app is gone. */
  check?(signal?: AbortSignal): Promise<string | undefined>;
  /** Stops it (resolves once it has stopped). */
  stop(): Promise<void>;
}

export interface StartedApp extends AppHandle {
  t0: number;
}

export interface AppStarter {
  /** How the user knows it: `node demo-app/server.mjs`, `task "Start demo app"`, `container web (docker)`. */
  label: string;
  /**
   * 'process': a process on this machine that Measure starts and stops — before the first one the
   * probe's port must be free (or held by this very app, see running()); 'restart': the app is
   * restarted in place by its owner (a container), which keeps its ports.
   */
  kind: 'process' | 'restart';
  /** The app as it runs now, when the starter knows it (a task the user already started); undefined: not running. */
  running?(): AppHandle | undefined;
  /** Starts the app once (the previous one has been stopped). Throws MeasureError when it cannot. */
  start(n: number, signal?: AbortSignal): Promise<StartedApp>;
  /** Leave the last start running (a task, a container: the user's own app) rather than stopping it. */
  leaveRunning?: boolean;
  /**
   * The app may take its port over from whatever answers there (the user's task, e.g. one whose app
   * stops the copy already running): when the probe already succeeds before the first launch, the
   * user may choose to launch anyway (StartOptions.confirmTakeOver) instead of being refused.
   */
  mayTakeOverPort?: boolean;
  /** What the user does to let Measure own the app when its port is held (ends the "port in use" message). */
  portHint?: string;
}

/** SIGTERM to the process group, then SIGKILL after `graceMs`; resolves once the process has exited. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = (sig: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    kill('SIGTERM');
  });
}

export interface Launch {
  argv: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A command launched on this machine (argv, never through a shell, its own process group), stopped after each start. */
export function commandStarter(launch: Launch, portHint = 'let Measure start the app itself.'): AppStarter {
  const [file, ...args] = launch.argv;
  return {
    label: launch.argv.join(' '),
    kind: 'process',
    portHint,
    async start() {
      if (!file) throw new MeasureError('the launch command is empty');
      const t0 = performance.now();
      let child: ChildProcess;
      try {
        child = spawnManaged(file, args, { cwd: launch.cwd, env: launch.env });
      } catch (e) {
        throw new MeasureError(`cannot launch ${file}: ${(e as Error).message}`);
      }
      let output = '';
      const keep = (d: Buffer) => {
        output = (output + d.toString('utf8')).slice(-4000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      let exited: string | undefined;
      let spawnError: string | undefined;
      child.once('error', (e) => (spawnError = e.message));
      child.once('exit', (code, sig) => (exited = sig ? `was killed by ${sig}` : `exited with code ${code}`));
      // A program that cannot be found fails asynchronously: give it the turn to say so.
      await new Promise((r) => setImmediate(r));
      if (spawnError) throw new MeasureError(`cannot launch ${file}: ${spawnError}`);
      return {
        t0,
        exited: () => (spawnError ? `could not be launched (${spawnError})` : exited),
        output: () => output,
        stop: () => stopChild(child),
      };
    },
  };
}
