// What each row of the Workspace Probes tree shows, as plain data: label, description (short: the
// default sidebar is ~300 px wide, so the verdict or the timing comes first and the rest goes to the
// tooltip), Markdown tooltip, codicon and theme colour ids, contextValue. Also the item shapes and
// colours the Cluster tree shares. The VS Code side only turns an ItemModel into a TreeItem.
import { escapeMarkdown } from '../lint/describe';
import type { Severity } from '../lint/types';
import { verdictText, type HandlerLocator } from '../probe/locate';
import type { WorkspaceIndex } from './index';
import { ago, healthOf, statusText, type Health, type HandlerStatus } from './run-status';
import type { FileSummary, FindingBrief, HandlerSummary, UnitInfo, WorkloadSummary } from './summary';
import type { ContainerNode, FileNode, FolderNode, HandlerNode, WorkloadNode } from './tree-model';
import { watchText } from '../probe/watch';

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

export interface ItemContext {
  index: WorkspaceIndex;
  /** Label and folder of a file key, e.g. { name: 'web.yaml', folder: 'manifests' }. */
  displayPath(path: string): { name: string; folder: string };
  status(path: string, locator: HandlerLocator): HandlerStatus | undefined;
  /** Epoch milliseconds (ages of verdicts). */
  now(): number;
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

/** Renders the nodes of the Workspace Probes tree. */
export class TreeItems {
  constructor(private readonly ctx: ItemContext) {}

  folder(node: FolderNode, failing: number, files: number): ItemModel {
    return {
      id: `folder:${node.path}`,
      label: node.label,
      ...(failing && { description: `${failing} failing` }),
      tooltip: `**${escapeMarkdown(node.path)}**\n\n${plural(files, 'manifest')} with pods`,
      icon: clean({ id: 'folder', color: failing ? COLORS.failed : undefined }),
      contextValue: 'folder',
      collapsible: 'expanded',
    };
  }

  /** Label and folder of a tree entry: a unit (chart, overlay) is named as its folder, in that folder's parent. */
  place(path: string): { name: string; folder: string } {
    const shown = this.ctx.displayPath(path);
    const unit = this.ctx.index.peek(path)?.unit;
    if (!unit) return shown;
    const slash = shown.folder.lastIndexOf('/');
    return shown.folder ? { name: shown.folder.slice(slash + 1), folder: slash < 0 ? '' : shown.folder.slice(0, slash) } : { name: unit.name, folder: '' };
  }

  file(node: FileNode): ItemModel {
    const s = this.ctx.index.peek(node.path);
    if (s?.unit) return this.unit(node, s, s.unit);
    const { name, folder } = this.ctx.displayPath(node.path);
    const parts: string[] = [];
    let tooltip = `**${escapeMarkdown(folder ? `${folder}/${name}` : name)}**`;
    let icon: IconModel = { id: 'file-code' };
    if (!s) {
      parts.push('reading…');
    } else if (s.tooLarge) {
      const mb = `${(s.tooLarge / 1e6).toFixed(1)} MB`;
      parts.push(`too large (${mb})`);
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

  private unit(node: FileNode, s: FileSummary, unit: UnitInfo): ItemModel {
    const { name, folder } = this.place(node.path);
    const what = unit.kind === 'helm' ? 'Helm chart' : 'Kustomize overlay';
    const tool = unit.kind === 'helm' ? 'helm template' : 'kubectl kustomize';
    let tooltip = `**${escapeMarkdown(folder ? `${folder}/${name}` : name)}** (${what})`;
    const parts: string[] = [what];
    let color: string | undefined;
    if (unit.problem) {
      parts.push('does not render');
      tooltip += `\n\n\`${tool}\` failed: ${escapeMarkdown(unit.problem)}`;
      color = COLORS.error;
    } else {
      const failing = this.failingIn(node.path, s.workloads);
      const counts = countText(s.counts);
      if (failing) parts.push(`${failing} failing`);
      if (counts) parts.push(counts);
      tooltip += `\n\nAs \`${tool}\` renders it: ${plural(s.workloads.length, 'workload')}${s.workloads.length ? ` (${escapeMarkdown(s.workloads.map((w) => w.title).join(', '))})` : ''}, ${plural(s.handlerCount, 'probe or hook', 'probes and hooks')}. Each row opens where it is written.`;
      if (counts) tooltip += `\n\nLint: ${counts}`;
      tooltip += findingList(s.findings);
      color = failing ? COLORS.failed : severityColor(worstOfCounts(s.counts));
    }
    return {
      id: node.path,
      label: name,
      description: parts.join(' · '),
      tooltip,
      icon: clean({ id: unit.kind === 'helm' ? 'package' : 'layers', color }),
      contextValue: `unit.${unit.kind}`,
      collapsible: 'collapsed',
    };
  }

  problem(file: FileNode, problem: FindingBrief, index: number): ItemModel {
    if (problem.rule === 'render') {
      const where = problem.source ? 'the line the tool names' : 'Chart.yaml / kustomization.yaml';
      return {
        id: `${file.path}#problem${index}`,
        label: problem.message,
        description: 'render failed',
        tooltip: `**The render failed**\n\n${escapeMarkdown(problem.message)}\n\nOpens ${where}.`,
        icon: { id: 'error', color: COLORS.error },
        contextValue: 'problem.render',
        collapsible: 'none',
      };
    }
    return {
      id: `${file.path}#problem${index}`,
      label: problem.message,
      description: `line ${problem.at.line + 1}`,
      tooltip: `**YAML syntax error** (line ${problem.at.line + 1}, column ${problem.at.character + 1})\n\n${escapeMarkdown(problem.message)}`,
      icon: { id: 'error', color: COLORS.error },
      contextValue: 'problem',
      collapsible: 'none',
    };
  }

  workload(node: WorkloadNode): ItemModel {
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

  container(node: ContainerNode): ItemModel {
    const c = node.container;
    const path = node.parent.file.path;
    const role = c.isSidecar ? 'sidecar' : c.kind === 'initContainer' ? 'init container' : c.kind === 'ephemeralContainer' ? 'ephemeral container' : undefined;
    const findings = [...c.findings, ...c.handlers.flatMap((h) => h.findings)];
    let failing = 0;
    for (const h of c.handlers) if (this.health(path, h) === 'failing') failing++;
    const parts = [role, failing ? `${failing} failing` : undefined, countText(countOf(findings)), c.image].filter((x): x is string => !!x);
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

  handler(node: HandlerNode): ItemModel {
    const h = node.handler;
    const path = node.parent.parent.file.path;
    const status = this.ctx.status(path, h.locator);
    const now = this.ctx.now();
    const health = healthOf(status, now);
    // The verdict (or the watch) first, then findings, then the timing: the row is cut at the view's edge.
    const parts: string[] = [];
    const said = status && statusText(status, now);
    if (said) parts.push(said);
    const counts = countText(countOf(h.findings));
    if (counts) parts.push(counts);
    if (status?.measured) parts.push(status.measured.line);
    if (h.brief) parts.push(h.brief);

    const kind = h.isProbe ? 'probe' : 'hook';
    let tooltip = `**${h.site}** · ${escapeMarkdown(h.detail)}\n\n${escapeMarkdown(h.timing)}`;
    const last = status?.last;
    if (last) {
      const v = verdictText(last.result);
      tooltip += `\n\n**Last run** ${v.icon} ${escapeMarkdown(v.short)} against ${escapeMarkdown(last.target)}, ${ago(now - last.at)} (${new Date(last.at).toLocaleTimeString()})`;
      if (last.result.event) tooltip += `\n\nkubelet: ${escapeMarkdown(last.result.event)}`;
      if (health === 'stale') tooltip += '\n\nThis verdict is old: run the probe again to know how it is doing now.';
      for (const r of last.rejected ?? []) tooltip += `\n\n⚠ The API server would reject this ${kind}: ${escapeMarkdown(r)}`;
    } else if (!status?.watching) {
      tooltip += `\n\nNot run yet: ▶ runs this ${kind} once, as the kubelet would.`;
    }
    if (status?.watching) {
      tooltip += `\n\n**Watching** ${escapeMarkdown(watchText(status.watching))}`;
      if (status.watching.next) tooltip += `\n\nNext: ${escapeMarkdown(status.watching.next)}`;
    }
    if (status?.measured) tooltip += `\n\n${status.measured.markdown}`;
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

  /** Probes of these workloads that fail now. */
  failingIn(path: string, workloads: readonly WorkloadSummary[]): number {
    let n = 0;
    for (const w of workloads) for (const c of w.containers) for (const h of c.handlers) if (this.health(path, h) === 'failing') n++;
    return n;
  }

  private health(path: string, h: HandlerSummary): Health | undefined {
    return healthOf(this.ctx.status(path, h.locator), this.ctx.now());
  }
}

const GATED = 'after the startup probe succeeds, ';

/** The timing with its numbers first (the row is cut at the view's edge): a gating clause goes last. */
export function numbersFirst(timing: string): string {
  return timing.startsWith(GATED) ? `${timing.slice(GATED.length)}, ${GATED.slice(0, -2)}` : timing;
}

const HEALTH_ICONS: Record<Health, string> = { passing: 'pass', failing: 'error', warning: 'warning', unknown: 'question', stale: 'history' };

export function healthColor(h: Health | undefined): string | undefined {
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
  const shown = findings.slice(0, 10).map((f) => `- ${SEVERITY_MARK[f.severity]} \`${f.rule}\` ${escapeMarkdown(f.message)} (${f.source ? `${escapeMarkdown(f.source.path.slice(f.source.path.lastIndexOf('/') + 1))} ` : ''}line ${(f.source?.at ?? f.at).line + 1})`);
  if (findings.length > shown.length) shown.push(`- … and ${findings.length - shown.length} more`);
  return `\n\n${shown.join('\n')}`;
}
