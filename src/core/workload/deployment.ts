// The Deployment and ReplicaSet controllers played forward in simulated time over pods that each
// run in the single-pod simulator (docs/workloads.md, "Deployments"). Controllers act the instant
// something they watch changes (no informer latency); the clock, the pods, drains and endpoints
// are engine.ts's.
import type { ScenarioContainerInput } from '../lifecycle/scenario';
import { maxUnavailableOf, newRSNewReplicas, resolveFenceposts, scaleDownOld, type Fenceposts, type IntOrPercent } from './rollout';
import type { DeploymentStatusView, WorkloadResult, WorkloadVerdict } from './types';
import { num, WorkloadSim, type WorkloadInput } from './engine';
import type { SimPod } from './pods';
import { workloadVerdicts } from './verdicts';

/** The input of any workload simulation (kept under its first name). */
export type DeploymentInput = WorkloadInput;

interface RS {
  name: string;
  revision: string;
  behaviour: Record<string, ScenarioContainerInput>;
  replicas: number;
  pods: SimPod[];
  created: number;
}

export function simulateDeployment(input: DeploymentInput): WorkloadResult {
  return new DeploymentSim(input).run();
}

class DeploymentSim extends WorkloadSim {
  private replicas: number;
  private readonly strategy: string;
  private readonly minReady: number;
  private readonly deadline: number;
  private readonly surge: IntOrPercent;
  private readonly unavailable: IntOrPercent;
  private readonly sets: RS[] = [];
  private status: DeploymentStatusView | undefined;
  private lastProgress = 0;
  private counter = 0;

  constructor(input: DeploymentInput) {
    super(input);
    const s = input.spec;
    const strategy = (s.strategy ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } };
    this.replicas = input.scenario.replicas ?? num(s.replicas, 1);
    this.strategy = strategy.type === 'Recreate' ? 'Recreate' : 'RollingUpdate';
    this.surge = strategy.rollingUpdate?.maxSurge;
    this.unavailable = strategy.rollingUpdate?.maxUnavailable;
    this.minReady = num(s.minReadySeconds, 0);
    this.deadline = num(s.progressDeadlineSeconds, 600);
  }

  private fenceposts(): Fenceposts {
    if (this.strategy === 'Recreate') return { maxSurge: 0, maxUnavailable: this.replicas };
    return resolveFenceposts(this.surge, this.unavailable, this.replicas);
  }

  private readyAt(p: SimPod, t: number): boolean {
    return this.pool.readyAt(p, t);
  }

  private availableAt(p: SimPod, t: number): boolean {
    return this.pool.availableAt(p, t, this.minReady);
  }

  private active(rs: RS): SimPod[] {
    return rs.pods.filter((p) => p.record.deletedAt === undefined);
  }

  // ---- controllers ----

  /** ReplicaSet controller: create or delete pods to match spec.replicas; deletes the least useful first (controller.ActivePods order). */
  private syncRS(rs: RS, t: number): boolean {
    const active = this.active(rs);
    if (active.length < rs.replicas) {
      for (let i = active.length; i < rs.replicas; i++) rs.pods.push(this.pool.create(t, `${this.input.name}-${rs.revision}-${++this.counter}`, rs.revision, rs.name, rs.behaviour));
      return true;
    }
    if (active.length > rs.replicas) {
      const ranked = active.map((p) => ({ p, k: [this.readyAt(p, t) ? 1 : 0, this.availableAt(p, t) ? 1 : 0, -p.record.restarts, -p.record.createdAt] }));
      ranked.sort((a, b) => {
        for (let i = 0; i < a.k.length; i++) if (a.k[i] !== b.k[i]) return a.k[i] - b.k[i];
        return 0;
      });
      for (const { p } of ranked.slice(0, active.length - rs.replicas)) this.pool.delete(p, t, 'SuccessfulDelete');
      return true;
    }
    return false;
  }

  private setReplicas(rs: RS, n: number, t: number): boolean {
    if (rs.replicas === n) return false;
    this.emit(t, `rs:${rs.name}`, 'replicas', String(rs.replicas), String(n), 'ScalingReplicaSet', `Scaled ${n > rs.replicas ? 'up' : 'down'} replica set ${rs.name} to ${n}`);
    rs.replicas = n;
    return true;
  }

  private counts(rs: RS, t: number) {
    const active = this.active(rs);
    return { replicas: rs.replicas, available: active.filter((p) => this.availableAt(p, t)).length };
  }

  /** Deployment controller: one sync (rolloutRolling / rolloutRecreate). */
  private syncDeployment(t: number): boolean {
    const newRS = this.sets[this.sets.length - 1];
    const old = this.sets.slice(0, -1);
    if (this.strategy === 'Recreate') {
      let changed = false;
      for (const rs of old) changed = this.setReplicas(rs, 0, t) || changed;
      // rolloutRecreate waits until no old pod is running any more (terminated or gone).
      const oldRunning = old.some((rs) => rs.pods.some((p) => p.record.goneAt === undefined || p.record.goneAt > t));
      if (!oldRunning) changed = this.setReplicas(newRS, this.replicas, t) || changed;
      return changed;
    }
    const f = this.fenceposts();
    if (newRS.replicas > this.replicas) return this.setReplicas(newRS, this.replicas, t);
    const all = this.sets.reduce((s, rs) => s + rs.replicas, 0);
    const up = newRSNewReplicas(this.replicas, f, all, newRS.replicas);
    if (up !== newRS.replicas) return this.setReplicas(newRS, up, t);
    const down = scaleDownOld(this.replicas, f, old.map((rs) => this.counts(rs, t)), this.counts(newRS, t));
    let changed = false;
    old.forEach((rs, i) => (changed = this.setReplicas(rs, down[i], t) || changed));
    return changed;
  }

  private newRS(revision: string, behaviour: Record<string, ScenarioContainerInput>, t: number, replicas: number): RS {
    const rs: RS = { name: `${this.input.name}-${revision}`, revision, behaviour, replicas: 0, pods: [], created: t };
    this.sets.push(rs);
    this.emit(t, `rs:${rs.name}`, 'created', '', 'ReplicaSet', 'NewReplicaSetCreated');
    this.setReplicas(rs, replicas, t);
    return rs;
  }

  private statusAt(t: number): DeploymentStatusView {
    const newRS = this.sets[this.sets.length - 1];
    const active = this.sets.flatMap((rs) => this.active(rs));
    const ready = active.filter((p) => this.readyAt(p, t)).length;
    const available = active.filter((p) => this.availableAt(p, t)).length;
    const updated = this.active(newRS).length;
    const f = this.fenceposts();
    const minAvailable = this.replicas - maxUnavailableOf(f, this.replicas);
    const prev = this.status;
    const s: DeploymentStatusView = {
      replicas: active.length,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, this.replicas - available),
      conditions: {
        Available: available >= minAvailable ? { status: 'True', reason: 'MinimumReplicasAvailable' } : { status: 'False', reason: 'MinimumReplicasUnavailable' },
        Progressing: prev?.conditions.Progressing ?? { status: 'True', reason: 'NewReplicaSetCreated' },
      },
    };
    const complete = updated === this.replicas && active.length === this.replicas && available === this.replicas;
    const progressed = !prev || s.updatedReplicas > prev.updatedReplicas || s.replicas - s.updatedReplicas < prev.replicas - prev.updatedReplicas || s.readyReplicas > prev.readyReplicas || s.availableReplicas > prev.availableReplicas;
    if (complete) s.conditions.Progressing = { status: 'True', reason: 'NewReplicaSetAvailable' };
    else if (prev && t === newRS.created) {
      // syncRolloutStatus after the new ReplicaSet was created: "Created new replica set".
      this.lastProgress = t;
      s.conditions.Progressing = { status: 'True', reason: 'NewReplicaSetCreated' };
    } else if (progressed && prev) {
      this.lastProgress = t;
      s.conditions.Progressing = { status: 'True', reason: 'ReplicaSetUpdated' };
    } else if (t - this.lastProgress >= this.deadline && s.conditions.Progressing.reason !== 'NewReplicaSetAvailable') {
      s.conditions.Progressing = { status: 'False', reason: 'ProgressDeadlineExceeded' };
    }
    return s;
  }

  private recordStatus(t: number): void {
    const s = this.statusAt(t);
    const p = this.status;
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const) {
      if (!p || p[k] !== s[k]) this.emit(t, 'deployment', k, p ? String(p[k]) : '', String(s[k]));
    }
    for (const [type, c] of Object.entries(s.conditions)) {
      const before = p?.conditions[type];
      if (!before || before.status !== c.status || before.reason !== c.reason) this.emit(t, 'deployment', `condition:${type}`, before?.status ?? '', c.status, c.reason);
    }
    this.status = s;
  }

  // ---- the engine's hooks ----

  protected start(): void {
    this.newRS(this.sc.rollout ? 'old' : 'current', this.sc.rollout ? this.sc.rollout.old.containers : this.sc.containers, 0, 0);
  }

  protected scheduled(): number[] {
    return [this.sc.rollout?.at, ...this.sc.scale.map((s) => s.at)].filter((x): x is number => x !== undefined);
  }

  protected act(t: number): void {
    if (this.sc.rollout && this.sc.rollout.at === t) this.newRS('new', this.sc.containers, t, 0);
    for (const s of this.sc.scale) if (s.at === t) {
      this.emit(t, 'deployment', 'spec.replicas', String(this.replicas), String(s.replicas), 'Scaled');
      this.replicas = s.replicas;
    }
  }

  protected sync(t: number): boolean {
    const a = this.syncDeployment(t);
    const b = this.sets.map((rs) => this.syncRS(rs, t)).some(Boolean);
    return a || b;
  }

  protected record(t: number): void {
    this.recordStatus(t);
  }

  protected deadlines(consider: (x: number) => void): void {
    const prog = this.status?.conditions.Progressing;
    if (prog && prog.reason !== 'NewReplicaSetAvailable' && prog.status === 'True') consider(this.lastProgress + this.deadline);
  }

  protected minReadySeconds(): number {
    return this.minReady;
  }

  protected expectedScale(): number {
    return this.replicas;
  }

  protected describe(): WorkloadResult['workload'] {
    const f = this.fenceposts();
    return {
      kind: this.input.kind,
      name: this.input.name,
      ...(this.input.namespace && { namespace: this.input.namespace }),
      strategy: this.strategy,
      replicas: this.replicas,
      maxSurge: f.maxSurge,
      maxUnavailable: maxUnavailableOf(f, this.replicas),
      minReadySeconds: this.minReady,
      progressDeadlineSeconds: this.deadline,
    };
  }

  protected final(): DeploymentStatusView {
    return this.status!;
  }

  protected verdicts(r: WorkloadResult): WorkloadVerdict[] {
    return workloadVerdicts(r, this.sc);
  }
}
