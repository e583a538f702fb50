// computePodActions for the simulator: from the containers as they are when a sync begins, what to
// kill and what to start, in the kubelet's order (kuberuntime_manager.go computePodActions and
// computeInitContainerActions). A pure function; the engine carries the plan out.
// Pure TypeScript; no 'vscode'. Semantics: docs/semantics/pod-lifecycle.md (§8.2 "What a sync does").
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

/**
 * computeInitContainerActions, walking the init containers from the last to the first as the
 * kubelet does: the newest one with a status decides what starts next. A sidecar lets the next init
 * container start once it is started (its startup probe succeeded, or it has none) — its liveness
 * result plays no part in that; a liveness Failure only restarts it (docs/semantics/pod-lifecycle.md,
 * "Init containers and sidecars"). Returns whether the pod has initialized.
 */
function initActions(i: PlanInput, kills: KillOp[], start: (c: Ctr) => void): boolean {
  const inits = i.inits;
  if (!inits.length) return true;
  // The kubelet: initialized when a regular container is running (created/running in the runtime);
  // we also remember that one ever started, since the runtime keeps its exited instances.
  let initialized = i.initialized;
  let previouslyInitialized = initialized;
  const toStart: Ctr[] = [];
  const restartForProbe = (c: Ctr) => {
    const d = probeKill(c, i.spec, i.containerRestartRules);
    if (!d) return;
    kills.push(d.kill);
    toStart.push(c); // a sidecar is always restarted
  };
  for (let n = inits.length - 1; n >= 0; n--) {
    const c = inits[n];
    const last = n === inits.length - 1;
    if (!c.cur) {
      if (previouslyInitialized && c.type === 'sidecar') toStart.push(c);
      continue;
    }
    if (previouslyInitialized && c.type !== 'sidecar') continue;
    if (c.cur.finishedAt === undefined) {
      if (c.type === 'sidecar') sidecar: {
        const startup = c.byKind.startupProbe?.worker.result;
        if (c.byKind.startupProbe && startup !== 'Success') {
          if (startup === 'Failure') restartForProbe(c);
          break sidecar;
        }
        if (last) initialized = true;
        else if (!previouslyInitialized) toStart.push(inits[n + 1]);
        if (c.byKind.livenessProbe?.worker.result === 'Failure') restartForProbe(c);
      }
    } else if (c.type === 'sidecar') {
      toStart.push(c);
    } else if ((c.cur.exitCode ?? 0) !== 0) {
      const restart = shouldContainerBeRestarted(c.spec, i.spec, { state: 'exited', exitCode: c.cur.exitCode ?? 0 }, { containerRestartRules: i.containerRestartRules });
      // Not restarted: the pod is terminal (getPhase says Failed); nothing more starts.
      if (!restart) return false;
      toStart.push(c);
    } else if (last) {
      initialized = true;
    } else {
      toStart.push(inits[n + 1]);
    }
    previouslyInitialized = true;
  }
  if (!previouslyInitialized) toStart.push(inits[0]);
  // The walk went backwards; the kubelet starts them in spec order.
  for (const c of toStart.reverse()) start(c);
  return initialized;
}

export function planSync(i: PlanInput): Plan {
  if (i.killingPodDeadline !== undefined) return stopPlan(i, i.killingPodDeadline);
  const kills: KillOp[] = [];
  const starts: StartOp[] = [];
  const start = (c: Ctr) => starts.push({ c, ref: newestExit(c) });
  const gate = i.containerRestartRules;
  const killForProbe = (c: Ctr) => {
    const d = probeKill(c, i.spec, gate);
    if (!d) return false;
    kills.push(d.kill);
    if (d.restart) start(c);
    return true;
  };

  if (!initActions(i, kills, start)) return { kills, starts };

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
