// Shapes of pod status (as the kubelet writes it) and of a simulation result.
// Times are seconds since the pod was created. Pure TypeScript; no 'vscode'.
import type { EffectiveTiming, ProbeKind } from '../k8s';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface StateWaiting { reason?: string; message?: string }
export interface StateRunning { startedAt: number }
export interface StateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: number;
  finishedAt?: number;
}
/** Exactly one of the three is set in a state; none in an empty lastState. */
export interface ContainerState { waiting?: StateWaiting; running?: StateRunning; terminated?: StateTerminated }

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  /** Empty until the runtime has created the container. */
  containerID?: string;
}

export interface PodCondition { type: string; status: ConditionStatus; reason?: string; message?: string }

export interface PodStatus {
  phase: PodPhase;
  /** Why the pod is in this phase, e.g. DeadlineExceeded (with a message). */
  reason?: string;
  message?: string;
  conditions: PodCondition[];
  initContainerStatuses: ContainerStatus[];
  containerStatuses: ContainerStatus[];
}

/** The kubelet's feature gates and settings that change the behaviour we simulate (§15). */
export interface KubeletOptions {
  /** Gate ContainerRestartRules (beta, on in 1.35): container-level restartPolicy and rules. Default true. */
  containerRestartRules: boolean;
  /** CrashLoopBackOff initial and maximum delay in seconds (defaults 10 and 300; §9.2). */
  crashLoopBackOff: { initial: number; max: number };
}

export const DEFAULT_KUBELET_OPTIONS: KubeletOptions = {
  containerRestartRules: true,
  crashLoopBackOff: { initial: 10, max: 300 },
};

// ---- Simulation output (docs/semantics/pod-lifecycle.md, "Simulation: scenario and output") ----

export type SimField =
  | 'phase'
  | 'state'
  | 'ready'
  | 'started'
  | 'restartCount'
  | `condition:${string}`
  | `probe:${ProbeKind}`;

/** One change of one field. `from` is "" for the first value a field ever gets. */
export interface SimEvent {
  t: number;
  /** "pod" or a container name. */
  subject: string;
  field: SimField;
  from: string;
  to: string;
  /** Container state reason (ContainerCreating, CrashLoopBackOff, Completed, Error, OOMKilled, …),
   *  condition reason, or why a probe result changed. */
  reason?: string;
  /** Waiting message (e.g. "back-off 20s restarting failed container=…") or condition message. */
  message?: string;
  /** For state → Terminated. */
  exitCode?: number;
}

/** One probe attempt (a tick that actually ran the probe); `probe:<kind>` events are result changes only. */
export interface SimAttempt { t: number; container: string; kind: ProbeKind; ok: boolean }

/** What `kubectl describe pod` lists under Events (the kubelet's and the scheduler's). */
export interface KubeletEvent {
  t: number;
  type: 'Normal' | 'Warning';
  reason: string;
  /** "pod" or a container name. */
  object: string;
  message: string;
}

/** The columns of `kubectl get pod` (§13, printPod). */
export interface KubectlRow { ready: string; status: string; restarts: string }
/** A row as `kubectl get pod -w` would print it when the pod changed. */
export interface KubectlWatchRow extends KubectlRow { t: number }

export interface SimFinalContainer {
  state: 'Waiting' | 'Running' | 'Terminated';
  reason?: string;
  message?: string;
  exitCode?: number;
  ready: boolean;
  started: boolean;
  restartCount: number;
}

export interface SimFinal {
  phase: PodPhase;
  /** The pod's status.reason / status.message when the kubelet set one (e.g. DeadlineExceeded). */
  reason?: string;
  message?: string;
  /** Condition type → status, in the kubelet's order. */
  conditions: Record<string, ConditionStatus>;
  containers: Record<string, SimFinalContainer>;
  kubectl: KubectlRow;
}

export type SimContainerType = 'init' | 'sidecar' | 'container';

/** A simulated run of the container, with the scenario's defaults applied. */
export interface SimRun {
  healthyAfter: number;
  unhealthyAfter?: number;
  exitAfter?: number;
  exitCode: number;
  oomKilled: boolean;
  ignoresSigterm: boolean;
  preStopSeconds?: number;
  /** The postStart hook of this run, when the container has one: how long it runs and whether it fails. */
  postStart?: SimHookRun;
}

/** A postStart hook as the simulation runs it (docs/semantics/pod-lifecycle.md, "postStart"). */
export interface SimHookRun {
  /** The handler: exec, httpGet and sleep run; tcpSocket (or none the kubelet knows) fails at once. */
  handler: 'exec' | 'httpGet' | 'sleep' | 'tcpSocket' | 'unknown';
  seconds: number;
  fails: boolean;
}

export interface SimProbeInfo extends EffectiveTiming { terminationGracePeriodSeconds?: number }

/** What the simulation knew about a container (for drawing lanes and for verdicts). */
export interface SimContainerInfo {
  name: string;
  type: SimContainerType;
  image?: string;
  probes: Partial<Record<ProbeKind, SimProbeInfo>>;
  /** Seconds the preStop hook takes (sleep action or a literal `sleep N` exec), if there is one. */
  preStopSeconds?: number;
  pullSeconds: number;
  pullFails: boolean;
  runs: SimRun[];
}

export interface SimResult {
  events: SimEvent[];
  final: SimFinal;
  attempts: SimAttempt[];
  kubeletEvents: KubeletEvent[];
  watch: KubectlWatchRow[];
  pod: { name: string; namespace: string; uid: string; restartPolicy: string; terminationGracePeriodSeconds: number; activeDeadlineSeconds?: number };
  containers: SimContainerInfo[];
  /** Simulated seconds played. */
  until: number;
  scheduleAfter: number;
  /** When the scenario deleted the pod (deletionTimestamp), if it did within `until`. */
  deletedAt?: number;
  /** Probe attempts (and their Unhealthy events) not recorded once MAX_RECORDED_ATTEMPTS was reached. */
  attemptsDropped?: number;
  /** Scenario settings that are valid but have no effect or look unintended. */
  warnings?: string[];
}

/** More probe attempts than this are simulated but not recorded (a day of 1 s probes on many containers). */
export const MAX_RECORDED_ATTEMPTS = 200_000;
