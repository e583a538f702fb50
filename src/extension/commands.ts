// The command table: every contributed command (command-ids.ts) and its handler, in one place,
// registered through one wrapper that hands failures to the one error reporter. Handlers only
// pick their arguments (from a tree node, the editor, or a quick pick) and call the owner.
import * as vscode from 'vscode';
import type { ClusterNode, PodNode, PodProbeNode } from '../core/workspace/cluster-tree';
import type { HandlerNode, WorkloadNode, WorkspaceNode } from '../core/workspace/tree-model';
import { parseManifest } from '../core/manifest/parse';
import { locatorOf, workloadRef, type HandlerLocator } from '../core/probe/locate';
import type { CommandId } from './command-ids';
import type { Ctx } from './ctx';
import type { DiagnosticsManager } from './diagnostics';
import { docTooBigToParseInline } from './limits';
import type { ProbeMeasurements } from './measure';
import { showRuleDocsCommand } from './rule-docs';
import { openExample } from './walkthrough';
import type { ProbeRuns, TargetChoice } from './probe-runs';
import type { TimelinePanel, TimelineShowArgs } from './timeline-panel';
import { chooseValuesFiles } from './values-picker';
import type { ForwardEntry } from './tree/port-forwards';
import type { KubeProbesViews } from './views';

// Handlers take what VS Code passes (menus: a tree node; CodeLenses and tests: explicit arguments).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => unknown;
export type CommandTable = Record<CommandId, Handler>;

export interface CommandOwners {
  ctx: Ctx;
  diagnostics: DiagnosticsManager;
  runs: ProbeRuns;
  measurements: ProbeMeasurements;
  views: KubeProbesViews;
  /** Opens the timeline of a workload (arguments, else the workload under the cursor): the Pod Timeline or, for several pods, the Workload Timeline. */
  simulate(args?: TimelineShowArgs): Promise<OpenTimeline | undefined>;
}

/** What `simulate` opened: a Pod Timeline or a Workload Timeline panel. */
export type OpenTimeline = Pick<TimelinePanel, 'panel' | 'startLive'>;

export function commandTable(o: CommandOwners): CommandTable {
  const { ctx, diagnostics, runs, views, measurements } = o;
  const { workspace, cluster, portForwards, explorer } = views;
  return {
    'kubeProbes.runProbe': async (uri?: vscode.Uri, loc?: HandlerLocator) => {
      const t = uri && loc ? { uri, loc } : await handlerFromEditor();
      return t && runs.run(t.uri, t.loc);
    },
    'kubeProbes.watchProbe': async (uri?: vscode.Uri, loc?: HandlerLocator) => {
      const t = uri && loc ? { uri, loc } : await handlerFromEditor();
      return t && runs.watch(t.uri, t.loc);
    },
    'kubeProbes.stopWatch': (uri?: vscode.Uri, loc?: HandlerLocator) => uri && loc && runs.stopWatch(uri, loc),
    'kubeProbes.stopAllWatches': () => runs.stopAllWatches(),
    'kubeProbes.chooseTarget': async (uri?: vscode.Uri, workload?: string, choice?: TargetChoice) => {
      if (uri && workload && choice) return runs.setTarget(uri, workload, choice);
      const t = uri && workload ? { uri, workload } : await workloadFromEditor();
      return t && runs.chooseTarget(t.uri, t.workload);
    },
    'kubeProbes.measureProbe': async (uri?: vscode.Uri, loc?: HandlerLocator) => {
      const t = uri && loc ? { uri, loc } : await handlerFromEditor();
      return t && measurements.measure(t.uri, t.loc);
    },
    'kubeProbes.showMeasurement': async (uri?: vscode.Uri, loc?: HandlerLocator) => {
      const t = uri && loc ? { uri, loc } : await handlerFromEditor();
      return t && measurements.show(t.uri, t.loc, { quiet: false });
    },
    'kubeProbes.applyMeasuredRecommendation': async (uri?: vscode.Uri, loc?: HandlerLocator) => {
      const t = uri && loc ? { uri, loc } : await handlerFromEditor();
      return t && measurements.apply(t.uri, t.loc);
    },
    'kubeProbes.simulate': (args?: TimelineShowArgs) => o.simulate(args),
    'kubeProbes.openLiveTimeline': async (args?: TimelineShowArgs) => {
      const panel = await o.simulate(args);
      await panel?.startLive();
      return panel;
    },
    'kubeProbes.lintWorkspace': () => diagnostics.lintWorkspace(),
    'kubeProbes.showRuleDocs': (rule?: string) => showRuleDocsCommand(ctx.extension.extensionUri, rule),
    'kubeProbes.showOutput': () => ctx.log.show(true),
    'kubeProbes.chooseValuesFiles': (uri?: vscode.Uri, files?: string[]) => chooseValuesFiles(ctx.units(), uri, files),
    'kubeProbes.openExample': () => openExample(ctx.extension.extensionUri),

    // Workspace Probes: menus pass the tree node; these hand the editor commands their arguments.
    'kubeProbes.refreshWorkspaceTree': () => workspace.rescan(true),
    'kubeProbes.goToDefinition': (node?: WorkspaceNode) => workspace.goToDefinition(node),
    'kubeProbes.tree.run': (node?: HandlerNode) => node && runs.run(...workspace.probeArgs(node)),
    'kubeProbes.tree.watch': (node?: HandlerNode) => node && runs.watch(...workspace.probeArgs(node)),
    'kubeProbes.tree.measure': (node?: HandlerNode) => node && measurements.measure(...workspace.probeArgs(node)),
    'kubeProbes.tree.stopWatch': (node?: HandlerNode) => node && runs.stopWatch(...workspace.probeArgs(node)),
    'kubeProbes.tree.chooseTarget': (node?: WorkloadNode | HandlerNode) => node && runs.chooseTarget(...workspace.targetArgs(node)),
    'kubeProbes.tree.simulate': async (node?: WorkloadNode) => node && o.simulate(await workspace.simulateArgs(node)),

    // Cluster and Port Forwards.
    'kubeProbes.refreshCluster': () => cluster.restart(),
    // Without arguments they ask; with one (tests, other extensions) they switch to it.
    'kubeProbes.selectContext': (choice?: { context?: unknown; makeCurrent?: unknown }) =>
      cluster.selectContext(typeof choice?.context === 'string' ? { context: choice.context, makeCurrent: choice.makeCurrent === true } : undefined),
    'kubeProbes.selectNamespace': (namespace?: string) => cluster.selectNamespace(typeof namespace === 'string' ? namespace : undefined),
    'kubeProbes.runPodProbe': (node?: PodProbeNode) => cluster.runPodProbe(node),
    'kubeProbes.openPodTimeline': (node?: PodNode) => cluster.openPodTimeline(node),
    'kubeProbes.stopPortForward': (arg?: ForwardEntry | ClusterNode) => cluster.stopPortForward(arg),
    'kubeProbes.stopAllPortForwards': () => portForwards.stopAll(),
    // The Kubernetes extension's Cluster Explorer (when it is installed): on its pod nodes, and on the
    // rows we add under them (it passes its wrapper of our node; the explorer glue finds ours).
    'kubeProbes.runPodProbes': (target?: unknown) => explorer.runPodProbes(target),
    'kubeProbes.explorer.openTimeline': (target?: unknown) => explorer.openTimeline(target),
    'kubeProbes.explorer.runProbe': (target?: unknown) => explorer.runProbe(target),
    'kubeProbes.explorer.watchProbe': (target?: unknown) => explorer.watchProbe(target),
    'kubeProbes.explorer.stopWatch': (target?: unknown) => explorer.stopWatch(target),
    'kubeProbes.explorer.stopPortForward': (target?: unknown) => explorer.stopPortForward(target),
  };
}

/** Registers every command of the table; a failure goes to the error reporter, never unhandled. */
export function registerCommands(ctx: Ctx, table: CommandTable): void {
  for (const [id, fn] of Object.entries(table)) {
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (e) {
          ctx.report.error(e, id);
          return undefined;
        }
      }),
    );
  }
}

/** The active editor's manifest, parsed, unless there is none or it is too large to parse here. */
function activeManifest(what: string) {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(`Open a Kubernetes manifest to ${what}.`);
    return undefined;
  }
  const doc = editor.document;
  if (docTooBigToParseInline(doc)) {
    void vscode.window.showInformationMessage('This file is too large to pick from; use the Workspace Probes view or the kube-probes CLI.');
    return undefined;
  }
  return { doc, file: parseManifest(doc.getText(), doc.uri.fsPath), offset: doc.offsetAt(editor.selection.active) };
}

/** The probe or hook under the cursor, else a pick of all in the active manifest. */
async function handlerFromEditor(): Promise<{ uri: vscode.Uri; loc: HandlerLocator } | undefined> {
  const m = activeManifest('run one of its probes');
  if (!m) return undefined;
  const handlers = m.file.workloads.flatMap((w) => w.containers.flatMap((c) => c.handlers)).filter((h) => h.handlerTypes.length);
  const under = handlers.find((h) => m.offset >= h.span.start && m.offset <= h.span.end);
  if (under) return { uri: m.doc.uri, loc: locatorOf(under) };
  if (!handlers.length) {
    void vscode.window.showInformationMessage('This file has no probes or lifecycle handlers to run.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    handlers.map((h) => ({
      label: `${h.container.workload.kind}/${h.container.workload.name ?? ''} › ${h.container.name ?? ''} › ${h.site}`,
      description: h.handlerTypes.join(', '),
      h,
    })),
    { title: 'Which probe?' },
  );
  return pick && { uri: m.doc.uri, loc: locatorOf(pick.h) };
}

/** The workload under the cursor, else a pick of the active manifest's workloads (targets are per workload). */
async function workloadFromEditor(): Promise<{ uri: vscode.Uri; workload: string } | undefined> {
  const m = activeManifest('choose where its probes run');
  if (!m) return undefined;
  const withProbes = m.file.workloads.filter((w) => w.containers.some((c) => c.handlers.some((h) => h.handlerTypes.length)));
  const candidates = withProbes.length ? withProbes : m.file.workloads;
  if (!candidates.length) {
    void vscode.window.showInformationMessage('This file has no workloads.');
    return undefined;
  }
  const under = candidates.find((w) => m.offset >= w.document.span.start && m.offset <= w.document.span.end);
  if (under || candidates.length === 1) return { uri: m.doc.uri, workload: workloadRef(under ?? candidates[0]!) };
  const pick = await vscode.window.showQuickPick(
    candidates.map((w) => ({ label: `${w.kind} ${w.name ?? ''}`, w })),
    { title: 'Which workload?', placeHolder: 'Its probes run against the target you choose next' },
  );
  return pick && { uri: m.doc.uri, workload: workloadRef(pick.w) };
}
