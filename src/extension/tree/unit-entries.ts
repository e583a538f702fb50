// Charts and overlays in the Workspace Probes tree (glue): finds the workspace's Chart.yaml and
// kustomization files, asks the one owner of unit renders (units.ts) to render each unit (one at a
// time, trusted workspaces only), and turns each result into the index's unit entry
// (core/workspace/unit-summary.ts) whenever the unit renders again, fails or goes away. Serves the
// CodeLens of a chart's files from those entries (each rendered probe at the place it is written),
// and the rendered workloads to the commands that act on them.
import * as vscode from 'vscode';
import type { Workload } from '../../core/manifest/model';
import { parseManifest } from '../../core/manifest/parse';
import type { WorkloadSummary } from '../../core/workspace';
import type { WorkspaceIndex } from '../../core/workspace';
import { summarizeUnit } from '../../core/workspace/unit-summary';
import { timelineArgsAt, type UnitLensSource, type UnitLenses } from '../codelens';
import { lintSettings } from '../config';
import type { RenderUnit, UnitRenders } from '../units';

const ANCHORS = '**/{Chart.yaml,kustomization.yaml,kustomization.yml,Kustomization}';
const EXCLUDE = '**/{node_modules,.git}/**';

export class UnitEntries implements vscode.Disposable, UnitLensSource {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<RenderUnit>();
  /** Fires after a unit's entry changed (rendered again, failed, removed). */
  readonly onDidChange = this.changed.event;
  /** Unit root → the index key it is shown under. */
  private readonly shown = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  private scanned: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly units: UnitRenders,
    private readonly index: WorkspaceIndex,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(ANCHORS, false, true, true);
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate((uri) => void this.add(uri)),
      units.onDidChange((unit) => void this.update(unit)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.scan()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scan()),
    );
    void this.scan();
  }

  /** Resolves when the units found by the latest scan have been rendered (or failed). */
  whenRendered(): Promise<void> {
    return this.scanned;
  }

  private scan(): Promise<void> {
    this.scanned = (async () => {
      if (!this.units.enabled) return;
      const anchors = await vscode.workspace.findFiles(ANCHORS, EXCLUDE);
      const seen = new Set<string>();
      const jobs: Promise<unknown>[] = [];
      for (const uri of anchors.sort((a, b) => a.fsPath.length - b.fsPath.length)) {
        const unit = await this.units.unitFor(uri);
        if (!unit || seen.has(unit.root)) continue;
        seen.add(unit.root);
        jobs.push(this.render(unit));
      }
      await Promise.all(jobs);
    })();
    return this.scanned;
  }

  private async add(uri: vscode.Uri): Promise<void> {
    const unit = await this.units.unitFor(uri);
    if (unit) await this.render(unit);
  }

  /** One render at a time: a workspace of many charts must not start as many helm processes at once. */
  private render(unit: RenderUnit): Promise<unknown> {
    const r = this.queue.then(async () => {
      if (this.disposed) return;
      // A unit another view rendered before this one listened is shown from its result.
      if (await this.units.lint(unit)) await this.update(unit);
    });
    this.queue = r.catch(() => undefined);
    return r;
  }

  private async update(unit: RenderUnit): Promise<void> {
    const result = this.units.result(unit);
    const key = vscode.Uri.file(unit.anchorFile).toString();
    if (!result) {
      this.shown.delete(unit.root);
      this.index.removeUnit(key);
      this.changed.fire(unit);
      return;
    }
    try {
      const summary = await summarizeUnit(result, (f) => vscode.Uri.file(f).toString(), lintSettings(vscode.Uri.file(unit.anchorFile)).config);
      if (this.disposed || this.units.result(unit) !== result) return; // a newer render is on its way
      const old = this.shown.get(unit.root);
      if (old && old !== key) this.index.removeUnit(old);
      this.shown.set(unit.root, key);
      this.index.setUnit(key, `${vscode.Uri.file(unit.root).toString()}/`, summary);
      this.changed.fire(unit);
    } catch (e) {
      this.log.error(`Workspace Probes: could not list ${vscode.workspace.asRelativePath(unit.root)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The rendered probes and workloads written in `doc` (a template, a values file, a patch). */
  async lensesIn(doc: vscode.TextDocument): Promise<UnitLenses | undefined> {
    const unit = await this.units.unitFor(doc.uri);
    if (!unit) return undefined;
    const anchor = vscode.Uri.file(unit.anchorFile);
    const s = this.index.peek(anchor.toString());
    if (!s?.unit || s.unit.problem) return undefined; // not rendered (yet): the file is linted on its own
    const here = doc.uri.toString();
    const out: UnitLenses = { anchor, simulate: [], handlers: [] };
    for (const w of s.workloads) {
      if (w.source?.path === here) {
        const model = this.workload(unit, w);
        if (model) out.simulate.push({ at: new vscode.Position(w.source.at.line, w.source.at.character), args: timelineArgsAt(anchor, 0, model) });
      }
      for (const c of w.containers) {
        for (const h of c.handlers) {
          if (h.source?.path !== here || !h.type) continue;
          out.handlers.push({ at: new vscode.Position(h.source.at.line, h.source.at.character), loc: h.locator, isProbe: h.isProbe, workload: w.title });
        }
      }
    }
    return out;
  }

  /** The rendered workload of a unit's tree row, as parsed from its latest render. */
  workload(unit: RenderUnit, w: WorkloadSummary): Workload | undefined {
    const text = this.units.result(unit)?.rendered?.text;
    if (text === undefined) return undefined;
    const file = parseManifest(text, unit.anchorFile);
    return file.workloads.find((x) => x.document.index === w.documentIndex && x.listIndex === w.listIndex && x.kind === w.kind && x.name === w.name);
  }

  dispose(): void {
    this.disposed = true;
    this.disposables.forEach((d) => d.dispose());
  }
}
