// "Show Rule Documentation": the rendered page of a rule (the markdown preview of the packaged
// docs/rules/<id>.md), or a pick of all rules. Shared by the desktop and the browser entry.
import * as vscode from 'vscode';
import { ALL_RULES } from '../core/lint/rules';

/** The rendered documentation page of a rule (the markdown preview of docs/rules/<id>.md). */
export function showRuleDocs(extensionUri: vscode.Uri, rule: string): Thenable<unknown> | undefined {
  if (!ALL_RULES.some((r) => r.id === rule)) {
    void vscode.window.showInformationMessage(`There is no rule named ${rule}.`);
    return undefined;
  }
  const uri = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${rule}.md`);
  return vscode.commands.executeCommand('markdown.showPreview', uri);
}

/** The command's handler: the rule passed (code actions, diagnostic links), else a pick. */
export async function showRuleDocsCommand(extensionUri: vscode.Uri, rule?: unknown): Promise<unknown> {
  const id = typeof rule === 'string' && rule ? rule : await pickRule();
  return id && showRuleDocs(extensionUri, id);
}

async function pickRule(): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    ALL_RULES.map((r) => ({ label: r.id, detail: r.title })),
    { title: 'Show Rule Documentation', placeHolder: 'A lint rule', matchOnDetail: true },
  );
  return pick?.label;
}
