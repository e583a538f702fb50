// Quick fixes from the rules (for a rendered chart/overlay's finding: the fixes the core carried to
// its source file), plus "disable this rule for this line / file" and "show docs" (all
// of kind quickfix).
import * as vscode from 'vscode';
import { disableCommentEdit } from '../core/lint/edits';
import type { Finding, TextEdit } from '../core/lint/types';
import { DiagnosticsManager, ruleOf } from './diagnostics';
import type { UnitDiagnostics } from './unit-diagnostics';

export class ProbeCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly diagnostics: DiagnosticsManager,
    private readonly units?: UnitDiagnostics,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    // Every action here is a quick fix: nothing to offer when other kinds were asked for.
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const findings = this.diagnostics.findingsFor(doc) ?? [];
    const actions: vscode.CodeAction[] = [];
    const disabled = new Set<string>();
    const commentsAllowed = doc.languageId !== 'json';
    for (const diag of context.diagnostics) {
      const mapped = this.units?.findingOf(doc.uri, diag);
      if (mapped) {
        if (mapped !== 'problem') actions.push(...this.mappedActions(doc, diag, mapped, disabled));
        continue;
      }
      const rule = ruleOf(diag);
      if (!rule) continue;
      const start = doc.offsetAt(diag.range.start);
      const end = doc.offsetAt(diag.range.end);
      const finding = findings.find((f) => f.rule === rule && f.span.start === start && f.span.end === end);
      for (const fix of finding?.fixes ?? []) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc, fix.edits);
        a.diagnostics = [diag];
        a.isPreferred = fix.preferred ?? (finding?.fixes?.length === 1);
        actions.push(a);
      }
      if (commentsAllowed && !disabled.has(`${rule}@${diag.range.start.line}`)) {
        disabled.add(`${rule}@${diag.range.start.line}`);
        actions.push(this.disable(doc, diag, rule, start, 'line'));
        if (!disabled.has(rule)) {
          disabled.add(rule);
          actions.push(this.disable(doc, diag, rule, start, 'file'));
        }
      }
      if (finding && !disabled.has(`docs:${rule}`)) {
        disabled.add(`docs:${rule}`);
        // A quick fix like the others (VS Code drops an action without a kind when quick fixes are asked for).
        const docs = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
        docs.command = { command: 'kubeProbes.showRuleDocs', title: 'Show rule documentation', arguments: [rule] };
        actions.push(docs);
      }
    }
    return actions;
  }

  /**
   * A finding of a rendered chart or overlay: the core's fixes that it could carry to this file (a
   * values-file or patch value; none when that would be a guess), and the rule's docs. No "disable"
   * comment: the rendered text is what is linted, and a comment here would not reach it.
   */
  private mappedActions(doc: vscode.TextDocument, diag: vscode.Diagnostic, finding: Finding, done: Set<string>): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    // The ranges are those of the file on disk: with unsaved edits they may no longer hold.
    if (!doc.isDirty) {
      for (const fix of finding.fixes ?? []) {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.edit = toWorkspaceEdit(doc, fix.edits);
        a.diagnostics = [diag];
        a.isPreferred = fix.preferred ?? finding.fixes?.length === 1;
        out.push(a);
      }
    }
    if (!done.has(`docs:${finding.rule}`)) {
      done.add(`docs:${finding.rule}`);
      const docs = new vscode.CodeAction(`Show documentation for ${finding.rule}`, vscode.CodeActionKind.QuickFix);
      docs.command = { command: 'kubeProbes.showRuleDocs', title: 'Show rule documentation', arguments: [finding.rule] };
      out.push(docs);
    }
    return out;
  }

  private disable(doc: vscode.TextDocument, diag: vscode.Diagnostic, rule: string, at: number, scope: 'line' | 'file'): vscode.CodeAction {
    const title = scope === 'line' ? `Disable ${rule} for this line` : `Disable ${rule} for this file`;
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    a.edit = toWorkspaceEdit(doc, [disableCommentEdit(doc.getText(), at, rule, scope)]);
    a.diagnostics = [diag];
    return a;
  }
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.span.start), doc.positionAt(e.span.end)), e.newText);
  return we;
}

export type { Finding };
