// computePodActions for the simulator: from the containers as they are when a sync begins, what to
// kill and what to start, in the kubelet's order (kuberuntime_manager.go computePodActions and
// computeInitContainerActions). A pure function; the engine carries the plan out.
// Pure TypeScript; no 'vscode'. Semantics: docs/semantics/pod-lifecycle.md ("What a sync does").
import type { PodSpec } from '../k8s';
import {
  MINIMUM_GRACE_PERIOD, killGracePeriod, probeKillDecision, shouldContainerBeRestarted,
} from './restart';
import { isRunning, newestExit, runtimeRecord, type Ctr } from './sim-model';

/** One entry of ContainersToStart; `ref` is the back-off reference (newest exit when the sync began). */
export interface StartOp { c: Ctr; ref?: number }
export interface KillOp { c: Ctr; grace: number; message: string }
export interface Plan { kills: KillOp[]; starts: StartOp[]; /** Nothing regular runs or will start: the pod is done. */ complete?: boolean }

export interface PlanInput {
  t: number;
  spec: PodSpec;
  inits: readonly Ctr[];
  regular: readonly Ctr[];
  /** The whole pod is being stopped (completion, deletion, failure, deadline): by when. */
  killingPodDeadline?: number;
  /** A regular container has started at least once (the pod has initialized). */
  initialized: boolean;
  containerRestartRules: boolean;
  /** containerStatus.started of a container as the kubelet's status says now (§7.5). */
  started(c: Ctr): boolean;
}

/** Stopping the pod: regular containers first (in parallel), then sidecars one by one in reverse order. */
function stopPlan(i: PlanInput, deadline: number): Plan {
  const all = [...i.inits, ...i.regular];
  const left = Math.max(deadline - i.t, MINIMUM_GRACE_PERIOD);
  const stopping = (c: Ctr): KillOp => ({ c, grace: killGracePeriod(i.spec, c.spec, 'pod', left), message: `Stopping container ${c.name}` });
  const live = all.filter((c) => isRunning(c) && !c.cur?.killing);
  const regularLive = live.filter((c) => c.type !== 'sidecar');
  const kills: KillOp[] = [];
  if (regularLive.length) kills.push(...regularLive.map(stopping));
  else if (!all.some((c) => c.type !== 'sidecar' && isRunning(c))) {
    const sidecars = live.filter((c) => c.type === 'sidecar');
    if (sidecars.length) kills.push(stopping(sidecars[sidecars.length - 1]));
  }
  return { kills, starts: [] };
}

/** A running container with a liveness/startup Failure: the kill (and whether it restarts). */
export function probeKill(c: Ctr, spec: PodSpec, containerRestartRules: boolean): { kill: KillOp; restart: boolean } | undefined {
  if (!isRunning(c) || c.cur?.killing || c.cur?.inHook) return undefined;
  const d = probeKillDecision(c.spec, spec, {
    liveness: c.byKind.livenessProbe?.worker.result,
    startup: c.byKind.startupProbe?.worker.result,
  }, { containerRestartRules, sidecar: c.type === 'sidecar' });
  if (!d.kill) return undefined;
  return { kill: { c, grace: killGracePeriod(spec, c.spec, d.reason), message: d.message }, restart: d.restart };
}

export function planSync(i: PlanInput): Plan {
  if (i.killingPodDeadline !== undefined) return stopPlan(i, i.killingPodDeadline);
  const kills: KillOp[] = [];
  const starts: StartOp[] = [];
  const start = (c: Ctr) => starts.push({ c, ref: newestExit(c) });
  const gate = i.containerRestartRules;
  const initialized = i.initialized;
  const killForProbe = (c: Ctr) => {
    const d = probeKill(c, i.spec, gate);
    if (!d) return false;
    kills.push(d.kill);
    if (d.restart) start(c);
    return true;
  };

  // computeInitContainerActions: plain init containers one at a time; a sidecar must be started
  // (startup probe Success, or no startup probe) before the next init container — its liveness
  // result plays no part in that (docs/semantics/pod-lifecycle.md, "Sidecars").
  let initDone = true;
  for (const c of i.inits) {
    if (c.type === 'sidecar') {
      if (!c.cur || c.cur.finishedAt !== undefined) {
        start(c);
        if (!initialized) { initDone = false; break; }
        continue;
      }
      if (killForProbe(c)) {
        if (!initialized) { initDone = false; break; }
        continue;
      }
      if (!i.started(c) && !initialized) { initDone = false; break; }
      continue;
    }
    if (initialized) continue;
    if (!c.cur) { start(c); initDone = false; break; }
    if (c.cur.finishedAt === undefined) { initDone = false; break; }
    if (c.cur.exitCode === 0) continue;
    if (shouldContainerBeRestarted(c.spec, i.spec, { state: 'exited', exitCode: c.cur.exitCode ?? 0 }, { containerRestartRules: gate })) start(c);
    initDone = false;
    break;
  }
  if (!initDone) return { kills, starts };

  for (const c of i.regular) {
    if (!c.cur) { start(c); continue; }
    if (c.cur.finishedAt !== undefined) {
      if (shouldContainerBeRestarted(c.spec, i.spec, runtimeRecord(c), { containerRestartRules: gate })) start(c);
      continue;
    }
    killForProbe(c);
  }
  // No regular container left running and none to start: the pod is done; stop the sidecars.
  const keep = i.regular.some((c) => isRunning(c) && !kills.some((k) => k.c === c));
  const regularStarts = starts.some((s) => s.c.type === 'container');
  if (!keep && !regularStarts && i.regular.every((c) => c.cur)) return { kills, starts, complete: true };
  return { kills, starts };
}
