// `kube-probes simulate FILE [--workload KIND/NAME] [--scenario SCENARIO.yaml] [--format text|json]`
// (README, "The CLI"): plays the kubelet forward in simulated time.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROBE_KINDS, PROBE_LABEL, type PodSpec } from '../core/k8s';
import { describeProbe } from '../core/lifecycle/probe-line';
import { parseManifest, type ManifestFile, type Workload } from '../core/manifest';
import { defaultScenario, parseScenario, ScenarioError, type Scenario } from '../core/lifecycle/scenario';
import { simulate } from '../core/lifecycle/simulate';
import type { SimEvent, SimResult } from '../core/lifecycle/types';
import { verdicts, type Verdict } from '../core/lifecycle/verdicts';
import { parseCommandLine, RENDER_OPTIONS, RENDER_USAGE, UsageError, usageError } from './args';
import type { CliIO } from './io';
import { readManifestOrUnit, type RenderFlags } from './render-input';

const USAGE = `usage: kube-probes simulate FILE [--workload KIND/NAME] [--scenario SCENARIO.yaml] [--format text|json]

Plays what the kubelet does to the pod of a workload in simulated time (no waiting): probe workers,
thresholds, startup gating, liveness kills, restart policy, CrashLoopBackOff, image pull back-off,
pod phase and conditions. FILE may be '-' for standard input.

  --workload KIND/NAME   which workload of FILE (default: the first one); NAME alone also works
  --scenario FILE        what the app does (YAML, see docs/simulation.md). Without it: every container is
                         healthy at once and never exits (init containers exit 0 at once), 600 s.
                         A workload scenario (rollout, scale, deletePods, drain, nodes, pods, endpoints,
                         replicas; docs/workloads.md) plays the Deployment, StatefulSet, DaemonSet or Job
                         controller over all its pods instead, with drains and PodDisruptionBudgets
  --format text|json     text: one line per change plus verdicts (default);
                         json: { events, final } as in docs/simulation.md, plus attempts (every probe
                         run, up to 200000; attemptsDropped counts the rest), kubeletEvents,
                         watch (kubectl get -w rows) and verdicts

  --fail-on-unhealthy    exit 1 when the pod ends unhealthy (for CI)

FILE may be a Helm chart or Kustomize overlay folder: it is rendered first and --workload names the
rendered workload.
${RENDER_USAGE}

exit codes: 0 the simulation ran (whatever happened to the pod);
            1 with --fail-on-unhealthy: the pod ends unhealthy (Failed, or not Ready: CrashLoopBackOff,
              ImagePullBackOff, …; a pod the scenario deletes counts as healthy);
            2 usage error (unreadable FILE or scenario, invalid scenario, unknown workload, a chart or
              overlay that does not render)`;

/** The option table (exported for the test that gives each single-valued option twice). */
export const OPTIONS = {
  workload: { type: 'string' },
  scenario: { type: 'string' },
  format: { type: 'string' },
  'fail-on-unhealthy': { type: 'boolean' },
  ...RENDER_OPTIONS,
} as const;

type Flags = ReturnType<typeof parseCommandLine<typeof OPTIONS>>['values'];

interface Args { file: string; workload?: string; scenario?: string; format: 'text' | 'json'; failOnUnhealthy: boolean; flags: Flags }

function parseSimulateArgs(argv: string[]): Args | 'help' {
  const { values: flags, positionals: files } = parseCommandLine(argv, OPTIONS);
  if (flags.help) return 'help';
  for (const name of ['workload', 'scenario', 'format'] as const) {
    if (flags[name] === '') throw new UsageError(`option '--${name}' needs a value`, true);
  }
  if (files.length !== 1) throw new UsageError(files.length ? `one FILE expected, got ${files.length}` : 'FILE is missing', true);
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`, true);
  return { file: files[0], workload: flags.workload, scenario: flags.scenario, format, failOnUnhealthy: flags['fail-on-unhealthy'] === true, flags };
}

async function readText(path: string, shown: string, io: CliIO): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new UsageError(`cannot read ${shown}: ${why}`);
  }
}

/** A document's plain value; the parser keeps values of pod-carrying documents only, so others (a PodDisruptionBudget) are read from their YAML. */
function documentValue(d: ManifestFile['documents'][number]): unknown {
  if (d.value !== undefined) return d.value;
  if (d.kind !== 'PodDisruptionBudget' && d.kind !== 'List') return undefined;
  try {
    return d.yaml?.toJS();
  } catch {
    return undefined;
  }
}

const label = (w: Workload) => `${w.kind}/${w.name ?? '?'}`;

/** --workload KIND/NAME (or NAME), else the first workload. */
function selectWorkload(file: ManifestFile, wanted: string | undefined): Workload {
  const all = file.workloads;
  if (!all.length) throw new UsageError(`no workload with a pod spec in ${file.path}`);
  if (!wanted) return all[0];
  const [kind, name] = wanted.includes('/') ? wanted.split('/', 2) : [undefined, wanted];
  const found = all.filter((w) => (!kind || w.kind.toLowerCase() === kind.toLowerCase()) && w.name === name);
  if (found.length === 1) return found[0];
  const choices = all.map(label).join(', ');
  if (!found.length) throw new UsageError(`workload '${wanted}' not found in ${file.path}; workloads: ${choices}`);
  throw new UsageError(`workload '${wanted}' is ambiguous in ${file.path} (${found.map(label).join(', ')}); use KIND/NAME`);
}

function fmtT(t: number): string {
  return `${t.toFixed(1)}s`.padStart(8);
}

function eventLine(e: SimEvent, width: number, fieldWidth: number): string {
  const change = e.from === '' ? `→ ${e.to}` : `${e.from} → ${e.to}`;
  const details: string[] = [];
  if (e.reason) details.push(e.reason);
  if (e.exitCode !== undefined) details.push(`exit code ${e.exitCode}`);
  let tail = details.length ? `  (${details.join(', ')}${e.message ? `: ${e.message}` : ''})` : e.message ? `  (${e.message})` : '';
  if (tail.length > 160) tail = tail.slice(0, 159) + '…)';
  return `${fmtT(e.t)}  ${e.subject.padEnd(width)}  ${e.field.padEnd(fieldWidth)}  ${change}${tail}`;
}

function textReport(r: SimResult, vs: Verdict[], title: string, spec: PodSpec): string {
  const width = Math.max(3, ...r.containers.map((c) => c.name.length));
  const fieldWidth = Math.max(5, ...r.events.map((e) => e.field.length));
  const lines = [`${title}: ${r.pod.namespace}/${r.pod.name}, restartPolicy ${r.pod.restartPolicy}, ${r.until} s simulated`];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const kind of PROBE_KINDS) {
      const p = c[kind];
      if (p && typeof p === 'object') lines.push(`  ${c.name ?? '?'}  ${PROBE_LABEL[kind]}: ${describeProbe(p)}`);
    }
  }
  lines.push('');
  for (const e of r.events) lines.push(eventLine(e, width, fieldWidth));
  lines.push('', `at ${r.until} s: phase ${r.final.phase}, READY ${r.final.kubectl.ready}, STATUS ${r.final.kubectl.status}, RESTARTS ${r.final.kubectl.restarts}`);
  if (vs.length) {
    lines.push('', 'verdicts:');
    for (const v of vs) lines.push(`  - ${v.text}`);
  }
  return lines.join('\n') + '\n';
}

/** Exit 1 when the pod ends unhealthy: Failed (not through the scenario's deletion) or not Ready. */
function endsUnhealthy(r: SimResult, scenario: Scenario): boolean {
  const deleted = scenario.deleteAfter !== undefined && scenario.deleteAfter <= r.until;
  if (deleted) return false;
  if (r.final.phase === 'Succeeded') return false;
  return r.final.phase === 'Failed' || r.final.conditions.Ready !== 'True';
}

export async function simulateCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    const args = parseSimulateArgs(argv);
    if (args === 'help') {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const shownFile = args.file === '-' ? '<stdin>' : args.file;
    const file = (await readManifestOrUnit(args.file, args.flags as RenderFlags, io)) ?? parseManifest(await readText(args.file, shownFile, io), shownFile);
    const workload = selectWorkload(file, args.workload);
    if (!workload.podSpec.containers?.length) throw new UsageError(`${label(workload)} in ${file.path} has no containers to simulate`);
    let scenario = defaultScenario();
    if (args.scenario) {
      const text = await readText(args.scenario, args.scenario, io);
      const { workloadScenarioOf, runWorkloadScenario } = await import('./simulate-workload');
      const asWorkload = workloadScenarioOf(text);
      if (asWorkload !== undefined) return runWorkloadScenario(workload, asWorkload, args.scenario, args.format, args.failOnUnhealthy, io, file.documents.map(documentValue));
      scenario = parseScenario(text, args.scenario);
    }
    const result = simulate({
      spec: workload.podSpec,
      name: workload.name ?? workload.kind.toLowerCase(),
      namespace: workload.namespace ?? 'default',
      scenario,
      ...(args.scenario ? { scenarioName: args.scenario } : {}),
    });
    for (const w of result.warnings ?? []) io.stderr(`kube-probes simulate: warning: ${args.scenario ?? 'scenario'}: ${w}\n`);
    const vs = verdicts(result);
    if (args.format === 'json') {
      const { events, final, attempts, kubeletEvents, watch, attemptsDropped } = result;
      const out = { events, final, attempts, kubeletEvents, watch, verdicts: vs, ...(attemptsDropped ? { attemptsDropped } : {}) };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
    } else {
      io.stdout(textReport(result, vs, label(workload), workload.podSpec));
    }
    return args.failOnUnhealthy && endsUnhealthy(result, scenario) ? 1 : 0;
  } catch (e) {
    if (e instanceof ScenarioError) {
      io.stderr(`kube-probes simulate: ${e.message}\n`);
      return 2;
    }
    if (!(e instanceof UsageError)) throw e;
    return usageError(io, 'simulate', e, USAGE);
  }
}
