// The "Workspace probes" tree as plain data: manifests → workloads → containers → probes and hooks,
// with labels, descriptions, Markdown tooltips, codicon ids, theme colour ids and contextValues.
// The VS Code side only turns an ItemModel into a TreeItem. Children are built when first asked
// for and kept until their file changes, so that a change rebuilds that file's nodes only.
import type { CachedResult } from '../lifecycle/worker';
import { escapeMarkdown } from '../lint/describe';
import type { Severity } from '../lint/types';
import type { Position } from '../manifest/model';
import { verdictText, type HandlerLocator } from '../probe/locate';
import type { ProbeRunResult } from '../probe/types';
import type { IndexChange, WorkspaceIndex } from './index';
import type { ContainerSummary, FileSummary, FindingBrief, HandlerSummary, WorkloadSummary } from './summary';

// ---- item shapes shared with the cluster tree --------------------------------------------------

export interface IconModel {
  /** Codicon id, e.g. 'pass', 'sync~spin'. */
  id: string;
  /** Theme colour id, e.g. 'testing.iconPassed'. */
  color?: string;
}

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface ItemModel {
  id: string;
  label: string;
  description?: string;
  /** Markdown; text from manifests and clusters is escaped. */
  tooltip?: string;
  icon: IconModel;
  contextValue: string;
  collapsible: Collapsible;
}

export const COLORS = {
  passed: 'testing.iconPassed',
  failed: 'testing.iconFailed',
  errored: 'testing.iconErrored',
  error: 'problemsErrorIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
} as const;

// ---- run state of a probe ----------------------------------------------------------------------

export interface LastRun {
  at: number;
  result: ProbeRunResult;
  /** "127.0.0.1", "pod demo/web-1", … */
  target: string;
}

export interface HandlerStatus {
  last?: LastRun;
  /** Present while the probe is watched. `cached` is the kubelet's cached result after the last attempt. */
  watching?: { text: string; cached?: CachedResult };
}

/** How a probe is doing: from its watch if it is watched, else from its last run. */
export type Health = 'passing' | 'failing' | 'warning' | 'unknown';

export function healthOf(s: HandlerStatus | undefined): Health | undefined {
  const cached = s?.watching?.cached;
  if (cached) return cached === 'Success' ? 'passing' : cached === 'Failure' ? 'failing' : 'unknown';
  const r = s?.last?.result;
  if (!r) return undefined;
  if (r.errored || r.result === 'unknown') return 'unknown';
  return r.result === 'success' ? 'passing' : r.result === 'warning' ? 'warning' : 'failing';
}

// ---- nodes -------------------------------------------------------------------------------------

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
export type WorkspaceNode = FileNode | ProblemNode | WorkloadNode | ContainerNode | HandlerNode;

/** The file a node belongs to. */
export function fileOf(node: WorkspaceNode): FileNode {
  switch (node.type) {
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
}

export interface StatusScan {
  /** Files whose probes' run/watch state changed since the previous scan. */
  changed: FileNode[];
  /** Probes whose last run failed or whose watch caches Failure. */
  failing: number;
}

const KIND_ICONS: Record<string, string> = {
  Deployment: 'rocket',
  Rollout: 'rocket',
  DeploymentConfig: 'rocket',
  StatefulSet: 'database',
  DaemonSet: 'server-process',
  ReplicaSet: 'layers',
  ReplicationController: 'layers',
  Job: 'run-all',
  CronJob: 'watch',
  Pod: 'vm',
};

const TYPE_ICONS: Record<string, string> = {
  httpGet: 'globe',
  tcpSocket: 'plug',
  grpc: 'radio-tower',
  exec: 'terminal',
  sleep: 'watch',
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export class WorkspaceTreeModel {
  private readonly fileNodes = new Map<string, FileNode>();
  private sorted: FileNode[] | undefined;
  private readonly childCache = new WeakMap<WorkspaceNode, WorkspaceNode[]>();
  private stamps = new Map<string, string>();
  /** Nodes created so far (children built, not served from the cache): what a change costs. */
  built = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly options: WorkspaceTreeOptions,
  ) {
    for (const path of index.paths()) this.fileNodes.set(path, { type: 'file', path });
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
      this.sorted = undefined;
      return undefined;
    }
    if (!node) {
      this.fileNodes.set(change.path, { type: 'file', path: change.path });
      this.sorted = undefined;
      return undefined;
    }
    this.childCache.delete(node);
    return node;
  }

  roots(): FileNode[] {
    if (!this.sorted) {
      const keyed = [...this.fileNodes.values()].map((n) => {
        const d = this.options.displayPath(n.path);
        return { n, key: `${d.folder}/${d.name}`.toLowerCase() };
      });
      keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.sorted = keyed.map((k) => k.n);
      this.built += this.sorted.length;
    }
    return this.sorted;
  }

  /** The node of an indexed file (undefined when it is not indexed). */
  fileNode(path: string): FileNode | undefined {
    return this.fileNodes.get(path);
  }

  children(node?: WorkspaceNode): WorkspaceNode[] {
    if (!node) return this.roots();
    const cached = this.childCache.get(node);
    if (cached) return cached;
    const built = this.build(node);
    this.built += built.length;
    this.childCache.set(node, built);
    return built;
  }

  parent(node: WorkspaceNode): WorkspaceNode | undefined {
    switch (node.type) {
      case 'file':
        return undefined;
      case 'problem':
      case 'workload':
        return node.file;
      case 'container':
      case 'handler':
        return node.parent;
    }
  }

  /** Where the node is in its file (for "Go to definition"); undefined for a file. */
  location(node: WorkspaceNode): { path: string; at: Position } | undefined {
    const path = fileOf(node).path;
    switch (node.type) {
      case 'file':
        return undefined;
      case 'problem':
        return { path, at: node.problem.at };
      case 'workload':
        return { path, at: node.workload.at };
      case 'container':
        return { path, at: node.container.at };
      case 'handler':
        return { path, at: node.handler.at };
    }
  }

  item(node: WorkspaceNode): ItemModel {
    switch (node.type) {
      case 'file':
        return this.fileItem(node);
      case 'problem':
        return {
          id: `${node.file.path}#problem${node.index}`,
          label: node.problem.message,
          description: `line ${node.problem.at.line + 1}`,
          tooltip: `**YAML syntax error** (line ${node.problem.at.line + 1}, column ${node.problem.at.character + 1})\n\n${escapeMarkdown(node.problem.message)}`,
          icon: { id: 'error', color: COLORS.error },
          contextValue: 'problem',
          collapsible: 'none',
        };
      case 'workload':
        return this.workloadItem(node);
      case 'container':
        return this.containerItem(node);
      case 'handler':
        return this.handlerItem(node);
    }
  }

  /**
   * Compares every probe's run/watch state with the previous scan: the files to refresh, and how
   * many probes fail now (for the status bar). Cheap: a map lookup per probe.
   */
  scanStatus(): StatusScan {
    const next = new Map<string, string>();
    const changed: FileNode[] = [];
    let failing = 0;
    for (const file of this.index.files()) {
      let stamp = '';
      for (const w of file.workloads) {
        for (const c of w.containers) {
          for (const h of c.handlers) {
            const s = this.status(file.path, h);
            if (!s) continue;
            if (healthOf(s) === 'failing') failing++;
            stamp += `${h.site}:${s.last?.at ?? ''}:${s.watching ? `${s.watching.text}:${s.watching.cached ?? ''}` : ''};`;
          }
        }
      }
      if (stamp) next.set(file.path, stamp);
      if ((this.stamps.get(file.path) ?? '') !== stamp) {
        const node = this.fileNodes.get(file.path);
        if (node) changed.push(node);
      }
    }
    this.stamps = next;
    return { changed, failing };
  }

  // ---- building children ------------------------------------------------------------------------

  private build(node: WorkspaceNode): WorkspaceNode[] {
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

  // ---- items ------------------------------------------------------------------------------------

  private status(path: string, h: HandlerSummary): HandlerStatus | undefined {
    return this.options.status?.(path, h.locator);
  }

  private fileItem(node: FileNode): ItemModel {
    const { name, folder } = this.options.displayPath(node.path);
    const s = this.index.peek(node.path);
    const parts: string[] = [];
    if (folder) parts.push(folder);
    let tooltip = `**${escapeMarkdown(folder ? `${folder}/${name}` : name)}**`;
    let icon: IconModel = { id: 'file-code' };
    if (!s) {
      parts.push('reading…');
    } else if (s.tooLarge) {
      const mb = `${(s.tooLarge / 1e6).toFixed(1)} MB`;
      parts.push(`too large to show (${mb})`);
      tooltip += `\n\nThis file is ${mb}: its probes are not listed here. Open it to lint it.`;
    } else {
      const failing = this.failingIn(node.path, s.workloads);
      const counts = countText(s.counts);
      if (s.syntaxErrors.length) parts.push('YAML error');
      if (failing) parts.push(`${failing} failing`);
      if (counts) parts.push(counts);
      const workloads = s.workloads.map((w) => w.title);
      tooltip += `\n\n${plural(s.workloads.length, 'workload')}${workloads.length ? `: ${escapeMarkdown(workloads.join(', '))}` : ''}`;
      tooltip += `\n\n${plural(s.handlerCount, 'probe or hook', 'probes and hooks')}`;
      if (s.syntaxErrors.length) tooltip += `\n\nYAML syntax error on line ${s.syntaxErrors[0]!.at.line + 1}: ${escapeMarkdown(s.syntaxErrors[0]!.message)}`;
      if (counts) tooltip += `\n\nLint: ${counts}`;
      tooltip += findingList(s.findings);
      icon = {
        id: 'file-code',
        color: s.syntaxErrors.length ? COLORS.error : failing ? COLORS.failed : severityColor(worstOfCounts(s.counts)),
      };
    }
    return {
      id: node.path,
      label: name,
      ...(parts.length && { description: parts.join(' · ') }),
      tooltip,
      icon: clean(icon),
      contextValue: 'manifest',
      collapsible: s?.tooLarge ? 'none' : 'collapsed',
    };
  }

  private workloadItem(node: WorkloadNode): ItemModel {
    const w = node.workload;
    const path = node.file.path;
    const findings = [...w.findings, ...w.containers.flatMap((c) => [...c.findings, ...c.handlers.flatMap((h) => h.findings)])];
    const failing = this.failingIn(path, [w]);
    const counts = countText(countOf(findings));
    const parts = [w.namespace, failing ? `${failing} failing` : undefined, counts].filter((x): x is string => !!x);
    let tooltip = `**${escapeMarkdown(w.title)}**`;
    if (w.namespace) tooltip += ` in namespace ${escapeMarkdown(w.namespace)}`;
    tooltip += `\n\n${plural(w.containers.length, 'container')}`;
    if (w.templated) tooltip += '\n\nHelm/Go template: values inside `{{ … }}` are only known after rendering.';
    tooltip += findingList(w.findings);
    return {
      id: workloadId(path, w),
      label: w.title,
      ...(parts.length && { description: parts.join(' · ') }),
      tooltip,
      icon: clean({ id: KIND_ICONS[w.kind] ?? 'symbol-class', color: failing ? COLORS.failed : severityColor(worst(findings)) }),
      contextValue: `workload.${w.kind}`,
      collapsible: w.containers.length ? 'expanded' : 'none',
    };
  }

  private containerItem(node: ContainerNode): ItemModel {
    const c = node.container;
    const path = node.parent.file.path;
    const role = c.isSidecar ? 'sidecar' : c.kind === 'initContainer' ? 'init container' : c.kind === 'ephemeralContainer' ? 'ephemeral container' : undefined;
    const findings = [...c.findings, ...c.handlers.flatMap((h) => h.findings)];
    let failing = 0;
    for (const h of c.handlers) if (healthOf(this.status(path, h)) === 'failing') failing++;
    const parts = [role, c.image, failing ? `${failing} failing` : undefined, countText(countOf(findings))].filter((x): x is string => !!x);
    let tooltip = `**${escapeMarkdown(c.title)}**${role ? ` (${role})` : ''}`;
    if (c.image) tooltip += `\n\nimage \`${c.image.replace(/`/g, "'")}\``;
    if (!c.handlers.length) tooltip += '\n\nNo probes or lifecycle hooks.';
    tooltip += findingList(c.findings);
    const icon = c.isSidecar ? 'split-horizontal' : c.kind === 'initContainer' ? 'debug-step-into' : c.kind === 'ephemeralContainer' ? 'debug' : 'package';
    return {
      id: `${workloadId(path, node.parent.workload)}#${c.kind}.${c.index}`,
      label: c.title,
      ...(parts.length && { description: parts.join(' · ') }),
      tooltip,
      icon: clean({ id: icon, color: failing ? COLORS.failed : severityColor(worst(findings)) }),
      contextValue: `container.${c.kind}`,
      collapsible: c.handlers.length ? 'expanded' : 'none',
    };
  }

  private handlerItem(node: HandlerNode): ItemModel {
    const h = node.handler;
    const path = node.parent.parent.file.path;
    const status = this.status(path, h);
    const health = healthOf(status);
    const parts: string[] = [];
    const verdict = status?.last ? verdictText(status.last.result) : undefined;
    if (status?.watching) parts.push(`watching: ${status.watching.text}`);
    else if (verdict) parts.push(`${verdict.icon} ${verdict.short}`);
    const counts = countText(countOf(h.findings));
    if (counts) parts.push(counts);
    parts.push(numbersFirst(h.timing));

    const kind = h.isProbe ? 'probe' : 'hook';
    let tooltip = `**${h.site}** · ${escapeMarkdown(h.detail)}\n\n${escapeMarkdown(h.timing)}`;
    if (status?.last && verdict) {
      tooltip += `\n\n**Last run** ${verdict.icon} ${escapeMarkdown(verdict.short)} against ${escapeMarkdown(status.last.target)} at ${new Date(status.last.at).toLocaleTimeString()}`;
      if (status.last.result.event) tooltip += `\n\nkubelet: ${escapeMarkdown(status.last.result.event)}`;
    } else if (!status?.watching) {
      tooltip += `\n\nNot run yet: ▶ runs this ${kind} once, as the kubelet would.`;
    }
    if (status?.watching) tooltip += `\n\n**Watching** ${escapeMarkdown(status.watching.text)}`;
    tooltip += findingList(h.findings);

    const icon: IconModel = status?.watching
      ? { id: 'eye', color: healthColor(health) }
      : health
        ? { id: HEALTH_ICONS[health], color: healthColor(health) }
        : { id: h.type ? (TYPE_ICONS[h.type] ?? 'circle-slash') : 'circle-slash', color: severityColor(worst(h.findings)) };
    return {
      id: `${workloadId(path, node.parent.parent.workload)}#${node.parent.container.kind}.${node.parent.container.index}#${h.site}`,
      label: `${h.site} · ${h.target}`,
      description: parts.join(' · '),
      tooltip,
      icon: clean(icon),
      contextValue: `probe.${h.site}${status?.watching ? '.watching' : ''}`,
      collapsible: 'none',
    };
  }

  private failingIn(path: string, workloads: readonly WorkloadSummary[]): number {
    let n = 0;
    for (const w of workloads) for (const c of w.containers) for (const h of c.handlers) if (healthOf(this.status(path, h)) === 'failing') n++;
    return n;
  }
}

const GATED = 'after the startup probe succeeds, ';

/** The timing with its numbers first (the row is cut at the view's edge): a gating clause goes last. */
export function numbersFirst(timing: string): string {
  return timing.startsWith(GATED) ? `${timing.slice(GATED.length)}, ${GATED.slice(0, -2)}` : timing;
}

const HEALTH_ICONS: Record<Health, string> = { passing: 'pass', failing: 'error', warning: 'warning', unknown: 'question' };

function healthColor(h: Health | undefined): string | undefined {
  switch (h) {
    case 'passing':
      return COLORS.passed;
    case 'failing':
      return COLORS.failed;
    case 'warning':
      return COLORS.warning;
    case 'unknown':
      return COLORS.errored;
    default:
      return undefined;
  }
}

function severityColor(s: Severity | undefined): string | undefined {
  return s ? COLORS[s] : undefined;
}

function clean(icon: IconModel): IconModel {
  return icon.color ? icon : { id: icon.id };
}

function workloadId(path: string, w: WorkloadSummary): string {
  return `${path}#${w.documentIndex}.${w.listIndex ?? ''}.${w.ref}`;
}

function countOf(findings: readonly FindingBrief[]): Record<Severity, number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

function worst(findings: readonly FindingBrief[]): Severity | undefined {
  let w: Severity | undefined;
  for (const f of findings) if (!w || RANK[f.severity] > RANK[w]) w = f.severity;
  return w;
}

function worstOfCounts(c: Record<Severity, number>): Severity | undefined {
  return c.error ? 'error' : c.warning ? 'warning' : c.info ? 'info' : undefined;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 error, 2 warnings" (infos only when nothing worse), or '' when clean. */
function countText(c: Record<Severity, number>): string {
  const parts: string[] = [];
  if (c.error) parts.push(plural(c.error, 'error'));
  if (c.warning) parts.push(plural(c.warning, 'warning'));
  if (!parts.length && c.info) parts.push(plural(c.info, 'info', 'infos'));
  return parts.join(', ');
}

const SEVERITY_MARK: Record<Severity, string> = { error: '✖', warning: '⚠', info: 'ℹ' };

function findingList(findings: readonly FindingBrief[]): string {
  if (!findings.length) return '';
  const shown = findings.slice(0, 10).map((f) => `- ${SEVERITY_MARK[f.severity]} \`${f.rule}\` ${escapeMarkdown(f.message)} (line ${f.at.line + 1})`);
  if (findings.length > shown.length) shown.push(`- … and ${findings.length - shown.length} more`);
  return `\n\n${shown.join('\n')}`;
}

