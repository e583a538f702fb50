// One Workload Timeline simulation: which simulator plays the workload's kind, when a workload
// gets the Workload Timeline instead of the Pod Timeline, and a scenario (a file's, a preset's)
// played with the manifest's spec or a Try-it variant of it. Pure; the panel calls it.
import type { PodSpec } from '../k8s';
import type { PdbSpec } from '../workload/disruption';
import { isWorkloadScenario, simulateDeployment, validateWorkloadScenario, type WorkloadResult, type WorkloadScenario } from '../workload';
import type { ScenarioInput } from '../timeline/protocol';
import type { Offer, WorkloadVerdict } from './protocol';
import { tryItVariants, workloadPresetById, type WorkloadStoryInput } from './stories';

export interface WorkloadIdentity {
  kind: string;
  name: string;
  namespace?: string;
}

type Simulator = (input: { kind: string; name: string; namespace?: string; spec: Record<string, unknown>; podSpec: PodSpec; scenario: WorkloadScenario; pdbs?: PdbSpec[] }) => WorkloadResult;

/** The workload simulator of a kind (undefined: the kind is played as a single pod only). */
export function workloadSimulator(kind: string | undefined): Simulator | undefined {
  if (kind === 'Deployment') return simulateDeployment;
  return undefined;
}

/**
 * The Workload Timeline is for a workload with more than one pod: a simulated kind with
 * replicas > 1, or any scenario that uses workload keys (a rollout, scaling, deletions).
 */
export function wantsWorkloadTimeline(kind: string | undefined, spec: Record<string, unknown> | undefined, scenario: unknown): boolean {
  if (!workloadSimulator(kind)) return false;
  if (isWorkloadScenario(scenario)) return true;
  const replicas = spec?.replicas;
  return typeof replicas === 'number' && replicas > 1;
}

export interface StoryRequest {
  workload: WorkloadIdentity;
  input: WorkloadStoryInput;
  /** A raw workload scenario (a file's); ignored when `preset` is set. */
  scenario?: unknown;
  preset?: string;
  variant?: string;
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
}

/** True when a parsed scenario file is a workload scenario (a pod scenario stays the Pod Timeline's). */
export function isWorkloadScenarioValue(v: unknown): boolean {
  return isWorkloadScenario(v);
}

/** What a workload scenario does, in words, for the line under the stories. */
export function scenarioSummary(sc: WorkloadScenario): string {
  const parts: string[] = [];
  if (sc.replicas !== undefined) parts.push(`${sc.replicas} replicas`);
  parts.push(sc.rollout ? `a rollout at ${sc.rollout.at} s` : 'the pods created at 0 s');
  for (const x of sc.scale) parts.push(`scaled to ${x.replicas} at ${x.at} s`);
  for (const d of sc.deletePods) parts.push(`${d.pod} deleted at ${d.at} s`);
  parts.push(`endpoints reach load balancers ${sc.endpoints.propagationSeconds} s later`);
  if (sc.endpoints.stopsListeningAfter) parts.push(`the app stops listening ${sc.endpoints.stopsListeningAfter} s after SIGTERM`);
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}; ${sc.until} s played.`;
}

/** The scenario when none was given: the Deployment created with its pods healthy after 5 s. */
export function defaultScenario(input: WorkloadStoryInput): Record<string, unknown> {
  const containers = Object.fromEntries((input.podSpec.containers ?? []).map((c, i) => [c?.name || `container-${i}`, { runs: [{ healthyAfter: 5 }] }]));
  return { until: 300, containers };
}

/** Simulates the request; throws ScenarioError (with the problems) for a scenario that does not check. */
export function runStory(req: StoryRequest): StoryResult {
  const sim = workloadSimulator(req.workload.kind);
  if (!sim) throw new Error(`${req.workload.kind} workloads are shown as a single pod (the Pod Timeline)`);
  const preset = req.preset ? workloadPresetById(req.preset) : undefined;
  if (req.preset && !preset) throw new Error(`unknown preset '${req.preset}'`);
  const raw = preset ? preset.scenario(req.input) : (req.scenario ?? defaultScenario(req.input));
  const scenario = validateWorkloadScenario(raw, preset ? `preset ${preset.label}` : 'scenario');
  const podSpec = preset?.podSpec ? preset.podSpec(req.input.podSpec) : req.input.podSpec;
  const base: WorkloadStoryInput = { ...req.input, podSpec };
  const variants = tryItVariants(base, scenario);
  const pdbs = preset?.pdbs?.({ ...base, namespace: req.workload.namespace });
  const play = (spec: Record<string, unknown>, ps: PodSpec) => sim({ ...req.workload, spec, podSpec: ps, scenario, ...(pdbs && { pdbs }) });
  const offers = variants.map(({ id, label, description }) => ({ id, label, description }));
  if (req.variant) {
    const v = variants.find((x) => x.id === req.variant);
    if (!v) throw new Error(`the variant '${req.variant}' does not apply to this workload and scenario`);
    const before = play(base.spec, base.podSpec).verdicts;
    return { result: play(v.spec, v.podSpec), summary: scenarioSummary(scenario), scenario, podSpec: v.podSpec, variants: offers, variant: { id: v.id, label: v.label, before } };
  }
  return { result: play(base.spec, base.podSpec), summary: scenarioSummary(scenario), scenario, podSpec: base.podSpec, variants: offers };
}

/**
 * The single-pod scenario of one pod of a played story, for its Pod Timeline: its revision's app
 * behaviour, deleted when it was, played until it was gone (the pod simulator is deterministic, so
 * the Pod Timeline shows exactly this lane, with times since the pod's creation).
 */
export function podScenarioOf(story: Pick<StoryResult, 'result' | 'scenario'>, pod: string): { scenario: ScenarioInput; createdAt: number } | undefined {
  const p = story.result.pods.find((x) => x.name === pod);
  if (!p) return undefined;
  const sc = story.scenario;
  const containers = p.revision === 'old' && sc.rollout ? sc.rollout.old.containers : sc.containers;
  const end = p.goneAt ?? story.result.until;
  const scenario: ScenarioInput = {
    until: Math.max(1, Math.round((end - p.createdAt) * 1000) / 1000),
    scheduleAfter: 0,
    containers: JSON.parse(JSON.stringify(containers)),
    ...(p.deletedAt !== undefined && { deleteAfter: Math.round((p.deletedAt - p.createdAt) * 1000) / 1000 }),
  };
  return { scenario, createdAt: p.createdAt };
}
