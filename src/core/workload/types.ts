// Shapes of a workload simulation: the scenario (what happens to the workload — a Deployment,
// StatefulSet, DaemonSet or Job — and how each revision's app behaves) and the result (the
// workload's transitions, each pod's, the Service endpoints and the windows in which clients lose
// traffic). Times are seconds since the start. Fields added for later kinds are optional, so a
// reader written for Deployments keeps working.
import type { ScenarioContainerInput } from '../lifecycle/scenario';
import type { SimEvent } from '../lifecycle/types';

export interface RevisionBehaviour {
  /** Per container name, what the app does each time it starts (the pod scenario's `containers`). */
  containers: Record<string, ScenarioContainerInput>;
}

export interface WorkloadScenario {
  until: number;
  /** Overrides spec.replicas. */
  replicas?: number;
  /** How the pods of the manifest's revision behave (no rollout), or of the new revision. */
  containers: Record<string, ScenarioContainerInput>;
  /** A rollout at `at`: the pods start as revision "old" (behaving as `old`), then the manifest's template rolls out. */
  rollout?: { at: number; old: RevisionBehaviour };
  /** Scale the Deployment to `replicas` at `at`. */
  scale: { at: number; replicas: number }[];
  /** Delete the pod named `pod` (as the result names pods: `<name>-<revision>-<n>`) at `at`; the ReplicaSet replaces it. */
  deletePods: { at: number; pod: string }[];
  /** Number of nodes (`node-1` … `node-N`, default 3): a DaemonSet runs one pod on each; others spread over them. */
  nodes?: number;
  /** Drain a node at `at` (kubectl drain: cordon, then evict its pods through the eviction API, honouring PodDisruptionBudgets). */
  drain?: { at: number; node: string }[];
  /** The n-th pod created (0-based, over the whole run) behaves as `pods[n]` says; later pods as their revision. */
  pods?: RevisionBehaviour[];
  /** Feature gates that change a controller (default: as in Kubernetes 1.35). */
  featureGates?: { MaxUnavailableStatefulSet?: boolean };
  endpoints: {
    /** Seconds until an endpoint change reaches the load balancers (kube-proxy, ingress). */
    propagationSeconds: number;
    /** Seconds after SIGTERM until the app stops accepting connections (0: at once). */
    stopsListeningAfter: number;
  };
  warnings?: string[];
}

export type WorkloadSubject = 'deployment' | 'statefulset' | 'daemonset' | 'job' | `rs:${string}` | `pod:${string}` | `node:${string}` | `pdb:${string}` | 'endpoints';

export interface WorkloadEvent {
  t: number;
  subject: string;
  field: string;
  from: string;
  to: string;
  reason?: string;
  message?: string;
}

export interface PodRecord {
  name: string;
  revision: string;
  createdAt: number;
  deletedAt?: number;
  /** When its containers had all stopped after deletion. */
  goneAt?: number;
  /** First Ready. */
  readyAt?: number;
  restarts: number;
  /** The node it was scheduled to (absent: no schedulable node, the pod stayed Pending). */
  node?: string;
  /** StatefulSet pods: the ordinal. */
  ordinal?: number;
  /** The pod's phase at the end of its play. */
  phase?: string;
  /** When it reached Succeeded or Failed on its own (not deleted). */
  finishedAt?: number;
  /** When the eviction API deleted it (a drain). */
  evictedAt?: number;
  /** The pod's own simulated events, times since the workload's start. */
  events: SimEvent[];
}

export interface TrafficLoss {
  from: number;
  to: number;
  /** The pod whose endpoint was still listed; absent when no endpoint was listed at all. */
  pod?: string;
  kind: 'not-accepting' | 'no-endpoints';
  why: string;
}

export interface DeploymentStatusView {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  conditions: Record<string, { status: string; reason: string }>;
  /** The kind's own status fields as the API names them (StatefulSet currentReplicas, DaemonSet numberReady, Job active/succeeded/failed, …). */
  fields?: Record<string, number>;
}

export interface WorkloadVerdict {
  kind:
    | 'rollout-complete' | 'rollout-stuck' | 'ready' | 'never-ready' | 'traffic-loss' | 'no-endpoints' | 'min-ready'
    | 'partition' | 'on-delete' | 'job-complete' | 'job-failed' | 'job-running' | 'drain-complete' | 'drain-blocked' | 'drain-skipped';
  level: 'ok' | 'info' | 'warning' | 'error';
  t?: number;
  text: string;
}

export interface WorkloadResult {
  /** What was simulated. For kinds without a field the Deployment has, it is 0 (Jobs have no surge, only Deployments a progress deadline). */
  workload: {
    kind: string; name: string; namespace?: string; strategy: string; replicas: number; maxSurge: number; maxUnavailable: number; minReadySeconds: number; progressDeadlineSeconds: number;
    /** StatefulSet: OrderedReady or Parallel, and the rolling update's partition. */
    podManagementPolicy?: string;
    partition?: number;
    /** Job: spec fields with their defaults applied. */
    completions?: number | null;
    parallelism?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    restartPolicy?: string;
    /** The nodes simulated. */
    nodes?: string[];
  };
  until: number;
  events: WorkloadEvent[];
  pods: PodRecord[];
  /** Ready endpoints over time (after propagation): one entry per change. */
  endpoints: { t: number; ready: number }[];
  trafficLoss: TrafficLoss[];
  final: DeploymentStatusView;
  verdicts: WorkloadVerdict[];
  /** Drains played (scenario `drain`), with each eviction. */
  drains?: DrainRecord[];
}

export interface EvictionRecord {
  pod: string;
  /** First attempt. */
  at: number;
  /** When the eviction API accepted it (absent: still refused at the end). */
  evictedAt?: number;
  /** Attempts refused with 429 TooManyRequests (the budget allowed no disruption), retried every 5 s. */
  refused: number;
  /** The PodDisruptionBudget that refused it, if any. */
  pdb?: string;
  /** An error that ends the drain (a pod covered by more than one PodDisruptionBudget). */
  error?: string;
}

export interface DrainRecord {
  node: string;
  at: number;
  /** When every evicted pod was gone (absent: not by the end). */
  completedAt?: number;
  evictions: EvictionRecord[];
  /** Pods the drain leaves alone, and why (DaemonSet pods: kubectl drain --ignore-daemonsets). */
  skipped: { pod: string; why: string }[];
}
