// The Deployment and ReplicaSet controllers played forward in simulated time over pods that each
// run in the single-pod simulator (docs/workloads.md). Controllers act the instant
// something they watch changes (no informer latency); pods are simulated when created and again
// when deleted, so the result follows the kubelet's rules for every pod.
import type { PodSpec } from '../k8s';
import { podGracePeriod } from '../lifecycle/restart';
import type { Scenario, ScenarioContainerInput } from '../lifecycle/scenario';
import { preStopDuration, simulate } from '../lifecycle/simulate';
import type { SimResult } from '../lifecycle/types';
import { maxUnavailableOf, newRSNewReplicas, resolveFenceposts, scaleDownOld, type Fenceposts, type IntOrPercent } from './rollout';
import type { DeploymentStatusView, PodRecord, WorkloadEvent, WorkloadResult, WorkloadScenario } from './types';
import { endpointsAndLoss } from './endpoints';
import { workloadVerdicts } from './verdicts';

export interface DeploymentInput {
  kind: string;
  name: string;
  namespace?: string;
  /** The Deployment's spec (replicas, strategy, minReadySeconds, progressDeadlineSeconds). */
  spec: Record<string, unknown>;
  podSpec: PodSpec;
  scenario: WorkloadScenario;
}

interface Pod {
  record: PodRecord;
  rs: RS;
  sim: SimResult;
  /** Absolute time up to which `sim` is played (the rest is played when the controllers get there). */
  horizon: number;
  /** Absolute times of Ready changes, in order. */
  ready: { t: number; ready: boolean }[];
}

interface RS {
  name: string;
  revision: string;
  behaviour: Record<string, ScenarioContainerInput>;
  replicas: number;
  pods: Pod[];
  created: number;
}

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/**
 * A new pod is first played this far ahead; the rest of the hour only if it is still there when the
 * controllers get that far (pods of a revision being replaced are played once, briefly). The pod
 * simulator is deterministic, so a longer play repeats the shorter one exactly.
 */
const LOOKAHEAD = 300;

export function simulateDeployment(input: DeploymentInput): WorkloadResult {
  return new DeploymentSim(input).run();
}

class DeploymentSim {
  private readonly until: number;
  private replicas: number;
  private readonly strategy: string;
  private readonly minReady: number;
  private readonly deadline: number;
  private readonly surge: IntOrPercent;
  private readonly unavailable: IntOrPercent;
  private readonly sets: RS[] = [];
  private readonly pods: Pod[] = [];
  private readonly events: WorkloadEvent[] = [];
  private status: DeploymentStatusView | undefined;
  private lastProgress = 0;
  private counter = 0;

  constructor(private readonly input: DeploymentInput) {
    const s = input.spec;
    const strategy = (s.strategy ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } };
    this.until = input.scenario.until;
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

  private emit(t: number, subject: string, field: string, from: string, to: string, reason?: string, message?: string): void {
    this.events.push({ t, subject, field, from, to, ...(reason && { reason }), ...(message && { message }) });
  }

  // ---- pods ----

  private podScenario(rs: RS, createdAt: number, horizon: number, deleteAt?: number): Scenario {
    return {
      until: Math.max(0, horizon - createdAt),
      scheduleAfter: 0,
      readinessGates: {},
      containers: JSON.parse(JSON.stringify(rs.behaviour)),
      ...(deleteAt !== undefined && { deleteAfter: deleteAt - createdAt }),
    };
  }

  /** Plays the pod up to `horizon` (absolute), deleted at `deleteAt` if set. */
  private runPod(pod: Pod, horizon: number, deleteAt?: number): void {
    const { record, rs } = pod;
    pod.horizon = Math.min(this.until, horizon);
    pod.sim = simulate({ spec: this.input.podSpec, name: record.name, namespace: this.input.namespace, scenario: this.podScenario(rs, record.createdAt, pod.horizon, deleteAt) });
    const abs = (t: number) => Math.round((t + record.createdAt) * 1000) / 1000;
    pod.ready = pod.sim.events.filter((e) => e.subject === 'pod' && e.field === 'condition:Ready').map((e) => ({ t: abs(e.t), ready: e.to === 'True' }));
    record.events = pod.sim.events.map((e) => ({ ...e, t: abs(e.t) }));
    record.readyAt = pod.ready.find((r) => r.ready)?.t;
    record.restarts = Object.values(pod.sim.final.containers).reduce((s, c) => s + c.restartCount, 0);
    if (deleteAt !== undefined) {
      const end = pod.sim.events.filter((e) => e.subject === 'pod' && e.field === 'phase' && (e.to === 'Succeeded' || e.to === 'Failed')).pop();
      record.goneAt = end && abs(end.t) >= deleteAt ? abs(end.t) : undefined;
    }
  }

  private createPod(rs: RS, t: number): void {
    const record: PodRecord = { name: `${this.input.name}-${rs.revision}-${++this.counter}`, revision: rs.revision, createdAt: t, restarts: 0, events: [] };
    const pod = { record, rs, sim: undefined as unknown as SimResult, ready: [], horizon: t } as Pod;
    this.runPod(pod, t + LOOKAHEAD);
    rs.pods.push(pod);
    this.pods.push(pod);
    this.emit(t, `pod:${record.name}`, 'created', '', rs.name, 'SuccessfulCreate');
  }

  private deletePod(pod: Pod, t: number, reason: string): void {
    if (pod.record.deletedAt !== undefined) return;
    pod.record.deletedAt = t;
    // Played until its containers have surely stopped: preStop and SIGTERM within the grace period, then SIGKILL.
    this.runPod(pod, t + Math.max(podGracePeriod(this.input.podSpec), 2) + 5, t);
    this.emit(t, `pod:${pod.record.name}`, 'deleted', '', pod.rs.name, reason);
  }

  private readyAt(p: Pod, t: number): boolean {
    let r = false;
    for (const c of p.ready) if (c.t <= t) r = c.ready;
    return r;
  }

  /** Available: Ready without a break for at least minReadySeconds. */
  private availableAt(p: Pod, t: number): boolean {
    let since: number | undefined;
    for (const c of p.ready) if (c.t <= t) since = c.ready ? (since ?? c.t) : undefined;
    return since !== undefined && t - since >= this.minReady;
  }

  private active(rs: RS): Pod[] {
    return rs.pods.filter((p) => p.record.deletedAt === undefined);
  }

  // ---- controllers ----

  /** ReplicaSet controller: create or delete pods to match spec.replicas; deletes the least useful first (controller.ActivePods order). */
  private syncRS(rs: RS, t: number): boolean {
    const active = this.active(rs);
    if (active.length < rs.replicas) {
      for (let i = active.length; i < rs.replicas; i++) this.createPod(rs, t);
      return true;
    }
    if (active.length > rs.replicas) {
      const rank = (p: Pod) => [this.readyAt(p, t) ? 1 : 0, this.availableAt(p, t) ? 1 : 0, -p.record.restarts, -p.record.createdAt];
      const order = [...active].sort((a, b) => {
        const ra = rank(a);
        const rb = rank(b);
        for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
        return 0;
      });
      for (const p of order.slice(0, active.length - rs.replicas)) this.deletePod(p, t, 'SuccessfulDelete');
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

  /** The next moment after t at which something a controller watches changes. */
  private nextTime(t: number, scheduled: number[]): number {
    let next = Infinity;
    const consider = (x: number) => {
      if (x > t + 1e-9 && x < next) next = x;
    };
    for (const x of scheduled) consider(x);
    for (const p of this.pods) {
      for (const c of p.ready) {
        consider(c.t);
        if (c.ready) consider(c.t + this.minReady);
      }
      if (p.record.goneAt !== undefined) consider(p.record.goneAt);
      if (p.record.deletedAt === undefined && p.horizon < this.until) consider(p.horizon);
    }
    const prog = this.status?.conditions.Progressing;
    if (prog && prog.reason !== 'NewReplicaSetAvailable' && prog.status === 'True') consider(this.lastProgress + this.deadline);
    return next;
  }

  run(): WorkloadResult {
    const sc = this.input.scenario;
    const scheduled = [sc.rollout?.at, ...sc.scale.map((s) => s.at), ...sc.deletePods.map((d) => d.at)].filter((x): x is number => x !== undefined);
    this.newRS(sc.rollout ? 'old' : 'current', sc.rollout ? sc.rollout.old.containers : sc.containers, 0, 0);
    let t = 0;
    for (let guard = 0; t <= this.until && guard < 100_000; guard++) {
      if (sc.rollout && sc.rollout.at === t) this.newRS('new', sc.containers, t, 0);
      for (const s of sc.scale) if (s.at === t) {
        this.emit(t, 'deployment', 'spec.replicas', String(this.replicas), String(s.replicas), 'Scaled');
        this.replicas = s.replicas;
      }
      for (const d of sc.deletePods) if (d.at === t) {
        const pod = this.pods.find((p) => p.record.name === d.pod);
        if (pod) this.deletePod(pod, t, 'Deleted');
        else this.emit(t, 'deployment', 'warning', '', `no pod named ${d.pod} at ${t} s`);
      }
      // Pods whose play ends here are played on to the end.
      for (const p of this.pods) if (p.record.deletedAt === undefined && p.horizon <= t && p.horizon < this.until) this.runPod(p, this.until);
      for (let i = 0; i < 50; i++) {
        const a = this.syncDeployment(t);
        const b = this.sets.map((rs) => this.syncRS(rs, t)).some(Boolean);
        if (!a && !b) break;
      }
      this.recordStatus(t);
      t = this.nextTime(t, scheduled);
    }
    for (const p of this.pods) if (p.record.deletedAt === undefined && p.horizon < this.until) this.runPod(p, this.until);
    const f = this.fenceposts();
    const { endpoints, loss } = endpointsAndLoss(
      this.pods.map((p) => p.record),
      this.input.podSpec,
      { ...sc.endpoints, until: this.until, preStop: preStopDuration(this.input.podSpec.containers?.[0]?.lifecycle?.preStop) ?? 0, grace: podGracePeriod(this.input.podSpec) },
    );
    const result: WorkloadResult = {
      workload: {
        kind: this.input.kind,
        name: this.input.name,
        ...(this.input.namespace && { namespace: this.input.namespace }),
        strategy: this.strategy,
        replicas: this.replicas,
        maxSurge: f.maxSurge,
        maxUnavailable: maxUnavailableOf(f, this.replicas),
        minReadySeconds: this.minReady,
        progressDeadlineSeconds: this.deadline,
      },
      until: this.until,
      events: this.events.sort((a, b) => a.t - b.t),
      pods: this.pods.map((p) => p.record),
      endpoints,
      trafficLoss: loss,
      final: this.status!,
      verdicts: [],
    };
    result.verdicts = workloadVerdicts(result, sc);
    return result;
  }
}
