// The Pod Timeline panel: a WebviewPanel per workload, its serializer (so it survives a reload of
// the window) and the host half of the message protocol (src/core/timeline/protocol.ts). Glue
// only: the simulator runs in src/core/lifecycle (imported on first use), drawing happens in
// src/webview.
//
// For the lead (extension.ts):
//   registerTimeline(context, deps)                  — once, in activate()
//   openPodTimeline(context, args, deps)             — what `kubeProbes.simulate` does: the ◷ Simulate
//     CodeLens / tree item; opens the workload's panel on the manifest's scenario file, if any
//   TimelinePanel.show(context, { title, workloadRef, podSpec, meta, scenario })   — a panel, as given
//   TimelinePanel.liveSink(workloadRef)              — push watch-mode probe runs into an open panel
import { LIVE_LIMIT } from '../core/defaults';
import * as vscode from 'vscode';
import { completeScenario, type PresetId } from '../core/timeline/presets';
import {
  PROTOCOL_VERSION,
  type HostMessage, type InitPayload, type KubeletEvent, type LiveAttempt, type LiveState, type LiveStatusMessage,
  type PersistedState, type PodMeta, type ScenarioInput, type SimEvent,
  type SimulationResultMessage, type WebviewMessage, type WhatIf, type WorkloadRef,
} from '../core/timeline/protocol';
import { buildTimelineHtml, makeNonce } from './timeline-html';
import { PanelRegistry, TimelinePanelHost } from './timeline-panel-host';
import type { LiveBatch, LiveSink, TimelineDeps, TimelineShowArgs } from './timeline-deps';
import { openingScenario } from './timeline-scenario';
import { runSimulation } from './timeline-sim';

export type { LiveBatch, LiveSink, LiveSource, TimelineDeps, TimelineLogger, TimelineShowArgs } from './timeline-deps';

/** The panel's one name: the tab, the page heading and the commands say "Pod Timeline". */
export const PANEL_NAME = 'Pod Timeline';

export const TIMELINE_VIEW_TYPE = 'kubeProbes.timeline';
export const SIMULATE_COMMAND = 'kubeProbes.simulate';



function keep<T>(list: T[], batch: readonly T[]): void {
  list.push(...batch);
  if (list.length > LIVE_LIMIT) list.splice(0, list.length - LIVE_LIMIT);
}

export { runSimulation };

function refKey(args: Pick<TimelineShowArgs, 'workloadRef' | 'title' | 'meta'>): string {
  const r = args.workloadRef;
  if (!r) return `title:${args.title ?? args.meta?.workloadName ?? ''}`;
  return [r.uri ?? '', r.documentIndex ?? '', r.listIndex ?? '', r.kind ?? '', r.namespace ?? '', r.name ?? ''].join('|');
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

let configured: { context: vscode.ExtensionContext; deps: TimelineDeps } | undefined;

export class TimelinePanel extends TimelinePanelHost<TimelineShowArgs> {
  private static readonly panels = new PanelRegistry<TimelinePanel, TimelineShowArgs>(refKey);

  /** Opens (or reveals and updates) the timeline of a workload. */
  static show(context: vscode.ExtensionContext, args: TimelineShowArgs, deps?: TimelineDeps): TimelinePanel {
    const d = deps ?? configured?.deps ?? {};
    const existing = TimelinePanel.panels.reveal(args);
    if (existing) return existing;
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, TimelinePanel.titleOf(args), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, TimelinePanel.options(context));
    return new TimelinePanel(panel, context, d, args);
  }

  /** The serializer's half: VS Code restored a panel after a reload. */
  static async revive(panel: vscode.WebviewPanel, state: unknown, context: vscode.ExtensionContext, deps: TimelineDeps): Promise<void> {
    const s = state as PersistedState | undefined;
    if (!s || s.v !== 2 || !s.init) {
      panel.webview.options = TimelinePanel.options(context);
      panel.dispose();
      return;
    }
    let args: TimelineShowArgs = {
      title: s.init.title,
      podSpec: s.init.podSpec,
      meta: s.init.meta,
      scenario: s.scenario ?? s.init.scenario,
      ...(s.init.workloadRef ? { workloadRef: s.init.workloadRef } : {}),
      ...(s.preset ? { preset: s.preset } : {}),
    };
    if (deps.resolve && args.workloadRef) {
      try {
        const fresh = await deps.resolve(args.workloadRef);
        if (fresh) args = { ...args, ...fresh, scenario: args.scenario ?? fresh.scenario };
      } catch (e) {
        deps.log?.warn(`timeline: could not re-read the workload: ${errorText(e)}`);
      }
    }
    if (TimelinePanel.panels.get(refKey(args))) {
      panel.dispose();
      return;
    }
    panel.webview.options = TimelinePanel.options(context);
    new TimelinePanel(panel, context, deps, args, s.whatIf);
  }

  static find(ref: WorkloadRef): TimelinePanel | undefined {
    return TimelinePanel.panels.get(refKey({ workloadRef: ref }));
  }

  /** A sink into the open panel of this workload (undefined if none is open). */
  static liveSink(ref: WorkloadRef): LiveSink | undefined {
    return TimelinePanel.find(ref)?.sink;
  }

  /** "Pod Timeline: Deployment slow-start" (the tab; the page heading says the same). */
  static titleOf(args: Pick<TimelineShowArgs, 'title' | 'meta'>): string {
    return `${PANEL_NAME}: ${args.title ?? args.meta?.workloadName ?? args.meta?.name ?? 'pod'}`;
  }

  private static options(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    };
  }

  private args: TimelineShowArgs;
  private scenario: ScenarioInput;
  private preset: PresetId | undefined;
  private whatIf: WhatIf | undefined;
  private lastResult: SimulationResultMessage | undefined;
  private runId = 0;
  private live: { events: SimEvent[]; attempts: LiveAttempt[]; kubeletEvents: KubeletEvent[] } = { events: [], attempts: [], kubeletEvents: [] };
  private liveStatus: LiveStatusMessage | undefined;
  private liveOrigin: { origin?: string; podName?: string } = {};
  private liveHandle: vscode.Disposable | undefined;
  private liveStarting = false;
  readonly sink: LiveSink;

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly deps: TimelineDeps,
    args: TimelineShowArgs,
    whatIf?: WhatIf,
  ) {
    super(panel, TimelinePanel.panels, refKey(args));
    this.args = args;
    this.whatIf = whatIf;
    this.scenario = completeScenario(args.scenario, args.podSpec);
    this.preset = args.preset;
    const self = this;
    this.sink = {
      get disposed() {
        return self.disposed;
      },
      status: (state, message, extra) => this.setLiveStatus(state, message, extra),
      append: (batch) => this.appendLive(batch),
      reset: (origin, podName) => this.resetLive(origin, podName),
    };
    panel.webview.html = this.html();
    this.disposables.push(panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    void this.simulate(0);
  }

  private html(): string {
    const w = this.panel.webview;
    return buildTimelineHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'timeline.css')).toString(),
      title: TimelinePanel.titleOf(this.args),
    });
  }

  /** The side by side of ⏱ Measure the panel shows, if any. */
  get comparison(): TimelineShowArgs['comparison'] {
    return this.args.comparison;
  }

  /** New arguments for an open panel (the CodeLens was clicked again, or the manifest changed). */
  override update(args: TimelineShowArgs): void {
    this.args = { ...this.args, ...args };
    if (!args.comparison) delete this.args.comparison; // a plain Simulate shows no stale comparison
    if (!args.onApply) delete this.args.onApply;
    if (args.scenario) this.scenario = completeScenario(args.scenario, args.podSpec);
    else this.scenario = completeScenario(this.scenario, args.podSpec);
    this.preset = args.preset ?? (args.scenario ? undefined : this.preset);
    this.whatIf = undefined; // made from the old spec
    this.panel.title = TimelinePanel.titleOf(this.args);
    this.post({ type: 'init', payload: this.initPayload() });
    this.post({ type: 'compare', ...(this.args.comparison && { comparison: this.args.comparison }) });
    void this.simulate(0);
  }

  private initPayload(): InitPayload {
    const reason = this.deps.live ? this.deps.live.unavailableReason?.() : 'Live mode needs a cluster connection, which is not set up in this window.';
    const p: InitPayload = {
      protocol: PROTOCOL_VERSION,
      title: this.args.title ?? this.args.meta?.workloadName ?? 'Pod',
      podSpec: this.args.podSpec,
      meta: this.args.meta ?? {},
      scenario: this.scenario,
      live: reason ? { available: false, message: reason } : { available: true },
    };
    if (this.args.workloadRef) p.workloadRef = this.args.workloadRef;
    if (this.preset) p.preset = this.preset;
    if (this.args.scenarioOrigin) p.scenarioOrigin = this.args.scenarioOrigin;
    return p;
  }

  private post(msg: HostMessage): void {
    // Never before `ready`: a message posted while the page loads is lost. State is kept and
    // replayed by onReady().
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(msg);
  }

  private onReady(): void {
    this.ready = true;
    this.post({ type: 'init', payload: this.initPayload() });
    if (this.args.comparison) this.post({ type: 'compare', comparison: this.args.comparison });
    if (this.lastResult) this.post(this.lastResult);
    if (this.liveStatus) this.post(this.liveStatus);
    const l = this.live;
    if (l.events.length || l.attempts.length || l.kubeletEvents.length) {
      this.post({ type: 'live/reset', ...this.liveOrigin });
      this.post({ type: 'live/append', ...l });
    }
  }

  private onMessage(raw: unknown): void {
    if (!raw || typeof raw !== 'object') return;
    const msg = raw as WebviewMessage;
    switch (msg.type) {
      case 'ready':
        if (msg.protocol !== PROTOCOL_VERSION) this.deps.log?.warn(`timeline: webview speaks protocol ${msg.protocol}, host ${PROTOCOL_VERSION}`);
        this.onReady();
        break;
      case 'scenario/change':
        this.scenario = completeScenario(msg.scenario, this.args.podSpec);
        this.preset = msg.preset;
        this.whatIf = msg.whatIf && typeof msg.whatIf === 'object' && msg.whatIf.podSpec ? msg.whatIf : undefined;
        void this.simulate(typeof msg.seq === 'number' ? msg.seq : 0);
        break;
      case 'live/start':
        void this.startLive();
        break;
      case 'live/stop':
        this.stopLive('stopped', '');
        break;
      case 'openSource':
        void this.openSource();
        break;
      case 'cursor/move':
        break;
      case 'compare/apply':
        void Promise.resolve(this.args.onApply?.()).catch((e) => this.deps.log?.error(`timeline: applying the recommendation: ${errorText(e)}`));
        break;
      case 'log':
        this.deps.log?.[msg.level === 'error' ? 'error' : msg.level === 'warn' ? 'warn' : 'info'](String(msg.message).slice(0, 4000));
        break;
    }
  }

  private async simulate(seq: number): Promise<void> {
    const run = ++this.runId;
    const scenario = this.scenario;
    const preset = this.preset;
    const whatIf = this.whatIf;
    try {
      const meta: PodMeta = { ...(this.args.meta ?? {}) };
      const { result, verdicts } = await runSimulation(this.deps, whatIf?.podSpec ?? this.args.podSpec, meta, scenario);
      if (run !== this.runId || this.disposed) return; // a newer edit is being simulated
      this.lastResult = { type: 'simulation/result', seq, scenario, result, verdicts, ...(preset ? { preset } : {}), ...(whatIf ? { whatIf } : {}) };
      this.post(this.lastResult);
    } catch (e) {
      if (run !== this.runId || this.disposed) return;
      this.deps.log?.warn(`timeline: simulation failed: ${errorText(e)}`);
      this.post({ type: 'simulation/error', seq, message: errorText(e) });
    }
  }

  // ---- live -------------------------------------------------------------------------------------

  private setLiveStatus(state: LiveState, message: string, extra?: { origin?: string; podName?: string }): void {
    if (this.disposed) return;
    if (extra) this.liveOrigin = { ...this.liveOrigin, ...extra };
    this.liveStatus = { type: 'live/status', state, message, ...this.liveOrigin };
    this.post(this.liveStatus);
  }

  private appendLive(batch: LiveBatch): void {
    if (this.disposed) return;
    const msg = { type: 'live/append' as const, events: [...(batch.events ?? [])], attempts: [...(batch.attempts ?? [])], kubeletEvents: [...(batch.kubeletEvents ?? [])] };
    keep(this.live.events, msg.events);
    keep(this.live.attempts, msg.attempts);
    keep(this.live.kubeletEvents, msg.kubeletEvents);
    this.post(msg);
  }

  private resetLive(origin?: string, podName?: string): void {
    this.live = { events: [], attempts: [], kubeletEvents: [] };
    this.liveOrigin = { ...(origin ? { origin } : {}), ...(podName ? { podName } : {}) };
    this.post({ type: 'live/reset', ...this.liveOrigin });
  }

  /** Switches the panel to live mode (what the panel's "Go live" button does). */
  async startLive(): Promise<void> {
    if (this.liveHandle || this.liveStarting) return;
    const source = this.deps.live;
    const reason = source ? source.unavailableReason?.() : 'Live mode is not wired in this build.';
    if (!source || reason) {
      this.setLiveStatus('unavailable', reason ?? 'Live mode is not available.');
      return;
    }
    this.liveStarting = true;
    this.setLiveStatus('connecting', 'Connecting…');
    try {
      const handle = await source.start(this.args, this.sink);
      if (this.disposed) handle.dispose();
      else this.liveHandle = handle;
    } catch (e) {
      this.setLiveStatus('error', errorText(e));
    } finally {
      this.liveStarting = false;
    }
  }

  private stopLive(state: LiveState, message: string): void {
    const h = this.liveHandle;
    this.liveHandle = undefined;
    try {
      h?.dispose();
    } catch (e) {
      this.deps.log?.warn(`timeline: stopping live mode: ${errorText(e)}`);
    }
    if (!this.disposed) this.setLiveStatus(state, message);
  }

  private async openSource(): Promise<void> {
    const ref = this.args.workloadRef;
    const open = this.deps.openSource;
    if (ref) await this.openManifest(ref, open && (() => open(ref)));
  }

  protected override stopWork(): void {
    this.stopLive('stopped', '');
  }
}

/**
 * Opens (or reveals) the Pod Timeline of a workload. A new panel without a scenario or preset in
 * `args` opens on the manifest's scenario file (core/timeline/scenario-file.ts), else on the
 * default scenario, and says which; an open panel keeps the scenario the user has.
 */
export async function openPodTimeline(context: vscode.ExtensionContext, args: TimelineShowArgs, deps: TimelineDeps = configured?.deps ?? {}): Promise<TimelinePanel> {
  const uri = args.workloadRef?.uri;
  let a = args;
  if (!args.scenario && !args.preset && uri && !TimelinePanel.find(args.workloadRef!)) {
    try {
      const found = await (deps.findScenario ?? openingScenario)(uri);
      a = { ...args, ...found };
    } catch (e) {
      deps.log?.warn(`timeline: looking for the scenario file of ${uri}: ${errorText(e)}`);
    }
  }
  return TimelinePanel.show(context, a, deps);
}

/**
 * Registers the panel serializer; call once from activate(). Returns what the command table's
 * `kubeProbes.simulate` / `kubeProbes.openLiveTimeline` call (arguments: TimelineShowArgs, else
 * the workload under the cursor): openPodTimeline. package.json needs, for restoring panels after
 * a reload, the activation event `onWebviewPanel:kubeProbes.timeline`.
 */
export function registerTimeline(context: vscode.ExtensionContext, deps: TimelineDeps = {}): { simulate(args?: TimelineShowArgs): Promise<TimelinePanel | undefined> } {
  configured = { context, deps };
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => TimelinePanel.revive(panel, state, context, deps),
    }),
  );
  return {
    async simulate(args) {
      const a = args && typeof args === 'object' && args.podSpec ? args : await deps.argsFromEditor?.();
      if (!a) {
        void vscode.window.showInformationMessage('Open a Kubernetes manifest and use "◷ Simulate" above a workload to see its Pod Timeline.');
        return undefined;
      }
      return openPodTimeline(context, a, deps);
    },
  };
}
