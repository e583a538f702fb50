// The Workload Timeline's stories and Try-it variants for the kinds other than a Deployment
// (docs/workloads.md): StatefulSet (OrderedReady vs Parallel, a pod that never gets Ready, a
// partitioned canary), DaemonSet (a rollout that stalls node by node, maxUnavailable vs maxSurge)
// and Job (every pod succeeds, a flaky pod, backoffLimit, activeDeadlineSeconds); which presets
// fit which kind; the variants of each kind. Pure; the Deployment's are stories.ts's.
import type { PodSpec } from '../k8s';
import { podRestartPolicy } from '../lifecycle/restart';
import { daemonSetFenceposts } from '../workload/daemonset';
import type { IntOrPercent } from '../workload/rollout';
import type { WorkloadScenario } from '../workload/types';
import type { Offer } from './protocol';
import { clone, every, minReadyVariant, rolloutAt, preStopVariant, tryItVariants, WORKLOAD_PRESETS, type Variant, type WorkloadPreset, type WorkloadStoryInput } from './stories';

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** Nodes a DaemonSet is simulated on when the scenario does not say (the workload scenario's default, as the CLI). */
export const DEFAULT_NODES = 3;

/** Job spec with the defaults of SetDefaults_Job (pkg/apis/batch/v1/defaults.go; docs/workloads.md, "Jobs"). */
export function jobShape(spec: Record<string, unknown>): { completions: number | null; parallelism: number; backoffLimit: number; deadline?: number } {
  const c = typeof spec.completions === 'number' ? spec.completions : null;
  const p = typeof spec.parallelism === 'number' ? spec.parallelism : undefined;
  return {
    completions: c === null && p === undefined ? 1 : c,
    parallelism: p ?? 1,
    backoffLimit: num(spec.backoffLimit, 6),
    ...(typeof spec.activeDeadlineSeconds === 'number' && { deadline: spec.activeDeadlineSeconds }),
  };
}

/** How long a Job story plays: enough waves of `parallelism` pods of `seconds` each, with room to spare. */
function jobUntil(spec: Record<string, unknown>, seconds: number): number {
  const j = jobShape(spec);
  const waves = Math.ceil((j.completions ?? 1) / Math.max(1, j.parallelism));
  return Math.min(3600, Math.max(120, waves * (seconds + 5) + 60));
}

const JOB_DEFAULT_DEADLINE = 120;
const ROLLOUT_AT = 30;

export const KIND_PRESETS: readonly WorkloadPreset[] = [
  // ---- StatefulSet ----
  {
    id: 'sts-pod-never-ready',
    kinds: ['StatefulSet'],
    label: 'One pod never Ready',
    description: 'The second pod (ordinal 1) crashes 3 s after each start. Under OrderedReady no later ordinal is created until it is Running and Ready; under Parallel the others start anyway.',
    scenario: ({ podSpec }) => ({ until: 300, containers: every(podSpec, { healthyAfter: 10 }), pods: [{ containers: every(podSpec, { healthyAfter: 10 }) }, { containers: every(podSpec, { healthyAfter: 5, exitAfter: 3, exitCode: 1 }) }] }),
  },
  {
    id: 'sts-rollout-never-ready',
    kinds: ['StatefulSet'],
    label: 'New revision never Ready',
    description: 'A rollout (once every pod is up) whose new revision crashes 3 s after each start: the highest ordinal is replaced first and the rollout waits for it for ever (StatefulSets have no progress deadline).',
    scenario: (input) => ({ until: 540 + rolloutAt(input), rollout: { at: rolloutAt(input), old: { containers: every(input.podSpec, { healthyAfter: 5 }) } }, containers: every(input.podSpec, { healthyAfter: 5, exitAfter: 3, exitCode: 1 }) }),
  },
  {
    id: 'sts-partition-canary',
    kinds: ['StatefulSet'],
    label: 'Canary with partition',
    description: 'A rollout (once every pod is up) with updateStrategy.rollingUpdate.partition set to replicas − 1: only the highest ordinal takes the new revision; the others keep the old one until the partition is lowered.',
    scenario: (input) => ({ until: 270 + rolloutAt(input), rollout: { at: rolloutAt(input), old: { containers: every(input.podSpec, { healthyAfter: 5 }) } }, containers: every(input.podSpec, { healthyAfter: 15 }) }),
    spec: (spec) => {
      const s = clone(spec);
      const replicas = num(s.replicas, 1);
      const u = (s.updateStrategy ?? {}) as { rollingUpdate?: Record<string, unknown> };
      s.updateStrategy = { ...u, type: 'RollingUpdate', rollingUpdate: { ...(u.rollingUpdate ?? {}), partition: Math.max(0, replicas - 1) } };
      return s;
    },
  },
  // ---- DaemonSet ----
  {
    id: 'ds-rollout-five-nodes',
    kinds: ['DaemonSet'],
    label: 'Rollout over 5 nodes',
    description: 'Five nodes; a rollout at 30 s whose new pods need 15 s to get Ready: node by node, as maxUnavailable and maxSurge allow.',
    scenario: ({ podSpec }) => ({ until: 400, nodes: 5, rollout: { at: ROLLOUT_AT, old: { containers: every(podSpec, { healthyAfter: 5 }) } }, containers: every(podSpec, { healthyAfter: 15 }) }),
  },
  {
    id: 'ds-rollout-never-ready',
    kinds: ['DaemonSet'],
    label: 'New revision never Ready',
    description: 'Five nodes; a rollout at 30 s whose new pods crash 3 s after each start: the rollout stops after maxUnavailable nodes, which stay without a working pod.',
    scenario: ({ podSpec }) => ({ until: 400, nodes: 5, rollout: { at: ROLLOUT_AT, old: { containers: every(podSpec, { healthyAfter: 5 }) } }, containers: every(podSpec, { healthyAfter: 5, exitAfter: 3, exitCode: 1 }) }),
  },
  // ---- Job ----
  {
    id: 'job-all-succeed',
    kinds: ['Job'],
    label: 'Every pod succeeds',
    description: 'Each pod works for 20 s and exits 0: up to parallelism pods at a time until completions have succeeded.',
    scenario: ({ podSpec, spec }) => ({ until: jobUntil(spec, 20), containers: every(podSpec, { exitAfter: 20, exitCode: 0 }) }),
  },
  {
    id: 'job-one-flaky',
    kinds: ['Job'],
    label: 'One pod fails',
    description: 'The first pod exits 1 after 10 s, every other one succeeds after 20 s: the failure is counted against backoffLimit and the pod is replaced after the 10 s back-off.',
    scenario: ({ podSpec, spec }) => ({ until: jobUntil(spec, 20) + 30, containers: every(podSpec, { exitAfter: 20, exitCode: 0 }), pods: [{ containers: every(podSpec, { exitAfter: 10, exitCode: 1 }) }] }),
  },
  {
    id: 'job-backoff-limit',
    kinds: ['Job'],
    label: 'Crashing pods hit backoffLimit',
    description: 'Every pod exits 1 after 5 s. Failed pods (restartPolicy Never) or container restarts (OnFailure) are counted against backoffLimit, with back-offs doubling from 10 s: the Job fails with BackoffLimitExceeded.',
    scenario: ({ podSpec, spec }) => ({ until: jobShape(spec).backoffLimit <= 6 ? 900 : 3600, containers: every(podSpec, { exitAfter: 5, exitCode: 1 }) }),
  },
  {
    id: 'job-deadline',
    kinds: ['Job'],
    label: 'Slower than activeDeadlineSeconds',
    description: `Each pod needs longer than activeDeadlineSeconds (${JOB_DEFAULT_DEADLINE} s unless the manifest sets it): the Job fails with DeadlineExceeded and its running pods are deleted.`,
    scenario: ({ podSpec, spec }) => {
      const d = jobShape(spec).deadline ?? JOB_DEFAULT_DEADLINE;
      return { until: Math.min(3600, d + 120), containers: every(podSpec, { exitAfter: d + 60, exitCode: 0 }) };
    },
    spec: (spec) => (typeof spec.activeDeadlineSeconds === 'number' ? spec : { ...clone(spec), activeDeadlineSeconds: JOB_DEFAULT_DEADLINE }),
  },
];

/** Every preset, the Deployment's first (their order in the panel). */
export const ALL_PRESETS: readonly WorkloadPreset[] = [...WORKLOAD_PRESETS, ...KIND_PRESETS];

/** The presets that fit a kind (absent: a Deployment). */
export function presetsFor(kind = 'Deployment'): WorkloadPreset[] {
  return ALL_PRESETS.filter((p) => p.kinds.includes(kind));
}

export function workloadPresetById(id: string | undefined, kind?: string): WorkloadPreset | undefined {
  return (kind ? presetsFor(kind) : ALL_PRESETS).find((p) => p.id === id);
}

export function presetOffers(kind = 'Deployment'): Offer[] {
  return presetsFor(kind).map(({ id, label, description, descriptions }) => ({ id, label, description: descriptions?.[kind] ?? description }));
}

// ---- Try it -------------------------------------------------------------------------------------

type Scn = Pick<WorkloadScenario, 'endpoints' | 'replicas' | 'rollout' | 'nodes'>;

/** The Try-it variants of the workload's kind for this scenario (a Deployment's: tryItVariants). */
export function variantsFor(input: WorkloadStoryInput, scenario: Scn): Variant[] {
  switch (input.kind) {
    case 'StatefulSet': return statefulSetVariants(input, scenario);
    case 'DaemonSet': return daemonSetVariants(input, scenario);
    case 'Job': return jobVariants(input);
    default: return tryItVariants(input, scenario);
  }
}

function withSpec(input: WorkloadStoryInput, change: (s: Record<string, unknown>) => void): Record<string, unknown> {
  const s = clone(input.spec);
  change(s);
  return s;
}

/** OrderedReady ↔ Parallel; a partitioned canary (or no partition); a second unavailable pod; preStop; minReadySeconds. */
export function statefulSetVariants(input: WorkloadStoryInput, scenario: Scn): Variant[] {
  const out: Variant[] = [];
  const spec = input.spec;
  const replicas = scenario.replicas ?? num(spec.replicas, 1);
  const parallel = spec.podManagementPolicy === 'Parallel';
  out.push(parallel
    ? { id: 'ordered-ready', label: 'podManagementPolicy Parallel → OrderedReady', description: 'Create pods one at a time in ordinal order, each Running and Ready before the next (deletion in reverse).', spec: withSpec(input, (s) => { s.podManagementPolicy = 'OrderedReady'; }), podSpec: input.podSpec }
    : { id: 'parallel', label: 'podManagementPolicy OrderedReady → Parallel', description: 'Create and delete pods all at once, without waiting for the lower ordinals to be Ready (rolling updates still go one ordinal at a time).', spec: withSpec(input, (s) => { s.podManagementPolicy = 'Parallel'; }), podSpec: input.podSpec });
  const u = (spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrPercent } };
  if (u.type !== 'OnDelete' && scenario.rollout) {
    const partition = num(u.rollingUpdate?.partition, 0);
    const set = (p: number) => withSpec(input, (s) => { s.updateStrategy = { ...u, type: 'RollingUpdate', rollingUpdate: { ...(u.rollingUpdate ?? {}), partition: p } }; });
    if (partition > 0) out.push({ id: 'partition-zero', label: `partition ${partition} → 0`, description: 'Lower the partition: every ordinal takes the new revision, from the highest down.', spec: set(0), podSpec: input.podSpec });
    else if (replicas > 1) out.push({ id: 'partition-canary', label: `partition 0 → ${replicas - 1}`, description: 'A canary: only the highest ordinal takes the new revision; the lower ones keep the old one until the partition is lowered.', spec: set(replicas - 1), podSpec: input.podSpec });
    const mu = u.rollingUpdate?.maxUnavailable;
    if (replicas > 2 && (mu === undefined || mu === 1)) {
      out.push({ id: 'sts-max-unavailable', label: 'maxUnavailable 1 → 2', description: 'Replace two ordinals at a time (the MaxUnavailableStatefulSet feature): a faster rollout with one more pod down.', spec: withSpec(input, (s) => { s.updateStrategy = { ...u, type: 'RollingUpdate', rollingUpdate: { ...(u.rollingUpdate ?? {}), maxUnavailable: 2 } }; }), podSpec: input.podSpec });
    }
  }
  out.push(...preStopVariant(input, scenario), ...minReadyVariant(input));
  return out;
}

/** Surge instead of unavailability, one more node at a time, preStop, minReadySeconds. */
export function daemonSetVariants(input: WorkloadStoryInput, scenario: Scn): Variant[] {
  const out: Variant[] = [];
  const nodes = scenario.nodes ?? DEFAULT_NODES;
  const u = (input.spec.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } };
  if (u.type !== 'OnDelete' && scenario.rollout) {
    let f: { maxSurge: number; maxUnavailable: number } | undefined;
    try {
      f = daemonSetFenceposts(u.rollingUpdate?.maxSurge, u.rollingUpdate?.maxUnavailable, nodes);
    } catch {
      f = undefined; // an unreadable percentage: the lint reports it
    }
    const set = (ru: Record<string, unknown>) => withSpec(input, (s) => { s.updateStrategy = { ...u, type: 'RollingUpdate', rollingUpdate: ru }; });
    if (f && f.maxSurge === 0) out.push({ id: 'ds-surge', label: `maxSurge 0 → 1, maxUnavailable ${f.maxUnavailable} → 0`, description: 'Start the new pod next to the old one and delete the old one once the new one is available: no node is ever without a working pod.', spec: set({ maxSurge: 1, maxUnavailable: 0 }), podSpec: input.podSpec });
    if (f && f.maxSurge > 0 && f.maxUnavailable === 0) out.push({ id: 'ds-no-surge', label: `maxSurge ${f.maxSurge} → 0, maxUnavailable 0 → 1`, description: 'Delete the old pod first, then start the new one: one node at a time is without a working pod.', spec: set({ maxSurge: 0, maxUnavailable: 1 }), podSpec: input.podSpec });
    if (f && f.maxSurge === 0 && f.maxUnavailable + 1 < nodes) out.push({ id: 'ds-more-unavailable', label: `maxUnavailable ${f.maxUnavailable} → ${f.maxUnavailable + 1}`, description: 'Update one more node at a time: a faster rollout with one more node without a working pod.', spec: set({ ...(u.rollingUpdate ?? {}), maxUnavailable: f.maxUnavailable + 1 }), podSpec: input.podSpec });
  }
  out.push(...preStopVariant(input, scenario), ...minReadyVariant(input));
  return out;
}

function withRestartPolicy(spec: PodSpec, policy: string): PodSpec {
  const copy = clone(spec);
  copy.restartPolicy = policy;
  return copy;
}

/** One more pod at a time, a higher backoffLimit, a longer deadline, the other restartPolicy. */
export function jobVariants(input: WorkloadStoryInput): Variant[] {
  const out: Variant[] = [];
  const j = jobShape(input.spec);
  if (j.completions === null || j.completions > j.parallelism) {
    out.push({ id: 'job-parallelism', label: `parallelism ${j.parallelism} → ${j.parallelism + 1}`, description: 'Run one more pod at a time.', spec: withSpec(input, (s) => { s.parallelism = j.parallelism + 1; }), podSpec: input.podSpec });
  }
  out.push({ id: 'job-backoff-limit', label: `backoffLimit ${j.backoffLimit} → ${j.backoffLimit + 3}`, description: 'Tolerate three more pod failures (or, under OnFailure, container restarts) before the Job fails.', spec: withSpec(input, (s) => { s.backoffLimit = j.backoffLimit + 3; }), podSpec: input.podSpec });
  if (j.deadline !== undefined) out.push({ id: 'job-deadline', label: `activeDeadlineSeconds ${j.deadline} → ${j.deadline * 2}`, description: 'Give the Job twice as long before DeadlineExceeded.', spec: withSpec(input, (s) => { s.activeDeadlineSeconds = j.deadline! * 2; }), podSpec: input.podSpec });
  const policy = podRestartPolicy(input.podSpec);
  const other = policy === 'OnFailure' ? 'Never' : 'OnFailure';
  if (policy === 'OnFailure' || policy === 'Never') {
    out.push({ id: 'job-restart-policy', label: `restartPolicy ${policy} → ${other}`, description: other === 'Never' ? 'A failed container fails its pod, which is replaced by a new pod (counted as a failed pod).' : 'A failed container is restarted in its pod (the restarts count against backoffLimit).', spec: input.spec, podSpec: withRestartPolicy(input.podSpec, other) });
  }
  return out;
}
