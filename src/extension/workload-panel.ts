// The Workload Timeline panel: a WebviewPanel per workload with more than one pod (a Deployment,
// StatefulSet, DaemonSet or Job), the host half of src/core/workload-timeline/protocol.ts, and the
// decision (the core's wantsWorkloadTimeline) whether "Simulate" opens it or the single-pod Pod
// Timeline. It hands the core the PodDisruptionBudgets of the workload's manifest. Glue only: stories, variants and
// the drawing model are the core's (loaded on first use), drawing is src/webview/workload-*.ts.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { PodSpec } from '../core/k8s';
import type { StoryResult } from '../core/workload-timeline/run';
import {
  WORKLOAD_PROTOCOL_VERSION,
  type LiveState, type WorkloadHostMessage, type WorkloadInit, type WorkloadResult, type WorkloadResultMessage, type WorkloadWebviewMessage,
} from '../core/workload-timeline/protocol';
import type { TimelineShowArgs } from './timeline-deps';
import { buildTimelineHtml, makeNonce } from './timeline-html';
import { PanelRegistry, TimelinePanelHost } from './timeline-panel-host';

type Core = typeof import('../core/workload-timeline');
let core: Promise<Core> | undefined;
const loadCore = () => (core ??= import('../core/workload-timeline'));

export const WORKLOAD_VIEW_TYPE = 'kubeProbes.workloadTimeline';
export const WORKLOAD_PANEL_NAME = 'Workload Timeline';

/** Where live workload data enters an open panel. */
export interface WorkloadLiveSink {
  status(state: LiveState, message: string): void;
  /** A full snapshot of the live workload (times since `origin`, an ISO time). */
  result(origin: string, result: WorkloadResult): void;
  readonly disposed: boolean;
}

export interface WorkloadLiveSource {
  unavailableReason?(): string | undefined;
  start(args: Readonly<WorkloadShowArgs>, sink: WorkloadLiveSink): vscode.Disposable | Promise<vscode.Disposable>;
}

export interface WorkloadPanelDeps {
  log?: { info(m: string): void; warn(m: string): void; error(m: string): void };
  live?: WorkloadLiveSource;
  /** Opens the Pod Timeline of one pod (the single-pod view of a lane). */
  openPod?(args: TimelineShowArgs): unknown;
  openSource?(args: WorkloadShowArgs): unknown;
}

/** What opens a Workload Timeline: the Pod Timeline's arguments plus a raw workload scenario. */
export interface WorkloadShowArgs extends TimelineShowArgs {
  /** A workload scenario (a file's, already parsed YAML), checked by the core. */
  workloadScenario?: unknown;
  /** "scenarios/x.yaml (next to the manifest)" */
  scenarioNote?: string;
  workloadPreset?: string;
}

const errorText = (e: unknown) => (e instanceof Error ? (e as { problems?: string[] }).problems?.length ? `${e.message}: ${(e as unknown as { problems: string[] }).problems.join('; ')}` : e.message : String(e));

function keyOf(a: TimelineShowArgs): string {
  const r = a.workloadRef;
  return r ? [r.uri ?? '', r.documentIndex ?? '', r.listIndex ?? '', r.kind ?? '', r.namespace ?? '', r.name ?? ''].join('|') : `title:${a.title ?? ''}`;
}

export class WorkloadTimelinePanel extends TimelinePanelHost<WorkloadShowArgs> {
  private static readonly panels = new PanelRegistry<WorkloadTimelinePanel, WorkloadShowArgs>(keyOf);

  static show(context: vscode.ExtensionContext, args: WorkloadShowArgs, deps: WorkloadPanelDeps): WorkloadTimelinePanel {
    const existing = WorkloadTimelinePanel.panels.reveal(args);
    if (existing) return existing;
    const panel = vscode.window.createWebviewPanel(WORKLOAD_VIEW_TYPE, WorkloadTimelinePanel.titleOf(args), { viewColumn: vscode.ViewColumn.Beside }, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist'), vscode.Uri.joinPath(context.extensionUri, 'media')],
    });
    return new WorkloadTimelinePanel(panel, context, deps, args);
  }

  static titleOf(a: TimelineShowArgs): string {
    return `${WORKLOAD_PANEL_NAME}: ${a.title ?? a.workloadRef?.name ?? 'workload'}`;
  }

  private seq = 0;
  private preset: string | undefined;
  private variant: string | undefined;
  private story: StoryResult | undefined;
  private lastMessage: WorkloadResultMessage | undefined;
  private liveStatus: { state: LiveState; message: string } | undefined;
  private liveResult: { origin: string; result: WorkloadResult } | undefined;
  private liveHandle: vscode.Disposable | undefined;
  private liveStarting = false;

  private constructor(panel: vscode.WebviewPanel, private readonly context: vscode.ExtensionContext, private readonly deps: WorkloadPanelDeps, private args: WorkloadShowArgs) {
    super(panel, WorkloadTimelinePanel.panels, keyOf(args));
    this.preset = args.workloadPreset;
    const w = panel.webview;
    const uri = (...p: string[]) => w.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, ...p)).toString();
    w.html = buildTimelineHtml({
      cspSource: w.cspSource,
      nonce: makeNonce(),
      scriptUri: uri('dist', 'workload.js'),
      styleUri: uri('media', 'timeline.css'),
      extraStyleUris: [uri('media', 'workload-timeline.css'), uri('dist', 'codicons', 'codicon.css')],
      title: WorkloadTimelinePanel.titleOf(args),
    });
    this.disposables.push(w.onDidReceiveMessage((m: unknown) => void this.onMessage(m)));
    void this.simulate(0);
  }

  override update(args: WorkloadShowArgs): void {
    this.args = { ...this.args, ...args };
    if (args.workloadPreset !== undefined || args.workloadScenario !== undefined) this.preset = args.workloadPreset;
    this.variant = undefined;
    this.panel.title = WorkloadTimelinePanel.titleOf(this.args);
    this.post({ type: 'wl/init', payload: this.initPayload(this.presets) });
    void this.simulate(0);
  }

  private presets: WorkloadInit['presets'] = [];

  private initPayload(presets: WorkloadInit['presets']): WorkloadInit {
    const reason = this.deps.live ? this.deps.live.unavailableReason?.() : 'Live mode needs a cluster connection, which is not set up in this window.';
    const r = this.args.workloadRef;
    return {
      protocol: WORKLOAD_PROTOCOL_VERSION,
      title: this.args.title ?? r?.name ?? 'workload',
      workload: { kind: this.kind(), name: r?.name ?? this.args.meta?.workloadName ?? 'workload', ...(r?.namespace && { namespace: r.namespace }) },
      presets,
      ...(this.preset && { preset: this.preset }),
      ...(this.args.scenarioNote && { scenarioNote: this.args.scenarioNote }),
      live: reason ? { available: false, message: reason } : { available: true },
    };
  }

  private post(m: WorkloadHostMessage): void {
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(m);
  }

  private async onMessage(raw: unknown): Promise<void> {
    if (!raw || typeof raw !== 'object') return;
    const m = raw as WorkloadWebviewMessage;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.presets = (await loadCore()).presetOffers(this.kind());
        this.post({ type: 'wl/init', payload: this.initPayload(this.presets) });
        if (this.lastMessage) this.post(this.lastMessage);
        if (this.liveStatus) this.post({ type: 'wl/live/status', ...this.liveStatus });
        if (this.liveResult) this.post({ type: 'wl/live/result', ...this.liveResult });
        break;
      case 'preset':
        this.preset = typeof m.id === 'string' ? m.id : undefined;
        this.variant = undefined;
        await this.simulate(m.seq);
        break;
      case 'variant':
        this.variant = typeof m.id === 'string' ? m.id : undefined;
        await this.simulate(m.seq);
        break;
      case 'openPod':
        await this.openPod(String(m.pod), m.live === true, typeof m.index === 'number' ? m.index : undefined);
        break;
      case 'live/start':
        await this.startLive();
        break;
      case 'live/stop':
        this.stopLive('stopped', '');
        break;
      case 'openSource':
        await this.openSource();
        break;
      case 'log':
        this.deps.log?.[m.level === 'error' ? 'error' : m.level === 'warn' ? 'warn' : 'info'](String(m.message).slice(0, 4000));
        break;
    }
  }

  private kind(): string {
    return this.args.workloadRef?.kind ?? this.args.meta?.workloadKind ?? 'Deployment';
  }

  /** The PodDisruptionBudgets written in the workload's manifest (the open document's text, saved or not); none when it cannot be read. */
  private async manifestPdbs(c: Core): Promise<ReturnType<Core['manifestPdbs']>> {
    const uri = this.args.workloadRef?.uri;
    if (!uri) return [];
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      return c.manifestPdbs(doc.getText(), doc.uri.fsPath);
    } catch (e) {
      this.deps.log?.warn(`workload timeline: reading PodDisruptionBudgets from the manifest: ${errorText(e)}`);
      return [];
    }
  }

  /** The workload's spec without its pod template (what the controllers read). */
  private workloadSpec(): Record<string, unknown> {
    const { template: _t, ...rest } = (this.args.workloadSpec ?? {}) as Record<string, unknown>;
    return rest;
  }

  async simulate(seq: number): Promise<void> {
    const c = await loadCore();
    const r = this.args.workloadRef;
    const name = r?.name ?? this.args.meta?.workloadName ?? 'workload';
    const manifestPdbs = await this.manifestPdbs(c);
    try {
      const story = c.runStory({
        workload: { kind: this.kind(), name, ...(r?.namespace && { namespace: r.namespace }) },
        input: { spec: this.workloadSpec(), podSpec: this.args.podSpec, name },
        ...(this.preset ? { preset: this.preset } : { scenario: this.args.workloadScenario }),
        ...(this.variant && { variant: this.variant }),
        ...(this.args.podSelector && { podLabels: this.args.podSelector }),
        manifestPdbs,
      });
      if (this.disposed) return;
      this.story = story;
      this.lastMessage = {
        type: 'wl/result', seq, result: story.result, summary: story.summary, variants: story.variants,
        ...(this.preset && { preset: this.preset }), ...(story.variant && { variant: story.variant }), ...(story.budgets.text && { budgets: story.budgets.text }),
      };
      this.post(this.lastMessage);
    } catch (e) {
      this.deps.log?.warn(`workload timeline: ${errorText(e)}`);
      this.post({ type: 'wl/error', seq, message: errorText(e) });
    }
  }

  private async openPod(pod: string, live: boolean, index?: number): Promise<void> {
    const c = await loadCore();
    const base: TimelineShowArgs = { ...this.args, title: `${this.args.workloadRef?.kind ?? 'Pod'} ${pod}`, meta: { ...(this.args.meta ?? {}), name: pod } };
    delete (base as WorkloadShowArgs).workloadScenario;
    if (live) {
      await this.deps.openPod?.({ ...base, podSelector: undefined, workloadRef: { ...(this.args.workloadRef ?? {}), kind: 'Pod', name: pod } });
      return;
    }
    const one = this.story ? c.podScenarioOf(this.story, pod, index) : undefined;
    if (!one || !this.story) {
      void vscode.window.showWarningMessage(`No pod ${pod} in this simulation.`);
      return;
    }
    const podSpec: PodSpec = this.story.podSpec;
    await this.deps.openPod?.({ ...base, podSpec, scenario: one.scenario });
  }

  // ---- live ---------------------------------------------------------------------------------

  private readonly sink: WorkloadLiveSink = {
    status: (state, message) => {
      if (this.disposed) return;
      this.liveStatus = { state, message };
      this.post({ type: 'wl/live/status', state, message });
    },
    result: (origin, result) => {
      if (this.disposed) return;
      this.liveResult = { origin, result };
      this.post({ type: 'wl/live/result', origin, result });
    },
    get disposed() {
      return false;
    },
  };

  async startLive(): Promise<void> {
    if (this.liveHandle || this.liveStarting) return;
    const source = this.deps.live;
    const reason = source ? source.unavailableReason?.() : 'Live mode is not wired in this build.';
    if (!source || reason) {
      this.sink.status('unavailable', reason ?? 'Live mode is not available.');
      return;
    }
    this.liveStarting = true;
    this.sink.status('connecting', 'Connecting…');
    const self = this;
    try {
      const handle = await source.start(this.args, { status: this.sink.status, result: this.sink.result, get disposed() { return self.disposed; } });
      if (this.disposed) handle.dispose();
      else this.liveHandle = handle;
    } catch (e) {
      this.sink.status('error', errorText(e));
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
      this.deps.log?.warn(`workload timeline: stopping live mode: ${errorText(e)}`);
    }
    if (!this.disposed) this.sink.status(state, message);
  }

  private async openSource(): Promise<void> {
    const open = this.deps.openSource;
    const args = this.args;
    await this.openManifest(args.workloadRef, open && (() => open(args)));
  }

  protected override stopWork(): void {
    this.stopLive('stopped', '');
  }
}

/** The manifest's scenario file, if it is a workload scenario (else the Pod Timeline reads it). */
async function workloadScenarioFile(uri: string | undefined): Promise<{ value: unknown; note: string } | undefined> {
  if (!uri) return undefined;
  const u = vscode.Uri.parse(uri);
  if (u.scheme !== 'file') return undefined;
  const { manifestScenarioFile } = await import('./timeline-scenario');
  const { parse } = await import('yaml');
  const found = await manifestScenarioFile(u);
  if (!found) return undefined;
  const root = found.root;
  let value: unknown;
  try {
    value = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(found.path))));
  } catch {
    return undefined; // not YAML: the Pod Timeline reports it with its line
  }
  const rel = root ? path.relative(root, found.path).split(path.sep).join('/') : found.path;
  return { value, note: `The scenario of ${rel} (${found.why}).` };
}

/**
 * Opens the Workload Timeline when the workload has more than one pod (replicas > 1, a DaemonSet on
 * several nodes, a Job with parallelism or completions > 1, or its scenario file is a workload
 * scenario); returns undefined when the Pod Timeline is the right view.
 */
export async function openWorkloadTimelineIfWanted(context: vscode.ExtensionContext, args: TimelineShowArgs | WorkloadShowArgs, deps: WorkloadPanelDeps): Promise<WorkloadTimelinePanel | undefined> {
  const a = args as WorkloadShowArgs;
  const c = await loadCore();
  const kind = args.workloadRef?.kind;
  if (!c.workloadSimulator(kind)) return undefined;
  // A pod scenario given by the caller (a Pod Timeline preset) means the single-pod view.
  if (args.scenario && a.workloadScenario === undefined && !a.workloadPreset) return undefined;
  let file: { value: unknown; note: string } | undefined;
  if (a.workloadScenario === undefined && !a.workloadPreset) {
    try {
      file = await workloadScenarioFile(args.workloadRef?.uri);
    } catch (e) {
      deps.log?.warn(`workload timeline: looking for the scenario file: ${errorText(e)}`);
    }
  }
  const scenario = a.workloadScenario ?? file?.value;
  if (!a.workloadPreset && !c.wantsWorkloadTimeline(kind, args.workloadSpec, scenario)) return undefined;
  const withFile: WorkloadShowArgs = { ...a, ...(file && c.isWorkloadScenarioValue(file.value) ? { workloadScenario: file.value, scenarioNote: file.note } : {}) };
  return WorkloadTimelinePanel.show(context, withFile, deps);
}
