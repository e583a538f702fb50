// The one owner of Helm chart and Kustomize overlay renders in the editor (glue around the core's
// UnitLintCache): which unit a file belongs to (cached per folder), the render options from the
// settings (kubeProbes.helm.path, kubeProbes.helm.valuesFiles, kubeProbes.kubectlPath), the latest
// rendered-and-linted result of each unit (kept on screen while a newer render runs), re-renders
// (debounced, cancellable) when a file under a unit or read by it is saved, created, changed on disk
// or deleted, or a setting changes, and window progress while a render runs. Diagnostics, the values
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
  private readonly timers = new Map<string, NodeJS.Timeout>();
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
    const p = this.cache.lint(unit, opts, config);
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
        this.log.debug(
          `rendered ${what} in ${Date.now() - started} ms: ${r.problem ? `failed (${r.problem.reason}): ${r.problem.message.split('\n')[0]}` : `${r.findings.length} findings`}`,
        );
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

  private rerender(unit: RenderUnit, delay: number): void {
    clearTimeout(this.timers.get(unit.root));
    this.timers.set(
      unit.root,
      setTimeout(() => {
        this.timers.delete(unit.root);
        this.cache.invalidate(unit.anchorFile);
        void fs.access(unit.anchorFile).then(
          () => this.lint(unit),
          () => this.forget(unit), // Chart.yaml / kustomization.yaml is gone: no longer a unit
        );
      }, delay),
    );
  }

  private forget(unit: RenderUnit): void {
    this.known.delete(unit.root);
    this.pending.delete(unit.root);
    if (this.latest.delete(unit.root)) this.changed.fire(unit);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.cache.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}
