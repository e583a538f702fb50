// Shapes of a workload simulation: the scenario (what happens to the Deployment and how each
// revision's app behaves) and the result (the workload's transitions, each pod's, the Service
// endpoints and the windows in which clients lose traffic). Times are seconds since the start.
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
  endpoints: {
    /** Seconds until an endpoint change reaches the load balancers (kube-proxy, ingress). */
    propagationSeconds: number;
    /** Seconds after SIGTERM until the app stops accepting connections (0: at once). */
    stopsListeningAfter: number;
  };
  warnings?: string[];
}

export type WorkloadSubject = 'deployment' | `rs:${string}` | `pod:${string}` | 'endpoints';

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
}

export interface WorkloadVerdict {
  kind: 'rollout-complete' | 'rollout-stuck' | 'ready' | 'never-ready' | 'traffic-loss' | 'no-endpoints' | 'min-ready';
  level: 'ok' | 'info' | 'warning' | 'error';
  t?: number;
  text: string;
}

export interface WorkloadResult {
  workload: { kind: string; name: string; namespace?: string; strategy: string; replicas: number; maxSurge: number; maxUnavailable: number; minReadySeconds: number; progressDeadlineSeconds: number };
  until: number;
  events: WorkloadEvent[];
  pods: PodRecord[];
  /** Ready endpoints over time (after propagation): one entry per change. */
  endpoints: { t: number; ready: number }[];
  trafficLoss: TrafficLoss[];
  final: DeploymentStatusView;
  verdicts: WorkloadVerdict[];
}
