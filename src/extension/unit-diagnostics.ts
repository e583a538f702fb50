// Diagnostics of charts and overlays: every finding of a rendered unit on the file it maps to (values
// file key, template line, patch, resource, or Chart.yaml / kustomization.yaml when unmapped), and a
// render failure as one diagnostic (the tool's message; missing helm/kubectl says which setting to
// set); a render of unsaved text that failed is provisional: its failure plus the last good render's
// findings on unchanged files (the unit's files stay covered). Opening any file of a unit asks units.ts for its render; a file whose unit rendered is not
// linted on its own (DiagnosticsManager asks `coversFile`); when the render fails it is linted as
// before (a template masked), next to the failure. Glue only: rendering, mapping and fixes are core.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MappedFinding } from '../core/render';
import type { RenderProblem } from '../core/render/unit-cache';
import { lintSettings } from './config';
import { DIAGNOSTIC_SOURCE, findingDiagnostic } from './diagnostics';
import type { RenderUnit, UnitLint, UnitRenders } from './units';

export class UnitDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-charts`);
  /** File (absolute) → the findings shown on it, for code actions. */
  private readonly shown = new Map<string, MappedFinding[]>();
  private readonly changed = new vscode.EventEmitter<RenderUnit>();
  /** Fires after the diagnostics of a unit's files were replaced. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly units: UnitRenders) {
    this.disposables.push(
      this.collection,
      this.changed,
      units.onDidChange((u) => {
        this.publish();
        this.changed.fire(u);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => void this.request(d.uri)),
      vscode.window.onDidChangeActiveTextEditor((e) => e && void this.request(e.document.uri)),
    );
    for (const d of vscode.workspace.textDocuments) void this.request(d.uri);
    this.publish();
  }

  /** Renders the unit of an opened file (cached; nothing for a file outside any chart or overlay). */
  private async request(uri: vscode.Uri): Promise<void> {
    if (!this.units.enabled) return;
    const unit = await this.units.unitFor(uri);
    if (unit) void this.units.lint(unit);
  }

  /**
   * True when the file's findings come from a render: it lies in a chart whose render has not failed
   * (a first render is awaited), or a rendered overlay reads it.
   */
  async coversFile(uri: vscode.Uri): Promise<boolean> {
    if (!this.units.enabled) return false;
    const unit = await this.units.unitFor(uri);
    if (unit) {
      const r = this.units.result(unit) ?? (await this.units.lint(unit));
      // A render of unsaved text that fails (a template half typed) keeps the unit's files covered.
      if (!r || (r.problem && !r.provisional)) return false;
      // Every file of a chart is the chart's; a file in an overlay's folder only if the overlay reads it
      // (a stray manifest next to kustomization.yaml is linted on its own).
      if (unit.kind === 'helm' || r.inputs.includes(path.resolve(uri.fsPath))) return true;
    }
    return this.units.readersOf(uri.fsPath).some((u) => {
      const r = this.units.result(u);
      return !r?.problem || r.provisional;
    });
  }

  /** The mapped findings shown on a file (ranges as rendered from the file on disk). */
  findingsOn(uri: vscode.Uri): MappedFinding[] {
    return this.shown.get(path.resolve(uri.fsPath)) ?? [];
  }

  /** The finding behind one of this collection's diagnostics, 'problem' for a render failure, undefined if not ours. */
  findingOf(uri: vscode.Uri, diag: vscode.Diagnostic): MappedFinding | 'problem' | undefined {
    const ours = this.collection.get(uri) ?? [];
    const mine = ours.find((d) => d.message === diag.message && d.range.isEqual(diag.range));
    if (!mine) return undefined;
    return this.findingsOn(uri).find((f) => f.message === diag.message && toRange(f.range).isEqual(diag.range)) ?? 'problem';
  }

  private publish(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const findings = new Map<string, MappedFinding[]>();
    const seen = new Set<string>();
    const add = (file: string, d: vscode.Diagnostic) => {
      const list = byFile.get(file) ?? [];
      list.push(d);
      byFile.set(file, list);
    };
    for (const r of this.units.results()) {
      if (!lintSettings(vscode.Uri.file(r.unit.anchorFile)).enabled) continue;
      if (r.problem) add(r.problem.file, problemDiagnostic(r.problem, r));
      // A failed render has no findings, unless it rendered unsaved text (provisional: the last good
      // render's findings on the files unchanged since stay).
      for (const f of r.findings) {
        // A base's finding reached through two overlays (or the base itself) is shown once.
        const key = `${f.file}\0${f.rule}\0${f.span.start}\0${f.span.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        add(f.file, findingDiagnostic(toRange(f.range), f));
        findings.set(f.file, [...(findings.get(f.file) ?? []), f]);
      }
    }
    for (const [uri] of this.collection) if (!byFile.has(uri.fsPath)) this.collection.delete(uri);
    for (const [file, diags] of byFile) this.collection.set(vscode.Uri.file(file), diags);
    this.shown.clear();
    for (const [file, list] of findings) this.shown.set(file, list);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

function toRange(r: MappedFinding['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** One render failure: the tool's own message; a missing tool is a calm warning naming the setting. */
function problemDiagnostic(p: RenderProblem, r: UnitLint): vscode.Diagnostic {
  const helm = r.unit.kind === 'helm';
  const tool = helm ? 'helm' : 'kubectl';
  const setting = helm ? 'kubeProbes.helm.path' : 'kubeProbes.kubectlPath';
  let message: string;
  let severity = vscode.DiagnosticSeverity.Error;
  if (p.reason === 'not-found') {
    severity = vscode.DiagnosticSeverity.Warning;
    const why = /: (.*?)(;|$)/.exec(p.message)?.[1] ?? `'${tool}' is not on PATH`;
    message =
      `This ${helm ? 'chart' : 'overlay'} is linted as rendered by ${helm ? '`helm template`' : '`kubectl kustomize`'}, but ${tool} was not found (${why}). ` +
      `Install ${helm ? 'Helm 3 or 4' : 'kubectl'}, or set ${setting} to its path.`;
  } else {
    const what = helm ? 'helm template' : 'kubectl kustomize';
    message = p.reason === 'failed' ? `${what} failed: ${p.message}` : p.message;
  }
  // The whole line the tool named, from its first non-blank character when the file is open.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === p.file);
  const line = open && p.range.start.line < open.lineCount ? open.lineAt(p.range.start.line) : undefined;
  const range = line
    ? new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.range.end.character)
    : new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, Math.min(p.range.end.character, 10_000));
  const d = new vscode.Diagnostic(range, message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  if (p.reason === 'not-found') {
    d.code = { value: setting, target: vscode.Uri.parse(`command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify([setting]))}`) };
  }
  return d;
}
