// What the Pod Timeline panel is given and gives: the arguments that open it, the live data
// interface (a sink the live source feeds, the source itself) and the dependencies the extension
// wires in. Types only; the panel is timeline-panel.ts.
import type * as vscode from 'vscode';
import type { PodSpec } from '../core/k8s';
import type { MeasureComparison } from '../core/timeline/compare';
import type { PresetId } from '../core/timeline/presets';
import type { KubeletEvent, LiveAttempt, LiveState, PodMeta, ScenarioInput, ScenarioOrigin, SimEvent, WorkloadRef } from '../core/timeline/protocol';
import type { OpeningScenario } from './timeline-scenario';
import type { SimulateOverride } from './timeline-sim';

/** What opens a timeline. podSpec is the workload's pod template spec (as in the manifest). */
export interface TimelineShowArgs {
  title?: string;
  workloadRef?: WorkloadRef;
  podSpec: PodSpec;
  meta?: PodMeta;
  /** Initial scenario (default: every container healthy at once). Kept by the panel afterwards. */
  scenario?: ScenarioInput;
  /** Where `scenario` came from (a scenario file matched to the manifest), shown in the panel. */
  scenarioOrigin?: ScenarioOrigin;
  preset?: PresetId;
  /** The pod template's labels, for finding the real pod in live mode (workload.podLabels). */
  podSelector?: Record<string, string>;
  /** ⏱ Measure's current vs recommended, shown side by side (measure.ts); dropped by a show without it. */
  comparison?: MeasureComparison;
  /** What the side-by-side's Apply button does. */
  onApply?(): unknown;
  /** The workload's spec (replicas, strategy, …) for the Workload Timeline (workload-panel.ts). */
  workloadSpec?: Record<string, unknown>;
}

/** A batch of live data (times in seconds since the live origin), in the simulation's shapes. */
export interface LiveBatch {
  events?: readonly SimEvent[];
  attempts?: readonly LiveAttempt[];
  kubeletEvents?: readonly KubeletEvent[];
}

/** Where live data enters an open panel. Times are seconds since `origin` (live/status, live/reset). */
export interface LiveSink {
  status(state: LiveState, message: string, extra?: { origin?: string; podName?: string }): void;
  append(batch: LiveBatch): void;
  reset(origin?: string, podName?: string): void;
  /** True once the panel is closed: stop producing. */
  readonly disposed: boolean;
}

/**
 * A source of live data for a workload (the cluster watch and watch-mode probe runs, wired by the
 * lead). start() begins feeding the sink and returns what stops it. When no cluster is reachable,
 * start() reports it through sink.status('unavailable', 'No cluster reachable: …').
 */
export interface LiveSource {
  /** undefined when live mode can work here; else the reason it cannot (shown in the panel). */
  unavailableReason?(): string | undefined;
  start(args: Readonly<TimelineShowArgs>, sink: LiveSink): vscode.Disposable | Promise<vscode.Disposable>;
}

export interface TimelineLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface TimelineDeps {
  log?: TimelineLogger;
  /** Re-reads a workload (after a window reload the serializer only has the saved copy). */
  resolve?(ref: WorkloadRef): Promise<Partial<TimelineShowArgs> | undefined> | Partial<TimelineShowArgs> | undefined;
  live?: LiveSource;
  /** Opens the manifest at the workload; default: opens ref.uri at ref.line. */
  openSource?(ref: WorkloadRef): unknown;
  /** For the command palette (no arguments): the workload under the cursor, if any. */
  argsFromEditor?(): Promise<TimelineShowArgs | undefined> | TimelineShowArgs | undefined;
  /** Replaces the simulator (tests). Default: src/core/lifecycle/simulate, loaded on first use. */
  simulate?: SimulateOverride;
  /** The scenario file of a manifest (default: timeline-scenario.ts over the workspace's files). */
  findScenario?(uri: string): Promise<OpeningScenario>;
}
