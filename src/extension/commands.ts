// Registering commands: every command reports its own failure in the log and as a message,
// instead of an unhandled rejection in the extension host.
import * as vscode from 'vscode';

export type CommandRegistrar = (id: string, fn: (...args: never[]) => unknown) => void;

export function commandRegistrar(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): CommandRegistrar {
  return (id, fn) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          log.error(`${id}: ${msg}`);
          void vscode.window.showErrorMessage(`Kubernetes Probes: ${msg}`);
          return undefined;
        }
      }),
    );
}
