// The one owner of Helm chart and Kustomize overlay renders in the editor (glue around the core's
// UnitLintCache): which unit a file belongs to (cached per folder), the render options from the
// settings (kubeProbes.helm.path, kubeProbes.helm.valuesFiles, kubeProbes.kubectlPath), the latest
// rendered-and-linted result of each unit (kept on screen while a newer render runs), re-renders
// (debounced, cancellable) when a file under a unit or read by it is saved, created, changed on disk
// or deleted, or a setting changes, and window progress while a render runs. Unsaved edits count:
// typing in a file a unit reads re-renders it (debounced; a newer keystroke cancels the older
// render) with the dirty documents' texts (core/render/buffers.ts), and closing a dirty document
// unsaved renders the saved files again. Diagnostics, the values
// picker, the Workspace Probes tree and CodeLens all read from here. Never renders in an untrusted
// workspace (rendering runs helm or kubectl).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { unitContaining, type RenderOptions, type RenderUnit } from '../core/render';
import { UnitLintCache, type UnitLint } from '../core/render/unit-cache';
import { helmPath, helmValuesFiles, kubectlPath, lintSettings, setHelmValuesFiles } from './config';

export type { RenderUnit, UnitLint };

/** Delay between the last change under a unit and its re-render. */
const RERENDER_DELAY_MS = 400;

export class UnitRenders implements vscode.Disposable {
  private readonly cache = new UnitLintCache();
  /** Folder of a file → the unit containing it (undefined: none). */
  private readonly unitOfDir = new Map<string, Promise<RenderUnit | undefined>>();
  /** Unit root → its latest settled result (a cancelled render never replaces it). */
  private readonly latest = new Map<string, UnitLint>();
  /** Unit root → the unit, for every unit asked for since activation (re-rendered on change). */
  private readonly known = new Map<string, RenderUnit>();
  /** Unit root → the cache's latest promise and what lint() returned for it (one progress per render). */
  private readonly pending = new Map<string, { from: Promise<UnitLint>; tracked: Promise<UnitLint | undefined> }>();
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; invalidate: boolean }>();
  private readonly changed = new vscode.EventEmitter<RenderUnit>();
  /** Fires when a unit's result changed (rendered, failed, or dropped). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const onFile = (uri: vscode.Uri) => this.fileChanged(uri);
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate(onFile),
      watcher.onDidChange(onFile),
      watcher.onDidDelete(onFile),
      vscode.workspace.onDidSaveTextDocument((d) => this.fileChanged(d.uri)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.typed(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => d.isDirty && this.typed(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (['kubeProbes.helm', 'kubeProbes.kubectlPath', 'kubeProbes.lint'].some((s) => e.affectsConfiguration(s))) this.refreshAll();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
    );
  }

  /** Rendering runs helm/kubectl: only in a trusted workspace. */
  get enabled(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** The chart or overlay a file belongs to (a subchart's file: the chart carrying it), or undefined. */
  unitFor(uri: vscode.Uri): Promise<RenderUnit | undefined> {
    if (uri.scheme !== 'file') return Promise.resolve(undefined);
    const dir = path.dirname(uri.fsPath);
    let u = this.unitOfDir.get(dir);
    if (!u) {
      u = unitContaining(uri.fsPath).catch(() => undefined);
      this.unitOfDir.set(dir, u);
    }
    return u;
  }

  /** The latest settled result of a unit (kept while a newer render runs), if it ever rendered. */
  result(unit: RenderUnit): UnitLint | undefined {
    return this.latest.get(unit.root);
  }

  /** The latest settled result of the unit whose Chart.yaml / kustomization.yaml is `anchorFile` (sync: no render). */
  resultAt(anchorFile: string): UnitLint | undefined {
    const abs = path.resolve(anchorFile);
    return this.results().find((r) => r.unit.anchorFile === abs);
  }

  /** Every settled result (for the Problems panel and the tree). */
  results(): UnitLint[] {
    return [...this.latest.values()];
  }

  /** Units whose latest result read `file` (a base outside an overlay, a values file passed in). */
  readersOf(file: string): RenderUnit[] {
    const abs = path.resolve(file);
    return this.results().filter((r) => r.inputs.includes(abs)).map((r) => r.unit);
  }

  /**
   * The unit rendered and linted with the current settings: the cached result, or a render (with
   * window progress). Undefined in an untrusted workspace or when a newer request cancelled it.
   */
  lint(unit: RenderUnit): Promise<UnitLint | undefined> {
    if (!this.enabled) return Promise.resolve(undefined);
    this.known.set(unit.root, unit);
    const opts = this.options(unit);
    const config = lintSettings(vscode.Uri.file(unit.anchorFile)).config;
    const p = this.cache.lint(unit, opts, config, this.buffers(unit, opts));
    const current = this.pending.get(unit.root);
    if (current?.from === p) return current.tracked;
    const tracked = this.track(unit, p);
    this.pending.set(unit.root, { from: p, tracked });
    return tracked;
  }

  private track(unit: RenderUnit, p: Promise<UnitLint>): Promise<UnitLint | undefined> {
    const what = `${unit.kind === 'helm' ? 'chart' : 'overlay'} ${vscode.workspace.asRelativePath(unit.root)}`;
    const started = Date.now();
    const run = p.then(
      (r) => {
        if (r.problem?.reason === 'cancelled') return undefined;
        if (this.cache.settled(unit.root) !== r) return undefined; // superseded meanwhile
        this.latest.set(unit.root, r);
        const unsaved = r.buffers?.length ? ` with ${r.buffers.length} unsaved file(s)` : '';
        this.log.debug(
          `rendered ${what}${unsaved} in ${Date.now() - started} ms: ${r.problem ? `failed (${r.problem.reason}): ${r.problem.message.split('\n')[0]}${r.provisional ? ` (kept ${r.findings.length} findings of unchanged files)` : ''}` : `${r.findings.length} findings`}`,
        );
        if (r.note) this.log.info(`${what}: unsaved changes not rendered: ${r.note}`);
        this.changed.fire(unit);
        return r;
      },
      (e: unknown) => {
        this.log.error(`rendering ${what} failed unexpectedly: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return undefined;
      },
    );
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Rendering ${what}` }, () => run);
    return run;
  }

  /**
   * The unsaved documents a render of `unit` reads: dirty files under its folder, files its latest
   * render read (an overlay's base elsewhere) and its chosen values files.
   */
  buffers(unit: RenderUnit, opts: RenderOptions = this.options(unit)): Map<string, string> {
    const out = new Map<string, string>();
    const read = new Set([...(this.latest.get(unit.root)?.inputs ?? []), ...(opts.valuesFiles ?? [])]);
    for (const d of vscode.workspace.textDocuments) {
      if (!d.isDirty || d.uri.scheme !== 'file') continue;
      const f = path.resolve(d.uri.fsPath);
      if (f.startsWith(unit.root + path.sep) || read.has(f)) out.set(f, d.getText());
    }
    return out;
  }

  /** A document was edited (or closed unsaved): the units that read it render its buffer, debounced. */
  private typed(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !this.enabled) return;
    const f = path.resolve(uri.fsPath);
    const affected = new Map<string, RenderUnit>();
    for (const u of this.known.values()) if (f.startsWith(u.root + path.sep)) affected.set(u.root, u);
    for (const u of this.readersOf(f)) affected.set(u.root, u);
    for (const u of this.known.values()) if (this.valuesFiles(u).some((v) => path.resolve(u.root, v) === f)) affected.set(u.root, u);
    for (const u of affected.values()) this.rerender(u, RERENDER_DELAY_MS, false);
  }

  /** Render options from the settings: the helm/kubectl binaries and the chart's chosen values files. */
  options(unit: RenderUnit): RenderOptions {
    if (unit.kind === 'kustomize') return { kubectlPath: kubectlPath() };
    return { helmPath: helmPath(), valuesFiles: this.valuesFiles(unit).map((f) => path.resolve(unit.root, f)) };
  }

  /** The values files chosen for a chart (relative to the chart folder, in order), `[]` for the chart's own values.yaml only. */
  valuesFiles(unit: RenderUnit): string[] {
    return unit.kind === 'helm' ? helmValuesFiles(vscode.Uri.file(unit.anchorFile), unit.root) : [];
  }

  /** Chooses a chart's values files (written to the kubeProbes.helm.valuesFiles setting) and renders again. */
  async setValuesFiles(unit: RenderUnit, files: string[]): Promise<void> {
    await setHelmValuesFiles(vscode.Uri.file(unit.anchorFile), unit.root, files);
    this.rerender(unit, 0);
  }

  /** Forgets cached results and renders every known unit again (a setting changed). */
  refreshAll(): void {
    this.unitOfDir.clear();
    for (const unit of this.known.values()) {
      this.cache.invalidate(unit.anchorFile);
      this.rerender(unit, 0);
    }
  }

  private fileChanged(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const base = path.basename(uri.fsPath);
    if (base === 'Chart.yaml' || base === 'Kustomization' || /^kustomization\.ya?ml$/.test(base)) this.unitOfDir.clear();
    const affected = new Map<string, RenderUnit>();
    for (const u of this.cache.invalidate(uri.fsPath)) affected.set(u.root, this.known.get(u.root) ?? u);
    for (const r of this.readersOf(uri.fsPath)) affected.set(r.root, r);
    for (const u of affected.values()) this.rerender(u, RERENDER_DELAY_MS);
  }

  /** Renders `unit` again after `delay`; `invalidate` false: only the buffers changed (the cache's key tells). */
  private rerender(unit: RenderUnit, delay: number, invalidate = true): void {
    const pending = this.timers.get(unit.root);
    clearTimeout(pending?.timer);
    const drop = invalidate || (pending?.invalidate ?? false);
    this.timers.set(unit.root, {
      invalidate: drop,
      timer: setTimeout(() => {
        this.timers.delete(unit.root);
        if (drop) this.cache.invalidate(unit.anchorFile);
        void fs.access(unit.anchorFile).then(
          () => this.lint(unit),
          () => this.forget(unit), // Chart.yaml / kustomization.yaml is gone: no longer a unit
        );
      }, delay),
    });
  }

  private forget(unit: RenderUnit): void {
    this.known.delete(unit.root);
    this.pending.delete(unit.root);
    if (this.latest.delete(unit.root)) this.changed.fire(unit);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.cache.dispose(); // also removes the temporary mirrors of unsaved renders
    this.disposables.forEach((d) => d.dispose());
  }
}
