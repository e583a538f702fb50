// The pods of a workload simulation (docs/workloads.md, "Pods and nodes"): each pod runs in the
// single-pod simulator from its creation, is played further only as far as the controllers get, and
// is played again with its deletion when it is deleted or evicted. Also the nodes the pods run on
// (cordoned by a drain) and the per-pod facts controllers ask about at a moment: Ready, available
// (Ready for minReadySeconds), phase, restarts. Shared by every controller in this folder.
import type { PodSpec } from '../k8s';
import { podGracePeriod } from '../lifecycle/restart';
import type { Scenario, ScenarioContainerInput } from '../lifecycle/scenario';
import { simulate } from '../lifecycle/simulate';
import type { PodRecord, WorkloadEvent, WorkloadScenario } from './types';

/**
 * A new pod is first played this far ahead; the rest of the simulated time only if it is still there
 * when the controllers get that far (pods replaced early are played once, briefly). The pod
 * simulator is deterministic, so a longer play repeats the shorter one exactly.
 */
export const LOOKAHEAD = 300;

type Step<T> = { t: number; v: T }[];

export interface SimPod {
  record: PodRecord;
  /** The owner's name for this pod's group (a ReplicaSet, a revision). */
  owner: string;
  behaviour: Record<string, ScenarioContainerInput>;
  /** Absolute time up to which `sim` is played. */
  horizon: number;
  /** Ready changes, absolute times, in order. */
  ready: { t: number; ready: boolean }[];
  phase: Step<string>;
  /** Sum of the containers' restart counts over time. */
  restarts: Step<number>;
}

export type Emit = (t: number, subject: string, field: string, from: string, to: string, reason?: string, message?: string) => void;

export interface PoolOptions {
  workloadName: string;
  namespace?: string;
  podSpec: PodSpec;
  scenario: WorkloadScenario;
  emit: Emit;
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

export class PodPool {
  readonly pods: SimPod[] = [];
  readonly nodes: string[];
  readonly cordoned = new Set<string>();
  readonly until: number;
  private created = 0;
  /** The last moment a scenario action happens. */
  private readonly lastAction: number;

  constructor(private readonly o: PoolOptions) {
    this.until = o.scenario.until;
    const sc = o.scenario;
    this.lastAction = Math.max(0, sc.rollout?.at ?? 0, ...sc.scale.map((s) => s.at), ...sc.deletePods.map((d) => d.at), ...(sc.drain ?? []).map((d) => d.at));
    this.nodes = Array.from({ length: o.scenario.nodes ?? 3 }, (_, i) => `node-${i + 1}`);
  }

  /** The pod scenario: the n-th pod created may behave as `pods[n]` says, else as its revision. */
  private podScenario(pod: SimPod, horizon: number, deleteAt?: number): Scenario {
    const { record } = pod;
    return {
      until: Math.max(0, horizon - record.createdAt),
      // A pod no schedulable node can take stays Pending (PodScheduled False) to the end.
      scheduleAfter: record.node === undefined ? this.until + 1 : 0,
      readinessGates: {},
      containers: JSON.parse(JSON.stringify(pod.behaviour)),
      ...(deleteAt !== undefined && { deleteAfter: deleteAt - record.createdAt }),
    };
  }

  /** Plays the pod up to `horizon` (absolute), deleted at `deleteAt` if set. */
  run(pod: SimPod, horizon: number, deleteAt?: number): void {
    const { record } = pod;
    pod.horizon = Math.min(this.until, horizon);
    // Only what the controllers and the result need is kept (a whole SimResult per pod, with its
    // probe attempts, would keep the garbage collector busy on large workloads).
    const sim = simulate({ spec: this.o.podSpec, name: record.name, namespace: this.o.namespace, scenario: this.podScenario(pod, pod.horizon, deleteAt) });
    const abs = (t: number) => r3(t + record.createdAt);
    const ready: SimPod['ready'] = [];
    const phase: Step<string> = [];
    const restarts: Step<number> = [];
    const perContainer: Record<string, number> = {};
    let total = 0;
    record.events = sim.events;
    for (const e of sim.events) {
      const t = (e.t = abs(e.t));
      if (e.subject === 'pod' && e.field === 'condition:Ready') ready.push({ t, ready: e.to === 'True' });
      else if (e.subject === 'pod' && e.field === 'phase') phase.push({ t, v: e.to });
      else if (e.field === 'restartCount') {
        total += Number(e.to) - (perContainer[e.subject] ?? 0);
        perContainer[e.subject] = Number(e.to);
        restarts.push({ t, v: total });
      }
    }
    pod.ready = ready;
    pod.phase = phase;
    pod.restarts = restarts;
    record.readyAt = ready.find((r) => r.ready)?.t;
    record.restarts = total;
    const last = phase[phase.length - 1];
    record.phase = last?.v ?? 'Pending';
    const terminal = last && (last.v === 'Succeeded' || last.v === 'Failed') ? last.t : undefined;
    if (deleteAt !== undefined) record.goneAt = terminal !== undefined && terminal >= deleteAt ? terminal : undefined;
    else if (terminal !== undefined) record.finishedAt = terminal;
  }

  /** Creates a pod at t (on `node`, else on the schedulable node with the fewest live pods of the workload). */
  create(t: number, name: string, revision: string, owner: string, behaviour: Record<string, ScenarioContainerInput>, extra: Partial<PodRecord> = {}, node?: string): SimPod {
    const override = this.o.scenario.pods?.[this.created]?.containers;
    this.created++;
    const record: PodRecord = { name, revision, createdAt: t, restarts: 0, events: [], ...extra };
    const where = node ?? this.schedule(t);
    if (where !== undefined) record.node = where;
    const pod: SimPod = { record, owner, behaviour: override ? { ...behaviour, ...override } : behaviour, horizon: t, ready: [], phase: [], restarts: [] };
    // Once no scenario action is left, a pod is played to the end at once (only its controller
    // could still delete it, and then it is played again anyway).
    this.run(pod, t >= this.lastAction ? this.until : t + LOOKAHEAD);
    this.pods.push(pod);
    this.o.emit(t, `pod:${name}`, 'created', '', owner, 'SuccessfulCreate', where === undefined ? 'no schedulable node: the pod stays Pending' : `on ${where}`);
    return pod;
  }

  /** The scheduler's spreading, simplified: the uncordoned node with the fewest live pods (first on ties). */
  private schedule(t: number): string | undefined {
    let best: string | undefined;
    let bestN = Infinity;
    for (const n of this.nodes) {
      if (this.cordoned.has(n)) continue;
      let count = 0;
      for (const p of this.pods) if (p.record.node === n && this.present(p, t)) count++;
      if (count < bestN) {
        best = n;
        bestN = count;
      }
    }
    return best;
  }

  /** Deletes (or evicts) the pod at t: preStop, SIGTERM, grace period, SIGKILL are played. */
  delete(pod: SimPod, t: number, reason: string): void {
    if (pod.record.deletedAt !== undefined) return;
    pod.record.deletedAt = t;
    if (reason === 'Evicted') pod.record.evictedAt = t;
    const fin = pod.record.finishedAt;
    if (fin !== undefined && fin <= t) {
      // A pod that already ended has nothing left to stop: it is removed at once.
      pod.record.goneAt = t;
      delete pod.record.finishedAt;
    } else this.run(pod, t + Math.max(podGracePeriod(this.o.podSpec), 2) + 5, t);
    this.o.emit(t, `pod:${pod.record.name}`, 'deleted', '', pod.owner, reason);
  }

  readyAt(p: SimPod, t: number): boolean {
    let r = false;
    for (const c of p.ready) {
      if (c.t > t) break;
      r = c.ready;
    }
    return r;
  }

  /** Available: Ready without a break for at least minReadySeconds (podutil.IsPodAvailable). */
  availableAt(p: SimPod, t: number, minReady: number): boolean {
    let since: number | undefined;
    for (const c of p.ready) {
      if (c.t > t) break;
      since = c.ready ? (since ?? c.t) : undefined;
    }
    return since !== undefined && t - since >= minReady;
  }

  phaseAt(p: SimPod, t: number): string {
    let v = 'Pending';
    for (const s of p.phase) {
      if (s.t > t) break;
      v = s.v;
    }
    return v;
  }

  restartsAt(p: SimPod, t: number): number {
    let v = 0;
    for (const s of p.restarts) {
      if (s.t > t) break;
      v = s.v;
    }
    return v;
  }

  /** Not deleted (the API object exists and has no deletionTimestamp). */
  live(p: SimPod): boolean {
    return p.record.deletedAt === undefined;
  }

  /** The API object still exists at t: not deleted, or deleted but its containers not yet stopped. */
  present(p: SimPod, t: number): boolean {
    return p.record.deletedAt === undefined || p.record.goneAt === undefined || p.record.goneAt > t;
  }

  terminating(p: SimPod, t: number): boolean {
    return p.record.deletedAt !== undefined && p.record.deletedAt <= t && this.present(p, t);
  }

  /** Pods whose play ends by t are played on to the end. */
  extend(t: number): void {
    for (const p of this.pods) if (p.record.deletedAt === undefined && p.horizon <= t && p.horizon < this.until) this.run(p, this.until);
  }

  /** Moments after which something a controller watches about the pods changes. */
  times(consider: (x: number) => void, minReady: number): void {
    for (const p of this.pods) {
      for (const c of p.ready) {
        consider(c.t);
        if (c.ready && minReady > 0) consider(c.t + minReady);
      }
      for (const s of p.phase) consider(s.t);
      for (const s of p.restarts) consider(s.t);
      if (p.record.goneAt !== undefined) consider(p.record.goneAt);
      if (p.record.deletedAt === undefined && p.horizon < this.until) consider(p.horizon);
    }
  }

  /** Plays every pod still there to the end. */
  finish(): void {
    for (const p of this.pods) if (p.record.deletedAt === undefined && p.horizon < this.until) this.run(p, this.until);
  }
}
