// The StatefulSet controller played forward (docs/workloads.md, "StatefulSets"): pods named by
// ordinal; OrderedReady creates them one at a time in ordinal order (each Running and Ready, and
// available for minReadySeconds, before the next) and removes them in reverse; Parallel does both
// at once; a RollingUpdate replaces pods from the highest ordinal down to the partition, at most
// maxUnavailable at a time (MaxUnavailableStatefulSet, on by default in 1.35) or one at a time
// waiting for each to be healthy (gate off); OnDelete replaces nothing by itself.
// Source: pkg/controller/statefulset/stateful_set_control.go (updateStatefulSet, processReplica,
// processCondemned, updateStatefulSetAfterInvariantEstablished, completeRollingUpdate) and
// stateful_set_utils.go (newVersionedStatefulSetPod, isHealthy, isRunningAndAvailable).
import type { ScenarioContainerInput } from '../lifecycle/scenario';
import { num, WorkloadSim, type WorkloadInput } from './engine';
import type { SimPod } from './pods';
import { scaledValue, type IntOrPercent } from './rollout';
import type { DeploymentStatusView, WorkloadResult, WorkloadVerdict } from './types';
import { s, trafficVerdicts } from './verdicts';

export function simulateStatefulSet(input: WorkloadInput): WorkloadResult {
  return new StatefulSetSim(input).run();
}

interface Status { replicas: number; readyReplicas: number; availableReplicas: number; currentReplicas: number; updatedReplicas: number; currentRevision: string; updateRevision: string }

/** getStatefulSetMaxUnavailable: an integer or a percentage of replicas rounded down, at least 1 (default 1). */
export function statefulSetMaxUnavailable(v: IntOrPercent, replicas: number): number {
  return Math.max(1, scaledValue(v ?? 1, replicas, false, '1'));
}

class StatefulSetSim extends WorkloadSim {
  private replicas: number;
  private readonly parallel: boolean;
  private readonly onDelete: boolean;
  private readonly partition: number;
  private readonly maxUnavailableRaw: IntOrPercent;
  private readonly gate: boolean;
  private readonly minReady: number;
  private readonly startOrdinal: number;
  private currentRevision: string;
  private updateRevision: string;
  private readonly behaviours: Record<string, Record<string, ScenarioContainerInput>> = {};
  private status: Status | undefined;
  /** When the rollout completed (currentRevision became the update revision). */
  private completedAt: number | undefined;

  constructor(input: WorkloadInput) {
    super(input);
    const sp = input.spec;
    const strategy = (sp.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrPercent } };
    this.replicas = input.scenario.replicas ?? num(sp.replicas, 1);
    this.parallel = sp.podManagementPolicy === 'Parallel';
    this.onDelete = strategy.type === 'OnDelete';
    this.partition = num(strategy.rollingUpdate?.partition, 0);
    this.maxUnavailableRaw = strategy.rollingUpdate?.maxUnavailable;
    this.gate = input.scenario.featureGates?.MaxUnavailableStatefulSet ?? true;
    this.minReady = num(sp.minReadySeconds, 0);
    this.startOrdinal = num((sp.ordinals as { start?: unknown } | undefined)?.start, 0);
    const first = input.scenario.rollout ? 'old' : 'current';
    this.currentRevision = this.updateRevision = first;
    this.behaviours[first] = input.scenario.rollout ? input.scenario.rollout.old.containers : input.scenario.containers;
  }

  // ---- pod predicates (stateful_set_utils.go) ----

  private runningAndReady(p: SimPod, t: number): boolean {
    return this.pool.phaseAt(p, t) === 'Running' && this.pool.readyAt(p, t);
  }

  private runningAndAvailable(p: SimPod, t: number): boolean {
    return this.pool.phaseAt(p, t) === 'Running' && this.pool.availableAt(p, t, this.minReady);
  }

  private healthy(p: SimPod | undefined, t: number): boolean {
    return p !== undefined && this.runningAndReady(p, t) && !this.pool.terminating(p, t);
  }

  private unavailable(p: SimPod | undefined, t: number): boolean {
    return p === undefined || !this.runningAndAvailable(p, t) || this.pool.terminating(p, t);
  }

  /** The pods whose API objects exist at t, by ordinal (the newest if an ordinal was recreated). */
  private present(t: number): Map<number, SimPod> {
    const m = new Map<number, SimPod>();
    for (const p of this.pool.pods) if (this.pool.present(p, t)) m.set(p.record.ordinal!, p);
    return m;
  }

  /** newVersionedStatefulSetPod: below the partition the current revision, else the update revision. */
  private create(ordinal: number, t: number): SimPod {
    const rev = !this.onDelete && ordinal < this.startOrdinal + this.partition ? this.currentRevision : this.updateRevision;
    return this.pool.create(t, `${this.input.name}-${ordinal}`, rev, `statefulset/${this.input.name}`, this.behaviours[rev], { ordinal });
  }

  // ---- the engine's hooks ----

  protected start(): void {}

  protected scheduled(): number[] {
    return [this.sc.rollout?.at, ...this.sc.scale.map((x) => x.at)].filter((x): x is number => x !== undefined);
  }

  protected act(t: number): void {
    if (this.sc.rollout && this.sc.rollout.at === t) {
      this.behaviours.new = this.sc.containers;
      this.emit(t, 'statefulset', 'updateRevision', this.updateRevision, 'new', 'TemplateChanged');
      this.updateRevision = 'new';
    }
    for (const x of this.sc.scale) if (x.at === t) {
      this.emit(t, 'statefulset', 'spec.replicas', String(this.replicas), String(x.replicas), 'Scaled');
      this.replicas = x.replicas;
    }
  }

  /** updateStatefulSet: one pass; true when a pod was created or deleted. */
  protected sync(t: number): boolean {
    const byOrdinal = this.present(t);
    const end = this.startOrdinal + this.replicas;
    const replicas: (SimPod | undefined)[] = [];
    for (let o = this.startOrdinal; o < end; o++) replicas.push(byOrdinal.get(o));
    const condemned = [...byOrdinal.entries()].filter(([o]) => o < this.startOrdinal || o >= end).sort((a, b) => b[0] - a[0]).map(([, p]) => p);
    let firstUnhealthy: SimPod | undefined | 'missing';
    for (const p of replicas) if (!this.healthy(p, t)) { firstUnhealthy = p ?? 'missing'; break; }
    if (firstUnhealthy === undefined) for (const p of [...condemned].reverse()) if (!this.healthy(p, t)) { firstUnhealthy = p; break; }
    const monotonic = !this.parallel;
    let changed = false;

    // processReplica, in ordinal order.
    for (let i = 0; i < replicas.length; i++) {
      let p = replicas[i];
      if (p) {
        const phase = this.pool.phaseAt(p, t);
        if (phase === 'Failed' || phase === 'Succeeded') {
          if (p.record.deletedAt === undefined) {
            this.pool.delete(p, t, 'RecreatingFailedPod');
            changed = true;
          }
          if (monotonic) return changed;
          continue;
        }
      } else {
        p = this.create(this.startOrdinal + i, t);
        changed = true;
        if (monotonic) return changed;
      }
      if (!monotonic) continue;
      if (this.pool.terminating(p, t) || !this.runningAndReady(p, t) || !this.runningAndAvailable(p, t)) return changed;
    }
    if (changed && !monotonic) return changed;

    // processCondemned, highest ordinal first.
    for (const p of condemned) {
      if (this.pool.terminating(p, t)) {
        if (monotonic) return changed;
        continue;
      }
      if (monotonic && p !== firstUnhealthy && (!this.runningAndReady(p, t) || !this.runningAndAvailable(p, t))) return changed;
      this.pool.delete(p, t, 'SuccessfulDelete');
      changed = true;
      if (monotonic) return changed;
    }
    if (changed) return changed;
    if (this.onDelete) return false;

    const updateMin = this.partition;
    if (this.gate) {
      // updateStatefulSetAfterInvariantEstablished
      const maxUnavailable = statefulSetMaxUnavailable(this.maxUnavailableRaw, this.replicas);
      const unavailable = replicas.filter((p) => this.unavailable(p, t)).length;
      if (unavailable >= maxUnavailable) return false;
      let budget = maxUnavailable - unavailable;
      for (let i = replicas.length - 1; i >= updateMin && budget > 0; i--) {
        const p = replicas[i];
        if (p && p.record.revision !== this.updateRevision && !this.pool.terminating(p, t)) {
          this.pool.delete(p, t, 'SuccessfulDelete');
          budget--;
          changed = true;
        }
      }
      return changed;
    }
    for (let i = replicas.length - 1; i >= updateMin; i--) {
      const p = replicas[i];
      if (p && p.record.revision !== this.updateRevision && !this.pool.terminating(p, t)) {
        this.pool.delete(p, t, 'SuccessfulDelete');
        return true;
      }
      if (!this.healthy(p, t)) return false;
    }
    return false;
  }

  private statusAt(t: number): Status {
    const st: Status = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0, currentRevision: this.currentRevision, updateRevision: this.updateRevision };
    for (const p of this.pool.pods) {
      if (!this.pool.present(p, t)) continue;
      st.replicas++;
      if (this.runningAndReady(p, t)) {
        st.readyReplicas++;
        if (this.runningAndAvailable(p, t)) st.availableReplicas++;
      }
      if (!this.pool.terminating(p, t)) {
        if (p.record.revision === this.currentRevision) st.currentReplicas++;
        if (p.record.revision === this.updateRevision) st.updatedReplicas++;
      }
    }
    // completeRollingUpdate
    if (!this.onDelete && st.updatedReplicas === st.replicas && st.readyReplicas === st.replicas && st.replicas === this.replicas && this.currentRevision !== this.updateRevision) {
      st.currentReplicas = st.updatedReplicas;
      st.currentRevision = this.currentRevision = this.updateRevision;
      this.completedAt = t;
    }
    return st;
  }

  protected record(t: number): void {
    const st = this.statusAt(t);
    const prev = this.status;
    for (const k of ['replicas', 'readyReplicas', 'availableReplicas', 'currentReplicas', 'updatedReplicas', 'currentRevision'] as const) {
      if (!prev || prev[k] !== st[k]) this.emit(t, 'statefulset', k, prev ? String(prev[k]) : '', String(st[k]), k === 'currentRevision' && prev ? 'RollingUpdateComplete' : undefined);
    }
    this.status = st;
  }

  protected deadlines(): void {}

  protected minReadySeconds(): number {
    return this.minReady;
  }

  protected expectedScale(): number {
    return this.replicas;
  }

  protected describe(): WorkloadResult['workload'] {
    return {
      kind: this.input.kind,
      name: this.input.name,
      ...(this.input.namespace && { namespace: this.input.namespace }),
      strategy: this.onDelete ? 'OnDelete' : 'RollingUpdate',
      replicas: this.replicas,
      maxSurge: 0,
      maxUnavailable: this.onDelete ? 0 : this.gate ? statefulSetMaxUnavailable(this.maxUnavailableRaw, this.replicas) : 1,
      minReadySeconds: this.minReady,
      progressDeadlineSeconds: 0,
      podManagementPolicy: this.parallel ? 'Parallel' : 'OrderedReady',
      partition: this.partition,
    };
  }

  protected final(): DeploymentStatusView {
    const st = this.status!;
    return {
      replicas: st.replicas,
      updatedReplicas: st.updatedReplicas,
      readyReplicas: st.readyReplicas,
      availableReplicas: st.availableReplicas,
      unavailableReplicas: Math.max(0, this.replicas - st.availableReplicas),
      conditions: {},
      fields: { currentReplicas: st.currentReplicas },
    };
  }

  protected verdicts(r: WorkloadResult): WorkloadVerdict[] {
    const out: WorkloadVerdict[] = [];
    const R = this.replicas;
    const start = this.sc.rollout?.at ?? 0;
    // Without a rollout: Ready from the last scaling on (the count asked for last).
    const readyAll = this.firstAllReady(r, Math.max(start, ...this.sc.scale.map((x) => x.at)));
    const replicasText = `${R} replica${R === 1 ? '' : 's'}`;
    if (this.sc.rollout) {
      let minReady = Infinity;
      let ready = 0;
      const doneAt = this.completedAt;
      for (const e of r.events) {
        if (e.subject !== 'statefulset' || e.field !== 'readyReplicas') continue;
        // The count when the rollout starts counts too (a pod not yet Ready then).
        if (e.t > start && minReady === Infinity) minReady = ready;
        ready = Number(e.to);
        if (e.t >= start && (doneAt === undefined || e.t <= doneAt)) minReady = Math.min(minReady, ready);
      }
      const low = `never below ${minReady === Infinity ? R : minReady} of ${R} ready`;
      if (doneAt !== undefined) out.push({ kind: 'rollout-complete', level: 'ok', t: doneAt, text: `The rollout completes at ${s(doneAt)} (${s(doneAt - start)} after it started), ${low}; pods were replaced from the highest ordinal down.` });
      else if (this.onDelete) {
        const old = this.livePods((p) => p.record.revision !== this.updateRevision).map((p) => p.record.name);
        out.push({ kind: 'on-delete', level: old.length ? 'warning' : 'ok', text: old.length ? `updateStrategy OnDelete: the controller replaces no pod by itself; ${old.join(', ')} still run${old.length === 1 ? 's' : ''} the old revision at ${s(r.until)} (delete them to update).` : `updateStrategy OnDelete: every pod was deleted and came back with the new revision.` });
      } else if (this.partition > 0 && this.partitionDone(r.until)) {
        const kept = Math.min(this.partition, R);
        out.push({ kind: 'partition', level: 'info', t: start, text: `The rollout stops at partition ${this.partition} by design: ordinals ${this.startOrdinal + kept} and up run the new revision (${R - kept} of ${R}), ordinals below keep the old one until the partition is lowered.` });
      } else {
        const blocker = this.blocker(r.until);
        out.push({ kind: 'rollout-stuck', level: 'error', ...this.blockerT(blocker, r.until, start), text: blocker ? `The rollout is stuck at ${blocker}: it never becomes Running and Ready, and the controller waits for it${this.parallel ? '' : ' (OrderedReady)'} — StatefulSets have no progress deadline and do not roll back; fix the template, then delete ${blocker} (it is not replaced by itself).` : `The rollout has not completed by ${s(r.until)}.` });
      }
    } else if (readyAll !== undefined) {
      out.push({ kind: 'ready', level: 'ok', t: readyAll, text: `${R === 1 ? 'The replica is' : `All ${replicasText} are`} Ready at ${s(readyAll)}${this.parallel ? ' (Parallel: created at once)' : ' (OrderedReady: one at a time, each Running and Ready before the next)'}.` });
    } else {
      const blocker = this.blocker(r.until);
      out.push({ kind: 'never-ready', level: 'error', ...this.blockerT(blocker, r.until, 0), text: `Not all ${replicasText} are Ready by ${s(r.until)}${blocker ? `: ${blocker} never becomes Running and Ready${this.parallel ? '' : ', and OrderedReady creates no later ordinal until it does'}` : ''}.` });
    }
    out.push(...trafficVerdicts(r, this.sc));
    return out;
  }

  /** First moment from `from` on with every replica Ready (status.readyReplicas = replicas). */
  private firstAllReady(r: WorkloadResult, from: number): number | undefined {
    let v = 0;
    for (const e of r.events) {
      if (e.subject !== 'statefulset' || e.field !== 'readyReplicas') continue;
      if (e.t > from && v === this.replicas) return from;
      v = Number(e.to);
      if (e.t >= from && v === this.replicas) return e.t;
    }
    return v === this.replicas ? from : undefined;
  }

  private partitionDone(t: number): boolean {
    const byOrdinal = this.present(t);
    for (let o = this.startOrdinal + this.partition; o < this.startOrdinal + this.replicas; o++) {
      const p = byOrdinal.get(o);
      if (!p || p.record.revision !== this.updateRevision || !this.healthy(p, t)) return false;
    }
    return true;
  }

  /** Where a verdict about the blocking pod jumps to: when the pod there at t was created (else `fallback`). */
  private blockerT(blocker: string | undefined, t: number, fallback: number): { t: number } {
    const p = blocker ? [...this.present(t).values()].find((x) => x.record.name === blocker) : undefined;
    return { t: p?.record.createdAt ?? fallback };
  }

  /** The lowest-ordinal pod that is not Running and Ready at t. */
  private blocker(t: number): string | undefined {
    const byOrdinal = this.present(t);
    for (let o = this.startOrdinal; o < this.startOrdinal + this.replicas; o++) {
      const p = byOrdinal.get(o);
      if (!p) return `${this.input.name}-${o}`;
      if (!this.healthy(p, t)) return p.record.name;
    }
    return undefined;
  }
}
