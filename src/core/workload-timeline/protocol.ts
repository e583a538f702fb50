// The message protocol between the Workload Timeline panel (src/extension/workload-panel.ts) and
// its webview (src/webview/workload/main.ts). Types only (plus the version). It carries the
// workload simulator's own WorkloadResult, so a change to the simulator's output is a compile error
// on both ends. Handshake as the Pod Timeline's: the webview posts `ready`, the host answers with
// `wl/init` and the latest result; the host never posts before `ready`.
import type { WorkloadResult, WorkloadVerdict } from '../workload/types';
import type { LiveState } from '../timeline/protocol';

export const WORKLOAD_PROTOCOL_VERSION = 1;

export type { WorkloadResult, WorkloadVerdict, LiveState };

/** A preset story or a Try-it variant as the webview lists it. */
export interface Offer {
  id: string;
  label: string;
  description: string;
}

export interface WorkloadInit {
  protocol: number;
  title: string;
  workload: { kind: string; name: string; namespace?: string };
  presets: Offer[];
  /** The preset the panel opened on, if any. */
  preset?: string;
  /** Where the opening scenario came from ("scenarios/x.yaml (next to the manifest)"), if a file. */
  scenarioNote?: string;
  live: { available: boolean; message?: string };
}

export interface WorkloadResultMessage {
  type: 'wl/result';
  seq: number;
  preset?: string;
  result: WorkloadResult;
  /** The scenario played, in words. */
  summary: string;
  /** Try-it variants of this spec and scenario (re-simulated on request). */
  variants: Offer[];
  /** Set when `result` is for a Try-it variant: which one, and the verdicts without it. */
  variant?: { id: string; label: string; before: WorkloadVerdict[] };
  /** Which PodDisruptionBudgets the simulation honoured and where they came from, in words. */
  budgets?: string;
}

export type WorkloadHostMessage =
  | { type: 'wl/init'; payload: WorkloadInit }
  | WorkloadResultMessage
  | { type: 'wl/error'; seq: number; message: string }
  | { type: 'wl/live/status'; state: LiveState; message: string }
  /** A snapshot of the live workload, in the simulation's shape (times since the live origin). */
  | { type: 'wl/live/result'; origin: string; result: WorkloadResult };

export type WorkloadWebviewMessage =
  | { type: 'ready'; protocol: number }
  | { type: 'preset'; seq: number; id: string }
  /** Re-simulate with a variant (undefined: back to the manifest's spec). */
  | { type: 'variant'; seq: number; id?: string }
  /** Open the single-pod Pod Timeline of one lane (`index`: its place in result.pods, as a StatefulSet's recreated pod keeps its name). */
  | { type: 'openPod'; pod: string; index?: number; live?: boolean }
  | { type: 'live/start' }
  | { type: 'live/stop' }
  | { type: 'openSource' }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/** What the webview keeps with setState() (restored after a reload). */
export interface WorkloadPersistedState {
  v: 1;
  view?: [number, number];
  cursor?: number;
}
