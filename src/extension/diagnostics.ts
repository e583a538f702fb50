// Lint diagnostics: on open, on change (debounced), re-run on settings change, cleared on close.
// One parse per document version. How a text is linted is the entry's choice (a Linter): the
// desktop lints big documents in a worker thread (lint-runner.ts), the browser inline (web-extension.ts).
// A file that is not linted (over kubeProbes.lint.maxFileSizeMB, too large for the browser, a lint
// that timed out) gets one information diagnostic at its top saying why, logged once, never a toast.
import * as vscode from 'vscode';
import { looksLikeKubernetes } from '../core/manifest/detect';
import { ruleById } from '../core/lint/rules';
import type { Finding } from '../core/lint/types';
import { debounceMs, lintSettings, MAX_FILE_SIZE_SETTING } from './lint-settings';
import type { LintConfig } from '../core/lint/types';
import type { LintOutcome } from './lint-runner';

/**
 * Lints one text with a configuration; never throws (a failure is the outcome's error). `signal`
 * aborts a lint whose result is no longer wanted (a newer edit started another).
 */
export type Linter = (text: string, file: string, config: LintConfig, signal?: AbortSignal) => LintOutcome | Promise<LintOutcome>;

export const DIAGNOSTIC_SOURCE = 'kube-probes';
const LANGUAGES = new Set(['yaml', 'json', 'jsonc', 'helm']);

export interface LintedDocument {
  version: number;
  findings: Finding[];
}

export class DiagnosticsManager implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly results = new Map<string, LintedDocument>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The lint in progress per document, aborted when a newer one starts. */
  private readonly running = new Map<string, AbortController>();
  /** Why each document is not linted now, as last logged: logged again only when it changes. */
  private readonly notLinted = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's findings changed. */
  readonly onDidLint = this.changed.event;

  constructor(
    private readonly linter: Linter,
    private readonly log: vscode.LogOutputChannel,
    /**
     * True when a file's findings come from its rendered chart or overlay (unit-diagnostics.ts): it
     * is then not linted on its own (a chart's templates are no longer linted masked).
     */
    private readonly renderedElsewhere: (uri: vscode.Uri) => Promise<boolean> = async () => false,
  ) {
    this.disposables.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kubeProbes') || e.affectsConfiguration('yaml.schemas')) this.relintAll();
      }),
      vscode.extensions.onDidChange(() => this.relintAll()),
    );
    this.relintAll();
  }

  /** Findings of the latest lint of this document (for code actions, hovers, the tree). */
  findingsFor(doc: vscode.TextDocument): Finding[] | undefined {
    const r = this.results.get(doc.uri.toString());
    return r && r.version === doc.version ? r.findings : undefined;
  }

  /** Lints every manifest of the workspace, open or not, so the Problems panel lists them all. */
  async lintWorkspace(): Promise<number> {
    const uris = await vscode.workspace.findFiles('**/*.{yaml,yml,json}', '**/{node_modules,.git}/**');
    let count = 0;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Linting Kubernetes manifests', cancellable: true },
      async (progress, token) => {
        for (const [i, uri] of uris.entries()) {
          if (token.isCancellationRequested) break;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
          // A chart's or overlay's file: its findings come from the render (awaited here, once per unit).
          if (await this.renderedElsewhere(uri)) {
            this.collection.delete(uri);
            continue;
          }
          const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
          if (open) {
            await this.lint(open);
            count++;
            continue;
          }
          let text: string;
          try {
            text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          } catch (e) {
            this.log.warn(`cannot read ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
            continue;
          }
          if (!looksLikeKubernetes(text)) continue;
          const settings = lintSettings(uri);
          if (!settings.enabled) continue;
          if (text.length > settings.maxChars) {
            this.showNotLinted(uri, tooLargeMessage(text.length, settings.maxChars), 'info', MAX_FILE_SIZE_SETTING);
            continue;
          }
          const outcome = await this.linter(text, uri.fsPath || uri.toString(), settings.config);
          if (outcome.error) {
            this.showNotLinted(uri, outcome.error, 'error');
            continue;
          }
          if (outcome.notLinted) {
            this.showNotLinted(uri, outcome.notLinted, 'info');
            continue;
          }
          this.notLinted.delete(uri.toString());
          const lines = new LineIndex(text);
          this.collection.set(uri, outcome.findings.map((f) => this.toDiagnosticAt(lines, f)));
          count++;
          if (i % 20 === 0) await new Promise((r) => setTimeout(r, 0)); // keep the host responsive
        }
      },
    );
    return count;
  }

  relintAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Lints the open documents `which` accepts again (a chart rendered or failed: coverage changed). */
  relintWhere(which: (uri: vscode.Uri) => boolean): void {
    for (const d of vscode.workspace.textDocuments) if (which(d.uri)) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay?: number): void {
    // Only the cheap checks here, on every keystroke; the text is read once the typing pauses (lint()).
    if (!this.mayLint(doc)) {
      if (this.results.has(doc.uri.toString())) this.forget(doc.uri);
      return;
    }
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const wait = delay ?? debounceMs();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lint(doc);
      }, wait),
    );
  }

  private mayLint(doc: vscode.TextDocument): boolean {
    if (!LANGUAGES.has(doc.languageId) || doc.uri.scheme === 'output' || doc.uri.scheme === 'vscode-scm') return false;
    return !doc.isClosed;
  }

  private async lint(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    const key = doc.uri.toString();
    const settings = lintSettings(doc.uri);
    for (const p of settings.problems) this.log.warn(`settings: kubeProbes.lint: ${p}`);
    if (!settings.enabled) {
      this.forget(doc.uri);
      return;
    }
    // The length without building the text: a file over the limit is never read whole on this thread,
    // only its top, to tell whether it is a manifest at all.
    const length = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
    const tooLarge = length > settings.maxChars;
    const text = tooLarge ? doc.getText(new vscode.Range(new vscode.Position(0, 0), doc.positionAt(HEAD_CHARS))) : doc.getText();
    if (!looksLikeKubernetes(text)) return this.forgetIfKnown(doc.uri);
    const version = doc.version;
    if (await this.renderedElsewhere(doc.uri)) {
      if (this.results.delete(key)) {
        this.collection.delete(doc.uri);
        this.changed.fire(doc.uri);
      }
      return;
    }
    if (doc.isClosed || doc.version !== version) return; // a newer edit lints again
    if (tooLarge) {
      this.running.get(key)?.abort();
      this.results.set(key, { version, findings: [] });
      this.showNotLinted(doc.uri, tooLargeMessage(length, settings.maxChars), 'info', MAX_FILE_SIZE_SETTING);
      return;
    }
    const file = doc.uri.fsPath || doc.uri.toString();
    const started = Date.now();
    this.running.get(key)?.abort();
    const run = new AbortController();
    this.running.set(key, run);
    let outcome: LintOutcome;
    try {
      outcome = await this.linter(text, file, settings.config, run.signal);
    } catch (err) {
      outcome = { findings: [], error: err instanceof Error ? err.message : String(err) };
    } finally {
      if (this.running.get(key) === run) this.running.delete(key);
    }
    if (run.signal.aborted || doc.isClosed || doc.version !== version) return; // a newer lint runs
    this.results.set(key, { version, findings: outcome.findings });
    if (outcome.error || outcome.notLinted) {
      this.showNotLinted(doc.uri, (outcome.error ?? outcome.notLinted)!, outcome.error ? 'error' : 'info');
    } else {
      this.notLinted.delete(key);
      this.collection.set(doc.uri, outcome.findings.map((f) => this.toDiagnostic(doc, f)));
      this.log.trace(`linted ${vscode.workspace.asRelativePath(doc.uri)} v${version}: ${outcome.findings.length} findings in ${Date.now() - started} ms`);
      this.changed.fire(doc.uri);
    }
  }

  /**
   * The one diagnostic of a file that is not linted: information at its top, saying why (and, as its
   * code, the setting that changes it). Logged when the reason changes, not on every keystroke.
   */
  private showNotLinted(uri: vscode.Uri, message: string, level: 'info' | 'error', setting?: string): void {
    const key = uri.toString();
    if (this.notLinted.get(key) !== message) {
      this.notLinted.set(key, message);
      this.log[level](`${vscode.workspace.asRelativePath(uri)}: ${message}`);
    }
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), message, vscode.DiagnosticSeverity.Information);
    d.source = DIAGNOSTIC_SOURCE;
    if (setting) d.code = { value: setting, target: settingsUri(setting) };
    this.collection.set(uri, [d]);
    this.changed.fire(uri);
  }

  private forgetIfKnown(uri: vscode.Uri): void {
    if (this.results.has(uri.toString()) || this.notLinted.has(uri.toString())) this.forget(uri);
  }

  private toDiagnostic(doc: vscode.TextDocument, f: Finding): vscode.Diagnostic {
    return this.toDiagnosticAt({ positionAt: (o) => doc.positionAt(o) }, f);
  }

  private toDiagnosticAt(lines: { positionAt(offset: number): vscode.Position }, f: Finding): vscode.Diagnostic {
    return findingDiagnostic(new vscode.Range(lines.positionAt(f.span.start), lines.positionAt(f.span.end)), f);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.running.get(key)?.abort();
    this.running.delete(key);
    this.notLinted.delete(key);
    this.results.delete(key);
    this.collection.delete(uri);
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const r of this.running.values()) r.abort();
    this.disposables.forEach((d) => d.dispose());
  }
}

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

/** One finding as a diagnostic at `range`: severity, our source, the rule id linking to its docs. */
export function findingDiagnostic(range: vscode.Range, f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
  d.source = DIAGNOSTIC_SOURCE;
  // The rule link (Problems panel, hover) opens the rendered page through the showRuleDocs command,
  // as "Show documentation" does; VS Code opens code links with command URIs allowed.
  d.code = ruleById(f.rule) ? { value: f.rule, target: ruleDocsUri(f.rule) } : f.rule;
  return d;
}

/** `command:kubeProbes.showRuleDocs?["<rule>"]`: the link that opens a rule's rendered documentation. */
export function ruleDocsUri(rule: string): vscode.Uri {
  return vscode.Uri.parse(`command:kubeProbes.showRuleDocs?${encodeURIComponent(JSON.stringify([rule]))}`);
}

/** The rule id of one of our diagnostics (none for the note of a file that is not linted, whose code is a setting). */
export function ruleOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = typeof d.code === 'object' ? String(d.code.value) : d.code !== undefined ? String(d.code) : undefined;
  return code?.startsWith('kubeProbes.') ? undefined : code;
}

/** Characters read from the top of a file too large to lint, to tell whether it is a manifest at all. */
const HEAD_CHARS = 256 * 1024;

const MB = 1024 * 1024;
function tooLargeMessage(length: number, limit: number): string {
  const mb = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;
  return (
    `Kubernetes Probes did not lint this file: at ${mb(length)} it is larger than the ${mb(limit)} of ` +
    `${MAX_FILE_SIZE_SETTING}. Raise that setting (0 = no limit) to lint it in the editor, or run "kube-probes lint" on it.`
  );
}

/** `command:workbench.action.openSettings?["<setting>"]`: opens the Settings editor at one setting. */
function settingsUri(setting: string): vscode.Uri {
  return vscode.Uri.parse(`command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify([setting]))}`);
}

/** Offsets → positions for a text that is not open in an editor. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  positionAt(offset: number): vscode.Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, offset - this.starts[lo]);
  }
}
