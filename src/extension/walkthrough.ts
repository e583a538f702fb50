// The "Get started with Kubernetes Probes" walkthrough (package.json contributes.walkthroughs,
// written by scripts/contributes.mjs; its pages are in walkthrough/). Glue for two of its steps:
// the example it opens, and the signal that a finding was fixed. The other steps complete on the
// commands a user runs (onCommand:…) or on the Cluster view's state (onContext:…).
import * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics';

/** Context key set once a finding went away after an edit of its document (a quick fix, a disable comment, or by hand). */
export const FINDING_FIXED_KEY = 'kubeProbes.walkthrough.findingFixed';

/**
 * Opens the walkthrough's example (walkthrough/example.yaml of the extension) as an untitled YAML
 * document: the user edits a copy, never the installed extension's files.
 */
export async function openExample(extensionUri: vscode.Uri): Promise<vscode.TextEditor> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'walkthrough', 'example.yaml'));
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: new TextDecoder().decode(bytes) });
  return vscode.window.showTextDocument(doc);
}

/**
 * Sets FINDING_FIXED_KEY when, after an edit (a new document version), an open document has fewer
 * of our findings than before. Closing a file or changing settings does not count.
 */
export function trackFixedFindings(diagnostics: DiagnosticsManager): vscode.Disposable {
  const seen = new Map<string, { version: number; count: number }>();
  let fixed = false;
  const sub = diagnostics.onDidLint((uri) => {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!doc || doc.isClosed) {
      seen.delete(key);
      return;
    }
    const findings = diagnostics.findingsFor(doc);
    if (!findings) return; // forgotten (not a manifest any more, lint disabled): not a fix
    const count = findings.length;
    const before = seen.get(key);
    seen.set(key, { version: doc.version, count });
    if (!fixed && before && doc.version > before.version && count < before.count) {
      fixed = true;
      void vscode.commands.executeCommand('setContext', FINDING_FIXED_KEY, true);
    }
  });
  const closed = vscode.workspace.onDidCloseTextDocument((d) => seen.delete(d.uri.toString()));
  return vscode.Disposable.from(sub, closed);
}
