// The message protocol between the extension host (src/extension/timeline-panel.ts) and the
// timeline webview (src/webview/main.ts). Types only (plus one version constant): both sides
// import this file, so a change to a message is a compile error on both ends.
//
// Handshake: the webview posts `ready` once its listener is installed (after every (re)load);
// the host answers with `init`, then the latest `simulation/result` and, in live mode, the
// buffered `live/status` + `live/append`. The host never posts before `ready` (messages posted to
// a webview that is still loading are lost).
import type { PodSpec } from '../core/k8s';
import type { ScenarioContainerInput, ScenarioRunInput } from '../core/lifecycle/scenario';

export const PROTOCOL_VERSION = 1;

/** Probe kinds as the timeline names them (the simulator may say `liveness` or `livenessProbe`). */
export type ProbeKindShort = 'startup' | 'liveness' | 'readiness';

/** Where a timeline event or probe attempt came from. Absent means the simulation. */
export type EventSource = 'simulation' | 'probe-run' | 'cluster';

/**
 * One change of one field of the pod or of a container — the simulator's output format
 * (simulation.md, `--format json`), also used for live data.
 * `field` is 'phase' | 'state' | 'ready' | 'started' | `condition:<Type>` | 'restartCount' |
 * `probe:<kind>`, and for live data also 'event' (a Kubernetes Event: `to` = its reason,
 * `message` = its message, `type` = Normal | Warning).
 */
export interface TimelineEvent {
  /** Seconds since the pod was created (live: since the live origin). */
  t: number;
  /** 'pod' or a container name. */
  subject: string;
  field: string;
  from?: string | number | boolean | null;
  to: string | number | boolean | null;
  reason?: string;
  message?: string;
  /** For `state` → Terminated, when the producer knows it. */
  exitCode?: number;
  /** For field 'event': Normal | Warning. */
  type?: string;
  source?: EventSource;
}

/** One probe attempt (every attempt, not only result changes). */
export interface ProbeAttempt {
  t: number;
  container: string;
  /** 'liveness' | 'readiness' | 'startup' (the long names `livenessProbe` … are accepted too). */
  kind: string;
  ok: boolean;
  message?: string;
  source?: EventSource;
}

/** The simulator's result (simulate(podSpec, meta, scenario)). `final` is kept as-is. */
export interface SimulationResult {
  events: TimelineEvent[];
  attempts: ProbeAttempt[];
  final?: unknown;
  /** Seconds of simulated time played (scenario.until), when the producer reports it. */
  until?: number;
  /** The simulated pod's name, when the simulator made one up. */
  podName?: string;
}

export type VerdictLevel = 'ok' | 'info' | 'warning' | 'error';

/** A sentence for the user about the run ("Ready after 42 s", "CrashLoopBackOff at 95 s", …). */
export interface Verdict {
  id: string;
  level: VerdictLevel;
  text: string;
  /** The moment the verdict is about, if any (the panel can jump the cursor there). */
  t?: number;
  detail?: string;
  /** The container it is about. */
  container?: string;
  /** For a startup-probe fix: the settings to try (the panel offers "Try it"). */
  suggestion?: { periodSeconds: number; failureThreshold: number };
}

/** "What if": simulate a changed pod spec (e.g. with the suggested startupProbe) without editing the file. */
export interface WhatIf {
  /** Words for the banner, e.g. "app with a startupProbe (failureThreshold 18 × periodSeconds 10)". */
  label: string;
  podSpec: PodSpec;
}

/** Behaviour of one start of a container, and of a container (simulation.md, Scenario format): the core's input shapes. */
export type RunScenario = ScenarioRunInput;
export type ContainerScenario = ScenarioContainerInput;
export interface Scenario {
  until?: number;
  scheduleAfter?: number;
  containers?: Record<string, ContainerScenario>;
}

export type PresetId = 'healthy' | 'slow-start' | 'crash-on-boot' | 'dies-after-2-min' | 'hangs' | 'oom';

/** What the simulated pod is called; used for the kubectl line and the status YAML. */
export interface PodMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  /** The workload that owns the pod template (Deployment, StatefulSet, Pod, …). */
  workloadKind?: string;
  workloadName?: string;
  /** ISO time of t = 0 for the status YAML; a fixed, clearly synthetic time when absent. */
  creationTimestamp?: string;
}

/** Identifies the workload in the editor, so that the host can re-read it and open it. */
export interface WorkloadRef {
  uri?: string;
  documentIndex?: number;
  listIndex?: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** 0-based line of the workload in the document (for openSource). */
  line?: number;
}

export type LiveState = 'unavailable' | 'idle' | 'connecting' | 'live' | 'stopped' | 'error';

export interface InitPayload {
  protocol: number;
  title: string;
  workloadRef?: WorkloadRef;
  podSpec: PodSpec;
  meta: PodMeta;
  scenario: Scenario;
  preset?: PresetId;
  /** Whether the host can go live at all (a live source is wired); the reason if not. */
  live: { available: boolean; message?: string };
}

// ---- host → webview ----------------------------------------------------------------------------
export interface InitMessage { type: 'init'; payload: InitPayload }
export interface SimulationResultMessage {
  type: 'simulation/result';
  /** The `seq` of the scenario/change this answers (0 for the host's own first run). */
  seq: number;
  scenario: Scenario;
  preset?: PresetId;
  result: SimulationResult;
  verdicts: Verdict[];
  /** Set when this result is for a what-if spec, not the manifest's. */
  whatIf?: WhatIf;
}
export interface SimulationErrorMessage { type: 'simulation/error'; seq: number; message: string }
export interface LiveStatusMessage {
  type: 'live/status';
  state: LiveState;
  /** Shown as text, e.g. "No cluster reachable: kubectl not found on PATH". */
  message: string;
  /** ISO time of live t = 0 (usually the real pod's creationTimestamp). */
  origin?: string;
  podName?: string;
}
/** Live data, drawn on the same timeline as the simulation (appended, in time order per batch). */
export interface LiveAppendMessage { type: 'live/append'; events: TimelineEvent[]; attempts: ProbeAttempt[] }
/** Forget the live data (a new pod is being watched). */
export interface LiveResetMessage { type: 'live/reset'; origin?: string; podName?: string }

export type HostMessage =
  | InitMessage
  | SimulationResultMessage
  | SimulationErrorMessage
  | LiveStatusMessage
  | LiveAppendMessage
  | LiveResetMessage;

// ---- webview → host ----------------------------------------------------------------------------
export interface ReadyMessage { type: 'ready'; protocol: number }
/** The user edited the scenario or picked a preset (the webview applies presets itself). */
export interface ScenarioChangeMessage {
  type: 'scenario/change';
  seq: number;
  scenario: Scenario;
  preset?: PresetId;
  /** Simulate this spec instead of the manifest's (until a change without it). */
  whatIf?: WhatIf;
}
export interface LiveStartMessage { type: 'live/start' }
export interface LiveStopMessage { type: 'live/stop' }
export interface CursorMoveMessage { type: 'cursor/move'; t: number }
export interface OpenSourceMessage { type: 'openSource' }
/** Errors inside the webview, for the extension's log. */
export interface WebviewLogMessage { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }

export type WebviewMessage =
  | ReadyMessage
  | ScenarioChangeMessage
  | LiveStartMessage
  | LiveStopMessage
  | CursorMoveMessage
  | OpenSourceMessage
  | WebviewLogMessage;

/** What the webview keeps with setState() so a reload (or a VS Code restart) restores the view. */
export interface PersistedState {
  v: 1;
  init?: InitPayload;
  scenario?: Scenario;
  preset?: PresetId;
  cursor?: number;
  view?: [number, number];
  smContainer?: string;
  /** The last result, kept only when small (the host re-sends it after `ready` anyway). */
  last?: SimulationResultMessage;
  whatIf?: WhatIf;
}
