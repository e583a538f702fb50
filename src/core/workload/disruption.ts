// Node drains and PodDisruptionBudgets (docs/workloads.md, "Drains and PodDisruptionBudgets"):
// `kubectl drain` cordons the node and asks the eviction API to evict each of its pods, retrying a
// refused eviction every 5 s; the API server lets an eviction through only while the pod's budget
// allows a disruption. Sources: staging/src/k8s.io/kubectl/pkg/drain/drain.go (evictPods),
// pkg/registry/core/pod/storage/eviction.go (canIgnorePDB, checkAndDecrement, the unhealthy-pod
// policy), pkg/controller/disruption/disruption.go (getExpectedPodCount, countHealthyPods,
// updatePdbStatus).
import { scaledValue, type IntOrPercent } from './rollout';
import type { PodPool, SimPod } from './pods';
import type { DrainRecord, EvictionRecord, WorkloadResult, WorkloadVerdict } from './types';
import type { Emit } from './pods';

/** kubectl drain waits this long before asking again after a 429 (drain.go). */
export const EVICTION_RETRY_SECONDS = 5;

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface PdbSpec {
  name: string;
  namespace?: string;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  selector?: LabelSelector;
  /** spec.unhealthyPodEvictionPolicy: IfHealthyBudget (default) or AlwaysAllow. */
  unhealthyPodEvictionPolicy?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The PodDisruptionBudgets among a file's documents (top level or in a List). */
export function pdbsOf(values: readonly unknown[]): PdbSpec[] {
  const out: PdbSpec[] = [];
  const visit = (v: unknown) => {
    if (!isObj(v)) return;
    if (v.kind === 'List' && Array.isArray(v.items)) return v.items.forEach(visit);
    if (v.kind !== 'PodDisruptionBudget') return;
    const meta = isObj(v.metadata) ? v.metadata : {};
    const spec = isObj(v.spec) ? v.spec : {};
    const io = (x: unknown): IntOrPercent => (typeof x === 'number' || typeof x === 'string' ? x : undefined);
    out.push({
      name: typeof meta.name === 'string' ? meta.name : 'pdb',
      ...(typeof meta.namespace === 'string' && { namespace: meta.namespace }),
      ...(io(spec.minAvailable) !== undefined && { minAvailable: io(spec.minAvailable) }),
      ...(io(spec.maxUnavailable) !== undefined && { maxUnavailable: io(spec.maxUnavailable) }),
      ...(isObj(spec.selector) && { selector: spec.selector as LabelSelector }),
      ...(typeof spec.unhealthyPodEvictionPolicy === 'string' && { unhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy }),
    });
  };
  values.forEach(visit);
  return out;
}

/** metav1.LabelSelectorAsSelector: an empty selector matches every pod (policy/v1), matchLabels and matchExpressions are ANDed. */
export function selects(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return false; // policy/v1: a null selector selects no pods
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = e.values ?? [];
    if (e.operator === 'In' && !(has && vals.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && vals.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export interface BudgetStatus {
  expectedPods: number;
  desiredHealthy: number;
  currentHealthy: number;
  disruptionsAllowed: number;
}

/**
 * disruption.go: desiredHealthy from minAvailable (an integer as is, with the matching pods as the
 * expected count; a percentage of the controller's scale, rounded up) or from maxUnavailable
 * (scale − maxUnavailable rounded up); currentHealthy counts Ready pods not being deleted;
 * disruptionsAllowed = currentHealthy − desiredHealthy, never below 0, and 0 without expected pods.
 * `scale` undefined: the owner has no scale subresource (a Job, a DaemonSet) — a percentage or
 * maxUnavailable cannot be worked out and the budget allows nothing.
 */
export function budgetStatus(pdb: PdbSpec, pods: number, healthy: number, scale: number | undefined): BudgetStatus {
  let expected = 0;
  let desired = 0;
  if (pdb.maxUnavailable !== undefined) {
    if (scale === undefined) return { expectedPods: 0, desiredHealthy: 0, currentHealthy: healthy, disruptionsAllowed: 0 };
    expected = scale;
    desired = Math.max(0, expected - scaledValue(pdb.maxUnavailable, expected, true, '0'));
  } else if (pdb.minAvailable !== undefined) {
    if (typeof pdb.minAvailable === 'number' || /^\d+$/.test(pdb.minAvailable.trim())) {
      desired = Number(pdb.minAvailable);
      expected = pods;
    } else {
      if (scale === undefined) return { expectedPods: 0, desiredHealthy: 0, currentHealthy: healthy, disruptionsAllowed: 0 };
      expected = scale;
      desired = scaledValue(pdb.minAvailable, expected, true, '0');
    }
  }
  const allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
  return { expectedPods: expected, desiredHealthy: desired, currentHealthy: healthy, disruptionsAllowed: allowed };
}

interface Drain {
  record: DrainRecord;
  pending: { pod: SimPod; ev: EvictionRecord; next: number }[];
}

/** Plays `kubectl drain NODE --ignore-daemonsets` against the workload's pods. */
export class Drainer {
  readonly records: DrainRecord[] = [];
  private readonly drains: Drain[] = [];
  private readonly pdbs: PdbSpec[];

  constructor(
    private readonly pool: PodPool,
    private readonly input: { kind: string; namespace?: string; podLabels?: Record<string, string>; pdbs?: PdbSpec[] },
    private readonly emit: Emit,
    private readonly scale: () => number | undefined,
  ) {
    const labels = input.podLabels ?? {};
    this.pdbs = (input.pdbs ?? []).filter((p) => (p.namespace ?? 'default') === (input.namespace ?? 'default') && selects(p.selector, labels));
  }

  start(node: string, t: number): void {
    if (!this.pool.cordoned.has(node)) {
      this.pool.cordoned.add(node);
      this.emit(t, `node:${node}`, 'unschedulable', 'false', 'true', 'NodeNotSchedulable', 'kubectl drain: cordoned');
    }
    const record: DrainRecord = { node, at: t, evictions: [], skipped: [] };
    const drain: Drain = { record, pending: [] };
    for (const pod of this.pool.pods) {
      if (pod.record.node !== node || !this.pool.present(pod, t)) continue;
      if (this.input.kind === 'DaemonSet') {
        record.skipped.push({ pod: pod.record.name, why: 'DaemonSet-managed (kubectl drain --ignore-daemonsets leaves it; the DaemonSet tolerates the unschedulable node)' });
        continue;
      }
      if (pod.record.deletedAt !== undefined) continue; // already terminating: the drain only waits for it
      const ev: EvictionRecord = { pod: pod.record.name, at: t, refused: 0 };
      record.evictions.push(ev);
      drain.pending.push({ pod, ev, next: t });
    }
    this.records.push(record);
    this.drains.push(drain);
    this.emit(t, `node:${node}`, 'drain', '', 'started', 'Drain', `${record.evictions.length} pod${record.evictions.length === 1 ? '' : 's'} to evict${record.skipped.length ? `, ${record.skipped.length} left alone` : ''}`);
  }

  /** The budgets covering the pod and their status at t. */
  private budgets(t: number): { pdb: PdbSpec; status: BudgetStatus }[] {
    const pods = this.pool.pods.filter((p) => this.pool.present(p, t));
    const healthy = pods.filter((p) => p.record.deletedAt === undefined && this.pool.readyAt(p, t)).length;
    return this.pdbs.map((pdb) => ({ pdb, status: budgetStatus(pdb, pods.length, healthy, this.scale()) }));
  }

  /** Tries the evictions due at t; true when one went through. */
  step(t: number): boolean {
    let changed = false;
    for (const d of this.drains) {
      for (const item of [...d.pending]) {
        if (item.next > t + 1e-9) continue;
        const { pod, ev } = item;
        if (pod.record.deletedAt !== undefined) {
          // Deleted meanwhile by its controller or the scenario: nothing left to evict.
          d.pending.splice(d.pending.indexOf(item), 1);
          continue;
        }
        const verdict = this.evict(pod, t);
        if (verdict.ok) {
          d.pending.splice(d.pending.indexOf(item), 1);
          ev.evictedAt = t;
          this.pool.delete(pod, t, 'Evicted');
          this.emit(t, `pod:${pod.record.name}`, 'evicted', '', 'True', 'Evicted', `drain of ${d.record.node}${ev.refused ? ` after ${ev.refused} refused attempt${ev.refused === 1 ? '' : 's'}` : ''}`);
          changed = true;
        } else if (verdict.error) {
          d.pending.splice(d.pending.indexOf(item), 1);
          ev.error = verdict.error;
          this.emit(t, `node:${d.record.node}`, 'drain', 'started', 'failed', 'EvictionError', verdict.error);
        } else {
          if (ev.refused === 0) this.emit(t, `pod:${pod.record.name}`, 'eviction', '', 'refused', 'TooManyRequests', `Cannot evict pod as it would violate the pod's disruption budget ${verdict.pdb} (kubectl drain retries every ${EVICTION_RETRY_SECONDS} s)`);
          ev.refused++;
          ev.pdb = verdict.pdb;
          item.next = t + EVICTION_RETRY_SECONDS;
        }
      }
    }
    return changed;
  }

  /** eviction.go: what the API server answers to an eviction of `pod` at t. */
  private evict(pod: SimPod, t: number): { ok: boolean; pdb?: string; error?: string } {
    const phase = this.pool.phaseAt(pod, t);
    // canIgnorePDB: pods that are Pending, finished or already terminating are deleted at once.
    if (phase === 'Pending' || phase === 'Succeeded' || phase === 'Failed') return { ok: true };
    const budgets = this.budgets(t);
    if (!budgets.length) return { ok: true };
    if (budgets.length > 1) return { ok: false, error: `${pod.record.name} is covered by more than one PodDisruptionBudget (${budgets.map((b) => b.pdb.name).join(', ')}); the eviction API refuses it with an error and kubectl drain stops` };
    const { pdb, status } = budgets[0];
    if (!this.pool.readyAt(pod, t)) {
      // A running pod that is not Ready: AlwaysAllow lets it go; IfHealthyBudget only while the budget is met.
      if (pdb.unhealthyPodEvictionPolicy === 'AlwaysAllow') return { ok: true };
      if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) return { ok: true };
    }
    if (status.disruptionsAllowed > 0) return { ok: true };
    return { ok: false, pdb: pdb.name };
  }

  times(consider: (x: number) => void): void {
    for (const d of this.drains) for (const p of d.pending) consider(p.next);
  }

  /** Marks each drain complete when its evicted pods were all gone. */
  finish(): void {
    for (const d of this.drains) {
      const r = d.record;
      if (r.evictions.some((e) => e.evictedAt === undefined || e.error)) continue;
      let done: number | undefined = r.at;
      for (const e of r.evictions) {
        const gone = this.pool.pods.find((p) => p.record.name === e.pod && p.record.evictedAt === e.evictedAt)?.record.goneAt;
        done = gone === undefined || done === undefined ? undefined : Math.max(done, gone);
      }
      if (done === undefined) continue;
      r.completedAt = done;
      this.emit(done, `node:${r.node}`, 'drain', 'started', 'complete', 'Drained');
    }
  }

  verdicts(r: WorkloadResult): WorkloadVerdict[] {
    const out: WorkloadVerdict[] = [];
    const s = (t: number) => `${Number(t.toFixed(1))} s`;
    for (const d of this.records) {
      const failed = d.evictions.find((e) => e.error);
      const stuck = d.evictions.filter((e) => e.evictedAt === undefined && !e.error);
      const waited = d.evictions.filter((e) => e.refused > 0);
      if (failed) out.push({ kind: 'drain-blocked', level: 'error', t: d.at, text: `The drain of ${d.node} fails: ${failed.error}.` });
      else if (stuck.length) {
        const pdb = stuck[0].pdb;
        out.push({ kind: 'drain-blocked', level: 'error', t: d.at, text: `The drain of ${d.node} is blocked: ${stuck.map((e) => e.pod).join(', ')} ${stuck.length === 1 ? 'is' : 'are'} still refused at ${s(r.until)}${pdb ? ` — PodDisruptionBudget ${pdb} allows no disruption (kubectl drain retries every ${EVICTION_RETRY_SECONDS} s; the pods it counts must get Ready elsewhere first)` : ''}.` });
      } else if (d.completedAt !== undefined) {
        const retry = waited.length ? ` Evictions were refused by PodDisruptionBudget ${waited[0].pdb} and retried: ${waited.map((e) => `${e.pod} waited ${s((e.evictedAt ?? e.at) - e.at)}`).join(', ')}.` : '';
        out.push({ kind: 'drain-complete', level: waited.length ? 'info' : 'ok', t: d.completedAt, text: `The drain of ${d.node} completes at ${s(d.completedAt)} (${s(d.completedAt - d.at)} after it started; ${d.evictions.length} pod${d.evictions.length === 1 ? '' : 's'} evicted).${retry}` });
      } else if (d.evictions.length) {
        out.push({ kind: 'drain-blocked', level: 'warning', t: d.at, text: `The drain of ${d.node} has not completed by ${s(r.until)}: evicted pods are still terminating.` });
      }
      if (d.skipped.length) out.push({ kind: 'drain-skipped', level: 'info', t: d.at, text: `The drain of ${d.node} leaves ${d.skipped.map((x) => x.pod).join(', ')} running: ${d.skipped[0].why}.` });
    }
    return out;
  }
}
