// How ⏱ Measure gets the app's cold starts in the editor (docs/measure.md, "In the editor"): the
// kubeProbes.measure.launch entry (a VS Code task or a command) for this machine, a local container
// restarted or a live pod deleted only after a modal confirmation, a pod's start read from its
// status. Glue only: planning, timing and the pod's status are src/core/measure.
import * as vscode from 'vscode';
import type { HandlerModel } from '../core/manifest/model';
import { parseLaunchSetting } from '../core/measure/launch-setting';
import { startFromPodStatus } from '../core/measure/record';
import type { StartRecord } from '../core/measure/stats';
import type { AppStarter } from '../core/measure/starters';
import type { TakeOverQuestion } from '../core/measure/takeover';
import type { HandlerLocator } from '../core/probe/locate';
import { containerRuntimePath } from './config';
import type { Ctx } from './ctx';
import { TaskStarts } from './measure-task';
import type { TargetChoice } from './probe-runs';

export class MeasureStarts implements vscode.Disposable {
  /** Notes when tasks start from activation on: a task the user started before Measure is timed from its own start. */
  private readonly tasks = new TaskStarts();

  constructor(private readonly ctx: Ctx) {}

  /**
   * How the app is started for cold starts (a command or a VS Code task, from
   * kubeProbes.measure.launch): only against this machine, only in a trusted workspace.
   * undefined: no cold starts (said why when the setting asked for them); null: cannot go on.
   */
  launchFor(uri: vscode.Uri, loc: HandlerLocator, choice: TargetChoice, value: unknown, starts: number, command: (line: string) => AppStarter): AppStarter | undefined | null {
    if (value === undefined || starts <= 0) return undefined;
    if (choice.kind !== 'local') {
      this.ctx.log.info(`measure: kubeProbes.measure.launch for ${loc.workload} is not used: the probes run against ${choice.kind === 'pod' ? `pod ${choice.namespace}/${choice.pod}` : `container ${choice.container}`}, not this machine`);
      return undefined;
    }
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(`kubeProbes.measure.launch starts the app on this machine, so it never runs in an untrusted (Restricted Mode) workspace. Measuring the latency only; trust the workspace to time cold starts.`);
      return undefined;
    }
    try {
      const l = parseLaunchSetting(value);
      if ('error' in l) throw new Error(l.error);
      if ('task' in l) return this.tasks.starter(l.task, vscode.workspace.getWorkspaceFolder(uri));
      return command(l.command);
    } catch (e) {
      void vscode.window.showErrorMessage(`kubeProbes.measure.launch for ${loc.workload} in ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
      return null;
    }
  }

  /**
   * The probe already succeeds before the launch task runs (something else answers at its port):
   * asks whether to start the task anyway (the core then times only the new process) or cancel.
   */
  async confirmTakeOver(q: TakeOverQuestion): Promise<boolean> {
    const yes = 'Start the Task Anyway';
    const a = await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, yes);
    this.ctx.log.info(`measure: ${q.message} ${a === yes ? 'Started the task anyway.' : 'Cancelled: nothing launched.'}`);
    return a === yes;
  }

  /** Asks before restarting a local container for cold starts: its starter if yes; undefined: latency only; null: cancelled. */
  async confirmContainerRestarts(container: string, starts: number): Promise<AppStarter | undefined | null> {
    const runner = this.ctx.runner();
    let tool;
    try {
      tool = runner.locateContainerTool({ explicitPath: containerRuntimePath() });
    } catch (e) {
      this.ctx.report.error(e, 'kubeProbes.measureProbe');
      return null;
    }
    const yes = `Restart ${starts === 1 ? 'It' : `${starts} Times`}`;
    const latencyOnly = 'Latency Only';
    const a = await vscode.window.showWarningMessage(
      `Restart container ${container} (${tool.kind} restart) ${starts === 1 ? 'once' : `${starts} times`} to time its cold start? Its work is interrupted while it restarts; it is left running afterwards.`,
      { modal: true },
      yes,
      latencyOnly,
    );
    if (a === undefined) return null;
    return a === yes ? runner.containerStarter(tool, container) : undefined;
  }

  /**
   * Asks before deleting a live pod for cold starts (the words name the pod, its namespace and
   * context): true if yes; false: its start is read from its status only; null: cancelled.
   */
  async confirmPodRestarts(choice: Extract<TargetChoice, { kind: 'pod' }>, h: HandlerModel, starts: number): Promise<boolean | null> {
    const runner = this.ctx.runner();
    let pod;
    try {
      pod = await (await this.ctx.kubectl()).withContext(choice.context).getPod(choice.namespace, choice.pod);
    } catch (e) {
      this.ctx.report.error(e, 'kubeProbes.measureProbe');
      return null;
    }
    if (!runner.podController(pod)) {
      this.ctx.log.info(`measure: pod ${choice.namespace}/${choice.pod} has no controller; its start is read from its status only (deleting it would not bring it back)`);
      return false;
    }
    const yes = 'Delete and Time Its Starts';
    const statusOnly = 'Read Its Status Only';
    const text = runner.restartConfirmation({ namespace: choice.namespace, pod: choice.pod, container: h.container.name ?? '', context: choice.context }, pod, starts - 1);
    const a = await vscode.window.showWarningMessage(text, { modal: true }, yes, statusOnly);
    if (a === undefined) return null;
    return a === yes;
  }

  /** A live pod's starts: its current one from its status, then delete → replacement → Ready (confirmed by the user). */
  async podStarts(choice: Extract<TargetChoice, { kind: 'pod' }>, h: HandlerModel, starts: number, maxWaitSeconds: number, signal: AbortSignal, say: (m: string) => void) {
    const runner = this.ctx.runner();
    const kubectl = (await this.ctx.kubectl()).withContext(choice.context);
    this.ctx.log.info(`measure: deleting pod ${choice.namespace}/${choice.pod} (confirmed) to time ${starts} cold starts`);
    return runner.measurePodStarts(kubectl, { namespace: choice.namespace, pod: choice.pod, container: h.container.name ?? '', context: choice.context }, {
      starts,
      restart: true,
      maxWaitSeconds,
      signal,
      onNotice: (t) => {
        this.ctx.log.info(`measure: ${t}`);
        say(t);
      },
      onStart: (r, pod) => {
        const m = `cold start ${r.start} of ${starts} (pod ${pod}): ${r.firstSuccessSeconds !== undefined ? `Ready ${r.firstSuccessSeconds} s after its container started` : r.problem}`;
        this.ctx.log.info(`measure: ${m}`);
        say(m);
      },
    });
  }

  /** A live pod's start from its status (nothing is restarted). */
  async podStart(choice: Extract<TargetChoice, { kind: 'pod' }>, h: HandlerModel): Promise<StartRecord> {
    const kubectl = (await this.ctx.kubectl()).withContext(choice.context);
    const pod = await kubectl.getPod(choice.namespace, choice.pod);
    const r = startFromPodStatus(pod, h.container.name ?? '');
    this.ctx.log.info(`measure: pod ${choice.namespace}/${choice.pod}: ${r.firstSuccessSeconds !== undefined ? `Ready ${r.firstSuccessSeconds} s after container ${h.container.name} started (from its status)` : r.problem}`);
    return r;
  }

  dispose(): void {
    this.tasks.dispose();
  }
}
