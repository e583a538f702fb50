// Placeholder until the tree views land (being written now): keeps the build green.
import type * as vscode from 'vscode';
export function registerViews(_context: vscode.ExtensionContext, _deps: { diagnostics: unknown; runs: unknown; log: vscode.LogOutputChannel }): void {}
