// Entry point of the extension: builds the composition root (ctx.ts), the providers, the views and
// the timeline, and registers the command table (commands.ts). Glue only; the logic lives in src/core.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseManifest } from '../core/manifest/parse';
import { ProbeCodeActions } from './code-actions';
import { ProbeCodeLenses, timelineArgs } from './codelens';
import { commandTable, registerCommands } from './commands';
import { Ctx } from './ctx';
import { DiagnosticsManager } from './diagnostics';
import { registerHover } from './hover';
import { escapeMarkdown } from '../core/lint/describe';
import { docTooBigToParseInline } from './limits';
import { MeasureCodeActions, ProbeMeasurements } from './measure';
import { nodeLinter } from './lint-runner';
import { ProbeRuns } from './probe-runs';
import { createTimelineLiveSource } from './timeline-live';
import { registerTimeline, type TimelinePanel, type TimelineShowArgs } from './timeline-panel';
import { UnitDiagnostics } from './unit-diagnostics';
import { registerValuesPicker } from './values-picker';
import { createWorkloadLiveSource } from './workload-live';
import { openWorkloadTimelineIfWanted, type WorkloadPanelDeps } from './workload-panel';
import { registerViews, type KubeProbesViews } from './views';
import { trackFixedFindings } from './walkthrough';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'helm' },
];

/** What the extension exposes to tests and to other extensions. */
export interface KubeProbesApi {
  ctx: Ctx;
  diagnostics: DiagnosticsManager;
  /** Findings and render failures of charts and overlays, on the files they map to. */
  unitDiagnostics: UnitDiagnostics;
  runs: ProbeRuns;
  measurements: ProbeMeasurements;
  views: KubeProbesViews;
}

export function activate(context: vscode.ExtensionContext): KubeProbesApi {
  const started = Date.now();
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx);

  const units = ctx.units();
  const unitDiagnostics = new UnitDiagnostics(units);
  const diagnostics = new DiagnosticsManager(nodeLinter(vscode.Uri.joinPath(context.extensionUri, 'dist', 'lintWorker.js').fsPath), ctx.log, (uri) =>
    unitDiagnostics.coversFile(uri),
  );
  // A unit rendered or failed: its files' own lint starts or stops (a template is linted masked only when its chart does not render).
  unitDiagnostics.onDidChange((unit) => {
    const inputs = new Set(units.result(unit)?.inputs ?? []);
    diagnostics.relintWhere((uri) => uri.scheme === 'file' && (uri.fsPath.startsWith(unit.root + path.sep) || inputs.has(uri.fsPath)));
  });
  const valuesPicker = registerValuesPicker(units);
  const runs = new ProbeRuns(ctx);
  // The timeline is registered below; the measurements open it only when asked to.
  let simulate: ((args: TimelineShowArgs) => Promise<TimelinePanel | undefined>) | undefined;
  const measurements = new ProbeMeasurements(ctx, runs, (args) => simulate?.(args) ?? Promise.resolve(undefined));
  const codeLenses = new ProbeCodeLenses(runs, measurements);
  context.subscriptions.push(
    unitDiagnostics,
    diagnostics,
    valuesPicker,
    runs,
    measurements,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new MeasureCodeActions(measurements), { providedCodeActionKinds: MeasureCodeActions.kinds }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ProbeCodeActions(diagnostics, unitDiagnostics), {
      providedCodeActionKinds: ProbeCodeActions.kinds,
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, codeLenses),
    registerHover(SELECTOR, { measured: (uri, h, loc) => measurements.summary(uri, h, loc, escapeMarkdown, '$(watch)')?.markdown }),
    trackFixedFindings(diagnostics),
  );
  const views = registerViews(ctx, runs);
  context.subscriptions.push(codeLenses.attachUnits(views.unitEntries));
  context.subscriptions.push(
    views.workspace.attachMeasurements({
      summary: (path, loc) => measurements.summaryOf(vscode.Uri.parse(path), loc, escapeMarkdown),
      onDidChange: measurements.onDidChange,
    }),
  );

  const argsFromEditor = (): TimelineShowArgs | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || docTooBigToParseInline(editor.document)) return undefined;
    const file = parseManifest(editor.document.getText(), editor.document.uri.fsPath);
    const offset = editor.document.offsetAt(editor.selection.active);
    const w =
      file.workloads.find((x) => offset >= x.document.span.start && offset <= x.document.span.end) ?? file.workloads[0];
    return w ? timelineArgs(editor.document, w) : undefined;
  };
  const timeline = registerTimeline(context, {
    log: ctx.log,
    live: createTimelineLiveSource({
      cluster: () => {
        const r = ctx.runner();
        return {
          // The Cluster view's kubectl (its context and kubeconfig) once connected, else kubectl's current context.
          kubectl: () => ctx.clusterKubectl(),
          watchPod: r.watchPod,
          watchPodEvents: r.watchPodEvents,
          userMessage: r.userMessage,
        };
      },
      onProbeWatchEvent: runs.onWatchEvent.event,
      log: (m) => ctx.log.info(m),
    }),
    argsFromEditor,
    resolve: async (ref) => {
      if (!ref.uri) return undefined;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
      const file = parseManifest(doc.getText(), doc.uri.fsPath);
      const w =
        file.workloads.find((x) => x.kind === ref.kind && x.name === ref.name && x.listIndex === ref.listIndex) ??
        file.workloads.find((x) => x.document.index === ref.documentIndex);
      return w ? timelineArgs(doc, w) : undefined;
    },
  });

  // ⏱ Measure's side by side is a single-pod view: the Pod Timeline.
  simulate = (args) => timeline.simulate(args);
  // Several pods (replicas > 1, a workload scenario): the Workload Timeline; its pod lanes open the Pod Timeline.
  const workloadDeps: WorkloadPanelDeps = {
    log: ctx.log,
    openPod: (a) => timeline.simulate(a),
    live: createWorkloadLiveSource({
      cluster: () => {
        const r = ctx.runner();
        return {
          kubectl: () => ctx.clusterKubectl(),
          checkCluster: (k) => k.checkCluster({ timeoutMs: 8000 }),
          listPods: (k, ns, labels) => k.listPods(ns, { labelSelector: labels, timeoutMs: 8000 }),
          watch: (k, target, on) => {
            const w = new r.KubeWatch<{ metadata?: object }>(k, target, { debounceMs: 0, log: (m: string) => ctx.log.debug(m) });
            w.onDidReceive(on.event);
            w.onDidChangeState(on.state);
            w.start();
            return w;
          },
          userMessage: r.userMessage,
        };
      },
      log: (m) => ctx.log.info(m),
    }),
  };
  const simulateAny = async (args?: TimelineShowArgs) => {
    const a = args && typeof args === 'object' && args.podSpec ? args : argsFromEditor();
    const workload = a ? await openWorkloadTimelineIfWanted(context, a, workloadDeps) : undefined;
    return workload ?? timeline.simulate(a);
  };
  registerCommands(ctx, commandTable({ ctx, diagnostics, runs, measurements, views, simulate: simulateAny }));

  ctx.log.info(`Kubernetes Probes activated in ${Date.now() - started} ms`);
  return { ctx, diagnostics, unitDiagnostics, runs, measurements, views };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (watches stopped, port-forwards killed).
}
