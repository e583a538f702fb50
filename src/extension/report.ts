// The one error reporter of the extension: a calm one-line message with "Show Output", and the
// whole story in the log (the message, a ClusterError's tool output and hint, a stack). The same
// message is not shown again while it is on screen, so repeated failures of one cause do not stack
// up as toasts; each is still logged.
import * as vscode from 'vscode';
import type { ClusterError } from '../core/cluster/errors';

const SHOW_OUTPUT = 'Show Output';

export class ErrorReporter {
  /** Messages on screen now (their notification has not been closed yet). */
  private readonly onScreen = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** An exception of a command or a background task. `where` says what was being done (log only). */
  error(e: unknown, where?: string): void {
    const message = messageOf(e);
    this.log.error(where ? `${where}: ${message}` : message);
    const c = clusterErrorOf(e);
    if (c?.detail) this.log.info(`  tool output: ${c.detail}`);
    if (c?.hint && !message.includes(c.hint)) this.log.info(`  what to do: ${c.hint}`);
    if (!c && e instanceof Error && e.stack) this.log.debug(e.stack);
    this.show('error', message);
  }

  /** Something the user should know that is not an exception (a failed probe run). Logged as a warning. */
  warn(message: string): void {
    this.log.warn(message);
    this.show('warning', message);
  }

  private show(level: 'error' | 'warning', message: string): void {
    const text = plain(message);
    if (this.onScreen.has(text)) return;
    this.onScreen.add(text);
    const shown = level === 'error' ? vscode.window.showErrorMessage(text, SHOW_OUTPUT) : vscode.window.showWarningMessage(text, SHOW_OUTPUT);
    void Promise.resolve(shown).then(
      (a) => {
        this.onScreen.delete(text);
        if (a === SHOW_OUTPUT) this.log.show(true);
      },
      () => this.onScreen.delete(text),
    );
  }
}

/** A ClusterError, recognised without loading the cluster layer (it lives in the lazy runner bundle). */
export function clusterErrorOf(e: unknown): ClusterError | undefined {
  return e instanceof Error && typeof (e as Partial<ClusterError>).kind === 'string' && 'detail' in e ? (e as ClusterError) : undefined;
}

/** The one-line message of an error; never a stack. */
export function messageOf(e: unknown): string {
  if (clusterErrorOf(e)) return (e as Error).message;
  if (e instanceof Error) return e.message.split('\n')[0] || e.name;
  return String(e);
}

/** Notifications are plain text: no markdown backticks (VS Code shows them literally). */
function plain(message: string): string {
  return message.replace(/`([^`]*)`/g, '$1');
}
