// The Workload Timeline's presets (common stories, each with the verdict it is meant to show) and
// its "Try it" variants (the manifest changed in one place, re-simulated). Pure: a preset is a
// workload scenario for the pod spec's containers (plus, for the graceful-shutdown stories, the
// preStop hook it is about); a variant is a changed workload spec or pod spec.
import type { Container, PodSpec } from '../k8s';
import { preStopDuration } from '../lifecycle/sim-input';
import type { ScenarioRunInput } from '../lifecycle/scenario';
import { resolveFenceposts, type IntOrPercent } from '../workload/rollout';
import { DEFAULT_ENDPOINT_PROPAGATION_SECONDS } from '../workload/defaults';
import type { PdbSpec } from '../workload/disruption';
import type { WorkloadScenario } from '../workload/types';
import type { Offer } from './protocol';

/** What one simulation of a workload is made of. */
export interface WorkloadStoryInput {
  /** The workload's spec without its template (replicas, strategy, minReadySeconds, …). */
  spec: Record<string, unknown>;
  podSpec: PodSpec;
  name: string;
  namespace?: string;
}

export interface WorkloadPreset extends Offer {
  /** The raw workload scenario (checked by validateWorkloadScenario like a file's). */
  scenario(input: WorkloadStoryInput): Record<string, unknown>;
  /** The pod spec the story is about (the graceful-shutdown pair sets or removes a preStop sleep). */
  podSpec?(spec: PodSpec): PodSpec;
  /** The PodDisruptionBudgets the story plays with (the drain story brings its own). */
  pdbs?(input: WorkloadStoryInput): PdbSpec[];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? {})) as T;

/** Regular containers' names (init containers and sidecars keep the scenario's defaults). */
function regular(spec: PodSpec): string[] {
  return (Array.isArray(spec.containers) ? spec.containers : []).map((c, i) => (typeof c?.name === 'string' && c.name ? c.name : `container-${i}`));
}

function every(spec: PodSpec, run: ScenarioRunInput): Record<string, { runs: ScenarioRunInput[] }> {
  return Object.fromEntries(regular(spec).map((n) => [n, { runs: [{ ...run }] }]));
}

/** The container whose port the Service sends traffic to: the first regular one (as endpoints.ts). */
function serving(spec: PodSpec): Container | undefined {
  return Array.isArray(spec.containers) ? spec.containers[0] : undefined;
}

function withoutPreStop(spec: PodSpec): PodSpec {
  const copy = clone(spec);
  const c = serving(copy);
  if (c?.lifecycle?.preStop) {
    const { preStop: _gone, ...rest } = c.lifecycle;
    c.lifecycle = rest;
  }
  return copy;
}

/** A preStop `sleep` of `seconds` on the serving container, with a grace period long enough for it. */
export function withPreStopSleep(spec: PodSpec, seconds: number): PodSpec {
  const copy = clone(spec);
  const c = serving(copy);
  if (!c) return copy;
  c.lifecycle = { ...(c.lifecycle ?? {}), preStop: { sleep: { seconds } } };
  const grace = typeof copy.terminationGracePeriodSeconds === 'number' ? copy.terminationGracePeriodSeconds : 30;
  if (grace < seconds + 5) copy.terminationGracePeriodSeconds = seconds + 5;
  return copy;
}

const ROLLOUT_AT = 30;

export const WORKLOAD_PRESETS: readonly WorkloadPreset[] = [
  {
    id: 'rollout-slow-start',
    label: 'Rollout, slow start',
    description: 'A rollout at 30 s whose new revision needs 60 s before it answers: the rollout is paced by readiness.',
    scenario: ({ podSpec }) => ({ until: 600, rollout: { at: ROLLOUT_AT, old: { containers: every(podSpec, { healthyAfter: 5 }) } }, containers: every(podSpec, { healthyAfter: 60 }) }),
  },
  {
    id: 'rollout-never-ready',
    label: 'New revision never Ready',
    description: 'A rollout at 60 s whose new revision crashes 3 s after each start: it stalls until ProgressDeadlineExceeded.',
    scenario: ({ podSpec }) => ({ until: 900, rollout: { at: 60, old: { containers: every(podSpec, { healthyAfter: 5 }) } }, containers: every(podSpec, { healthyAfter: 5, exitAfter: 3, exitCode: 1 }) }),
  },
  {
    id: 'shutdown-no-prestop',
    label: 'Shutdown without preStop',
    description: 'A healthy rollout; old pods stop listening at SIGTERM while load balancers still send them traffic for 2 s.',
    scenario: ({ podSpec }) => ({ until: 300, rollout: { at: ROLLOUT_AT, old: { containers: every(podSpec, { healthyAfter: 5 }) } }, containers: every(podSpec, { healthyAfter: 10 }), endpoints: { propagationSeconds: DEFAULT_ENDPOINT_PROPAGATION_SECONDS, stopsListeningAfter: 0 } }),
    podSpec: withoutPreStop,
  },
  {
    id: 'shutdown-prestop-sleep',
    label: 'Shutdown with a preStop sleep',
    description: 'The same rollout with a preStop sleep longer than the endpoint propagation: no request is refused.',
    scenario: ({ podSpec }) => ({ until: 300, rollout: { at: ROLLOUT_AT, old: { containers: every(podSpec, { healthyAfter: 5 }) } }, containers: every(podSpec, { healthyAfter: 10 }), endpoints: { propagationSeconds: DEFAULT_ENDPOINT_PROPAGATION_SECONDS, stopsListeningAfter: 0 } }),
    podSpec: (s) => withPreStopSleep(s, DEFAULT_ENDPOINT_PROPAGATION_SECONDS + 3),
  },
  {
    id: 'delete-a-pod',
    label: 'A pod deleted',
    description: 'One pod is deleted at 60 s (kubectl delete pod): its replacement starts, its endpoint leaves rotation.',
    scenario: ({ podSpec, name }) => ({ until: 240, containers: every(podSpec, { healthyAfter: 10 }), deletePods: [{ at: 60, pod: `${name}-current-1` }] }),
  },
  {
    id: 'drain-with-pdb',
    label: 'Drain with a PDB',
    description: 'The pods run on two nodes; node-1 is drained at 60 s (kubectl drain) under a PodDisruptionBudget of maxUnavailable 1: an eviction is refused until the previous pod\'s replacement is Ready.',
    scenario: ({ podSpec }) => ({ until: 400, nodes: 2, containers: every(podSpec, { healthyAfter: 15 }), drain: [{ at: 60, node: 'node-1' }] }),
    // A budget over every pod of the workload (the story's pods carry no labels of their own).
    pdbs: ({ name, namespace }) => [{ name: `${name}-budget`, ...(namespace && { namespace }), maxUnavailable: 1, selector: { matchLabels: {} } }],
  },
  {
    id: 'scale-up',
    label: 'Scale up',
    description: 'The workload is scaled to twice its replicas at 60 s; the new pods need 20 s to get Ready.',
    scenario: ({ podSpec, spec }) => {
      const n = typeof spec.replicas === 'number' && spec.replicas > 0 ? spec.replicas : 1;
      return { until: 300, containers: every(podSpec, { healthyAfter: 20 }), scale: [{ at: 60, replicas: n * 2 }] };
    },
  },
];

export function workloadPresetById(id: string | undefined): WorkloadPreset | undefined {
  return WORKLOAD_PRESETS.find((p) => p.id === id);
}

export function presetOffers(): Offer[] {
  return WORKLOAD_PRESETS.map(({ id, label, description }) => ({ id, label, description }));
}

// ---- Try it -------------------------------------------------------------------------------------

export interface Variant extends Offer {
  spec: Record<string, unknown>;
  podSpec: PodSpec;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/**
 * The Try-it variants for this workload and scenario: more surge, no unavailability, a preStop
 * sleep longer than the endpoint propagation, minReadySeconds. Each one only where it changes
 * something (no "more surge" for Recreate, no preStop variant when the sleep is already long enough).
 */
export function tryItVariants(input: WorkloadStoryInput, scenario: Pick<WorkloadScenario, 'endpoints' | 'replicas'>): Variant[] {
  const out: Variant[] = [];
  const spec = input.spec;
  const replicas = scenario.replicas ?? num(spec.replicas, 1);
  const strategy = (spec.strategy ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } };
  if (strategy.type !== 'Recreate') {
    let f: { maxSurge: number; maxUnavailable: number } | undefined;
    try {
      f = resolveFenceposts(strategy.rollingUpdate?.maxSurge, strategy.rollingUpdate?.maxUnavailable, replicas);
    } catch {
      f = undefined; // an invalid percentage: the lint reports it; no variant
    }
    if (f && f.maxSurge < replicas) {
      const next = f.maxSurge + 1;
      const s = clone(spec);
      s.strategy = { ...(s.strategy as object), type: 'RollingUpdate', rollingUpdate: { ...((s.strategy as typeof strategy | undefined)?.rollingUpdate ?? {}), maxSurge: next } };
      out.push({ id: 'more-surge', label: `maxSurge ${f.maxSurge} → ${next}`, description: 'Start one more new pod at a time: a faster rollout for one extra pod.', spec: s, podSpec: input.podSpec });
    }
    if (f && f.maxUnavailable > 0) {
      const s = clone(spec);
      const surge = Math.max(1, f.maxSurge);
      s.strategy = { ...(s.strategy as object), type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: 0 } };
      out.push({ id: 'no-unavailable', label: `maxUnavailable ${f.maxUnavailable} → 0`, description: `Never take an old pod away before a new one is available (maxSurge ${surge}).`, spec: s, podSpec: input.podSpec });
    }
  }
  const propagation = scenario.endpoints.propagationSeconds;
  const sleep = Math.ceil(propagation) + 2;
  const current = preStopDuration(serving(input.podSpec)?.lifecycle?.preStop) ?? 0;
  if (serving(input.podSpec) && current <= propagation) {
    out.push({ id: 'prestop-sleep', label: `preStop sleep ${sleep} s`, description: `A preStop sleep longer than the endpoint propagation (${propagation} s): the pod keeps serving until load balancers have dropped it.`, spec, podSpec: withPreStopSleep(input.podSpec, sleep) });
  }
  const minReady = num(spec.minReadySeconds, 0);
  const deadline = num(spec.progressDeadlineSeconds, 600);
  const nextMin = minReady + 10;
  if (nextMin < deadline) {
    const s = clone(spec);
    s.minReadySeconds = nextMin;
    out.push({ id: 'min-ready', label: `minReadySeconds ${minReady} → ${nextMin}`, description: 'A new pod counts as available only after it stayed Ready this long: a pod that fails soon after start holds the rollout.', spec: s, podSpec: input.podSpec });
  }
  return out;
}
