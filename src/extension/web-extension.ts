// Entry point in the browser (vscode.dev, github.dev; package.json "browser" → dist/web/extension.js,
// a web worker): the same core lint as on the desktop — diagnostics, hovers, quick fixes, rule
// docs, "Lint All Manifests". Running probes, the Pod Timeline, the cluster and port-forward
// views need processes and sockets a browser does not have: their commands say so. No node
// module may be imported from here (scripts/build.mjs bundles it for the webworker platform and
// a unit test checks its size budget).
import * as vscode from 'vscode';
import { lintText } from '../core/lint/engine';
import { ProbeCodeActions } from './code-actions';
import { COMMAND_IDS, type CommandId } from './command-ids';
import { DiagnosticsManager, type Linter } from './diagnostics';
import { registerHover } from './hover';
import { tooBigToParseInline } from './limits';
import { ErrorReporter } from './report';
import { showRuleDocsCommand } from './rule-docs';
import { openExample, trackFixedFindings } from './walkthrough';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml' },
  { language: 'json' },
  { language: 'jsonc' },
  { language: 'helm' },
];

/** Context key: true when the browser entry runs. */
export const BROWSER_KEY = 'kubeProbes.browser';

/** What a desktop-only command shows in the browser. */
export const DESKTOP_ONLY =
  'Running probes, the Pod Timeline and the Cluster and Port Forwards views need VS Code on the desktop (or a Remote-SSH, WSL or dev-container window). In the browser, Kubernetes Probes lints manifests: diagnostics, hovers and quick fixes.';

/** What works in the browser; every other contributed command answers with DESKTOP_ONLY. */
const WEB_COMMANDS = new Set<CommandId>(['kubeProbes.lintWorkspace', 'kubeProbes.showRuleDocs', 'kubeProbes.showOutput', 'kubeProbes.openExample']);

export interface KubeProbesWebApi {
  diagnostics: DiagnosticsManager;
  /** Where this entry runs (tests read it). */
  host: 'browser';
}

export function activate(context: vscode.ExtensionContext): KubeProbesWebApi {
  const log = vscode.window.createOutputChannel('Kubernetes Probes', { log: true });
  const report = new ErrorReporter(log);
  // No worker thread here: the extension host is itself a web worker. Workloads too large to
  // parse without stalling it are not linted, and the file's one information diagnostic says why.
  const linter: Linter = (text, file, config) => {
    const size = tooBigToParseInline(text);
    if (size !== undefined) {
      const notLinted = `Kubernetes Probes did not lint this file: its ${(size / 1024 / 1024).toFixed(1)} MB of workloads are too large to lint in the browser; use VS Code on the desktop or the kube-probes CLI.`;
      return { findings: [], notLinted };
    }
    return { findings: lintText(text, file, config).findings };
  };
  const diagnostics = new DiagnosticsManager(linter, log);
  context.subscriptions.push(
    log,
    diagnostics,
    vscode.languages.registerCodeActionsProvider(SELECTOR, new ProbeCodeActions(diagnostics), {
      providedCodeActionKinds: ProbeCodeActions.kinds,
    }),
    registerHover(SELECTOR),
    trackFixedFindings(diagnostics),
  );
  // Hides the views and walkthrough steps that need the desktop (package.json "when" clauses).
  void vscode.commands.executeCommand('setContext', BROWSER_KEY, true);
  const handlers: Partial<Record<CommandId, (...args: unknown[]) => unknown>> = {
    'kubeProbes.lintWorkspace': () => diagnostics.lintWorkspace(),
    'kubeProbes.showRuleDocs': (rule) => showRuleDocsCommand(context.extensionUri, rule),
    'kubeProbes.showOutput': () => log.show(true),
    'kubeProbes.openExample': () => openExample(context.extensionUri),
  };
  for (const id of COMMAND_IDS) {
    const fn = WEB_COMMANDS.has(id) ? handlers[id]! : () => void vscode.window.showInformationMessage(DESKTOP_ONLY);
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          report.error(e, id);
          return undefined;
        }
      }),
    );
  }
  log.info('Kubernetes Probes activated in the browser: linting, hovers and quick fixes (running probes needs the desktop)');
  return { diagnostics, host: 'browser' };
}

export function deactivate(): void {
  // Disposed through context.subscriptions.
}
