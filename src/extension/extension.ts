// Entry point of the extension: wires the core to VS Code. Glue only; the logic lives in src/core.
import * as vscode from 'vscode';
import { parseManifest } from '../core/manifest/parse';
import { locatorOf, type HandlerLocator } from '../core/probe/locate';
import { ProbeCodeActions } from './code-actions';
import { ProbeCodeLenses, timelineArgs } from './codelens';
import { DiagnosticsManager } from './diagnostics';
import { registerHover } from './hover';
import { ProbeRuns, type TargetChoice } from './probe-runs';
import { kubectlPath } from './config';
import { loadRunner } from './lazy';
import { createTimelineLiveSource } from './timeline-live';
import { registerTimeline } from './timeline-panel';
import { registerViews, type KubeProbesViews } from './views';
import { commandRegistrar } from './commands';
import { tooBigToParseInline } from './limits';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'helm' },
];

/** What the extension exposes to tests and to other extensions. */
export interface KubeProbesApi {
  diagnostics: DiagnosticsManager;
  runs: ProbeRuns;
  views: KubeProbesViews;
}

export function activate(context: vscode.ExtensionContext): KubeProbesApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Kubernetes Probes', { log: true });
  context.subscriptions.push(log);

  const diagnostics = new DiagnosticsManager(context.extensionUri, log);
  const runs = new ProbeRuns(context, log);
  context.subscriptions.push(
    diagnostics,
    runs,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ProbeCodeActions(diagnostics), {
      providedCodeActionKinds: ProbeCodeActions.kinds,
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, new ProbeCodeLenses(runs)),
    registerHover(SELECTOR),
  );

  const command = commandRegistrar(context, log);

  command('kubeProbes.runProbe', async (uri?: vscode.Uri, loc?: HandlerLocator) => {
    const t = uri && loc ? { uri, loc } : await handlerFromEditor();
    return t && runs.run(t.uri, t.loc);
  });
  command('kubeProbes.watchProbe', async (uri?: vscode.Uri, loc?: HandlerLocator) => {
    const t = uri && loc ? { uri, loc } : await handlerFromEditor();
    return t && runs.watch(t.uri, t.loc);
  });
  command('kubeProbes.stopWatch', (uri?: vscode.Uri, loc?: HandlerLocator) => uri && loc && runs.stopWatch(uri, loc));
  command('kubeProbes.stopAllWatches', () => runs.stopAllWatches());
  command('kubeProbes.chooseTarget', async (uri?: vscode.Uri, workload?: string, choice?: TargetChoice) => {
    if (uri && workload && choice) return runs.setTarget(uri, workload, choice);
    const t = uri && workload ? { uri, workload } : await handlerFromEditor().then((h) => h && { uri: h.uri, workload: h.loc.workload });
    return t && runs.chooseTarget(t.uri, t.workload);
  });
  command('kubeProbes.showOutput', () => log.show(true));
  command('kubeProbes.showRuleDocs', (rule?: string) => {
    if (!rule) return undefined;
    const uri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${rule}.md`);
    return vscode.commands.executeCommand('markdown.showPreview', uri);
  });
  command('kubeProbes.lintWorkspace', () => diagnostics.lintWorkspace());

  registerTimeline(context, {
    log,
    live: createTimelineLiveSource({
      cluster: () => {
        const r = loadRunner();
        return {
          // The Cluster view's kubectl (its context and kubeconfig) once connected, else kubectl's current context.
          kubectl: () => views.cluster.kubectl() ?? r.Kubectl.locate({ explicitPath: kubectlPath() }),
          watchPod: r.watchPod,
          watchPodEvents: r.watchPodEvents,
          userMessage: r.userMessage,
        };
      },
      onProbeWatchEvent: runs.onWatchEvent.event,
      log: (m) => log.info(m),
    }),
    argsFromEditor: () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || tooBigToParseInline(editor.document.getText()) !== undefined) return undefined;
      const file = parseManifest(editor.document.getText(), editor.document.uri.fsPath);
      const offset = editor.document.offsetAt(editor.selection.active);
      const w =
        file.workloads.find((x) => offset >= x.document.span.start && offset <= x.document.span.end) ?? file.workloads[0];
      return w ? timelineArgs(editor.document, w) : undefined;
    },
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
  const views = registerViews(context, { runs, log });

  log.info(`Kubernetes Probes activated in ${Date.now() - started} ms`);
  return { diagnostics, runs, views };
}

/** The probe or hook under the cursor, else a pick of all in the active manifest. */
async function handlerFromEditor(): Promise<{ uri: vscode.Uri; loc: HandlerLocator } | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a Kubernetes manifest to run one of its probes.');
    return undefined;
  }
  const doc = editor.document;
  if (tooBigToParseInline(doc.getText()) !== undefined) {
    void vscode.window.showInformationMessage('This file is too large to pick a probe from; use the Workspace Probes view or the kube-probes CLI.');
    return undefined;
  }
  const file = parseManifest(doc.getText(), doc.uri.fsPath);
  const handlers = file.workloads.flatMap((w) => w.containers.flatMap((c) => c.handlers)).filter((h) => h.handlerTypes.length);
  const offset = doc.offsetAt(editor.selection.active);
  const under = handlers.find((h) => offset >= h.span.start && offset <= h.span.end);
  if (under) return { uri: doc.uri, loc: locatorOf(under) };
  if (!handlers.length) {
    void vscode.window.showInformationMessage('This file has no probes or lifecycle handlers to run.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    handlers.map((h) => ({
      label: `${h.container.workload.kind}/${h.container.workload.name ?? ''} › ${h.container.name ?? ''} › ${h.site}`,
      description: h.handlerTypes.join(', '),
      h,
    })),
    { title: 'Which probe?' },
  );
  return pick && { uri: doc.uri, loc: locatorOf(pick.h) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (watches stopped, port-forwards killed).
}
