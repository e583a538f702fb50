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
  /** The workload's kind (absent: a Deployment). */
  kind?: string;
}

export interface WorkloadPreset extends Offer {
  /** The kinds the story fits (a preset is offered only for these). */
  kinds: readonly string[];
  /** The description for a kind where the story plays differently (a StatefulSet's rollout starts once its pods are up). */
  descriptions?: Partial<Record<string, string>>;
  /** The raw workload scenario (checked by validateWorkloadScenario like a file's). */
  scenario(input: WorkloadStoryInput): Record<string, unknown>;
  /** The pod spec the story is about (the graceful-shutdown pair sets or removes a preStop sleep). */
  podSpec?(spec: PodSpec): PodSpec;
  /** The PodDisruptionBudgets the story plays with when the manifest has none for the workload (the drain story brings its own). */
  pdbs?(input: WorkloadStoryInput): PdbSpec[];
  /** The workload spec the story is about (a Job's activeDeadlineSeconds, a StatefulSet's partition). */
  spec?(spec: Record<string, unknown>): Record<string, unknown>;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? {})) as T;

/** Regular containers' names (init containers and sidecars keep the scenario's defaults). */
function regular(spec: PodSpec): string[] {
  return (Array.isArray(spec.containers) ? spec.containers : []).map((c, i) => (typeof c?.name === 'string' && c.name ? c.name : `container-${i}`));
}

export function every(spec: PodSpec, run: ScenarioRunInput): Record<string, { runs: ScenarioRunInput[] }> {
  return Object.fromEntries(regular(spec).map((n) => [n, { runs: [{ ...run }] }]));
}

/** The container whose port the Service sends traffic to: the first regular one (as endpoints.ts). */
export function serving(spec: PodSpec): Container | undefined {
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

/**
 * When a story's rollout starts: 30 s; for a StatefulSet under OrderedReady, once its pods (made
 * one after the other, each Ready before the next) are all up — 20 s per replica, at least 60 s.
 */
export function rolloutAt(input: Pick<WorkloadStoryInput, 'kind' | 'spec'>): number {
  if (input.kind !== 'StatefulSet' || input.spec.podManagementPolicy === 'Parallel') return ROLLOUT_AT;
  return Math.min(300, Math.max(60, 20 * num(input.spec.replicas, 1)));
}

const SERVING = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
const SCALED = ['Deployment', 'StatefulSet'] as const;

/** A pod of the workload as its controller names it, for the deletion story: the second one (or the only one). */
export function secondPodName(input: WorkloadStoryInput): string {
  const { name, spec } = input;
  switch (input.kind) {
    case 'StatefulSet': {
      const start = num((spec.ordinals as { start?: unknown } | undefined)?.start, 0);
      return `${name}-${start + (num(spec.replicas, 1) > 1 ? 1 : 0)}`;
    }
    case 'DaemonSet':
      return `${name}-current-node-1`;
    default:
      return `${name}-current-1`;
  }
}

export const WORKLOAD_PRESETS: readonly WorkloadPreset[] = [
  {
    id: 'rollout-slow-start',
    kinds: SERVING,
    label: 'Rollout, slow start',
    description: 'A rollout at 30 s whose new revision needs 60 s before it answers: the rollout is paced by readiness.',
    descriptions: {
      StatefulSet: 'A rollout once every pod is up, whose new revision needs 60 s before it answers: one ordinal at a time from the highest down, each waiting for the one before to be Ready.',
      DaemonSet: 'A rollout at 30 s whose new revision needs 60 s before it answers: node by node, as maxUnavailable and maxSurge allow.',
    },
    scenario: (input) => ({ until: 600 + rolloutAt(input) - ROLLOUT_AT, rollout: { at: rolloutAt(input), old: { containers: every(input.podSpec, { healthyAfter: 5 }) } }, containers: every(input.podSpec, { healthyAfter: 60 }) }),
  },
  {
    id: 'rollout-never-ready',
    kinds: ['Deployment'],
    label: 'New revision never Ready',
    description: 'A rollout at 60 s whose new revision crashes 3 s after each start: it stalls until ProgressDeadlineExceeded.',
    scenario: ({ podSpec }) => ({ until: 900, rollout: { at: 60, old: { containers: every(podSpec, { healthyAfter: 5 }) } }, containers: every(podSpec, { healthyAfter: 5, exitAfter: 3, exitCode: 1 }) }),
  },
  {
    id: 'shutdown-no-prestop',
    kinds: SERVING,
    label: 'Shutdown without preStop',
    description: 'A healthy rollout; old pods stop listening at SIGTERM while load balancers still send them traffic for 2 s.',
    scenario: (input) => ({ until: 300 + rolloutAt(input) - ROLLOUT_AT, rollout: { at: rolloutAt(input), old: { containers: every(input.podSpec, { healthyAfter: 5 }) } }, containers: every(input.podSpec, { healthyAfter: 10 }), endpoints: { propagationSeconds: DEFAULT_ENDPOINT_PROPAGATION_SECONDS, stopsListeningAfter: 0 } }),
    podSpec: withoutPreStop,
  },
  {
    id: 'shutdown-prestop-sleep',
    kinds: SERVING,
    label: 'Shutdown with a preStop sleep',
    description: 'The same rollout with a preStop sleep longer than the endpoint propagation: no request is refused.',
    scenario: (input) => ({ until: 300 + rolloutAt(input) - ROLLOUT_AT, rollout: { at: rolloutAt(input), old: { containers: every(input.podSpec, { healthyAfter: 5 }) } }, containers: every(input.podSpec, { healthyAfter: 10 }), endpoints: { propagationSeconds: DEFAULT_ENDPOINT_PROPAGATION_SECONDS, stopsListeningAfter: 0 } }),
    podSpec: (s) => withPreStopSleep(s, DEFAULT_ENDPOINT_PROPAGATION_SECONDS + 3),
  },
  {
    id: 'delete-a-pod',
    kinds: SERVING,
    label: 'A pod deleted',
    description: 'One pod is deleted at 60 s (kubectl delete pod): its replacement starts, its endpoint leaves rotation.',
    scenario: (input) => ({ until: 240, containers: every(input.podSpec, { healthyAfter: 10 }), deletePods: [{ at: 60, pod: secondPodName(input) }] }),
  },
  {
    id: 'drain-with-pdb',
    kinds: SCALED,
    label: 'Drain with a PDB',
    description: 'The pods run on two nodes; node-1 is drained at 60 s (kubectl drain) under a PodDisruptionBudget of maxUnavailable 1: an eviction is refused until the previous pod\'s replacement is Ready.',
    scenario: ({ podSpec }) => ({ until: 400, nodes: 2, containers: every(podSpec, { healthyAfter: 15 }), drain: [{ at: 60, node: 'node-1' }] }),
    // A budget over every pod of the workload (the story's pods carry no labels of their own).
    pdbs: ({ name, namespace }) => [{ name: `${name}-budget`, ...(namespace && { namespace }), maxUnavailable: 1, selector: { matchLabels: {} } }],
  },
  {
    id: 'scale-up',
    kinds: SCALED,
    label: 'Scale up',
    description: 'The workload is scaled to twice its replicas at 60 s; the new pods need 20 s to get Ready.',
    scenario: ({ podSpec, spec }) => {
      const n = typeof spec.replicas === 'number' && spec.replicas > 0 ? spec.replicas : 1;
      return { until: 300, containers: every(podSpec, { healthyAfter: 20 }), scale: [{ at: 60, replicas: n * 2 }] };
    },
  },
];


// ---- Try it -------------------------------------------------------------------------------------

export interface Variant extends Offer {
  spec: Record<string, unknown>;
  podSpec: PodSpec;
}

/**
 * The Try-it variants for this workload and scenario: more surge, no unavailability, a preStop
 * sleep longer than the endpoint propagation, minReadySeconds. Each one only where it changes
 * something (no "more surge" for Recreate, no preStop variant when the sleep is already long enough).
 */
export function tryItVariants(input: WorkloadStoryInput, scenario: Pick<WorkloadScenario, 'endpoints' | 'replicas'>): Variant[] {
  // A Deployment's; the other kinds' are kind-stories.ts's.
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
  out.push(...preStopVariant(input, scenario));
  const deadline = num(spec.progressDeadlineSeconds, 600);
  out.push(...minReadyVariant(input, deadline));
  return out;
}

/** A preStop sleep longer than the endpoint propagation, unless the pod already sleeps that long. */
export function preStopVariant(input: WorkloadStoryInput, scenario: Pick<WorkloadScenario, 'endpoints'>): Variant[] {
  const propagation = scenario.endpoints.propagationSeconds;
  const sleep = Math.ceil(propagation) + 2;
  const current = preStopDuration(serving(input.podSpec)?.lifecycle?.preStop) ?? 0;
  if (!serving(input.podSpec) || current > propagation) return [];
  return [{ id: 'prestop-sleep', label: `preStop sleep ${sleep} s`, description: `A preStop sleep longer than the endpoint propagation (${propagation} s): the pod keeps serving until load balancers have dropped it.`, spec: input.spec, podSpec: withPreStopSleep(input.podSpec, sleep) }];
}

/** minReadySeconds 10 s longer (below `limit`, a Deployment's progress deadline). */
export function minReadyVariant(input: WorkloadStoryInput, limit = Infinity): Variant[] {
  const minReady = num(input.spec.minReadySeconds, 0);
  const nextMin = minReady + 10;
  if (nextMin >= limit) return [];
  const s = clone(input.spec);
  s.minReadySeconds = nextMin;
  return [{ id: 'min-ready', label: `minReadySeconds ${minReady} → ${nextMin}`, description: 'A new pod counts as available only after it stayed Ready this long: a pod that fails soon after start holds the rollout.', spec: s, podSpec: input.podSpec }];
}
