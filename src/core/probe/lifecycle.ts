// postStart / preStop handlers — pkg/kubelet/lifecycle/handlers.go (*handlerRunner).Run:
// exec (argv as written: no $(VAR) expansion), httpGet (user agent kube-lifecycle; any HTTP
// response is a success, the status code is not looked at; HTTPS answered in plain HTTP is
// retried over HTTP), sleep. tcpSocket is "NOT supported": the kubelet fails it at runtime.
// The kubelet puts no timeout on hooks (preStop is bounded by the grace period); we stop waiting
// after the given timeout and say so.
import type { Container, HandlerType, HookKind, LifecycleHandler } from '../k8s';
import { combinedOutput, literalEnv, MAX_EXEC_OUTPUT, outputText } from './exec';
import { goDuration } from '../util/duration';
import { goQuote, joinHostPort } from './go';
import { loadHttp } from './lazy';
import { planHttp, planTcp } from './target';
import { doTCPProbe } from './tcp';
import type { ExecTarget, HttpDetails, ProbeResult, ProbeTarget } from './types';
import { urlString } from './url';

/** Default bound on a hook run: the pod's default terminationGracePeriodSeconds. */
export const HOOK_TIMEOUT_SECONDS = 30;

export interface HookOutcome {
  type: HandlerType | 'none';
  /** What was run or connected to. */
  target: string;
  result: Extract<ProbeResult, 'success' | 'failure'>;
  message: string;
  /** The kubelet's FailedPostStartHook / FailedPreStopHook event message. */
  event?: string;
  note?: string;
  http?: HttpDetails;
}

export interface HookRun {
  site: HookKind;
  container: Container;
  target: ProbeTarget;
  exec: ExecTarget;
  timeoutMs: number;
  signal?: AbortSignal;
}

const containerAndPod = (run: HookRun) => `for Container ${goQuote(run.container.name ?? '')} in Pod ${goQuote(run.target.pod ?? '<pod>')}`;
const stoppedWaiting = (ms: number) => `The kubelet sets no timeout on lifecycle hooks; we stopped waiting after ${goDuration(ms / 1000)}.`;

async function runExecHook(command: readonly string[], run: HookRun): Promise<HookOutcome> {
  const argv = command.map(String);
  const res = await run.exec.run(argv, { timeoutMs: run.timeoutMs, signal: run.signal, maxOutputBytes: MAX_EXEC_OUTPUT, env: literalEnv(run.container.env) });
  const output = combinedOutput(res);
  const done = { type: 'exec' as const, target: argv.join(' ') };
  if (!res.timedOut && res.error === undefined && res.exitCode === 0) return { ...done, result: 'success', message: output };
  const err = res.timedOut
    ? `command ${goQuote(argv.join(' '))} did not finish within ${goDuration(run.timeoutMs / 1000)}`
    : res.error ?? `command '${argv.join(' ')}' exited with ${res.exitCode}: ${outputText(res.stderr)}`;
  return {
    ...done,
    result: 'failure',
    message: err,
    event: `Exec lifecycle hook ([${argv.join(' ')}]) ${containerAndPod(run)} failed - error: ${err}, message: ${goQuote(output)}`,
    note: res.timedOut ? stoppedWaiting(run.timeoutMs) : undefined,
  };
}

async function runHttpHook(handler: NonNullable<LifecycleHandler['httpGet']>, run: HookRun): Promise<HookOutcome> {
  const plan = planHttp(handler, run.container, run.target, 'lifecycle');
  const target = 'error' in plan ? String(handler.port) : urlString(plan.request.url);
  const failed = (err: string, extra?: Partial<HookOutcome>): HookOutcome => ({
    type: 'httpGet',
    target,
    result: 'failure',
    message: err,
    event: `HTTP lifecycle hook (${handler.path ?? ''}) ${containerAndPod(run)} failed - error: ${err}`,
    ...extra,
  });
  if ('error' in plan) return failed(plan.error);
  const { httpExchange } = await loadHttp();
  const opts = { ...plan.options, purpose: 'lifecycle' as const, timeoutMs: run.timeoutMs, signal: run.signal };
  let ex = await httpExchange(plan.request, opts);
  let note: string | undefined;
  if (ex.kind === 'error' && ex.error.endsWith('server gave HTTP response to HTTPS client')) {
    const header = new Map(plan.request.header);
    header.delete('Authorization');
    const retry = await httpExchange({ ...plan.request, url: { ...plan.request.url, scheme: 'http' }, header }, opts);
    if (retry.kind === 'response') {
      ex = retry;
      const authority = joinHostPort(plan.request.url.hostname, plan.request.url.port);
      note = `LifecycleHTTPFallback: request to HTTPS lifecycle hook ${authority} got HTTP response, retry with HTTP succeeded`;
    }
  }
  const http: HttpDetails = { redirects: ex.redirects, headers: ex.headers };
  if (ex.kind === 'error') return failed(ex.error, { http, note: ex.timedOut ? stoppedWaiting(run.timeoutMs) : undefined });
  http.status = ex.status;
  const ignored = ex.status < 200 || ex.status >= 400 ? ' (the kubelet does not look at the status code of a lifecycle hook)' : '';
  return { type: 'httpGet', target, result: 'success', message: `HTTP ${ex.status}${ignored}`, http, note };
}

function runSleepHook(seconds: number, run: HookRun): Promise<HookOutcome> {
  const ms = Math.max(0, seconds) * 1000;
  const done = { type: 'sleep' as const, target: goDuration(seconds) };
  return new Promise((resolve) => {
    const slept = () => {
      run.signal?.removeEventListener('abort', cancelled);
      resolve({ ...done, result: 'success', message: `slept ${goDuration(ms / 1000)}` });
    };
    const cancelled = () => {
      clearTimeout(timer);
      const err = 'container terminated before sleep hook finished';
      resolve({ ...done, result: 'failure', message: err, event: `Sleep lifecycle hook (${seconds}) ${containerAndPod(run)} failed - error: ${err}` });
    };
    const timer = setTimeout(slept, ms);
    run.signal?.addEventListener('abort', cancelled, { once: true });
    if (run.signal?.aborted) cancelled();
  });
}

/**
 * A handler the kubelet cannot run: tcpSocket ("NOT supported as a LifecycleHandler"), or none.
 * For a tcpSocket we still try the connection, and report it as information only.
 */
async function runUnsupportedHook(handler: LifecycleHandler, run: HookRun): Promise<HookOutcome> {
  const err = handler.tcpSocket ? 'invalid handler: tcpSocket is not supported in lifecycle hooks' : 'invalid handler: no exec, httpGet or sleep';
  const ep = handler.tcpSocket && planTcp(handler.tcpSocket, run.container, run.target);
  const outcome: HookOutcome = {
    type: handler.tcpSocket ? 'tcpSocket' : 'none',
    target: ep && !('error' in ep) ? joinHostPort(ep.host, ep.port) : '',
    result: 'failure',
    message: `Cannot run handler: ${err}. The kubelet fails this ${run.site} hook at runtime.`,
    event: `Cannot run handler: ${err}`,
  };
  if (!ep) return outcome;
  if ('error' in ep) return { ...outcome, note: `We did not try a TCP connection: ${ep.error}.` };
  const tcp = await doTCPProbe(ep.host, ep.port, run.timeoutMs, run.signal);
  const tried = tcp.result === 'success' ? 'it succeeded' : `it failed: ${tcp.error ?? tcp.output}`;
  return { ...outcome, note: `For information only, we tried a TCP connection to ${joinHostPort(ep.host, ep.port)}: ${tried}.` };
}

/** Handler.Run's switch: exec → httpGet → sleep; anything else (tcpSocket, nothing) cannot be run. */
export function runLifecycleHandler(handler: LifecycleHandler | undefined, run: HookRun): Promise<HookOutcome> {
  if (handler?.exec) return runExecHook(handler.exec.command ?? [], run);
  if (handler?.httpGet) return runHttpHook(handler.httpGet, run);
  if (handler?.sleep) return runSleepHook(Number(handler.sleep.seconds ?? 0), run);
  return runUnsupportedHook(handler ?? {}, run);
}
