// "Workspace probes": keeps the WorkspaceIndex in step with the workspace (initial scan, file
// watcher, open editors — whose unsaved text wins over the disk) and serves the tree. A change
// refreshes the changed file's node only; the first scan lists the files at once and parses them
// in slices afterwards, so that the tree is there before every file has been read.
import * as vscode from 'vscode';
import type { HandlerLocator } from '../../core/probe/locate';
import { parseManifest } from '../../core/manifest/parse';
import { WorkspaceIndex, type IndexTotals, type LintSetting } from '../../core/workspace';
import { statusBarModel, type FailingProbe, type StatusBarModel } from '../../core/workspace/run-status';
import { escapeMarkdown } from '../../core/lint/describe';
import { fileOf, WorkspaceTreeModel, type HandlerNode, type HandlerStatus, type WorkloadNode, type WorkspaceNode } from '../../core/workspace/tree-model';
import { timelineArgs } from '../codelens';
import type { TimelineShowArgs } from '../timeline-panel';
import { lintSettings } from '../config';
import type { ProbeRuns } from '../probe-runs';
import { RefreshQueue, toTreeItem } from './items';

export const WORKSPACE_VIEW = 'kubeProbes.workspace';
const GLOB = '**/*.{yaml,yml,json}';
const EXCLUDE = '**/{node_modules,.git}/**';
const SKIP = /[\\/](node_modules|\.git)[\\/]/;
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const FS_DEBOUNCE_MS = 300;
const EDIT_DEBOUNCE_MS = 300;
/** Parse for this long, then let the extension host breathe. */
const SLICE_MS = 15;

export interface ProbeStatusSummary {
  /** Probes failing now: watched and failing, or run recently and failed with nothing newer. */
  failing: FailingProbe[];
  totals: IndexTotals;
  /** What the status bar shows (core/workspace/run-status.ts). */
  bar: StatusBarModel;
}

export class WorkspaceProbesView implements vscode.TreeDataProvider<WorkspaceNode>, vscode.Disposable {
  readonly index: WorkspaceIndex;
  readonly model: WorkspaceTreeModel;
  private readonly refresh = new RefreshQueue<WorkspaceNode>();
  readonly onDidChangeTreeData = this.refresh.event;
  private readonly statusEmitter = new vscode.EventEmitter<ProbeStatusSummary>();
  /** The failing count and the totals, after runs, watches and index changes (debounced). */
  readonly onDidChangeStatus = this.statusEmitter.event;
  private status_: ProbeStatusSummary | undefined;

  private readonly uris = new Map<string, vscode.Uri>();
  private readonly lintCache = new Map<string, LintSetting>();
  private readonly fsPending = new Map<string, vscode.Uri>();
  private fsTimer: NodeJS.Timeout | undefined;
  private readonly editTimers = new Map<string, NodeJS.Timeout>();
  private statusTimer: NodeJS.Timeout | undefined;
  /** Looks again when an age ("2 min ago") would change or a failure would expire. */
  private ageTimer: NodeJS.Timeout | undefined;
  private relintTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private scanGen = 0;
  private disposed = false;
  private listed = false;
  /** Resolves when the latest scan has listed the files; `parsed` when it has also parsed them all. */
  private scan_: { listed: Promise<void>; parsed: Promise<void> } | undefined;

  constructor(
    private readonly runs: ProbeRuns,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.index = new WorkspaceIndex({ lint: (path) => this.lintFor(path) });
    this.model = new WorkspaceTreeModel(this.index, {
      displayPath: (path) => this.displayPath(path),
      status: (path, loc) => this.statusOf(path, loc),
    });
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    this.disposables.push(
      this.refresh,
      this.statusEmitter,
      watcher,
      this.index.onDidChange((change) => {
        this.refresh.add(this.model.apply(change));
        this.scheduleStatus();
      }),
      watcher.onDidCreate((uri) => this.onFsEvent(uri)),
      watcher.onDidChange((uri) => this.onFsEvent(uri)),
      watcher.onDidDelete((uri) => this.onFsEvent(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.onEdit(e.document);
      }),
      // Unsaved edits are gone when the editor closes: the disk's text counts again.
      vscode.workspace.onDidCloseTextDocument((d) => this.wants(d.uri) && this.onFsEvent(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kubeProbes.lint') || e.affectsConfiguration('yaml.schemas')) this.scheduleRelint();
      }),
      vscode.extensions.onDidChange(() => this.scheduleRelint()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan(false)),
      runs.onDidChange(() => this.scheduleStatus()),
    );
    void this.rescan(false);
  }

  /** The latest failing count and totals (undefined before the first computation). */
  get status(): ProbeStatusSummary | undefined {
    return this.status_;
  }

  /** Resolves when the latest scan has listed (`'listed'`) or also parsed (`'parsed'`) every file. */
  whenScanned(stage: 'listed' | 'parsed' = 'parsed'): Promise<void> {
    return this.scan_?.[stage] ?? Promise.resolve();
  }

  // ---- TreeDataProvider -------------------------------------------------------------------------

  getChildren(node?: WorkspaceNode): WorkspaceNode[] {
    if (!node && !this.listed) return [];
    return this.model.children(node);
  }

  getParent(node: WorkspaceNode): WorkspaceNode | undefined {
    return this.model.parent(node);
  }

  getTreeItem(node: WorkspaceNode): vscode.TreeItem {
    const m = this.model.item(node);
    const at = this.model.location(node);
    return toTreeItem(m, {
      ...(at && { command: { command: 'kubeProbes.goToDefinition', title: 'Go to Definition', arguments: [node] } }),
      ...(node.type === 'file' && { resourceUri: this.uriOf(node.path) }),
    });
  }

  // ---- commands ---------------------------------------------------------------------------------

  /** Opens the manifest at the node (a workload, container, probe, hook or YAML error). */
  async goToDefinition(node: WorkspaceNode | undefined): Promise<void> {
    const at = node && this.model.location(node);
    if (!node || !at) return;
    const doc = await vscode.workspace.openTextDocument(this.uriOf(at.path));
    const pos = new vscode.Position(at.at.line, at.at.character);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), preview: true });
  }

  /** [uri, locator] for kubeProbes.runProbe / watchProbe / stopWatch. */
  probeArgs(node: HandlerNode): [vscode.Uri, HandlerLocator] {
    return [this.uriOf(fileOf(node).path), node.handler.locator];
  }

  /** [uri, "Kind/name"] for kubeProbes.chooseTarget. */
  targetArgs(node: WorkloadNode | HandlerNode): [vscode.Uri, string] {
    const ref = node.type === 'workload' ? node.workload.ref : node.handler.locator.workload;
    return [this.uriOf(fileOf(node).path), ref];
  }

  /** A chart's or overlay's rendered workload (set by views.ts from unit-entries.ts). */
  unitSimulateArgs?: (node: WorkloadNode) => TimelineShowArgs | undefined;

  /** The TimelineShowArgs of a workload, read from the document as it is now (a unit's: from its render). */
  async simulateArgs(node: WorkloadNode): Promise<TimelineShowArgs> {
    if (this.index.peek(node.file.path)?.unit) {
      const args = this.unitSimulateArgs?.(node);
      if (!args) throw new Error(`${node.workload.title} is not in the chart's latest render.`);
      return args;
    }
    const doc = await vscode.workspace.openTextDocument(this.uriOf(node.file.path));
    const file = parseManifest(doc.getText(), doc.uri.fsPath);
    const w = node.workload;
    const found =
      file.workloads.find((x) => x.document.index === w.documentIndex && x.listIndex === w.listIndex && x.kind === w.kind && x.name === w.name) ??
      file.workloads.find((x) => x.kind === w.kind && x.name === w.name);
    if (!found) throw new Error(`${w.kind} ${w.name ?? ''} is no longer in ${vscode.workspace.asRelativePath(doc.uri)}.`);
    return timelineArgs(doc, found);
  }

  /**
   * Re-reads every manifest of the workspace. `force` also re-parses and re-lints unchanged files
   * (settings changed, or the user asked).
   */
  rescan(force: boolean): Promise<void> {
    const gen = ++this.scanGen;
    let listedDone!: () => void;
    const listed = new Promise<void>((r) => (listedDone = r));
    const parsed = this.scan(gen, force, listedDone);
    this.scan_ = { listed, parsed };
    return parsed;
  }

  private async scan(gen: number, force: boolean, listedDone: () => void): Promise<void> {
    const started = Date.now();
    let report: ((message: string) => void) | undefined;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    // Progress in the view; in the status bar too when it takes more than a second.
    void vscode.window.withProgress({ location: { viewId: WORKSPACE_VIEW } }, () => finished);
    const slow = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Kubernetes Probes' }, (p) => {
        report = (message) => p.report({ message });
        return finished;
      });
    }, 1000);
    try {
      const uris = (await vscode.workspace.findFiles(GLOB, EXCLUDE)).filter((u) => this.wants(u));
      if (gen !== this.scanGen || this.disposed) return;
      const seen = new Set<string>();
      let read = 0;
      await forEachLimit(uris, 16, async (uri) => {
        const key = uri.toString();
        const text = await this.textOf(uri);
        if (gen !== this.scanGen || this.disposed || text === undefined) return;
        seen.add(key);
        this.uris.set(key, uri);
        this.index.enqueue(key, text, force);
        if (++read % 100 === 0) report?.(`reading manifests ${read}/${uris.length}`);
      });
      if (gen !== this.scanGen || this.disposed) return;
      this.index.retainOnly(seen);
      this.listed = true;
      this.refresh.add(undefined);
      this.scheduleStatus();
      listedDone();
      while (this.index.indexPending(SLICE_MS) > 0) {
        report?.(`indexing manifests, ${this.index.pending} left`);
        await new Promise((r) => setTimeout(r, 0));
        if (gen !== this.scanGen || this.disposed) return;
      }
      const t = this.index.totals();
      this.log.info(`workspace probes: ${t.files} manifests, ${t.handlers} probes and hooks, indexed in ${Date.now() - started} ms`);
    } finally {
      clearTimeout(slow);
      finish();
      listedDone();
    }
  }

  // ---- keeping up with changes ------------------------------------------------------------------

  private wants(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && MANIFEST_FILE.test(uri.path) && !SKIP.test(uri.path) && !!vscode.workspace.getWorkspaceFolder(uri);
  }

  private onFsEvent(uri: vscode.Uri): void {
    if (!this.wants(uri)) return;
    this.fsPending.set(uri.toString(), uri);
    clearTimeout(this.fsTimer);
    this.fsTimer = setTimeout(() => void this.flushFs(), FS_DEBOUNCE_MS);
  }

  private async flushFs(): Promise<void> {
    const batch = [...this.fsPending.values()];
    this.fsPending.clear();
    for (const uri of batch) {
      const key = uri.toString();
      const text = await this.textOf(uri);
      if (this.disposed) return;
      if (text === undefined) this.index.remove(key);
      else {
        this.uris.set(key, uri);
        this.index.update(key, text);
      }
    }
  }

  private onEdit(doc: vscode.TextDocument): void {
    if (!this.wants(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.editTimers.get(key));
    this.editTimers.set(
      key,
      setTimeout(() => {
        this.editTimers.delete(key);
        if (doc.isClosed || this.disposed) return;
        this.uris.set(key, doc.uri);
        this.index.update(key, doc.getText());
      }, EDIT_DEBOUNCE_MS),
    );
  }

  /** An open editor's text (unsaved edits win), else the file's; undefined if it cannot be read. */
  private async textOf(uri: vscode.Uri): Promise<string | undefined> {
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === key);
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined; // deleted meanwhile, or not readable: not a manifest we can show
    }
  }

  private scheduleRelint(): void {
    clearTimeout(this.relintTimer);
    this.relintTimer = setTimeout(() => {
      this.lintCache.clear();
      void this.rescan(true);
    }, 500);
  }

  private scheduleStatus(): void {
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = undefined;
      if (this.disposed) return;
      const scan = this.model.scanStatus();
      for (const node of scan.changed) this.refresh.add(node);
      const totals = this.index.totals();
      this.status_ = { failing: scan.failing, totals, bar: statusBarModel(scan.failing, totals, escapeMarkdown) };
      clearTimeout(this.ageTimer);
      if (scan.nextChangeAt !== undefined) {
        // At least a second later, at most a minute (the clock may jump).
        this.ageTimer = setTimeout(() => this.scheduleStatus(), Math.min(60_000, Math.max(1_000, scan.nextChangeAt - Date.now())));
      }
      void vscode.commands.executeCommand('setContext', 'kubeProbes.workspace.empty', this.listed && this.index.size === 0);
      this.statusEmitter.fire(this.status_);
    }, 200);
  }

  // ---- lookups ----------------------------------------------------------------------------------

  private uriOf(path: string): vscode.Uri {
    let uri = this.uris.get(path);
    if (!uri) {
      uri = vscode.Uri.parse(path);
      this.uris.set(path, uri);
    }
    return uri;
  }

  private displayPath(path: string): { name: string; folder: string } {
    const rel = vscode.workspace.asRelativePath(this.uriOf(path), (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    const slash = rel.lastIndexOf('/');
    return slash < 0 ? { name: rel, folder: '' } : { name: rel.slice(slash + 1), folder: rel.slice(0, slash) };
  }

  private lintFor(path: string): LintSetting {
    const uri = this.uriOf(path);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? '';
    let s = this.lintCache.get(folder);
    if (!s) {
      const settings = lintSettings(uri);
      s = { enabled: settings.enabled, config: settings.config };
      this.lintCache.set(folder, s);
    }
    return s;
  }

  /** What ⏱ Measure found about a probe (measure.ts), for its row; the view refreshes when it changes. */
  attachMeasurements(source: { summary(path: string, loc: HandlerLocator): HandlerStatus['measured']; onDidChange: vscode.Event<void> }): vscode.Disposable {
    this.measured = source;
    this.scheduleStatus();
    return source.onDidChange(() => this.scheduleStatus());
  }
  private measured: { summary(path: string, loc: HandlerLocator): HandlerStatus['measured'] } | undefined;

  private statusOf(path: string, loc: HandlerLocator): HandlerStatus | undefined {
    const uri = this.uriOf(path);
    const last = this.runs.last(uri, loc);
    const watch = this.runs.watchStatus(uri, loc);
    const measured = this.measured?.summary(path, loc);
    if (!last && !watch && !measured) return undefined;
    return { ...(last && { last }), ...(watch && { watching: watch.tally }), ...(measured && { measured }) };
  }

  dispose(): void {
    this.disposed = true;
    this.scanGen++;
    clearTimeout(this.fsTimer);
    clearTimeout(this.statusTimer);
    clearTimeout(this.ageTimer);
    clearTimeout(this.relintTimer);
    for (const t of this.editTimers.values()) clearTimeout(t);
    this.disposables.forEach((d) => d.dispose());
    this.index.dispose();
  }
}

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
