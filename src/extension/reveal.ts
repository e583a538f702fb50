// Opens a manifest at a line in the first editor column, beside a timeline panel (both timelines'
// "open the manifest" links). Glue only.
import * as vscode from 'vscode';

export async function revealManifestLine(uri: string, line: number | undefined): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const pos = new vscode.Position(Math.max(0, line ?? 0), 0);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
}
