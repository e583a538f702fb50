// Taking the measurements: a probe's latency over N attempts, and the time from launching the
// app to its first successful probe over N cold starts (docs/measure.md, "What is measured").
// The app is launched from an argv (never through a shell) in its own process group and stopped
// after each start.
import type { ChildProcess } from 'node:child_process';
import type { Container, Probe, ProbeKind } from '../k8s';
import { runHandler } from '../probe';
import type { ProbeRunResult, ProbeTarget } from '../probe/types';
import { spawnManaged } from '../util/process';
import { attemptOf, type Attempt, type StartRecord } from './stats';

export interface ProbeUnderTest {
  probe: Probe;
  container: Container;
  target: ProbeTarget;
  site: ProbeKind;
  /** Sees every run's full result (e.g. for the handler's type and target as the runner words them). */
  observe?(r: ProbeRunResult): void;
}

export class MeasureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasureError';
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

async function attempt(p: ProbeUnderTest, t0: number, signal?: AbortSignal): Promise<Attempt> {
  const at = performance.now() - t0;
  const r = await runHandler(p.probe, p.container, p.target, { site: p.site, signal });
  p.observe?.(r);
  return attemptOf(r, Math.round(at));
}

export interface SampleOptions {
  samples: number;
  /** Pause between the start of one attempt and the next, ms (an attempt that takes longer is not overlapped). */
  intervalMs: number;
  signal?: AbortSignal;
  onAttempt?(a: Attempt, index: number): void;
}

/** Runs the probe `samples` times, one after another, as the kubelet's worker would (no overlap). */
export async function sampleLatency(p: ProbeUnderTest, o: SampleOptions): Promise<Attempt[]> {
  const out: Attempt[] = [];
  const t0 = performance.now();
  for (let i = 0; i < o.samples && !o.signal?.aborted; i++) {
    const started = performance.now();
    const a = await attempt(p, t0, o.signal);
    if (o.signal?.aborted) break;
    out.push(a);
    o.onAttempt?.(a, i);
    if (i + 1 < o.samples) await sleep(o.intervalMs - (performance.now() - started), o.signal);
  }
  return out;
}

/**
 * Splits a command line into argv the way a POSIX shell splits words — quotes and backslashes
 * only; no variables, globs, pipes or redirections (nothing is run through a shell).
 */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let q: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === q) q = undefined;
      else if (ch === '\\' && q === '"' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) cur += line[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      q = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (q) throw new MeasureError(`unterminated ${q} quote in the launch command`);
  if (has || cur) out.push(cur);
  return out;
}

export interface Launch {
  argv: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface StartOptions {
  starts: number;
  launch: Launch;
  /** Pause between attempts while waiting for the first success, ms. */
  pollMs: number;
  /** Give up on a start after this long, seconds. */
  maxWaitSeconds: number;
  signal?: AbortSignal;
  onStart?(r: StartRecord): void;
  /** Runs after the last start's first success, while the app still runs (e.g. the latency samples). */
  whileRunning?(): Promise<void>;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
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

/** The last lines a process wrote, for a message about why it stopped. */
function tail(buf: string): string {
  const lines = buf.trim().split('\n');
  return lines.slice(-3).join(' | ').slice(0, 300);
}

async function oneStart(p: ProbeUnderTest, n: number, o: StartOptions, last: boolean): Promise<StartRecord> {
  if (!o.launch.argv.length) throw new MeasureError('the launch command is empty');
  const t0 = performance.now();
  let child: ChildProcess;
  try {
    child = spawnManaged(o.launch.argv[0], o.launch.argv.slice(1), { cwd: o.launch.cwd, env: o.launch.env });
  } catch (e) {
    throw new MeasureError(`cannot launch ${o.launch.argv[0]}: ${(e as Error).message}`);
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
  let attempts = 0;
  try {
    const deadline = t0 + o.maxWaitSeconds * 1000;
    while (!o.signal?.aborted) {
      if (spawnError) throw new MeasureError(`cannot launch ${o.launch.argv[0]}: ${spawnError}`);
      if (exited) return { start: n, attempts, problem: `the app ${exited} ${((performance.now() - t0) / 1000).toFixed(1)} s after launch, before the probe succeeded${output ? ` (${tail(output)})` : ''}` };
      if (performance.now() > deadline) return { start: n, attempts, problem: `the probe did not succeed within ${o.maxWaitSeconds} s of launch` };
      const began = performance.now();
      const a = await attempt(p, t0, o.signal);
      attempts++;
      if (a.ok && !exited) {
        const r: StartRecord = { start: n, attempts, firstSuccessSeconds: Math.round((began - t0) / 100) / 10 };
        o.onStart?.(r);
        if (last) await o.whileRunning?.();
        return r;
      }
      await sleep(o.pollMs - (performance.now() - began), o.signal);
    }
    return { start: n, attempts, problem: 'cancelled' };
  } finally {
    await stop(child);
  }
}

/**
 * Launches the app `starts` times and measures, each time, how long after the launch the probe
 * first succeeds. Refuses to start when the probe already succeeds (another process answers:
 * the numbers would be meaningless).
 */
export async function measureStarts(p: ProbeUnderTest, o: StartOptions): Promise<StartRecord[]> {
  const before = await attempt(p, performance.now(), o.signal);
  if (before.ok) throw new MeasureError('the probe already succeeds before the app is launched: something else answers at the target — stop it first, or measure without --launch');
  const out: StartRecord[] = [];
  for (let i = 1; i <= o.starts && !o.signal?.aborted; i++) {
    const r = await oneStart(p, i, o, i === o.starts);
    out.push(r);
    if (r.problem) o.onStart?.(r);
  }
  return out;
}
