// The message protocol between the extension host (src/extension/timeline-panel.ts) and the Pod
// Timeline webview (src/webview/main.ts). Types only (plus one version constant). Both sides
// import this file, and it carries the lifecycle core's own types (SimResult, SimEvent,
// SimAttempt, KubeletEvent, Verdict), so a change to the simulator's output is a compile error
// on both ends and nobody re-declares or re-parses it.
//
// Handshake: the webview posts `ready` once its listener is installed (after every (re)load);
// the host answers with `init`, then the latest `simulation/result` and, in live mode, the
// buffered `live/status` + `live/append`. The host never posts before `ready` (messages posted to
// a webview that is still loading are lost).
import type { PodSpec } from '../k8s';
import type { Scenario } from '../lifecycle/scenario';
import type { KubeletEvent, SimAttempt, SimEvent, SimResult } from '../lifecycle/types';
import type { Verdict } from '../lifecycle/verdicts';
import type { MeasureComparison } from './compare';
import type { PresetId } from './presets';

export const PROTOCOL_VERSION = 2;

export type { KubeletEvent, MeasureComparison, PresetId, SimAttempt, SimEvent, SimResult, Verdict };

/**
 * A scenario as the user edits it (the format of `kube-probes simulate --scenario`, checked by
 * src/core/lifecycle/scenario.ts): every key optional; the host checks it with the core's
 * validateScenario before simulating.
 */
export type ScenarioInput = Partial<Omit<Scenario, 'warnings'>>;

/** A probe attempt of a live pod: a watch-mode probe run may say why it failed. */
export interface LiveAttempt extends SimAttempt {
  message?: string;
}

/**
 * What the timeline draws for one pod: the simulation's result or a live pod's observed changes,
 * in the same shapes (live data is read from the pod's status, its Events and watch-mode probe
 * runs, see live-events.ts). Each list is sorted by t.
 */
export interface TimelineData {
  events: readonly SimEvent[];
  attempts: readonly LiveAttempt[];
  kubeletEvents: readonly KubeletEvent[];
}

/** "What if": simulate a changed pod spec (e.g. with the suggested startupProbe) without editing the file. */
export interface WhatIf {
  /** Words for the banner, e.g. "app with a startupProbe (failureThreshold 18 × periodSeconds 10)". */
  label: string;
  podSpec: PodSpec;
}

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

/**
 * Where the opening scenario came from, for the line under the presets: a scenario file matched
 * to the manifest (docs/pod-timeline.md, "Which scenario"), or `{}` when the host looked for one
 * and found none (the default scenario). Absent: the caller gave the scenario.
 */
export interface ScenarioOrigin {
  /** The scenario file, as the user would name it (workspace-relative when possible). */
  file?: string;
  /** Why that file was chosen ("named in a comment of the manifest", …). */
  why?: string;
  /** Why the file could not be used (it does not parse); the default scenario is simulated instead. */
  problem?: string;
}

export interface InitPayload {
  protocol: number;
  title: string;
  workloadRef?: WorkloadRef;
  podSpec: PodSpec;
  meta: PodMeta;
  scenario: ScenarioInput;
  preset?: PresetId;
  scenarioOrigin?: ScenarioOrigin;
  /** Whether the host can go live at all (a live source is wired); the reason if not. */
  live: { available: boolean; message?: string };
}

// ---- host → webview ----------------------------------------------------------------------------
export interface InitMessage { type: 'init'; payload: InitPayload }
export interface SimulationResultMessage {
  type: 'simulation/result';
  /** The `seq` of the scenario/change this answers (0 for the host's own first run). */
  seq: number;
  scenario: ScenarioInput;
  preset?: PresetId;
  result: SimResult;
  verdicts: Verdict[];
  /** Set when this result is for a what-if spec, not the manifest's. */
  whatIf?: WhatIf;
}
export interface SimulationErrorMessage { type: 'simulation/error'; seq: number; message: string }
export interface LiveStatusMessage {
  type: 'live/status';
  state: LiveState;
  /** Shown as text after "Live: …", e.g. "No cluster reachable: kubectl not found on PATH"; may be empty. */
  message: string;
  /** ISO time of live t = 0 (usually the real pod's creationTimestamp). */
  origin?: string;
  podName?: string;
}
/** Live data, drawn on the same timeline as the simulation (appended; the webview keeps it sorted). */
export interface LiveAppendMessage { type: 'live/append'; events: SimEvent[]; attempts: LiveAttempt[]; kubeletEvents: KubeletEvent[] }
/** Forget the live data (a new pod is being watched). */
export interface LiveResetMessage { type: 'live/reset'; origin?: string; podName?: string }

/** ⏱ Measure's current vs recommended (compare.ts), shown side by side; absent: hide it. */
export interface CompareMessage { type: 'compare'; comparison?: MeasureComparison }

export type HostMessage =
  | CompareMessage
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
  scenario: ScenarioInput;
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

/** The side-by-side's "Apply" button: write the recommendation into the manifest. */
export interface CompareApplyMessage { type: 'compare/apply' }

export type WebviewMessage =
  | CompareApplyMessage
  | ReadyMessage
  | ScenarioChangeMessage
  | LiveStartMessage
  | LiveStopMessage
  | CursorMoveMessage
  | OpenSourceMessage
  | WebviewLogMessage;

/** What the webview keeps with setState() so a reload (or a VS Code restart) restores the view. */
export interface PersistedState {
  v: 2;
  init?: InitPayload;
  scenario?: ScenarioInput;
  preset?: PresetId;
  cursor?: number;
  view?: [number, number];
  smContainer?: string;
  /** The last result, kept only when small (the host re-sends it after `ready` anyway). */
  last?: SimulationResultMessage;
  whatIf?: WhatIf;
}
