// Runs one probe or lifecycle handler against a target as the kubelet would (§1–§6).
// The network runners (HTTP, gRPC) are loaded on first use.
import { effectiveTiming, HOOK_KINDS, PROBE_KINDS, type Container, type HandlerType, type HookKind, type LifecycleHandler, type Probe, type ProbeKind } from '../k8s';
import { doExecProbe, expandCommand, literalEnv, LocalExecTarget } from './exec';
import { joinHostPort } from './go';
import { loadGrpc, loadHttp } from './lazy';
import { HOOK_TIMEOUT_SECONDS, runLifecycleHandler } from './lifecycle';
import { kubeletVerdict, runProbeWithRetries } from './result';
import { planGrpc, planHttp, planTcp } from './target';
import { doTCPProbe } from './tcp';
import type { HttpDetails, ProberResult, ProbeRunResult, ProbeTarget, RunOptions } from './types';
import { urlString } from './url';

export type * from './types';
export { LocalExecTarget } from './exec';
export { kubeletVerdict, MAX_PROBE_RETRIES } from './result';

const localExec = new LocalExecTarget();

interface Dispatch {
  type: HandlerType | 'none';
  target: string;
  /** Loads what the runner needs, so that loading is not counted in the probe's duration. */
  prepare?: () => Promise<unknown>;
  run(signal?: AbortSignal): Promise<ProberResult & { http?: HttpDetails }>;
}

/** runProbe's switch (§6.2): exec → httpGet → tcpSocket → grpc; none → Unknown + error. */
function dispatchProbe(probe: Probe, container: Container, target: ProbeTarget, timeoutMs: number): Dispatch {
  if (probe.exec) {
    const argv = expandCommand(probe.exec.command ?? [], container.env);
    const exec = target.exec ?? localExec;
    const cmd = argv.join(' ');
    const env = literalEnv(container.env);
    return { type: 'exec', target: exec === localExec ? cmd : `${cmd} (${exec.name})`, run: (signal) => doExecProbe(argv, exec, timeoutMs, signal, env) };
  }
  if (probe.httpGet) {
    const plan = planHttp(probe.httpGet, container, target, 'probe');
    if ('error' in plan) return errored('httpGet', String(probe.httpGet.port), plan.error);
    return {
      type: 'httpGet',
      target: urlString(plan.request.url),
      prepare: loadHttp,
      run: async (signal) => (await loadHttp()).doHTTPProbe(plan.request, { ...plan.options, purpose: 'probe', timeoutMs, signal }),
    };
  }
  if (probe.tcpSocket) {
    const ep = planTcp(probe.tcpSocket, container, target);
    if ('error' in ep) return errored('tcpSocket', String(probe.tcpSocket.port), ep.error);
    return { type: 'tcpSocket', target: joinHostPort(ep.host, ep.port), run: (signal) => doTCPProbe(ep.host, ep.port, timeoutMs, signal) };
  }
  if (probe.grpc) {
    const ep = planGrpc(probe.grpc, target);
    if ('error' in ep) return errored('grpc', String(probe.grpc.port), ep.error);
    const addr = joinHostPort(ep.host, ep.port);
    return {
      type: 'grpc',
      target: ep.service ? `${addr} (service ${JSON.stringify(ep.service)})` : addr,
      prepare: loadGrpc,
      run: async (signal) => (await loadGrpc()).doGRPCProbe(ep.host, ep.service, ep.port, timeoutMs, signal),
    };
  }
  return errored('none', '', `missing probe handler for ${container.name ?? ''}`);
}

/** A handler that cannot be run (unresolvable port, no handler): Unknown + the error. */
function errored(type: Dispatch['type'], target: string, error: string): Dispatch {
  return { type, target, run: async () => ({ result: 'unknown', output: '', error }) };
}

async function runProbe(probe: Probe | undefined, container: Container, target: ProbeTarget, site: ProbeKind, opts: RunOptions): Promise<ProbeRunResult> {
  if (!probe) {
    const verdict = kubeletVerdict(site, undefined);
    return { result: 'success', message: `no ${site}: the kubelet counts it as Success`, durationMs: 0, probe: { type: 'none', target: '' }, cached: verdict.cached, attempts: 0 };
  }
  const timeoutMs = (opts.timeoutSeconds ?? effectiveTiming(probe).timeoutSeconds) * 1000;
  const d = dispatchProbe(probe, container, target, timeoutMs);
  if (d.prepare) await d.prepare();
  const started = performance.now();
  const { outcome, attempts } = await runProbeWithRetries(() => d.run(opts.signal), undefined, opts.signal);
  const { http } = outcome;
  const verdict = kubeletVerdict(site, outcome);
  return {
    result: outcome.result,
    message: outcome.error ?? outcome.output,
    ...(outcome.error !== undefined && { errored: outcome.error }),
    ...(outcome.failure && { failure: outcome.failure }),
    durationMs: Math.round(performance.now() - started),
    probe: { type: d.type, target: d.target },
    ...(http && { http }),
    cached: verdict.cached,
    attempts,
    ...(verdict.event && { event: verdict.event.message }),
  };
}

async function runHook(handler: LifecycleHandler | undefined, container: Container, target: ProbeTarget, site: HookKind, opts: RunOptions): Promise<ProbeRunResult> {
  if (handler?.httpGet && !handler.exec) await loadHttp(); // not counted in the duration
  const started = performance.now();
  const outcome = await runLifecycleHandler(handler, {
    site,
    container,
    target,
    exec: target.exec ?? localExec,
    timeoutMs: (opts.timeoutSeconds ?? HOOK_TIMEOUT_SECONDS) * 1000,
    signal: opts.signal,
  });
  return {
    result: outcome.result,
    message: outcome.message,
    durationMs: Math.round(performance.now() - started),
    probe: { type: outcome.type, target: outcome.target },
    ...(outcome.http && { http: outcome.http }),
    ...(outcome.event && { event: outcome.event }),
    ...(outcome.note && { note: outcome.note }),
  };
}

/**
 * Runs a probe (liveness/readiness/startup: retries of errored runs, the kubelet's cached result
 * and event) or a lifecycle handler (postStart/preStop) once against `target`.
 */
export function runHandler(handler: Probe | LifecycleHandler | undefined, container: Container, target: ProbeTarget, opts: RunOptions): Promise<ProbeRunResult> {
  if ((HOOK_KINDS as readonly string[]).includes(opts.site)) return runHook(handler as LifecycleHandler | undefined, container, target, opts.site as HookKind, opts);
  if ((PROBE_KINDS as readonly string[]).includes(opts.site)) return runProbe(handler as Probe | undefined, container, target, opts.site as ProbeKind, opts);
  const verdict = kubeletVerdict(opts.site, undefined);
  return Promise.resolve({ result: 'unknown', message: verdict.errored ?? '', errored: verdict.errored, durationMs: 0, probe: { type: 'none', target: '' }, cached: verdict.cached });
}
