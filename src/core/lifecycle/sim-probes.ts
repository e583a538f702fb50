// The simulator's probe workers in simulated time: when each worker ticks (its own grid from pod
// admission, manual triggers that reset it, parking while on hold), what one doProbe sees, and
// whether the simulated app answers. The worker's own rules are worker.ts; this file only drives
// them. Pure TypeScript; no 'vscode'. Semantics: docs/semantics/pod-lifecycle.md (§7 "The probe worker").
import { PROBE_LABEL, type PodSpec } from '../k8s';
import type { StepQueue } from './heap';
import { containerShouldRestart, podRestartPolicy } from './restart';
import { PRIO_PROBE, round, type Ctr, type WorkerSlot } from './sim-model';
import type { Recorder } from './sim-record';
import { startedAndReady } from './status';
import type { ContainerStatus, KubeletOptions } from './types';
import type { CachedResult } from './worker';

/** What the probe driver needs from the engine. */
export interface ProbeHost {
  readonly q: StepQueue;
  readonly rec: Recorder;
  readonly spec: PodSpec;
  readonly opts: KubeletOptions;
  /** The simulated time and the priority of the step being run. */
  now(): { t: number; prio: number };
  pod(): { deleting: boolean; terminal: boolean };
  /** The container's status as last written (or as it would be written now). */
  statusOf(c: Ctr): ContainerStatus;
  /** A cached result changed in a way the kubelet acts on: write the status and sync the pod. */
  resultChanged(): void;
}

/** The instance the status shows: a container whose postStart hook still runs is not visible yet. */
export function visible(c: Ctr): Ctr['cur'] {
  return c.cur?.inHook ? undefined : c.cur;
}

/** started / ready / readiness trigger of a container as the kubelet's status manager computes them (§7.5). */
export function probeView(c: Ctr): { started: boolean; ready: boolean; triggerReadiness: boolean } {
  const inst = visible(c);
  const st = c.byKind.startupProbe;
  const rd = c.byKind.readinessProbe;
  return startedAndReady({
    running: !!inst && inst.finishedAt === undefined,
    startupWorker: !!st,
    startupResult: st?.worker.result,
    readinessWorker: !!rd,
    readinessResult: rd?.worker.result,
  });
}

export class ProbeDriver {
  constructor(private readonly h: ProbeHost) {}

  /** Workers start with the pod; their first doProbe runs now and finds no container yet. */
  admit(ctrs: readonly Ctr[]): void {
    const { t } = this.h.now();
    for (const c of ctrs) {
      for (const slot of c.slots) {
        slot.base = t;
        this.h.q.push(t, PRIO_PROBE, () => this.tick(c, slot, 0));
      }
    }
  }

  /** A new container ID appears in the status: every worker of it takes its initial value again. */
  newContainer(c: Ctr): void {
    for (const slot of c.slots) {
      const before = slot.worker.result;
      slot.worker.newContainer();
      this.unpark(c, slot);
      if (slot.worker.result !== before) this.changed(c, slot, before, slot.worker.result, 'new container');
    }
  }

  /** The manager's manualTriggerCh: probe now and restart the ticker from now. */
  trigger(c: Ctr, slot: WorkerSlot): void {
    const { t } = this.h.now();
    if (slot.worker.stopped || slot.lastAttemptAt === t) return;
    slot.gen++;
    slot.base = t;
    slot.parked = false;
    this.doProbe(c, slot);
    if (slot.worker.onHold) slot.parked = true;
    else this.scheduleTick(c, slot, round(t + slot.worker.timing.periodSeconds));
  }

  private tick(c: Ctr, slot: WorkerSlot, gen: number): void {
    if (gen !== slot.gen || slot.worker.stopped) return;
    this.doProbe(c, slot);
    if (slot.worker.onHold) slot.parked = true;
    else this.scheduleTick(c, slot, round(this.h.now().t + slot.worker.timing.periodSeconds));
  }

  private scheduleTick(c: Ctr, slot: WorkerSlot, at: number): void {
    if (slot.worker.stopped) return;
    const g = slot.gen;
    this.h.q.push(at, PRIO_PROBE, () => this.tick(c, slot, g));
  }

  /** A new container: a parked worker rejoins its ticker at the next tick that has not happened yet. */
  private unpark(c: Ctr, slot: WorkerSlot): void {
    if (!slot.parked) return;
    slot.parked = false;
    const { t, prio } = this.h.now();
    const p = slot.worker.timing.periodSeconds;
    let at = round(slot.base + Math.ceil((t - slot.base) / p - 1e-9) * p);
    if (at < t || (at === t && prio >= PRIO_PROBE)) at = round(at + p);
    this.scheduleTick(c, slot, at);
  }

  private doProbe(c: Ctr, slot: WorkerSlot): void {
    const { t } = this.h.now();
    if (slot.lastAttemptAt === t) return;
    const w = slot.worker;
    const inst = visible(c);
    const running = !!inst && inst.finishedAt === undefined;
    const before = w.result;
    const pod = this.h.pod();
    const gate = w.shouldProbe({
      hasStatus: !!inst,
      running,
      secondsSinceStart: inst ? t - inst.startedAt : 0,
      started: probeView(c).started,
      deleting: pod.deleting,
      podTerminal: pod.terminal,
      willRestart: this.workerKeepsGoing(c),
    });
    if (w.result !== before) this.changed(c, slot, before, w.result, gate.probe ? '' : gate.reason);
    if (!gate.probe || !inst) return;
    slot.lastAttemptAt = t;
    const s = t - inst.startedAt;
    const ok = s >= inst.run.healthyAfter && (inst.run.unhealthyAfter === undefined || s < inst.run.unhealthyAfter);
    if (this.h.rec.attempt({ t, container: c.name, kind: slot.kind, ok }) && !ok) {
      this.h.rec.kevent('Warning', 'Unhealthy', c.name, `${PROBE_LABEL[slot.kind]} probe failed: the simulated app does not answer (${fmtSeconds(s)} after start)`);
    }
    const r = w.record(ok ? 'success' : 'failure');
    if (r.changed) {
      const n = slot.worker.lastResult === 'Failure' ? w.timing.failureThreshold : w.timing.successThreshold;
      const why = `${n} consecutive ${r.to === 'Success' ? 'success' : 'failure'}${n === 1 ? '' : r.to === 'Success' ? 'es' : 's'}`;
      this.changed(c, slot, r.from, r.to, why);
    }
  }

  /** doProbe step 6: false only when the container is terminated and will never run again. */
  private workerKeepsGoing(c: Ctr): boolean {
    const term = this.h.statusOf(c).state.terminated;
    if (!term) return true;
    if (this.h.opts.containerRestartRules) return containerShouldRestart(c.spec, this.h.spec, term.exitCode);
    return podRestartPolicy(this.h.spec) !== 'Never' || c.type === 'sidecar';
  }

  private changed(c: Ctr, slot: WorkerSlot, from: CachedResult, to: CachedResult, why: string): void {
    this.h.rec.event(c.name, `probe:${slot.kind}`, from, to, why ? { reason: why } : {});
    if (slot.kind === 'livenessProbe' && to !== 'Failure') return;
    this.h.resultChanged();
  }
}

function fmtSeconds(s: number): string {
  return `${Number(s.toFixed(3))}s`;
}
