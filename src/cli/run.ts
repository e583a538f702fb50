// `kube-probes run` — runs one probe or lifecycle handler of a manifest as the kubelet would
// (README, "The CLI"). Exit code: 0 success or warning, 1 failure or unknown, 2 usage error.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HOOK_KINDS, PROBE_KINDS, PROBE_LABEL, type HandlerSite, type LifecycleHandler, type Probe, type ProbeKind } from '../core/k8s';
import { parseManifest, type ContainerModel, type ManifestFile } from '../core/manifest';
import { runHandler, type ExecTarget, type ProbeRunResult, type ProbeTarget } from '../core/probe';
import { parseCommandLine, parsePortMap, RENDER_OPTIONS, RENDER_USAGE, UsageError, usageError } from './args';
import type { CliIO } from './io';
import { readManifestOrUnit, type RenderFlags } from './render-input';

const USAGE = `usage: kube-probes run FILE --container NAME --probe livenessProbe|readinessProbe|startupProbe|postStart|preStop
  [--workload KIND/NAME] [--host HOST] [--port-map CONTAINERPORT:LOCALPORT ...]
  [--exec local|kubectl|docker] [--pod NAME] [--namespace NS] [--context CTX]
  [--watch SECONDS] [--format text|json]

Runs the probe once, as the kubelet would, against HOST (default 127.0.0.1) at the probe's own port
(after named-port resolution and --port-map). Exec commands run locally (--exec local), in the pod
--pod through kubectl exec (--exec kubectl), or in the container --pod through docker exec (--exec docker).
--watch runs it on the kubelet worker's schedule for SECONDS and prints one JSON object per line
(exit 0 when the probe state ends Success with no kill on the way).
FILE may be a Helm chart or Kustomize overlay folder: it is rendered first, and --workload names the
rendered workload (--namespace is also the chart's namespace).

${RENDER_USAGE}

Exit code: 0 success or warning, 1 failure or unknown, 2 usage error (or a chart/overlay that does not render).`;

const SITES: readonly HandlerSite[] = [...PROBE_KINDS, ...HOOK_KINDS];
/** The option table (exported for the test that gives each single-valued option twice). */
export const OPTIONS = {
  container: { type: 'string' },
  probe: { type: 'string' },
  workload: { type: 'string' },
  host: { type: 'string' },
  'port-map': { type: 'string', multiple: true },
  exec: { type: 'string' },
  pod: { type: 'string' }, // --namespace: in RENDER_OPTIONS (the pod's namespace and the chart's)
  context: { type: 'string' },
  watch: { type: 'string' },
  format: { type: 'string' },
  ...RENDER_OPTIONS,
} as const;

const badArgs = (message: string) => new UsageError(message, true);
const MAX_WATCH_SECONDS = Math.floor(2 ** 31 / 1000) - 1;

type Flags = ReturnType<typeof parseCommandLine<typeof OPTIONS>>['values'];

interface RunArgs {
  file: string;
  flags: Flags;
  portMap: Record<number, number>;
}

function parseRunArgs(argv: string[]): RunArgs | 'help' {
  const { values: flags, positionals: files } = parseCommandLine(argv, OPTIONS);
  if (flags.help) return 'help';
  const portMap = parsePortMap(flags['port-map']);
  if (files.length !== 1) throw badArgs(files.length ? `one FILE expected, got ${files.length}` : 'FILE is missing');
  if (!flags.container) throw badArgs('--container is required');
  if (!flags.probe) throw badArgs('--probe is required');
  if (!(SITES as readonly string[]).includes(flags.probe)) throw badArgs(`--probe must be one of ${SITES.join(', ')}, got '${flags.probe}'`);
  if (flags.format !== undefined && flags.format !== 'text' && flags.format !== 'json') throw badArgs(`--format must be text or json, got '${flags.format}'`);
  if (flags.exec !== undefined && !['local', 'kubectl', 'docker'].includes(flags.exec)) throw badArgs(`--exec must be local, kubectl or docker, got '${flags.exec}'`);
  if (flags.watch !== undefined) {
    // A timer holds at most 2^31-1 ms; beyond it node fires at once, so a longer watch is refused.
    const seconds = flags.watch.trim() === '' ? NaN : Number(flags.watch);
    if (!(seconds > 0 && seconds <= MAX_WATCH_SECONDS)) throw badArgs(`--watch wants a number of seconds > 0 (at most ${MAX_WATCH_SECONDS}), got '${flags.watch}'`);
    if (!(PROBE_KINDS as readonly string[]).includes(flags.probe)) throw badArgs('--watch applies to liveness, readiness and startup probes only');
  }
  return { file: files[0], flags, portMap };
}

const describe = (c: ContainerModel) => {
  const w = c.workload;
  const kind = c.kind === 'container' ? '' : c.kind === 'initContainer' ? (c.isSidecar ? ' (sidecar)' : ' (init)') : ' (ephemeral)';
  return `${w.kind}/${w.name ?? '?'}: ${c.name ?? '?'}${kind}`;
};

/** The container named --container, in --workload KIND/NAME or else the first workload that has one. */
export function selectContainer(file: ManifestFile, name: string, workload: string | undefined): ContainerModel {
  let workloads = file.workloads;
  if (workload) {
    const [kind, wname] = workload.includes('/') ? workload.split('/', 2) : [undefined, workload];
    workloads = workloads.filter((w) => (!kind || w.kind.toLowerCase() === kind.toLowerCase()) && w.name === wname);
    if (!workloads.length) {
      const all = file.workloads.map((w) => `${w.kind}/${w.name ?? '?'}`);
      throw new UsageError(`workload '${workload}' not found in ${file.path}; workloads: ${all.join(', ') || 'none'}`);
    }
  }
  const all = workloads.flatMap((w) => w.containers);
  const found = all.find((c) => c.name === name);
  if (found) return found;
  throw new UsageError(`container '${name}' not found in ${file.path}; containers: ${all.map(describe).join('; ') || 'none'}`);
}

export function selectHandler(c: ContainerModel, site: HandlerSite): Probe | LifecycleHandler {
  const handler = (PROBE_KINDS as readonly string[]).includes(site) ? c.spec[site as ProbeKind] : c.spec.lifecycle?.[site as 'postStart' | 'preStop'];
  if (handler && typeof handler === 'object') return handler;
  const present = c.handlers.map((h) => h.site);
  throw new UsageError(`container '${c.name}' has no ${site}; it has: ${present.join(', ') || 'no probes or lifecycle handlers'}`);
}

/** --exec kubectl|docker: the cluster layer's executors, loaded only when asked for. */
async function execTarget(args: RunArgs, c: ContainerModel): Promise<ExecTarget | undefined> {
  const { exec, pod, namespace, context } = args.flags;
  if (!exec || exec === 'local') return undefined;
  if (!pod) throw badArgs(`--exec ${exec} needs --pod (the ${exec === 'kubectl' ? 'pod' : 'container'} to run the command in)`);
  const cluster = await import('../core/cluster');
  try {
    if (exec === 'kubectl') {
      const kubectl = cluster.Kubectl.locate({ context });
      // Like kubectl itself: the given namespace, else the manifest's, else the context's.
      const ns = namespace ?? c.workload.namespace ?? (await kubectl.namespace().catch(() => 'default'));
      return new cluster.KubectlExecTarget(kubectl, { pod, namespace: ns, container: c.name ?? '', context });
    }
    return new cluster.ContainerExecTarget({ container: pod, tool: cluster.locateContainerTool() });
  } catch (e) {
    throw new UsageError(cluster.userMessage(e));
  }
}

function textReport(r: ProbeRunResult, site: HandlerSite): string {
  const what = `${PROBE_LABEL[site]} ${r.probe.type}${r.probe.target ? ` ${r.probe.target}` : ''}`;
  const lines = [`${r.result.toUpperCase()}  ${what}  (${r.durationMs} ms)`];
  if (r.message) lines.push(`  ${r.errored !== undefined ? 'error' : 'output'}: ${r.message.length > 2000 ? r.message.slice(0, 2000) + '…' : r.message}`);
  if (r.http) {
    const status = r.http.status === undefined ? 'no response' : `HTTP ${r.http.status}`;
    lines.push(`  http: ${status}${r.http.redirects.length ? `, redirects: ${r.http.redirects.join(' → ')}` : ''}`);
  }
  if (r.cached) {
    const kept = r.errored !== undefined ? `errored after ${r.attempts} tries: the kubelet discards it` : `the kubelet records ${r.cached}`;
    lines.push(`  kubelet: ${kept}`);
  }
  if (r.event) lines.push(`  event: ${r.event}`);
  if (r.note) lines.push(`  note: ${r.note}`);
  return lines.join('\n') + '\n';
}

function jsonReport(r: ProbeRunResult): string {
  const out = {
    result: r.result,
    message: r.message,
    durationMs: r.durationMs,
    probe: { type: r.probe.type, target: r.probe.target },
    ...(r.probe.type === 'httpGet' && { http: { status: r.http?.status ?? null, redirects: r.http?.redirects ?? [] } }),
  };
  return JSON.stringify(out) + '\n';
}

async function watch(args: RunArgs, handler: Probe, c: ContainerModel, target: ProbeTarget, io: CliIO): Promise<number> {
  const { watchProbe } = await import('../core/probe/watch');
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), Number(args.flags.watch) * 1000);
  let last = 'Unknown';
  let killed = false;
  await watchProbe(handler, c.spec, target, {
    site: args.flags.probe as ProbeKind,
    signal: stop.signal,
    onEvent: (e) => {
      if (e.type === 'state') {
        last = e.to;
        killed ||= e.action === 'kill';
      }
      io.stdout(JSON.stringify(e) + '\n');
    },
  });
  clearTimeout(timer);
  return last === 'Success' && !killed ? 0 : 1;
}

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    const args = parseRunArgs(argv);
    if (args === 'help') {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const file = (await readManifestOrUnit(args.file, args.flags as RenderFlags, io)) ?? (await readManifest(args.file, io));
    const c = selectContainer(file, args.flags.container!, args.flags.workload);
    const site = args.flags.probe as HandlerSite;
    const handler = selectHandler(c, site);
    const target: ProbeTarget = { host: args.flags.host, portMap: args.portMap, exec: await execTarget(args, c) };
    if (args.flags.watch !== undefined) return await watch(args, handler as Probe, c, target, io);
    const r = await runHandler(handler, c.spec, target, { site });
    io.stdout(args.flags.format === 'json' ? jsonReport(r) : textReport(r, site));
    return r.result === 'success' || r.result === 'warning' ? 0 : 1;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return usageError(io, 'run', e, USAGE);
  }
}

async function readManifest(fileArg: string, io: CliIO): Promise<ManifestFile> {
  let text: string;
  try {
    text = fileArg === '-' ? await io.readStdin() : await readFile(resolve(io.cwd, fileArg), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new UsageError(`cannot read ${fileArg}: ${why}`);
  }
  return parseManifest(text, fileArg === '-' ? '<stdin>' : fileArg);
}
