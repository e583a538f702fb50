// The "Workspace probes" tree as plain data: folders → manifests → workloads → containers → probes
// and hooks. Folders are grouped as VS Code's explorer does (a folder holding one folder and nothing
// else is shown as "a/b"), sorted naturally (folders first, "web-2" before "web-10"). Children are
// built when first asked for and kept until their file changes, so that a change rebuilds that
// file's nodes only. What a row shows is tree-items.ts; how a run or watch is doing is run-status.ts.
// A Helm chart or Kustomize overlay is a file node keyed by its Chart.yaml / kustomization.yaml whose
// summary is its render (unit-summary.ts): it sits in its folder's parent, named as its folder, and
// its workloads, containers and probes open where they are written.
import type { Position } from '../manifest/model';
import type { HandlerLocator } from '../probe/locate';
import type { IndexChange, WorkspaceIndex } from './index';
import { failingEntry, healthOf, nextChange, statusText, type FailingProbe, type HandlerStatus } from './run-status';
import type { ContainerSummary, FindingBrief, HandlerSummary, WorkloadSummary } from './summary';
import { TreeItems, type ItemModel } from './tree-items';

export { COLORS, healthColor, numbersFirst, type Collapsible, type IconModel, type ItemModel } from './tree-items';
export { healthOf, type Health, type HandlerStatus, type LastRun } from './run-status';

// ---- nodes -------------------------------------------------------------------------------------

export interface FolderNode {
  readonly type: 'folder';
  /** The folder as shown by asRelativePath ("manifests/slow-start"). */
  readonly path: string;
  /** "slow-start", or "a/b" for compacted single-child folders. */
  readonly label: string;
  readonly parent?: FolderNode;
  readonly children: readonly (FolderNode | FileNode)[];
}
export interface FileNode {
  readonly type: 'file';
  readonly path: string;
}
export interface ProblemNode {
  readonly type: 'problem';
  readonly file: FileNode;
  readonly problem: FindingBrief;
  readonly index: number;
}
export interface WorkloadNode {
  readonly type: 'workload';
  readonly file: FileNode;
  readonly workload: WorkloadSummary;
}
export interface ContainerNode {
  readonly type: 'container';
  readonly parent: WorkloadNode;
  readonly container: ContainerSummary;
}
export interface HandlerNode {
  readonly type: 'handler';
  readonly parent: ContainerNode;
  readonly handler: HandlerSummary;
}
export type WorkspaceNode = FolderNode | FileNode | ProblemNode | WorkloadNode | ContainerNode | HandlerNode;

/** The file a node belongs to (undefined for a folder). */
export function fileOf(node: Exclude<WorkspaceNode, FolderNode>): FileNode;
export function fileOf(node: WorkspaceNode): FileNode | undefined;
export function fileOf(node: WorkspaceNode): FileNode | undefined {
  switch (node.type) {
    case 'folder':
      return undefined;
    case 'file':
      return node;
    case 'problem':
    case 'workload':
      return node.file;
    case 'container':
      return node.parent.file;
    case 'handler':
      return node.parent.parent.file;
  }
}

export interface WorkspaceTreeOptions {
  /** Label and folder of a file key, e.g. { name: 'web.yaml', folder: 'manifests' }. */
  displayPath(path: string): { name: string; folder: string };
  /** Run and watch state of a probe or hook. */
  status?(path: string, locator: HandlerLocator): HandlerStatus | undefined;
  /** Epoch milliseconds; default Date.now. */
  now?(): number;
}

export interface StatusScan {
  /** Nodes whose rows read differently since the previous scan (files, and the folders above them). */
  changed: (FileNode | FolderNode)[];
  /** Probes failing now: watched and failing, or run recently and failed with nothing newer. */
  failing: FailingProbe[];
  /** When the rows or the failing list would change with time alone (epoch ms). */
  nextChangeAt?: number;
}

const NATURAL = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export class WorkspaceTreeModel {
  private readonly fileNodes = new Map<string, FileNode>();
  private layout: { roots: (FolderNode | FileNode)[]; parents: Map<FileNode, FolderNode> } | undefined;
  private readonly childCache = new WeakMap<WorkspaceNode, WorkspaceNode[]>();
  private stamps = new Map<string, string>();
  private readonly items: TreeItems;
  private readonly now: () => number;
  /** Nodes created so far (children built, not served from the cache): what a change costs. */
  built = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly options: WorkspaceTreeOptions,
  ) {
    for (const path of index.paths()) this.fileNodes.set(path, { type: 'file', path });
    this.now = options.now ?? Date.now;
    this.items = new TreeItems({
      index,
      displayPath: (p) => options.displayPath(p),
      status: (p, loc) => options.status?.(p, loc),
      now: this.now,
    });
  }

  /**
   * Takes an index change into the tree. Returns the node to refresh: the file's node when only it
   * changed, undefined when the list of files changed (refresh the root).
   */
  apply(change: IndexChange): FileNode | undefined {
    const node = this.fileNodes.get(change.path);
    if (change.kind === 'removed') {
      this.fileNodes.delete(change.path);
      this.stamps.delete(change.path);
      this.layout = undefined;
      return undefined;
    }
    if (!node) {
      this.fileNodes.set(change.path, { type: 'file', path: change.path });
      this.layout = undefined;
      return undefined;
    }
    this.childCache.delete(node);
    return node;
  }

  /** The top level: folders first, then files at the workspace root. */
  roots(): (FolderNode | FileNode)[] {
    return this.folders().roots;
  }

  /** The node of an indexed file (undefined when it is not indexed). */
  fileNode(path: string): FileNode | undefined {
    return this.fileNodes.get(path);
  }

  children(node?: WorkspaceNode): WorkspaceNode[] {
    if (!node) return this.roots();
    if (node.type === 'folder') return node.children as WorkspaceNode[];
    const cached = this.childCache.get(node);
    if (cached) return cached;
    const built = this.build(node);
    this.built += built.length;
    this.childCache.set(node, built);
    return built;
  }

  parent(node: WorkspaceNode): WorkspaceNode | undefined {
    switch (node.type) {
      case 'folder':
        return node.parent;
      case 'file':
        return this.folders().parents.get(node);
      case 'problem':
      case 'workload':
        return node.file;
      case 'container':
      case 'handler':
        return node.parent;
    }
  }

  /** Where the node is in its file (for "Go to definition"); undefined for a folder or a file. */
  location(node: WorkspaceNode): { path: string; at: Position } | undefined {
    switch (node.type) {
      case 'folder':
      case 'file':
        return undefined;
      // In a chart or overlay, `source` is where the user edits it (values key, template line, patch).
      case 'problem':
        return node.problem.source ?? { path: node.file.path, at: node.problem.at };
      case 'workload':
        return node.workload.source ?? { path: node.file.path, at: node.workload.at };
      case 'container':
        return node.container.source ?? { path: node.parent.file.path, at: node.container.at };
      case 'handler':
        return node.handler.source ?? { path: node.parent.parent.file.path, at: node.handler.at };
    }
  }

  item(node: WorkspaceNode): ItemModel {
    switch (node.type) {
      case 'folder': {
        const files = filesUnder(node);
        let failing = 0;
        for (const f of files) {
          const s = this.index.peek(f.path);
          if (s && !s.tooLarge) failing += this.items.failingIn(f.path, s.workloads);
        }
        return this.items.folder(node, failing, files.length);
      }
      case 'file':
        return this.items.file(node);
      case 'problem':
        return this.items.problem(node.file, node.problem, node.index);
      case 'workload':
        return this.items.workload(node);
      case 'container':
        return this.items.container(node);
      case 'handler':
        return this.items.handler(node);
    }
  }

  /**
   * Compares every probe's run/watch state with the previous scan: the nodes to refresh, the probes
   * failing now (for the status bar), and when to scan again for ages and expiries. Cheap: a map
   * lookup per probe.
   */
  scanStatus(): StatusScan {
    const now = this.now();
    const next = new Map<string, string>();
    const changed = new Set<FileNode | FolderNode>();
    const failing: StatusScan['failing'] = [];
    let nextChangeAt: number | undefined;
    const { parents } = this.folders();
    for (const file of this.index.files()) {
      let stamp = '';
      for (const w of file.workloads) {
        for (const c of w.containers) {
          for (const h of c.handlers) {
            const s = this.options.status?.(file.path, h.locator);
            if (!s) continue;
            const f = failingEntry(`${w.title} › ${c.title} › ${h.site}`, s, now);
            if (f) failing.push(f);
            const at = nextChange(s, now);
            if (at !== undefined && (nextChangeAt === undefined || at < nextChangeAt)) nextChangeAt = at;
            stamp += `${h.site}:${healthOf(s, now)}:${statusText(s, now) ?? ''}:${s.measured?.markdown ?? ''};`;
          }
        }
      }
      if (stamp) next.set(file.path, stamp);
      if ((this.stamps.get(file.path) ?? '') !== stamp) {
        const node = this.fileNodes.get(file.path);
        if (node) {
          changed.add(node);
          for (let p = parents.get(node); p; p = p.parent) changed.add(p);
        }
      }
    }
    this.stamps = next;
    return { changed: [...changed], failing, ...(nextChangeAt !== undefined && { nextChangeAt }) };
  }

  // ---- structure --------------------------------------------------------------------------------

  private folders(): NonNullable<WorkspaceTreeModel['layout']> {
    if (!this.layout) {
      const files = [...this.fileNodes.values()].map((node) => ({ node, ...this.items.place(node.path) }));
      this.layout = groupByFolder(files);
      this.built += this.fileNodes.size;
    }
    return this.layout;
  }

  private build(node: Exclude<WorkspaceNode, FolderNode>): WorkspaceNode[] {
    switch (node.type) {
      case 'file': {
        const s = this.index.summary(node.path);
        if (!s) return [];
        return [
          ...s.syntaxErrors.map((problem, index): ProblemNode => ({ type: 'problem', file: node, problem, index })),
          ...s.workloads.map((workload): WorkloadNode => ({ type: 'workload', file: node, workload })),
        ];
      }
      case 'workload':
        return node.workload.containers.map((container): ContainerNode => ({ type: 'container', parent: node, container }));
      case 'container':
        return node.container.handlers.map((handler): HandlerNode => ({ type: 'handler', parent: node, handler }));
      case 'problem':
      case 'handler':
        return [];
    }
  }
}

interface Dir {
  folders: Map<string, Dir>;
  files: { node: FileNode; name: string }[];
}

/**
 * Files → folder nodes, as the explorer shows them: a folder with a single folder and no files is
 * compacted into "a/b"; folders first, then files, each in natural order.
 */
export function groupByFolder(files: readonly { node: FileNode; name: string; folder: string }[]): {
  roots: (FolderNode | FileNode)[];
  parents: Map<FileNode, FolderNode>;
} {
  const top: Dir = { folders: new Map(), files: [] };
  for (const f of files) {
    let dir = top;
    for (const seg of f.folder.split('/').filter(Boolean)) {
      let sub = dir.folders.get(seg);
      if (!sub) dir.folders.set(seg, (sub = { folders: new Map(), files: [] }));
      dir = sub;
    }
    dir.files.push({ node: f.node, name: f.name });
  }
  const parents = new Map<FileNode, FolderNode>();
  const nodesOf = (dir: Dir, prefix: string, parent: FolderNode | undefined): (FolderNode | FileNode)[] => {
    const folders = [...dir.folders.entries()].sort(([a], [b]) => NATURAL.compare(a, b)).map(([name, sub]) => {
      let label = name;
      while (sub.files.length === 0 && sub.folders.size === 1) {
        const [[n, only]] = [...sub.folders.entries()] as [[string, Dir]];
        label += `/${n}`;
        sub = only;
      }
      const path = prefix ? `${prefix}/${label}` : label;
      const node: FolderNode = { type: 'folder', path, label, ...(parent && { parent }), children: [] };
      (node as unknown as { children: (FolderNode | FileNode)[] }).children = nodesOf(sub, path, node);
      return node;
    });
    const own = [...dir.files].sort((a, b) => NATURAL.compare(a.name, b.name) || (a.node.path < b.node.path ? -1 : 1)).map((f) => {
      if (parent) parents.set(f.node, parent);
      return f.node;
    });
    return [...folders, ...own];
  };
  return { roots: nodesOf(top, '', undefined), parents };
}

function filesUnder(folder: FolderNode): FileNode[] {
  return folder.children.flatMap((c) => (c.type === 'file' ? [c] : filesUnder(c)));
}
