// The one table of Kubernetes feature gates this product models, with the minor version of each
// stage and whether it is on by default there (pkg/features/kube_features.go), and what the API
// server or the kubelet does with a gated field while the gate is off (pkg/api/pod/util.go
// dropDisabledFields, pkg/apis/core/validation/validation.go). Everything version-dependent reads
// its answer here. Semantics and sources: docs/semantics/defaults.md §15. Pure TypeScript.
import { DEFAULT_KUBERNETES_VERSION } from './defaults';

export type GateName =
  | 'ExecProbeTimeout'
  | 'ProbeTerminationGracePeriod'
  | 'GRPCContainerProbe'
  | 'SidecarContainers'
  | 'PodLifecycleSleepAction'
  | 'PodLifecycleSleepActionAllowZero'
  | 'ContainerStopSignals'
  | 'ContainerRestartRules';

export interface GateStage {
  /** First minor version of this stage. */
  since: number;
  stage: 'alpha' | 'beta' | 'GA';
  /** On by default in this stage. */
  on: boolean;
}

export interface Gate {
  name: GateName;
  /** Stages in version order; before the first one the gate (and its field) does not exist. */
  stages: readonly GateStage[];
  /** The fields it guards, for messages. */
  fields: string;
  /** What happens to the field while the gate is off (§15). */
  whenOff: string;
}

/** §15: kube_features.go of each release (the versioned table since 1.31, the stage comments before). */
export const GATES: Readonly<Record<GateName, Gate>> = {
  ExecProbeTimeout: {
    name: 'ExecProbeTimeout',
    stages: [{ since: 20, stage: 'GA', on: true }],
    fields: 'exec probe timeoutSeconds',
    whenOff: 'the kubelet ignores the timeout of exec probes',
  },
  ProbeTerminationGracePeriod: {
    name: 'ProbeTerminationGracePeriod',
    stages: [
      { since: 21, stage: 'alpha', on: false },
      { since: 22, stage: 'beta', on: false },
      { since: 25, stage: 'beta', on: true },
      { since: 28, stage: 'GA', on: true },
    ],
    fields: 'probe terminationGracePeriodSeconds',
    whenOff: 'dropDisabledFields clears it on liveness and startup probes (a readiness probe keeps it, and validation rejects it there)',
  },
  GRPCContainerProbe: {
    name: 'GRPCContainerProbe',
    stages: [
      { since: 23, stage: 'alpha', on: false },
      { since: 24, stage: 'beta', on: true },
      { since: 27, stage: 'GA', on: true },
    ],
    fields: 'probe grpc',
    whenOff: 'the probe is treated as if grpc were not set',
  },
  SidecarContainers: {
    name: 'SidecarContainers',
    stages: [
      { since: 28, stage: 'alpha', on: false },
      { since: 29, stage: 'beta', on: true },
      { since: 33, stage: 'GA', on: true },
    ],
    fields: 'init container restartPolicy',
    whenOff: 'dropDisabledFields clears restartPolicy of every init container, so none is a sidecar',
  },
  PodLifecycleSleepAction: {
    name: 'PodLifecycleSleepAction',
    stages: [
      { since: 29, stage: 'alpha', on: false },
      { since: 30, stage: 'beta', on: true },
      { since: 34, stage: 'GA', on: true },
    ],
    fields: 'lifecycle hook sleep',
    whenOff: 'dropPodLifecycleSleepAction clears sleep; in 1.29.0 the hook stays, without a handler',
  },
  PodLifecycleSleepActionAllowZero: {
    name: 'PodLifecycleSleepActionAllowZero',
    stages: [
      { since: 32, stage: 'alpha', on: false },
      { since: 33, stage: 'beta', on: true },
      { since: 34, stage: 'GA', on: true },
    ],
    fields: 'sleep.seconds: 0',
    whenOff: 'validateSleepAction rejects 0',
  },
  ContainerStopSignals: {
    name: 'ContainerStopSignals',
    stages: [{ since: 33, stage: 'alpha', on: false }],
    fields: 'lifecycle.stopSignal',
    whenOff: 'dropContainerStopSignals clears stopSignal (and an emptied lifecycle)',
  },
  ContainerRestartRules: {
    name: 'ContainerRestartRules',
    stages: [
      { since: 34, stage: 'alpha', on: false },
      { since: 35, stage: 'beta', on: true },
    ],
    fields: 'container restartPolicy (other than a sidecar\'s Always) and restartPolicyRules',
    whenOff: 'dropContainerRestartRules clears them',
  },
};

/** Minor version of a "1.35"-style version ("v1.28.3" works too); the default version's when unreadable. */
export function minorOf(version: string): number {
  const m = /^v?1\.(\d+)/.exec(version.trim()) ?? /^1\.(\d+)/.exec(DEFAULT_KUBERNETES_VERSION);
  return Number(m![1]);
}

/** The stage of a gate in a minor version; undefined before the gate existed. */
export function stageIn(name: GateName, minor: number): GateStage | undefined {
  let found: GateStage | undefined;
  for (const s of GATES[name].stages) if (s.since <= minor) found = s;
  return found;
}

/** The gate exists in that version (its field is part of the API), on or off. */
export function gateExists(name: GateName, minor: number): boolean {
  return stageIn(name, minor) !== undefined;
}

/**
 * The gate is on in that version as we assume a cluster of it runs: its default there. One
 * exception (§15): a gate that is off by default in every version we know (ContainerStopSignals)
 * is assumed on wherever it exists — with it off the field does nothing in any release, so a
 * manifest that sets it is written for a cluster that enabled it.
 */
export function gateOn(name: GateName, minor: number): boolean {
  const stage = stageIn(name, minor);
  if (!stage) return false;
  if (stage.on) return true;
  return !GATES[name].stages.some((s) => s.on);
}

/** First minor version in which the gate is on by default; undefined if it never is (yet). */
export function onSince(name: GateName): number | undefined {
  return GATES[name].stages.find((s) => s.on)?.since;
}

/** "alpha and off by default in 1.28", "not part of the API before 1.21" — why a field is gone in a version. */
export function whyOff(name: GateName, minor: number): string {
  const stage = stageIn(name, minor);
  const first = GATES[name].stages[0].since;
  if (!stage) return `does not exist before Kubernetes 1.${first}`;
  const on = onSince(name);
  return `is behind the ${stage.stage} feature gate ${name} in Kubernetes 1.${minor}, off by default${on !== undefined ? ` (on from 1.${on})` : ''}`;
}

/** A field the API server of the configured version removes before validation, and why. */
export interface DroppedField {
  /** The field's key (`sleep`, `restartPolicy`, `terminationGracePeriodSeconds`, …). */
  key: string;
  /** Its path from the document root. */
  path: readonly (string | number)[];
  gate: GateName;
  /** false: the field does not exist yet in that version (an unknown field); true: it exists but its gate is off. */
  exists: boolean;
  /** The value as written. */
  value: unknown;
}
