// Taking the measurements: a probe's latency over N attempts, and the time from the app's start
// to its first successful probe over N cold starts (docs/measure.md, "What is measured"). How the
// app is started (a command, a VS Code task, a container restart) is an AppStarter (starters.ts);
// this file plans the starts (adopt an app already starting, refuse a port held by another
// process, or launch anyway when the user chose so and the starter can take the port over:
// takeover.ts) and times them.
import type { Container, Probe, ProbeKind } from '../k8s';
import { runHandler } from '../probe';
import type { ProbeRunResult, ProbeTarget } from '../probe/types';
import { MeasureError } from './errors';
import { portHeld, portHeldMessage, probeEndpoint, waitPortFree } from './port-check';
import { commandStarter, type AppHandle, type AppStarter, type Launch, type StartedApp } from './starters';
import { takeOverQuestion, watchAnswerer, type AnswererWatch, type TakeOverQuestion } from './takeover';
import { attemptOf, type Attempt, type StartRecord } from './stats';

export interface ProbeUnderTest {
  probe: Probe;
  container: Container;
  target: ProbeTarget;
  site: ProbeKind;
  /** Sees every run's full result (e.g. for the handler's type and target as the runner words them). */
  observe?(r: ProbeRunResult): void;
}

export { MeasureError };

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

export type { Launch };

export interface StartOptions {
  starts: number;
  /** How the app is started; `launch` is the shorthand for a command launched here. */
  starter?: AppStarter;
  launch?: Launch;
  /** Pause between attempts while waiting for the first success, ms. */
  pollMs: number;
  /** Give up on a start after this long, seconds. */
  maxWaitSeconds: number;
  signal?: AbortSignal;
  onStart?(r: StartRecord): void;
  /** Something the user should know before the wait (an already running task is restarted, and why). */
  onNotice?(text: string): void;
  /** Runs after the last start's first success, while the app still runs (e.g. the latency samples). */
  whileRunning?(): Promise<void>;
  /**
   * Asked when the probe already succeeds before the first launch and the starter may take the port
   * over (AppStarter.mayTakeOverPort): true launches anyway (see measureStarts); false launches
   * nothing and measureStarts returns no start. Without it, such a launch is refused.
   */
  confirmTakeOver?(q: TakeOverQuestion): Promise<boolean>;
}

/** The last lines a process wrote, for a message about why it stopped. */
function tail(buf: string): string {
  const lines = buf.trim().split('\n');
  return lines.slice(-3).join(' | ').slice(0, 300);
}

/** How often a starter's slower check (a container's state) runs while waiting. */
const CHECK_EVERY_MS = 2000;

/**
 * Polls the probe from the app's start (app.t0) to its first success. With `previous` (the process
 * that answered before this launch), only a success of an attempt that began after it stopped
 * answering counts: until then a success may be its answer, not the new app's.
 */
async function timeStart(p: ProbeUnderTest, n: number, app: StartedApp, o: StartOptions, last: boolean, what: string, previous?: AnswererWatch): Promise<StartRecord> {
  let attempts = 0;
  let checked = performance.now();
  const deadline = app.t0 + o.maxWaitSeconds * 1000;
  const since = () => ((performance.now() - app.t0) / 1000).toFixed(1);
  while (!o.signal?.aborted) {
    let gone = app.exited();
    if (!gone && app.check && performance.now() - checked >= CHECK_EVERY_MS) {
      checked = performance.now();
      gone = await app.check(o.signal);
    }
    if (gone) {
      const out = app.output?.();
      return { start: n, attempts, problem: `the app ${gone} ${since()} s after ${what}, before the probe succeeded${out ? ` (${tail(out)})` : ''}` };
    }
    if (performance.now() > deadline) {
      if (previous && previous.goneAt() === undefined) return { start: n, attempts, problem: `the process that answered at ${previous.where} before ${what} still answered ${o.maxWaitSeconds} s after it: the app did not take that port over` };
      return { start: n, attempts, problem: `the probe did not succeed within ${o.maxWaitSeconds} s of ${what}` };
    }
    const began = performance.now();
    const a = await attempt(p, app.t0, o.signal);
    attempts++;
    previous?.saw(a, began);
    if (a.ok && !app.exited() && (!previous || previous.isNew(began))) {
      const r: StartRecord = { start: n, attempts, firstSuccessSeconds: Math.max(0, Math.round((began - app.t0) / 100) / 10) };
      o.onStart?.(r);
      if (last) await o.whileRunning?.();
      return r;
    }
    await sleep(o.pollMs - (performance.now() - began), o.signal);
  }
  return { start: n, attempts, problem: 'cancelled' };
}

/**
 * Starts the app `starts` times and measures, each time, how long after its start the probe
 * first succeeds. Before the first start of a process on this machine:
 * - an app the starter already runs (a task the user started) is timed as start 1 from its own
 *   start when that is known and its probe does not succeed yet; else it is restarted, said first;
 * - otherwise the probe must not already succeed (something else answers: the numbers would be
 *   meaningless) and its port must be free (a second copy would die with EADDRINUSE): a clear
 *   MeasureError names the port and what to do, and nothing is launched. The one exception: the
 *   probe succeeds, the starter may take the port over (a task of the user's that replaces the app
 *   running there) and the user, asked through o.confirmTakeOver, chose to start it anyway. Start 1
 *   is then timed from the new process's start as usual, but a success counts only for an attempt
 *   that began after the previous answerer stopped answering (takeover.ts); declined, nothing is
 *   launched and no start is returned.
 * Between starts the previous app is stopped and its port must come free.
 */
export async function measureStarts(p: ProbeUnderTest, o: StartOptions): Promise<StartRecord[]> {
  const starter = o.starter ?? (o.launch ? commandStarter(o.launch) : undefined);
  if (!starter) throw new MeasureError('nothing to start the app with (no launch command)');
  const what = starter.kind === 'restart' ? 'the restart' : 'launch';
  const ep = starter.kind === 'process' ? probeEndpoint(p) : undefined;
  let current: AppHandle | undefined;
  let adopted: StartedApp | undefined;
  let previous: AnswererWatch | undefined;
  if (starter.kind === 'process') {
    current = starter.running?.();
    if (current) {
      if (current.exited()) current = undefined;
      else if (current.t0 === undefined) o.onNotice?.(`${starter.label} was already running, started before Measure could note when: restarting it to time its start.`);
      else if ((await attempt(p, performance.now(), o.signal)).ok) o.onNotice?.(`${starter.label} was already running and its probe already succeeds, so its start cannot be timed: restarting it.`);
      else adopted = current as StartedApp;
    }
    if (!current) {
      const before = await attempt(p, performance.now(), o.signal);
      if (before.ok) {
        // Without a port there is no telling the two answerers apart (an exec probe): refused.
        if (!ep || !starter.mayTakeOverPort || !o.confirmTakeOver) throw new MeasureError(`the probe already succeeds before the app is launched: something else answers at the target — stop it first${starter.portHint ? `, or ${starter.portHint}` : ''}`);
        if (!(await o.confirmTakeOver(takeOverQuestion(starter, ep))) || o.signal?.aborted) return [];
        previous = await watchAnswerer(ep);
      } else if (ep && (await portHeld(ep))) throw new MeasureError(portHeldMessage(ep, starter.portHint ?? 'let Measure start the app itself.'));
    }
  }
  const out: StartRecord[] = [];
  try {
    for (let i = 1; i <= o.starts && !o.signal?.aborted; i++) {
      let app: StartedApp;
      if (i === 1 && adopted) app = adopted;
      else {
        if (current) {
          await current.stop();
          current = undefined;
          if (ep && !(await waitPortFree(ep, 10_000, o.signal))) throw new MeasureError(`port ${ep.port} is still in use after the app was stopped (${starter.label}): something else holds it; stop that and measure again`);
        }
        if (o.signal?.aborted) break;
        app = await starter.start(i, o.signal);
      }
      current = app;
      const r = await timeStart(p, i, app, o, i === o.starts, i === 1 && adopted ? 'its start' : what, i === 1 ? previous : undefined);
      out.push(r);
      if (r.problem && r.problem !== 'cancelled') o.onStart?.(r);
    }
  } finally {
    previous?.dispose();
    if (current && !starter.leaveRunning) await current.stop();
  }
  return out;
}
