// Running and watching the probes of LIVE pods — from the Cluster view's probe rows and from the
// rows we add under a pod in the Kubernetes extension's Cluster Explorer — through a managed
// port-forward (exec: kubectl exec), as the kubelet would. The one owner of their last results and
// running watches, kept under podProbeKey so both trees show the same. Also opens a live pod's
// timeline. Glue only: the probe runners and the rows are the core's.
import * as vscode from 'vscode';
import type { Kubectl, PodObject } from '../../core/cluster';
import { PROBE_LABEL, type Probe, type ProbeKind } from '../../core/k8s';
import type { HandlerModel } from '../../core/manifest/model';
import { portsOf, runReport, verdictText } from '../../core/probe/locate';
import type { ProbeRunResult } from '../../core/probe/types';
import { EMPTY_TALLY, tallyWatch, watchText, type WatchTally } from '../../core/probe/watch';
import { podProbeRefKey, type PodProbeRef } from '../../core/workspace/pod-probes';
import type { LastRun } from '../../core/workspace/run-status';
import type { Ctx, RunnerModule } from '../ctx';
import type { TimelinePanel, TimelineShowArgs } from '../timeline-panel';

/** A probe of a live pod, with the kubectl (bound to the pod's context) that reaches it. */
export interface LivePodProbe {
  kubectl: Kubectl;
  ref: PodProbeRef;
  handler: HandlerModel;
}

interface Watch {
  controller: AbortController;
  tally: WatchTally;
}

export class PodProbeRuns implements vscode.Disposable {
  private readonly lastRuns = new Map<string, LastRun>();
  private readonly watches = new Map<string, Watch>();
  private readonly changed = new vscode.EventEmitter<PodProbeRef>();
  /** A run finished, or a watch started, ticked or stopped. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly ctx: Ctx) {}

  last(key: string): LastRun | undefined {
    return this.lastRuns.get(key);
  }

  /** The tally of a running watch (undefined when not watched). */
  watching(key: string): WatchTally | undefined {
    return this.watches.get(key)?.tally;
  }

  /** Runs the probe once (progress with cancel). Undefined when it could not run (said to the user). */
  async run(p: LivePodProbe, notifyFailure = true): Promise<ProbeRunResult | undefined> {
    const runner: RunnerModule = this.ctx.runner();
    const { ref, handler: h } = p;
    const label = `pod ${ref.namespace}/${ref.pod}`;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${PROBE_LABEL[h.site]} probe of ${ref.pod} › ${ref.container}`, cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const cancel = token.onCancellationRequested(() => ac.abort());
        let target: Awaited<ReturnType<RunnerModule['openPodTarget']>> | undefined;
        try {
          progress.report({ message: 'port-forwarding…' });
          target = await runner.openPodTarget(p.kubectl, this.ctx.forwards(), { pod: ref.pod, namespace: ref.namespace, context: ref.context, container: ref.container, ports: portsOf(h), signal: ac.signal });
          progress.report({ message: `running against ${label}…` });
          const r = await runner.runHandler(h.spec, h.container.spec, target.target, { site: h.site, signal: ac.signal });
          this.lastRuns.set(podProbeRefKey(ref), { at: Date.now(), result: r, target: label });
          for (const line of runReport(h, r, label)) this.ctx.log.info(line);
          if (notifyFailure && (r.result === 'failure' || r.errored)) {
            // One calm line per cause (the reporter does not stack a repeat); the details are in the log.
            this.ctx.report.warn(`${PROBE_LABEL[h.site]} probe of ${ref.pod}, container ${ref.container}: ${r.event ?? verdictText(r).short}`);
          }
          this.changed.fire(ref);
          return r;
        } catch (e) {
          if (!ac.signal.aborted) this.ctx.report.error(e, 'cluster');
          return undefined;
        } finally {
          cancel.dispose();
          target?.dispose();
        }
      },
    );
  }

  /** Watches the probe as the kubelet's worker would (its period and thresholds) until stopped. */
  async watch(p: LivePodProbe): Promise<void> {
    const { ref, handler: h } = p;
    const key = podProbeRefKey(ref);
    if (this.watches.has(key) || !h.isProbe) return;
    const runner = this.ctx.runner();
    const w: Watch = { controller: new AbortController(), tally: EMPTY_TALLY };
    this.watches.set(key, w);
    this.changed.fire(ref);
    const what = `${PROBE_LABEL[h.site]} probe of pod ${ref.namespace}/${ref.pod} › ${ref.container}`;
    let target: Awaited<ReturnType<RunnerModule['openPodTarget']>> | undefined;
    try {
      target = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Port-forwarding to ${ref.pod}…` }, () =>
        runner.openPodTarget(p.kubectl, this.ctx.forwards(), { pod: ref.pod, namespace: ref.namespace, context: ref.context, container: ref.container, ports: portsOf(h), signal: w.controller.signal }),
      );
      this.ctx.log.info(`watching the ${what}`);
      await runner.watchProbe(h.spec as Probe, h.container.spec, target.target, {
        site: h.site as ProbeKind,
        signal: w.controller.signal,
        onEvent: (e) => {
          w.tally = tallyWatch(w.tally, e);
          if (e.type === 'attempt') this.ctx.log.info(`  #${e.attempt} ${e.result} in ${e.durationMs} ms — ${e.errored ? `errored, not counted (${e.errored})` : watchText(w.tally)}; ${e.next}`);
          else {
            this.ctx.log.info(`  ${e.verdict}`);
            if (e.action === 'kill' || e.action === 'not-ready') this.ctx.report.warn(`${PROBE_LABEL[h.site]} probe of ${ref.pod} › ${ref.container}: ${e.verdict}`);
          }
          this.changed.fire(ref);
        },
      });
    } catch (e) {
      if (!w.controller.signal.aborted) this.ctx.report.error(e, 'cluster');
    } finally {
      target?.dispose();
      this.watches.delete(key);
      this.ctx.log.info(`stopped watching the ${what}`);
      this.changed.fire(ref);
    }
  }

  stopWatch(ref: PodProbeRef): void {
    this.watches.get(podProbeRefKey(ref))?.controller.abort();
  }

  dispose(): void {
    for (const w of this.watches.values()) w.controller.abort();
    this.changed.dispose();
  }
}

/** Opens the Pod Timeline of a live pod (its spec as the API server has it) and switches it to live mode. */
export async function openPodTimeline(pod: PodObject, namespace: string): Promise<TimelinePanel | undefined> {
  const md = pod.metadata ?? {};
  const name = md.name ?? '';
  const owner = md.ownerReferences?.find((o) => o.controller) ?? md.ownerReferences?.[0];
  const args: TimelineShowArgs = {
    title: `Pod ${name}`,
    workloadRef: { kind: 'Pod', name, namespace },
    podSpec: pod.spec ?? {},
    meta: {
      name,
      namespace,
      ...(md.uid && { uid: md.uid }),
      workloadKind: owner?.kind ?? 'Pod',
      workloadName: owner?.name ?? name,
      ...(md.creationTimestamp && { creationTimestamp: md.creationTimestamp }),
    },
  };
  // The panel's live mode finds the pod by name (workloadRef kind Pod) and follows its status and events.
  const panel = await vscode.commands.executeCommand<TimelinePanel | undefined>('kubeProbes.simulate', args);
  await panel?.startLive();
  return panel;
}
