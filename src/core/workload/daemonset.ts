// The DaemonSet controller played forward (docs/workloads.md, "DaemonSets"): one pod on every node
// (a cordoned node keeps its pod: DaemonSet pods tolerate node.kubernetes.io/unschedulable); a
// RollingUpdate without surge deletes old pods while fewer than maxUnavailable nodes lack an
// available pod, and the node gets its new pod once the old one is gone; with maxSurge it starts
// the new pod beside the old one and deletes the old one when the new one is available.
// Source: pkg/controller/daemon/update.go (rollingUpdate, findUpdatedPodsOnNode,
// updatedDesiredNodeCounts), daemon_controller.go (podsShouldBeOnNode, updateDaemonSetStatus),
// pkg/controller/daemon/util/daemonset_util.go (SurgeCount, UnavailableCount: rounded up).
import type { ScenarioContainerInput } from '../lifecycle/scenario';
import { num, WorkloadSim, type WorkloadInput } from './engine';
import type { SimPod } from './pods';
import { scaledValue, type IntOrPercent } from './rollout';
import type { DeploymentStatusView, WorkloadResult, WorkloadVerdict } from './types';
import { s, trafficVerdicts } from './verdicts';

export function simulateDaemonSet(input: WorkloadInput): WorkloadResult {
  return new DaemonSetSim(input).run();
}

/** updatedDesiredNodeCounts: surge and unavailability as integers or percentages of the nodes, rounded up; both 0 → unavailability 1. */
export function daemonSetFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, nodes: number): { maxSurge: number; maxUnavailable: number } {
  const surge = scaledValue(maxSurge, nodes, true, '0');
  let unavailable = scaledValue(maxUnavailable, nodes, true, '1');
  if (nodes > 0 && surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: unavailable };
}

interface Status { desiredNumberScheduled: number; currentNumberScheduled: number; numberReady: number; numberAvailable: number; updatedNumberScheduled: number; numberUnavailable: number }

class DaemonSetSim extends WorkloadSim {
  private readonly onDelete: boolean;
  private readonly maxSurge: number;
  private readonly maxUnavailable: number;
  private readonly minReady: number;
  private revision: string;
  private readonly behaviours: Record<string, Record<string, ScenarioContainerInput>> = {};
  private status: Status | undefined;
  private completedAt: number | undefined;
  private readonly names = new Set<string>();

  constructor(input: WorkloadInput) {
    super(input);
    const sp = input.spec;
    const strategy = (sp.updateStrategy ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } };
    this.onDelete = strategy.type === 'OnDelete';
    const f = daemonSetFenceposts(strategy.rollingUpdate?.maxSurge, strategy.rollingUpdate?.maxUnavailable, this.pool.nodes.length);
    this.maxSurge = f.maxSurge;
    this.maxUnavailable = f.maxUnavailable;
    this.minReady = num(sp.minReadySeconds, 0);
    this.revision = input.scenario.rollout ? 'old' : 'current';
    this.behaviours[this.revision] = input.scenario.rollout ? input.scenario.rollout.old.containers : input.scenario.containers;
  }

  private available(p: SimPod, t: number): boolean {
    return this.pool.availableAt(p, t, this.minReady);
  }

  /** nodeToDaemonPods: the pods whose API objects exist, per node, oldest first. */
  private byNode(t: number): Map<string, SimPod[]> {
    const m = new Map<string, SimPod[]>(this.pool.nodes.map((n) => [n, []]));
    for (const p of this.pool.pods) if (p.record.node && this.pool.present(p, t)) m.get(p.record.node)!.push(p);
    return m;
  }

  private create(node: string, t: number): void {
    let name = `${this.input.name}-${this.revision}-${node}`;
    for (let k = 2; this.names.has(name); k++) name = `${this.input.name}-${this.revision}-${node}-${k}`;
    this.names.add(name);
    this.pool.create(t, name, this.revision, `daemonset/${this.input.name}`, this.behaviours[this.revision], {}, node);
  }

  /** findUpdatedPodsOnNode: the node's new and old pod among those not being deleted; ok false when there are two of a kind. */
  private split(pods: SimPod[]): { neu?: SimPod; old?: SimPod; ok: boolean } {
    let neu: SimPod | undefined;
    let old: SimPod | undefined;
    for (const p of pods) {
      if (p.record.deletedAt !== undefined) continue;
      if (p.record.revision === this.revision) {
        if (neu) return { ok: false };
        neu = p;
      } else {
        if (old) return { ok: false };
        old = p;
      }
    }
    return { neu, old, ok: true };
  }

  // ---- the engine's hooks ----

  protected start(): void {}

  protected scheduled(): number[] {
    return this.sc.rollout ? [this.sc.rollout.at] : [];
  }

  protected act(t: number): void {
    if (this.sc.rollout && this.sc.rollout.at === t) {
      this.emit(t, 'daemonset', 'revision', this.revision, 'new', 'TemplateChanged');
      this.revision = 'new';
      this.behaviours.new = this.sc.containers;
    }
  }

  protected sync(t: number): boolean {
    let changed = false;
    const nodes = this.byNode(t);
    // manage / podsShouldBeOnNode
    for (const [node, pods] of nodes) {
      const running = pods.filter((p) => p.record.deletedAt === undefined);
      if (!pods.length) {
        this.create(node, t);
        changed = true;
        continue;
      }
      for (const p of running) if (this.pool.phaseAt(p, t) === 'Failed') {
        this.pool.delete(p, t, 'FailedDaemonPod');
        changed = true;
      }
      const alive = running.filter((p) => p.record.deletedAt === undefined);
      if (this.maxSurge === 0) {
        for (const p of alive.slice(1)) {
          this.pool.delete(p, t, 'SuccessfulDelete');
          changed = true;
        }
        continue;
      }
      if (!alive.length) {
        this.create(node, t);
        changed = true;
        continue;
      }
      if (alive.length > 1) {
        // Two pods only while the new one is not Ready and the old one is; otherwise the old one goes.
        const neu = alive.find((p) => p.record.revision === this.revision);
        const old = alive.find((p) => p !== neu);
        if (neu && old && !(!this.pool.readyAt(neu, t) && this.pool.readyAt(old, t))) {
          this.pool.delete(old, t, 'SuccessfulDelete');
          changed = true;
        }
      }
    }
    if (changed || this.onDelete) return changed;
    return this.rollingUpdate(t);
  }

  /** update.go rollingUpdate. */
  private rollingUpdate(t: number): boolean {
    const nodes = this.byNode(t);
    if (this.maxSurge === 0) {
      let numUnavailable = 0;
      const allowed: SimPod[] = [];
      const candidates: SimPod[] = [];
      for (const pods of nodes.values()) {
        const { neu, old, ok } = this.split(pods);
        if (!ok || (!neu && !old) || (neu && old)) numUnavailable++;
        else if (neu) {
          if (!this.available(neu, t)) numUnavailable++;
        } else if (old) {
          if (!this.available(old, t)) {
            allowed.push(old);
            numUnavailable++;
          } else if (numUnavailable < this.maxUnavailable) candidates.push(old);
        }
      }
      const remaining = Math.min(candidates.length, Math.max(0, this.maxUnavailable - numUnavailable));
      const doomed = [...allowed, ...candidates.slice(0, remaining)];
      for (const p of doomed) this.pool.delete(p, t, 'SuccessfulDelete');
      return doomed.length > 0;
    }
    let numSurge = 0;
    const toDelete: SimPod[] = [];
    const allowedNodes: string[] = [];
    const candidateNodes: string[] = [];
    for (const [node, pods] of nodes) {
      const { neu, old, ok } = this.split(pods);
      if (!ok) {
        numSurge++;
        continue;
      }
      if (!old) continue;
      if (!neu) {
        if (!this.available(old, t)) allowedNodes.push(node);
        else if (numSurge < this.maxSurge) candidateNodes.push(node);
      } else if (!this.available(neu, t)) numSurge++;
      else toDelete.push(old);
    }
    const remaining = Math.min(candidateNodes.length, Math.max(0, this.maxSurge - numSurge));
    for (const p of toDelete) this.pool.delete(p, t, 'SuccessfulDelete');
    for (const n of [...allowedNodes, ...candidateNodes.slice(0, remaining)]) this.create(n, t);
    return toDelete.length > 0 || allowedNodes.length + remaining > 0;
  }

  private statusAt(t: number): Status {
    const st: Status = { desiredNumberScheduled: this.pool.nodes.length, currentNumberScheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0, numberUnavailable: 0 };
    for (const pods of this.byNode(t).values()) {
      if (!pods.length) continue;
      st.currentNumberScheduled++;
      const p = pods[0];
      if (this.pool.readyAt(p, t)) {
        st.numberReady++;
        if (this.available(p, t)) st.numberAvailable++;
      }
      if (p.record.revision === this.revision) st.updatedNumberScheduled++;
    }
    st.numberUnavailable = st.desiredNumberScheduled - st.numberAvailable;
    if (this.sc.rollout && this.revision === 'new' && this.completedAt === undefined && st.updatedNumberScheduled === st.desiredNumberScheduled && st.numberAvailable === st.desiredNumberScheduled) {
      const extra = this.livePods((p) => p.record.revision !== this.revision).length + this.pool.pods.filter((p) => this.pool.terminating(p, t)).length;
      if (extra === 0) this.completedAt = t;
    }
    return st;
  }

  protected record(t: number): void {
    const st = this.statusAt(t);
    const prev = this.status;
    for (const k of Object.keys(st) as (keyof Status)[]) if (!prev || prev[k] !== st[k]) this.emit(t, 'daemonset', k, prev ? String(prev[k]) : '', String(st[k]));
    this.status = st;
  }

  protected deadlines(): void {}

  protected minReadySeconds(): number {
    return this.minReady;
  }

  protected expectedScale(): undefined {
    return undefined;
  }

  protected describe(): WorkloadResult['workload'] {
    return {
      kind: this.input.kind,
      name: this.input.name,
      ...(this.input.namespace && { namespace: this.input.namespace }),
      strategy: this.onDelete ? 'OnDelete' : 'RollingUpdate',
      replicas: this.pool.nodes.length,
      maxSurge: this.onDelete ? 0 : this.maxSurge,
      maxUnavailable: this.onDelete ? 0 : this.maxUnavailable,
      minReadySeconds: this.minReady,
      progressDeadlineSeconds: 0,
    };
  }

  protected final(): DeploymentStatusView {
    const st = this.status!;
    return {
      replicas: st.currentNumberScheduled,
      updatedReplicas: st.updatedNumberScheduled,
      readyReplicas: st.numberReady,
      availableReplicas: st.numberAvailable,
      unavailableReplicas: st.numberUnavailable,
      conditions: {},
      fields: { ...st },
    };
  }

  protected verdicts(r: WorkloadResult): WorkloadVerdict[] {
    const out: WorkloadVerdict[] = [];
    const N = this.pool.nodes.length;
    const start = this.sc.rollout?.at ?? 0;
    let minAvail = Infinity;
    let firstAll: number | undefined;
    let avail = 0;
    for (const e of r.events) {
      if (e.subject !== 'daemonset' || e.field !== 'numberAvailable') continue;
      // The count when the rollout starts counts too.
      if (this.sc.rollout && e.t > start && minAvail === Infinity) minAvail = avail;
      avail = Number(e.to);
      if (e.t >= start && (this.completedAt === undefined || e.t <= this.completedAt)) minAvail = Math.min(minAvail, Number(e.to));
      if (firstAll === undefined && e.t >= start && Number(e.to) === N) firstAll = e.t;
    }
    const how = this.maxSurge > 0 ? `maxSurge ${this.maxSurge}: the new pod starts beside the old one` : `maxUnavailable ${this.maxUnavailable}: a node's new pod starts once its old pod is gone`;
    if (this.sc.rollout) {
      if (this.completedAt !== undefined) out.push({ kind: 'rollout-complete', level: 'ok', t: this.completedAt, text: `The rollout completes at ${s(this.completedAt)} (${s(this.completedAt - start)} after it started) over ${N} node${N === 1 ? '' : 's'}, never below ${minAvail === Infinity ? N : minAvail} of ${N} available (${how}).` });
      else if (this.onDelete) {
        const old = this.livePods((p) => p.record.revision !== this.revision).map((p) => p.record.name);
        out.push({ kind: 'on-delete', level: old.length ? 'warning' : 'ok', t: start, text: old.length ? `updateStrategy OnDelete: the controller replaces no pod by itself; ${old.join(', ')} still run${old.length === 1 ? 's' : ''} the old revision at ${s(r.until)}.` : 'updateStrategy OnDelete: every pod was deleted and came back with the new revision.' });
      } else {
        const stuckPods = this.livePods((p) => p.record.revision === this.revision && !this.available(p, r.until));
        const stuck = stuckPods.map((p) => `${p.record.name} on ${p.record.node}`);
        out.push({ kind: 'rollout-stuck', level: 'error', t: stuckPods[0]?.record.createdAt ?? start, text: `The rollout is stuck at ${s(r.until)}: ${stuck.length ? `${stuck.join(', ')} never become${stuck.length === 1 ? 's' : ''} available` : 'new pods never become available'}; ${this.maxSurge > 0 ? 'the old pods keep running beside them' : `${Math.min(this.maxUnavailable, N)} node${this.maxUnavailable === 1 ? ' is' : 's are'} left without a working pod`} — DaemonSets have no progress deadline and do not roll back.` });
      }
    } else if (firstAll !== undefined) out.push({ kind: 'ready', level: 'ok', t: firstAll, text: `A pod is available on all ${N} nodes at ${s(firstAll)}.` });
    else out.push({ kind: 'never-ready', level: 'error', t: 0, text: `Not every node has an available pod by ${s(r.until)} (${this.status!.numberAvailable} of ${N}).` });
    out.push(...trafficVerdicts(r, this.sc));
    return out;
  }
}
