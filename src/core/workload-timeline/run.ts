// One Workload Timeline simulation: which simulator plays the workload's kind (a Deployment,
// StatefulSet, DaemonSet or Job), when a workload gets the Workload Timeline instead of the Pod
// Timeline, and a scenario (a file's, a preset's) played with the manifest's spec or a Try-it
// variant of it, with the PodDisruptionBudgets of its manifest. Pure; the panel calls it.
import type { PodSpec } from '../k8s';
import type { PdbSpec } from '../workload/disruption';
import { isSimulatedKind, isWorkloadScenario, simulateWorkload, validateWorkloadScenario, type WorkloadResult, type WorkloadScenario } from '../workload';
import type { ScenarioInput } from '../timeline/protocol';
import type { Offer, WorkloadVerdict } from './protocol';
import { chooseBudgets, type BudgetUse } from './budgets';
import { DEFAULT_NODES, jobShape, presetsFor, variantsFor, workloadPresetById } from './kind-stories';
import type { WorkloadStoryInput } from './stories';

export interface WorkloadIdentity {
  kind: string;
  name: string;
  namespace?: string;
}

type Simulator = (input: { kind: string; name: string; namespace?: string; spec: Record<string, unknown>; podSpec: PodSpec; scenario: WorkloadScenario; podLabels?: Record<string, string>; pdbs?: PdbSpec[] }) => WorkloadResult;

/** The workload simulator of a kind (undefined: the kind is played as a single pod only). */
export function workloadSimulator(kind: string | undefined): Simulator | undefined {
  return kind && isSimulatedKind(kind) ? simulateWorkload : undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How many pods the workload runs without a scenario that says otherwise: a Deployment's or
 * StatefulSet's replicas (default 1), a DaemonSet's nodes (the scenario's `nodes`, else 3, as the
 * CLI simulates), at least a Job's parallelism or completions (both default 1).
 */
export function expectedPods(kind: string | undefined, spec: Record<string, unknown> | undefined, scenario?: unknown): number {
  const s = spec ?? {};
  if (kind === 'DaemonSet') {
    const n = isObj(scenario) ? scenario.nodes : undefined;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : DEFAULT_NODES;
  }
  if (kind === 'Job') {
    const j = jobShape(s);
    return Math.max(j.parallelism, j.completions ?? 1);
  }
  const replicas = s.replicas;
  return typeof replicas === 'number' && Number.isFinite(replicas) ? replicas : 1;
}

/**
 * The Workload Timeline is for a workload with more than one pod: a simulated kind running several
 * pods (replicas > 1; a DaemonSet on several nodes; a Job with parallelism or completions > 1), or
 * any scenario that uses workload keys (a rollout, scaling, deletions, a drain).
 */
export function wantsWorkloadTimeline(kind: string | undefined, spec: Record<string, unknown> | undefined, scenario: unknown): boolean {
  if (!workloadSimulator(kind)) return false;
  if (isWorkloadScenario(scenario)) return true;
  return expectedPods(kind, spec, scenario) > 1;
}

export interface StoryRequest {
  workload: WorkloadIdentity;
  input: WorkloadStoryInput;
  /** A raw workload scenario (a file's); ignored when `preset` is set. */
  scenario?: unknown;
  preset?: string;
  variant?: string;
  /** The pod template's labels (what PodDisruptionBudgets select). */
  podLabels?: Record<string, string>;
  /** The PodDisruptionBudgets of the workload's manifest file (those that select its pods are played). */
  manifestPdbs?: readonly PdbSpec[];
}

export interface StoryResult {
  result: WorkloadResult;
  /** The scenario in words ("A rollout at 30 s; endpoints reach load balancers 2 s later."). */
  summary: string;
  /** The checked scenario and the pod spec played (a preset may set or remove a preStop hook). */
  scenario: WorkloadScenario;
  podSpec: PodSpec;
  variants: Offer[];
  /** Set when a variant was played: its label and the verdicts without it. */
  variant?: { id: string; label: string; before: WorkloadVerdict[] };
  /** The PodDisruptionBudgets played and where they came from. */
  budgets: BudgetUse;
}

/** True when a parsed scenario file is a workload scenario (a pod scenario stays the Pod Timeline's). */
export function isWorkloadScenarioValue(v: unknown): boolean {
  return isWorkloadScenario(v);
}

/** What a workload scenario does, in words, for the line under the stories. */
export function scenarioSummary(sc: WorkloadScenario, kind = 'Deployment'): string {
  const parts: string[] = [];
  if (sc.replicas !== undefined) parts.push(`${sc.replicas} replicas`);
  if (sc.nodes !== undefined || kind === 'DaemonSet') parts.push(`${sc.nodes ?? DEFAULT_NODES} nodes`);
  parts.push(sc.rollout ? `a rollout at ${sc.rollout.at} s` : kind === 'Job' ? 'the Job started at 0 s' : 'the pods created at 0 s');
  for (const x of sc.scale) parts.push(`scaled to ${x.replicas} at ${x.at} s`);
  for (const d of sc.deletePods) parts.push(`${d.pod} deleted at ${d.at} s`);
  for (const d of sc.drain ?? []) parts.push(`${d.node} drained at ${d.at} s`);
  if (sc.pods?.length) parts.push(`the first ${sc.pods.length === 1 ? 'pod behaves' : `${sc.pods.length} pods behave`} as the scenario's \`pods\` say${sc.pods.length === 1 ? 's' : ''}`);
  if (kind !== 'Job') parts.push(`endpoints reach load balancers ${sc.endpoints.propagationSeconds} s later`);
  if (sc.endpoints.stopsListeningAfter) parts.push(`the app stops listening ${sc.endpoints.stopsListeningAfter} s after SIGTERM`);
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}; ${sc.until} s played.`;
}

/**
 * The scenario when none was given: the workload created with its pods healthy after 5 s; a Job's
 * pods work 20 s and exit 0, played long enough for every wave of parallelism pods.
 */
export function defaultScenario(input: WorkloadStoryInput): Record<string, unknown> {
  const containers = Array.isArray(input.podSpec.containers) ? input.podSpec.containers : [];
  const run = input.kind === 'Job' ? { exitAfter: 20, exitCode: 0 } : { healthyAfter: 5 };
  const byName = Object.fromEntries(containers.map((c, i) => [c?.name || `container-${i}`, { runs: [{ ...run }] }]));
  if (input.kind === 'Job') {
    const j = jobShape(input.spec);
    const waves = Math.ceil((j.completions ?? 1) / Math.max(1, j.parallelism));
    return { until: Math.min(3600, Math.max(120, waves * 25 + 60)), containers: byName };
  }
  return { until: 300, containers: byName };
}

/** Simulates the request; throws ScenarioError (with the problems) for a scenario that does not check. */
export function runStory(req: StoryRequest): StoryResult {
  const kind = req.workload.kind;
  const sim = workloadSimulator(kind);
  if (!sim) throw new Error(`${kind} workloads are shown as a single pod (the Pod Timeline)`);
  const preset = req.preset ? workloadPresetById(req.preset, kind) : undefined;
  if (req.preset && !preset) {
    const other = workloadPresetById(req.preset);
    throw new Error(other ? `the story '${other.label}' is not for a ${kind} (it fits ${other.kinds.join(', ')}); a ${kind} has ${presetsFor(kind).map((p) => `'${p.label}'`).join(', ')}` : `unknown preset '${req.preset}'`);
  }
  const input: WorkloadStoryInput = { ...req.input, kind, ...(req.workload.namespace && { namespace: req.workload.namespace }) };
  const raw = preset ? preset.scenario(input) : (req.scenario ?? defaultScenario(input));
  let scenario = validateWorkloadScenario(raw, preset ? `preset ${preset.label}` : 'scenario');
  const podSpec = preset?.podSpec ? preset.podSpec(input.podSpec) : input.podSpec;
  const spec = preset?.spec ? preset.spec(input.spec) : input.spec;
  const base: WorkloadStoryInput = { ...input, spec, podSpec };
  const variants = variantsFor(base, scenario);
  const budgets = chooseBudgets({ manifest: req.manifestPdbs, preset: preset?.pdbs?.(base), namespace: req.workload.namespace, podLabels: req.podLabels, drains: (scenario.drain?.length ?? 0) > 0 });
  const v = req.variant ? variants.find((x) => x.id === req.variant) : undefined;
  if (req.variant && !v) throw new Error(`the variant '${req.variant}' does not apply to this workload and scenario`);
  const play = (sp: Record<string, unknown>, ps: PodSpec) => sim({ ...req.workload, spec: sp, podSpec: ps, scenario, ...(req.podLabels && { podLabels: req.podLabels }), ...(budgets.pdbs.length && { pdbs: budgets.pdbs }) });
  // A Job story of ours (not a scenario file's) is played until the Job is over, with a margin.
  if (kind === 'Job' && (preset || req.scenario === undefined)) {
    const ends = [play(base.spec, base.podSpec), ...(v ? [play(v.spec, v.podSpec)] : [])].map(jobEnd);
    const end = ends.every((x) => x !== undefined) ? Math.max(...(ends as number[])) : undefined;
    const until = end === undefined ? undefined : Math.ceil((end * 1.2 + 20) / 10) * 10;
    if (until !== undefined && until < scenario.until) scenario = { ...scenario, until };
  }
  const offers = variants.map(({ id, label, description }) => ({ id, label, description }));
  const summary = scenarioSummary(scenario, kind);
  if (v) {
    const before = play(base.spec, base.podSpec).verdicts;
    return { result: play(v.spec, v.podSpec), summary, scenario, podSpec: v.podSpec, variants: offers, variant: { id: v.id, label: v.label, before }, budgets };
  }
  return { result: play(base.spec, base.podSpec), summary, scenario, podSpec: base.podSpec, variants: offers, budgets };
}

/** When a Job's terminal condition (Complete or Failed) was set, if it was. */
function jobEnd(r: WorkloadResult): number | undefined {
  return r.events.find((e) => e.field === 'condition:Complete' || e.field === 'condition:Failed')?.t;
}

/**
 * The single-pod scenario of one pod of a played story, for its Pod Timeline: its revision's app
 * behaviour, deleted when it was, played until it was gone (the pod simulator is deterministic, so
 * the Pod Timeline shows exactly this lane, with times since the pod's creation).
 */
export function podScenarioOf(story: Pick<StoryResult, 'result' | 'scenario'>, pod: string, index?: number): { scenario: ScenarioInput; createdAt: number } | undefined {
  // A StatefulSet's recreated pod keeps its name: `index` (the lane's place in result.pods, the creation order) tells them apart.
  const at = index !== undefined && story.result.pods[index]?.name === pod ? index : story.result.pods.findIndex((x) => x.name === pod);
  const p = story.result.pods[at];
  if (!p) return undefined;
  const sc = story.scenario;
  // The n-th pod created behaves as the scenario's pods[n] says (over its revision's behaviour), as pods.ts plays it.
  const containers = { ...(p.revision === 'old' && sc.rollout ? sc.rollout.old.containers : sc.containers), ...(sc.pods?.[at]?.containers ?? {}) };
  const end = p.goneAt ?? story.result.until;
  const scenario: ScenarioInput = {
    until: Math.max(1, Math.round((end - p.createdAt) * 1000) / 1000),
    scheduleAfter: 0,
    containers: JSON.parse(JSON.stringify(containers)),
    ...(p.deletedAt !== undefined && { deleteAfter: Math.round((p.deletedAt - p.createdAt) * 1000) / 1000 }),
  };
  return { scenario, createdAt: p.createdAt };
}
