// `kube-probes measure` — measures a probe against the running app (latency, and time to first
// success over cold starts), recommends timings with their numbers, proves them by simulation and
// optionally writes them into the manifest (docs/measure.md).
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROBE_KINDS, PROBE_LABEL, type Probe, type ProbeKind } from '../core/k8s';
import { parseManifest } from '../core/manifest';
import {
  applyEdits,
  commandStarter,
  DEFAULT_RECOMMEND_SETTINGS,
  latencyStats,
  measureStarts,
  MeasureError,
  prove,
  recommend,
  recommendationEdits,
  sampleLatency,
  splitCommandLine,
  startStats,
  type Attempt,
  type Proof,
  type Recommendation,
  type AppStarter,
  type StartRecord,
} from '../core/measure';
import type { ProbeRunResult, ProbeTarget } from '../core/probe/types';
import type { CliIO } from './io';
import { parseCommandLine, parsePortMap, UsageError, usageError } from './args';
import { selectContainer, selectHandler } from './run';

const USAGE = `usage: kube-probes measure FILE --container NAME --probe livenessProbe|readinessProbe|startupProbe
  [--workload KIND/NAME] [--host HOST] [--port-map CONTAINERPORT:LOCALPORT ...]
  [--samples N] [--interval MS] [--starts N] [--launch CMD] [--poll MS] [--max-wait S]
  [--restart-container NAME [--container-engine docker|podman]]
  [--pod NAME [--namespace NS] [--context CTX] [--restart-pod --yes]]
  [--timeout-margin X] [--start-margin X] [--detection S] [--apply] [--format text|json]

Runs the probe against the running app as the kubelet would (--samples times, --interval ms apart)
and times --starts cold starts of the app: launched here with --launch (CMD split into words, never
run through a shell; refused when the probe's port is already held by another process), a local
container restarted with --restart-container (timed from its State.StartedAt), or a live pod read
from its status with --pod (restarted only with --restart-pod --yes). Then recommends timeoutSeconds, a start-up budget, readiness
timing, each with the numbers it came from, and simulates the pod with the current and the
recommended probes. --apply writes the recommendation into FILE, keeping its comments.

  --samples N          latency attempts (default 20; with --launch: while the last start runs)
  --interval MS        between latency attempts (default 1000)
  --starts N           cold starts to time (default 0; needs --launch)
  --launch CMD         the command that starts the app on this machine, e.g. "node app.js"
  --poll MS            between attempts while waiting for the first success (default 250)
  --max-wait S         give up on a start after S seconds (default 300)
  --restart-container NAME   a local container: the probe runs against its published ports (unless
                       --port-map) and docker exec; with --starts N it is restarted (\`docker restart\`,
                       or podman) N times, each timed from its State.StartedAt to the first success
  --container-engine E docker or podman (default: docker, else podman, on the PATH)
  --pod NAME           time the starts of this live pod from its status (container startedAt → Ready):
                       its current start, then restarts seen through a watch within --max-wait;
                       the latency is sampled only with --samples, against --host/--port-map
  --namespace NS       the pod's namespace (default: the manifest's, else the context's)
  --context CTX        the kubeconfig context (default: the current one)
  --restart-pod        delete the pod for each further start (its controller makes a new one);
                       needs --yes (the pod's work is interrupted)
  --timeout-margin X   timeoutSeconds ≥ p99 × X (default ${DEFAULT_RECOMMEND_SETTINGS.timeoutMargin})
  --start-margin X     start-up budget ≥ slowest start × X (default ${DEFAULT_RECOMMEND_SETTINGS.startMargin})
  --detection S        readiness notices a failing app within S seconds (default ${DEFAULT_RECOMMEND_SETTINGS.readinessDetectionSeconds})

exit codes: 0 measured and recommended (or nothing to change); 1 measured, but no recommendation
can be made ("cannot recommend: …": the app is not running, hung, flapping or never started);
2 usage error (unreadable FILE, unknown container or probe, bad option, launch command not found)`;

/** The option table (exported for the test that gives each single-valued option twice). */
export const OPTIONS = {
  container: { type: 'string' },
  probe: { type: 'string' },
  workload: { type: 'string' },
  host: { type: 'string' },
  'port-map': { type: 'string', multiple: true },
  samples: { type: 'string' },
  interval: { type: 'string' },
  starts: { type: 'string' },
  launch: { type: 'string' },
  poll: { type: 'string' },
  'max-wait': { type: 'string' },
  'timeout-margin': { type: 'string' },
  'start-margin': { type: 'string' },
  detection: { type: 'string' },
  'restart-container': { type: 'string' },
  'container-engine': { type: 'string' },
  pod: { type: 'string' },
  namespace: { type: 'string' },
  context: { type: 'string' },
  'restart-pod': { type: 'boolean' },
  yes: { type: 'boolean' },
  apply: { type: 'boolean' },
  format: { type: 'string' },
} as const;

/** A bad option or option value: the message, then the usage. */
const badArgs = (message: string) => new UsageError(message, true);


function num(v: string | undefined, name: string, d: number, min: number, integer = true): number {
  if (v === undefined) return d;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} wants ${integer ? 'a whole number' : 'a number'} ≥ ${min}, got '${v}'`, true);
  return n;
}

export interface MeasureReport {
  probe: { kind: ProbeKind; container: string; workload: string; type: string; target: string };
  latency?: ReturnType<typeof latencyStats> & { attempts: Attempt[] };
  starts?: ReturnType<typeof startStats> & { records: StartRecord[] };
  recommendation: Recommendation;
  proof?: { scenario: Proof['scenario']; current: ProofLine; recommended: ProofLine };
  applied?: { file: string; edits: number; skipped: string[] };
}
interface ProofLine { summary: string; restarts: number; readyAt?: number; crashLoopAt?: number }

const line = (s: Proof['current']): ProofLine => ({ summary: s.summary, restarts: s.restarts, ...(s.readyAt !== undefined && { readyAt: s.readyAt }), ...(s.crashLoopAt !== undefined && { crashLoopAt: s.crashLoopAt }) });

function text(r: MeasureReport): string {
  const out: string[] = [`${PROBE_LABEL[r.probe.kind]} probe of ${r.probe.workload} › ${r.probe.container}: ${r.probe.type} ${r.probe.target}`];
  const L = r.latency;
  if (L) {
    const kinds = Object.entries(L.failuresByKind).map(([k, n]) => `${k} ×${n}`).join(', ');
    out.push(`  latency over ${L.samples} attempts: ${L.p50 === undefined ? 'no answer' : `p50 ${L.p50} ms, p95 ${L.p95} ms, p99 ${L.p99} ms, max ${L.max} ms`}; ${L.failures} failed${kinds ? ` (${kinds})` : ''}`);
  }
  const S = r.starts;
  if (S) {
    out.push(`  cold starts: ${S.measured} of ${S.starts} measured${S.slowest !== undefined ? `: fastest ${S.fastest} s, median ${S.median} s, slowest ${S.slowest} s to the first success` : ''}`);
    for (const rec of S.records) if (rec.problem) out.push(`    start ${rec.start}: ${rec.problem}`);
  }
  const R = r.recommendation;
  if (R.changes.length || R.add) {
    out.push('recommended:');
    for (const c of R.changes) out.push(`  ${c.probe}.${c.field}: ${c.from ?? '(default)'} → ${c.to}   ${c.why}`);
    if (R.add) out.push(`  add ${R.add.probe} (${Object.entries(R.add.fields).map(([k, v]) => `${k}: ${v}`).join(', ')})   ${R.add.why}`);
  } else if (!R.cannot.length) out.push('nothing to change');
  for (const c of R.cannot) out.push(`  ${c}`);
  for (const f of R.fine) out.push(`  ok: ${f}`);
  if (r.proof) out.push(`simulated: current: ${r.proof.current.summary} — recommended: ${r.proof.recommended.summary}`);
  if (r.applied) out.push(`applied: ${r.applied.edits} edit${r.applied.edits === 1 ? '' : 's'} to ${r.applied.file}${r.applied.skipped.length ? `; write by hand: ${r.applied.skipped.join('; ')}` : ''}`);
  return out.join('\n') + '\n';
}

export async function measureCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values: o, positionals } = parseCommandLine(argv, OPTIONS);
    if (o.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw badArgs(positionals.length ? `one FILE expected, got ${positionals.length}` : 'FILE is missing');
    if (!o.container) throw badArgs('--container is required');
    if (!o.probe || !(PROBE_KINDS as readonly string[]).includes(o.probe)) throw badArgs(`--probe must be one of ${PROBE_KINDS.join(', ')}`);
    if (o.format !== undefined && o.format !== 'text' && o.format !== 'json') throw badArgs(`--format must be text or json, got '${o.format}'`);
    const site = o.probe as ProbeKind;
    const samples = num(o.samples, 'samples', o.pod !== undefined ? 0 : 20, 0);
    const ways = [o.launch !== undefined && '--launch', o['restart-container'] !== undefined && '--restart-container', o.pod !== undefined && '--pod'].filter(Boolean);
    if (ways.length > 1) throw badArgs(`${ways.join(', ')}: one way to start the app, please`);
    const starts = num(o.starts, 'starts', o.pod !== undefined ? 1 : 0, 0);
    if (starts > 0 && !ways.length) throw badArgs('--starts needs --launch (the command that starts the app), --restart-container or --pod');
    if (o['container-engine'] !== undefined && !['docker', 'podman'].includes(o['container-engine'])) throw badArgs('--container-engine must be docker or podman');
    if (o['restart-pod'] && o.pod === undefined) throw badArgs('--restart-pod needs --pod');
    if (o['restart-pod'] && !o.yes) throw badArgs('--restart-pod deletes the pod (its controller makes a new one): add --yes to confirm');
    if (o.apply && positionals[0] === '-') throw badArgs('--apply needs a FILE, not standard input');
    const settings = {
      ...DEFAULT_RECOMMEND_SETTINGS,
      timeoutMargin: num(o['timeout-margin'], 'timeout-margin', DEFAULT_RECOMMEND_SETTINGS.timeoutMargin, 1, false),
      startMargin: num(o['start-margin'], 'start-margin', DEFAULT_RECOMMEND_SETTINGS.startMargin, 1, false),
      readinessDetectionSeconds: num(o.detection, 'detection', DEFAULT_RECOMMEND_SETTINGS.readinessDetectionSeconds, 1, false),
    };
    const launchArgv = o.launch !== undefined ? splitCommandLine(o.launch) : undefined;

    const path = positionals[0] === '-' ? '<stdin>' : resolve(io.cwd, positionals[0]);
    let source: string;
    try {
      source = positionals[0] === '-' ? await io.readStdin() : await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${positionals[0]}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
    }
    const file = parseManifest(source, positionals[0]);
    let c;
    try {
      c = selectContainer(file, o.container, o.workload);
      selectHandler(c, site);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    let target: ProbeTarget = { host: o.host, portMap: parsePortMap(o['port-map']) };
    let starter: AppStarter | undefined;
    if (o.launch !== undefined) starter = commandStarter({ argv: launchArgv!, cwd: io.cwd }, 'measure the running app without --launch.');
    if (o['restart-container'] !== undefined) {
      const { locateContainerTool, openContainerTarget, ClusterError } = await import('../core/cluster');
      const { containerStarter } = await import('../core/measure/container-starts');
      try {
        const tool = locateContainerTool({ kind: o['container-engine'] as 'docker' | 'podman' | undefined });
        if (!o['port-map']?.length) target = { ...(await openContainerTarget(tool, o['restart-container'])).target, ...(o.host && { host: o.host }) };
        starter = containerStarter(tool, o['restart-container']);
      } catch (e) {
        if (e instanceof ClusterError) throw new MeasureError(e.hint && !e.message.includes(e.hint) ? `${e.message} ${e.hint}` : e.message);
        throw e;
      }
    }
    const seen = { type: 'none', target: '' };
    const put = { probe: c.spec[site] as Probe, container: c.spec, target, site, observe: (r: ProbeRunResult) => Object.assign(seen, r.probe) };
    const progress = (s: string) => o.format !== 'json' && io.stderr(s);

    // With a starter the latency is sampled while the last start runs; else against the running app.
    let attempts: Attempt[] | undefined;
    const sample = async () => {
      if (samples <= 0) return;
      progress(`measuring latency: ${samples} attempts…\n`);
      attempts = await sampleLatency(put, { samples, intervalMs: num(o.interval, 'interval', 1000, 0) });
    };
    const onStart = (r: StartRecord) => progress(`start ${r.start}/${starts}: ${r.firstSuccessSeconds !== undefined ? `first success after ${r.firstSuccessSeconds} s` : r.problem}\n`);
    const maxWaitSeconds = num(o['max-wait'], 'max-wait', 300, 1, false);
    let records: StartRecord[] | undefined;
    if (starter && starts > 0) {
      records = await measureStarts(put, {
        starts,
        starter,
        onNotice: (t) => progress(`${t}\n`),
        pollMs: num(o.poll, 'poll', 250, 10),
        maxWaitSeconds,
        onStart,
        whileRunning: sample,
      });
    } else if (o.pod !== undefined && starts > 0) {
      const { Kubectl } = await import('../core/cluster');
      const { measurePodStarts } = await import('../core/measure/pod-starts');
      let kubectl;
      try {
        kubectl = Kubectl.locate({ context: o.context });
      } catch (e) {
        throw new MeasureError((e as Error).message);
      }
      const namespace = o.namespace ?? c.workload.namespace ?? (await kubectl.namespace().catch(() => 'default'));
      const r = await measurePodStarts(kubectl, { namespace, pod: o.pod, container: c.name ?? '', context: o.context }, { starts, restart: !!o['restart-pod'], maxWaitSeconds, onStart: (rec) => onStart(rec), onNotice: (t) => progress(`${t}\n`) });
      records = r.records;
    }
    if (!records) await sample();
    const latency = attempts && latencyStats(attempts);
    const startSummary = records && startStats(records);
    const rec = recommend(c.spec, { probe: site, latency, starts: startSummary, startProblems: records?.flatMap((r) => (r.problem ? [r.problem] : [])) }, settings);
    const report: MeasureReport = {
      probe: { kind: site, container: c.name ?? '', workload: `${c.workload.kind}/${c.workload.name ?? '?'}`, type: seen.type, target: seen.target },
      ...(latency && { latency: { ...latency, attempts: attempts! } }),
      ...(startSummary && { starts: { ...startSummary, records: records! } }),
      recommendation: rec,
    };
    if (c.kind === 'container' && (rec.changes.length || rec.add)) {
      const p = prove({ spec: c.workload.podSpec, name: c.workload.name, namespace: c.workload.namespace, containerName: c.name ?? '', recommendation: rec, starts: startSummary, latency });
      report.proof = { scenario: p.scenario, current: line(p.current), recommended: line(p.recommended) };
    }
    if (o.apply && (rec.changes.length || rec.add)) {
      const { edits, skipped } = recommendationEdits(source, c, rec);
      if (edits.length) await writeFile(path, applyEdits(source, edits), 'utf8');
      report.applied = { file: positionals[0], edits: edits.length, skipped };
    }
    io.stdout(o.format === 'json' ? JSON.stringify(report) + '\n' : text(report));
    return rec.cannot.length && !rec.changes.length && !rec.add ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, 'measure', e, USAGE);
    if (e instanceof MeasureError) {
      io.stderr(`kube-probes measure: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
