// Running and watching probes from the editor: target choice (remembered per workload, or once for
// the whole workspace, or the kubeProbes.run.defaultTarget setting), workspace trust and
// confirmation for exec, progress with cancel, results in the log and in CodeLenses. A probe the
// API server would reject is run anyway, with the linter's findings said first.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Probe, ProbeKind } from '../core/k8s';
import { PROBE_LABEL } from '../core/k8s';
import type { HandlerModel } from '../core/manifest/model';
import { parseManifest } from '../core/manifest/parse';
import { handlerErrors, rejectionLines } from '../core/probe/admission';
import { findHandler, handlerKey, parsePortMap, portsOf, runReport, verdictText, workloadRef, type HandlerLocator } from '../core/probe/locate';
import type { ProbeRunResult, ProbeTarget } from '../core/probe/types';
import { EMPTY_TALLY, tallyWatch, watchText, type WatchEvent, type WatchTally } from '../core/probe/watch';
import type { LastRun } from '../core/workspace/run-status';
import { containerRuntimePath, lintSettings } from './config';
import type { Ctx } from './ctx';

export type TargetChoice =
  | { kind: 'local'; host: string; portMap?: Record<number, number> }
  | { kind: 'pod'; pod: string; namespace: string; context?: string }
  | { kind: 'container'; container: string };

export type { LastRun };

export interface WatchStatus {
  controller: AbortController;
  /** The watch so far: counts, streak, restarts, what the kubelet would do next. */
  tally: WatchTally;
}

export interface Opened {
  target: ProbeTarget;
  label: string;
  dispose(): void;
}

const TARGETS_KEY = 'kubeProbes.targets';
/** The target chosen "for all workloads in this workspace". */
const WORKSPACE_TARGET_KEY = 'kubeProbes.workspaceTarget';
const CONFIRMED_KEY = 'kubeProbes.confirmedExec';

export class ProbeRuns implements vscode.Disposable {
  private readonly lastRuns = new Map<string, LastRun>();
  private readonly watches = new Map<string, WatchStatus>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Live watch events for the timeline (host side). */
  readonly onWatchEvent = new vscode.EventEmitter<{ key: string; locator: HandlerLocator; event: WatchEvent }>();

  /** Once a minute while there are verdicts: their ages ("2 min ago") in lenses and the tree move on. */
  private readonly ageTick = setInterval(() => this.lastRuns.size && this.changed.fire(), 60_000);

  private readonly context: vscode.ExtensionContext;
  private readonly log: vscode.LogOutputChannel;

  /** kubectl, the port-forwards, the runner bundle and the error reporter come from the composition root. */
  constructor(private readonly ctx: Ctx) {
    this.context = ctx.extension;
    this.log = ctx.log;
  }

  last(uri: vscode.Uri, loc: HandlerLocator): LastRun | undefined {
    return this.lastRuns.get(handlerKey(uri.toString(), loc));
  }
  watchStatus(uri: vscode.Uri, loc: HandlerLocator): WatchStatus | undefined {
    return this.watches.get(handlerKey(uri.toString(), loc));
  }
  /** Runs the probe once against the workload's target. Returns the result, or undefined if not run. */
  async run(uri: vscode.Uri, loc: HandlerLocator): Promise<ProbeRunResult | undefined> {
    const found = await this.handlerIn(uri, loc);
    if (!found) return undefined;
    const { h } = found;
    const choice = await this.targetFor(uri, loc.workload, h);
    if (!choice) return undefined;
    if (!(await this.mayExec(uri, h, choice))) return undefined;
    const key = handlerKey(uri.toString(), loc);
    const what = `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'} of ${h.container.name ?? 'container'}`;
    const rejected = rejectionLines(handlerErrors(found.file, h, lintSettings(uri).config));
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: what,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        progress.report({ message: `connecting to ${describeChoice(choice)}…` });
        let opened: Opened | undefined;
        try {
          opened = await this.open(uri, choice, h, controller.signal);
          progress.report({ message: `running against ${opened.label}…` });
          const r = await this.ctx.runner().runHandler(h.spec, h.container.spec, opened.target, { site: h.site, signal: controller.signal });
          this.lastRuns.set(key, { at: Date.now(), result: r, target: opened.label, ...(rejected.length && { rejected }) });
          this.changed.fire();
          for (const line of runReport(h, r, opened.label)) this.log.info(line);
          if (rejected.length) {
            // The finding itself is in the log and under the squiggle; the toast says what it means for this run.
            for (const line of rejected) this.log.warn(`  rejected by the API server: ${line}`);
            const rules = [...new Set(rejected.map((l) => /\(([\w-]+\/[\w-]+)\)$/.exec(l)?.[1]).filter(Boolean))].join(', ');
            this.ctx.report.warn(
              `The API server would reject this ${PROBE_LABEL[h.site].toLowerCase()} ${h.isProbe ? 'probe' : 'hook'} as written${rules ? ` (${rules})` : ''}, so the kubelet would never run it. This run only shows what ${opened.label} answers.`,
            );
          } else if (r.result === 'failure' || r.errored) {
            // The kubelet's event already names the probe ("Readiness probe failed: …"): say it once.
            // One calm line per cause: the reporter does not stack a repeat of the same message.
            this.ctx.report.warn(`${r.event ?? `${PROBE_LABEL[h.site]} ${h.isProbe ? 'probe' : 'hook'}: ${verdictText(r).short}`} (container ${h.container.name ?? '?'})`);
          }
          return r;
        } catch (e) {
          if (controller.signal.aborted) return undefined;
          this.fail(e);
          return undefined;
        } finally {
          opened?.dispose();
        }
      },
    );
  }

  /** Watches the probe as the kubelet's worker would until stopped. */
  async watch(uri: vscode.Uri, loc: HandlerLocator): Promise<void> {
    const key = handlerKey(uri.toString(), loc);
    if (this.watches.has(key)) return;
    const h = await this.handler(uri, loc);
    if (!h) return;
    if (!h.isProbe) {
      void vscode.window.showInformationMessage('Lifecycle hooks run once per container start; use Run instead of Watch.');
      return;
    }
    const choice = await this.targetFor(uri, loc.workload, h);
    if (!choice || !(await this.mayExec(uri, h, choice))) return;
    const controller = new AbortController();
    const status: WatchStatus = { controller, tally: EMPTY_TALLY };
    this.watches.set(key, status);
    this.changed.fire();
    let opened: Opened | undefined;
    try {
      opened = await this.open(uri, choice, h, controller.signal);
      const label = opened.label;
      this.log.info(`watching ${PROBE_LABEL[h.site]} probe of ${workloadRef(h.container.workload)} › ${h.container.name} against ${label}`);
      await this.ctx.runner().watchProbe(h.spec as Probe, h.container.spec, opened.target, {
        site: h.site as ProbeKind,
        signal: controller.signal,
        onEvent: (e) => {
          status.tally = tallyWatch(status.tally, e);
          this.onWatchEvent.fire({ key, locator: loc, event: e });
          if (e.type === 'attempt') {
            const how = e.errored ? `errored, not counted (${e.errored})` : watchText(status.tally);
            this.log.info(`  #${e.attempt} ${e.result} in ${e.durationMs} ms — ${how}; ${e.next}${e.event ? ` — ${e.event}` : ''}`);
          } else {
            this.log.info(`  ${e.verdict}`);
            if (e.action === 'kill' || e.action === 'not-ready') {
              // A restart loop repeats the same verdict: the reporter shows it once while it is on screen.
              this.ctx.report.warn(`${PROBE_LABEL[h.site]} probe of ${h.container.name}: ${e.verdict}`);
            }
          }
          this.changed.fire();
        },
      });
    } catch (e) {
      if (!controller.signal.aborted) this.fail(e);
    } finally {
      opened?.dispose();
      this.watches.delete(key);
      this.changed.fire();
      this.log.info(`stopped watching ${PROBE_LABEL[h.site]} probe of ${h.container.name}`);
    }
  }

  /**
   * For ⏱ Measure (measure.ts): the probe, its workload's target (asked for if none is chosen) and
   * the exec check, as a run does them. undefined when the user cancelled or it may not run.
   */
  async resolveTarget(uri: vscode.Uri, loc: HandlerLocator): Promise<{ h: HandlerModel; choice: TargetChoice } | undefined> {
    const h = await this.handler(uri, loc);
    if (!h) return undefined;
    const choice = await this.targetFor(uri, loc.workload, h);
    if (!choice || !(await this.mayExec(uri, h, choice))) return undefined;
    return { h, choice };
  }

  /** Opens a resolved target (a port-forward for a pod); dispose() closes it. */
  openTarget(uri: vscode.Uri, choice: TargetChoice, h: HandlerModel, signal: AbortSignal): Promise<Opened> {
    return this.open(uri, choice, h, signal);
  }

  stopWatch(uri: vscode.Uri, loc: HandlerLocator): void {
    this.watches.get(handlerKey(uri.toString(), loc))?.controller.abort();
  }

  stopAllWatches(): void {
    for (const w of this.watches.values()) w.controller.abort();
  }

  /** Asks for the target of a workload's probes and remembers it. */
  async chooseTarget(uri: vscode.Uri, workload: string, h?: HandlerModel): Promise<TargetChoice | undefined> {
    const items: (vscode.QuickPickItem & { id: string })[] = [
      { id: 'local', label: '$(vm) This machine', description: `${this.host(uri)} and the probe's own port` },
      { id: 'local-all', label: '$(vm) This machine, for all workloads in this workspace', description: 'stops asking; change it with Choose Probe Target…' },
      { id: 'map', label: '$(arrow-swap) This machine, with a port map…', description: 'container port → local port, e.g. 8080:18080' },
      { id: 'pod', label: '$(cloud) A pod in the cluster', description: 'kubectl port-forward and kubectl exec' },
      { id: 'container', label: '$(package) A local container', description: 'docker/podman exec and published ports' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `Where should the probes of ${workload} run?`, ignoreFocusOut: true });
    if (!pick) return undefined;
    let choice: TargetChoice | undefined;
    try {
      if (pick.id === 'local') choice = { kind: 'local', host: this.host(uri) };
      else if (pick.id === 'local-all') {
        choice = { kind: 'local', host: this.host(uri) };
        await this.context.workspaceState.update(WORKSPACE_TARGET_KEY, choice);
        this.log.info(`probes of every workload in this workspace run against ${choice.host} (chosen once; Choose Probe Target… on a workload overrides it)`);
      } else if (pick.id === 'map') choice = await this.askPortMap(uri, h);
      else if (pick.id === 'pod') choice = await this.pickPod(h);
      else choice = await this.pickContainer();
    } catch (e) {
      this.fail(e);
      return undefined;
    }
    if (choice) await this.remember(uri, workload, choice);
    return choice;
  }

  private host(scope: vscode.Uri): string {
    return vscode.workspace.getConfiguration('kubeProbes', scope).get<string>('run.host') || '127.0.0.1';
  }

  private async askPortMap(uri: vscode.Uri, h?: HandlerModel): Promise<TargetChoice | undefined> {
    const ports = h ? portsOf(h) : [];
    const value = await vscode.window.showInputBox({
      title: 'Port map (container port → local port)',
      prompt: 'Comma-separated CONTAINERPORT:LOCALPORT pairs',
      value: ports.map((p) => `${p}:${p}`).join(', '),
      validateInput: (v) => (parsePortMap(v) ? undefined : 'Use pairs like 8080:18080, separated by commas'),
    });
    const map = value !== undefined ? parsePortMap(value) : undefined;
    return map ? { kind: 'local', host: this.host(uri), portMap: map } : undefined;
  }

  private async pickPod(h?: HandlerModel): Promise<TargetChoice | undefined> {
    const kubectl = await this.ctx.clusterKubectl();
    const info = await kubectl.contextInfo();
    const namespace = h?.container.workload.namespace ?? info.namespace;
    const labels = h?.container.workload.podLabels ?? {};
    const selector = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Listing pods in ${namespace}…` },
      () => kubectl.listPods(namespace, selector ? { labelSelector: selector } : {}),
    );
    if (!pods.length) {
      void vscode.window.showWarningMessage(`No pods${selector ? ` matching ${selector}` : ''} in namespace ${namespace} (context ${info.context ?? 'none'}).`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      pods.map((p) => ({ label: p.metadata?.name ?? '?', description: p.status?.phase })),
      { title: `Pod in ${namespace} (context ${info.context ?? 'current'})` },
    );
    return pick ? { kind: 'pod', pod: pick.label, namespace, context: info.context } : undefined;
  }

  private async pickContainer(): Promise<TargetChoice | undefined> {
    const runner = this.ctx.runner();
    const tool = runner.locateContainerTool({ explicitPath: containerRuntimePath() });
    const list = await runner.listContainers(tool);
    if (!list.length) {
      void vscode.window.showWarningMessage(`No running containers (${tool.kind}).`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      list.map((c) => ({ label: c.name, description: `${c.image} ${c.portsText}` })),
      { title: `Local container (${tool.kind})` },
    );
    return pick ? { kind: 'container', container: pick.label } : undefined;
  }

  /** Sets the target of a workload's probes without asking (tree actions, tests). */
  async setTarget(uri: vscode.Uri, workload: string, choice: TargetChoice): Promise<void> {
    await this.remember(uri, workload, choice);
  }

  private async remember(uri: vscode.Uri, workload: string, choice: TargetChoice): Promise<void> {
    const all = this.context.workspaceState.get<Record<string, TargetChoice>>(TARGETS_KEY) ?? {};
    all[`${uri.toString()}#${workload}`] = choice;
    await this.context.workspaceState.update(TARGETS_KEY, all);
  }

  /** The workload's own target, else the one chosen for the whole workspace, else the setting, else ask. */
  private async targetFor(uri: vscode.Uri, workload: string, h: HandlerModel): Promise<TargetChoice | undefined> {
    const all = this.context.workspaceState.get<Record<string, TargetChoice>>(TARGETS_KEY) ?? {};
    const own = all[`${uri.toString()}#${workload}`] ?? this.context.workspaceState.get<TargetChoice>(WORKSPACE_TARGET_KEY);
    if (own) return own;
    const setting = vscode.workspace.getConfiguration('kubeProbes', uri).get<string>('run.defaultTarget');
    if (setting === 'thisMachine') return { kind: 'local', host: this.host(uri) };
    return this.chooseTarget(uri, workload, h);
  }

  /** Forgets the target chosen for all workloads (tests; "Choose Probe Target…" on a workload still overrides it). */
  async clearWorkspaceTarget(): Promise<void> {
    await this.context.workspaceState.update(WORKSPACE_TARGET_KEY, undefined);
  }

  private async handler(uri: vscode.Uri, loc: HandlerLocator): Promise<HandlerModel | undefined> {
    return (await this.handlerIn(uri, loc))?.h;
  }

  private async handlerIn(uri: vscode.Uri, loc: HandlerLocator) {
    const text = (await this.renderedAt(uri)) ?? (await vscode.workspace.openTextDocument(uri)).getText();
    const file = parseManifest(text, uri.fsPath);
    const h = findHandler(file, loc);
    if (!h) void vscode.window.showWarningMessage(`${PROBE_LABEL[loc.site]} of ${loc.workload} › ${loc.container} is no longer in ${vscode.workspace.asRelativePath(uri)}.`);
    return h && { h, file };
  }

  /**
   * A chart's or overlay's anchor file (Chart.yaml, kustomization.yaml — what the tree and the
   * lenses of its templates and values files pass): its probes are those of its latest render.
   */
  private async renderedAt(uri: vscode.Uri): Promise<string | undefined> {
    if (uri.scheme !== 'file' || !/^(Chart\.yaml|kustomization\.ya?ml|Kustomization)$/.test(path.basename(uri.fsPath))) return undefined;
    const units = this.ctx.units();
    const unit = await units.unitFor(uri);
    if (!unit || unit.anchorFile !== uri.fsPath) return undefined;
    return (units.result(unit) ?? (await units.lint(unit)))?.rendered?.text;
  }

  /** Exec handlers run commands from a file: never in an untrusted workspace; confirmed once per command. */
  private async mayExec(uri: vscode.Uri, h: HandlerModel, choice: TargetChoice): Promise<boolean> {
    const argv = (h.spec as Probe).exec?.command;
    if (!argv) return true;
    if (choice.kind !== 'local') return true; // runs inside the pod/container, as the kubelet would
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'Exec probes run commands from the manifest on this machine, so they never run in an untrusted (Restricted Mode) workspace. Trust the workspace to run them.',
        'Manage Workspace Trust',
      ).then((a) => a && vscode.commands.executeCommand('workbench.trust.manage'));
      this.log.warn(`refused to run exec ${JSON.stringify(argv)}: the workspace is not trusted`);
      return false;
    }
    const confirmed = this.context.workspaceState.get<string[]>(CONFIRMED_KEY) ?? [];
    const id = JSON.stringify(argv);
    if (confirmed.includes(id)) return true;
    const answer = await vscode.window.showWarningMessage(
      `Run this command from ${vscode.workspace.asRelativePath(uri)} on this machine?`,
      { modal: true, detail: argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ') },
      'Run',
    );
    if (answer !== 'Run') return false;
    await this.context.workspaceState.update(CONFIRMED_KEY, [...confirmed, id]);
    return true;
  }

  private async open(uri: vscode.Uri, choice: TargetChoice, h: HandlerModel, signal: AbortSignal): Promise<Opened> {
    const runner = this.ctx.runner();
    if (choice.kind === 'local') {
      // Relative commands (`node demo-app/check.mjs`) resolve from the manifest's workspace folder.
      const cwd = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
      const map = choice.portMap && Object.keys(choice.portMap).length ? ` (ports ${Object.entries(choice.portMap).map(([a, b]) => `${a}→${b}`).join(', ')})` : '';
      return { target: { host: choice.host, portMap: choice.portMap, exec: new runner.LocalExecTarget(cwd) }, label: `${choice.host}${map}`, dispose() {} };
    }
    if (choice.kind === 'pod') {
      const kubectl = await this.ctx.kubectl();
      const forwards = this.ctx.forwards();
      const labels = Object.entries(h.container.workload.podLabels).map(([k, v]) => `${k}=${v}`).join(',');
      const t = await runner.openPodTarget(kubectl, forwards, {
        pod: choice.pod,
        namespace: choice.namespace,
        context: choice.context,
        container: h.container.name ?? '',
        ports: portsOf(h),
        signal,
        // The pod was replaced (a rollout, a crash of a controller's pod): follow the workload's newest running pod.
        resolvePod: async () => {
          if (!labels) return undefined;
          const k = kubectl.withContext(choice.context);
          const pods = await k.listPods(choice.namespace, { labelSelector: labels });
          const running = pods
            .filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)
            .sort((a, b) => (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''));
          const next = running[0]?.metadata?.name;
          if (next && next !== choice.pod) this.log.info(`pod ${choice.namespace}/${choice.pod} was replaced: forwarding to ${next}`);
          return next;
        },
      });
      return { target: t.target, label: `pod ${choice.namespace}/${choice.pod}`, dispose: () => t.dispose() };
    }
    const tool = runner.locateContainerTool({ explicitPath: containerRuntimePath() });
    const t = await runner.openContainerTarget(tool, choice.container, { signal });
    return { target: t.target, label: `${tool.kind} container ${choice.container}`, dispose: () => t.dispose() };
  }

  private fail(e: unknown): void {
    this.ctx.report.error(e);
  }

  dispose(): void {
    clearInterval(this.ageTick);
    this.stopAllWatches();
    this.changed.dispose();
    this.onWatchEvent.dispose();
  }
}

function describeChoice(c: TargetChoice): string {
  return c.kind === 'local' ? c.host : c.kind === 'pod' ? `pod ${c.namespace}/${c.pod}` : `container ${c.container}`;
}
