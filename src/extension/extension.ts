// Entry point of the extension (glue only). Filled in as the features land.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Kubernetes Probes', { log: true });
  context.subscriptions.push(log);
  log.info('Kubernetes Probes activated');
}

export function deactivate(): void {}
