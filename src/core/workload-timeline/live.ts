// A real workload, as the Workload Timeline draws it: watch events of its pods and of the
// workload object (a Deployment's status) folded into the simulation's WorkloadResult shape,
// times in seconds since the live origin. Pure; the host's live source
// (src/extension/workload-live.ts) feeds it from kubectl watches. Pods are grouped by their
// `pod-template-hash` label (one per ReplicaSet, i.e. per revision).
import type { PodObject } from '../cluster/api-types';
import { podStatusEvents, secondsAt } from '../timeline/live-events';
import { resolveFenceposts } from '../workload/rollout';
import type { PodRecord, WorkloadEvent, WorkloadResult, WorkloadVerdict } from '../workload/types';

export interface LiveWorkloadObject {
  metadata?: { name?: string; namespace?: string; generation?: number };
  spec?: { replicas?: number; minReadySeconds?: number; progressDeadlineSeconds?: number; strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } } };
  status?: {
    replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; unavailableReplicas?: number;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  };
}

interface LivePod {
  record: PodRecord;
  last: PodObject | undefined;
  uid: string;
}

const STATUS_FIELDS = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'] as const;

export class LiveWorkload {
  private readonly pods = new Map<string, LivePod>();
  private readonly events: WorkloadEvent[] = [];
  private last: LiveWorkloadObject | undefined;

  constructor(readonly originMs: number, readonly workload: { kind: string; name: string; namespace?: string }) {}

  private t(nowMs: number): number {
    return Math.max(0, Math.round((nowMs - this.originMs) / 100) / 10);
  }

  /** A watch event of one of the workload's pods (ADDED, MODIFIED, DELETED). */
  pod(type: string, pod: PodObject, nowMs: number): void {
    const name = pod.metadata?.name;
    if (!name) return;
    const uid = pod.metadata?.uid ?? name;
    let p = this.pods.get(uid);
    if (!p) {
      const createdAt = secondsAt(this.originMs, pod.metadata?.creationTimestamp) ?? this.t(nowMs);
      // A Deployment's ReplicaSet hash; a StatefulSet's or DaemonSet's ControllerRevision hash.
      const revision = pod.metadata?.labels?.['pod-template-hash'] ?? pod.metadata?.labels?.['controller-revision-hash'] ?? 'current';
      p = { uid, last: undefined, record: { name, revision, createdAt, restarts: 0, events: [] } };
      this.pods.set(uid, p);
    }
    const r = p.record;
    if (type === 'DELETED') {
      r.deletedAt ??= this.t(nowMs);
      r.goneAt = Math.max(r.deletedAt, this.t(nowMs));
      return;
    }
    const del = secondsAt(this.originMs, pod.metadata?.deletionTimestamp);
    if (del !== undefined && r.deletedAt === undefined) r.deletedAt = Math.max(r.createdAt, del - (pod.metadata?.deletionGracePeriodSeconds ?? 0));
    for (const e of podStatusEvents(p.last, pod, this.originMs, nowMs)) r.events.push({ ...e, t: Math.max(r.createdAt, e.t) });
    p.last = pod;
    r.events.sort((a, b) => a.t - b.t);
    r.restarts = (pod.status?.containerStatuses ?? []).reduce((s, c) => s + (c?.restartCount ?? 0), 0);
    r.readyAt ??= r.events.find((e) => e.subject === 'pod' && e.field === 'condition:Ready' && e.to === 'True')?.t;
  }

  /** The workload object as watched (its status counts and conditions become its events). */
  object(o: LiveWorkloadObject, nowMs: number): void {
    const t = this.t(nowMs);
    const prev = this.last;
    const subject = this.workload.kind.toLowerCase();
    const emit = (field: string, from: string, to: string, reason?: string) => this.events.push({ t, subject, field, from, to, ...(reason && { reason }) });
    const want = o.spec?.replicas;
    if (typeof want === 'number' && want !== prev?.spec?.replicas) emit('spec.replicas', prev?.spec?.replicas === undefined ? '' : String(prev.spec.replicas), String(want));
    for (const f of STATUS_FIELDS) {
      const now = o.status?.[f] ?? 0;
      const before = prev ? (prev.status?.[f] ?? 0) : undefined;
      if (before !== now) emit(f, before === undefined ? '' : String(before), String(now));
    }
    for (const c of o.status?.conditions ?? []) {
      if (!c?.type) continue;
      const b = prev?.status?.conditions?.find((x) => x?.type === c.type);
      if (!b || b.status !== c.status || b.reason !== c.reason) emit(`condition:${c.type}`, b?.status ?? '', c.status ?? '', c.reason);
    }
    this.last = o;
  }

  /** Everything seen so far, up to now, in the simulation's shape. */
  snapshot(nowMs: number): WorkloadResult {
    const until = Math.max(1, this.t(nowMs));
    const pods = [...this.pods.values()].map((p) => ({ ...p.record, events: [...p.record.events] }));
    const s = this.last?.spec;
    const replicas = s?.replicas ?? pods.filter((p) => p.deletedAt === undefined).length;
    const ready = (p: PodRecord, t: number) => {
      let r = false;
      for (const e of p.events) if (e.t <= t && e.subject === 'pod' && e.field === 'condition:Ready') r = e.to === 'True';
      return r && !(p.deletedAt !== undefined && p.deletedAt <= t);
    };
    // Ready endpoints as the EndpointSlice controller counts them (Ready and not terminating), without propagation delay.
    const times = [...new Set([0, ...pods.flatMap((p) => [...p.events.map((e) => e.t), ...(p.deletedAt !== undefined ? [p.deletedAt] : [])])])].sort((a, b) => a - b);
    const endpoints: { t: number; ready: number }[] = [];
    for (const t of times) {
      const n = pods.filter((p) => ready(p, t)).length;
      if (!endpoints.length || endpoints[endpoints.length - 1]!.ready !== n) endpoints.push({ t, ready: n });
    }
    const st = this.last?.status;
    const readyNow = pods.filter((p) => ready(p, until)).length;
    const conditions: Record<string, { status: string; reason: string }> = {};
    for (const c of st?.conditions ?? []) if (c?.type) conditions[c.type] = { status: c.status ?? '', reason: c.reason ?? '' };
    const verdicts: WorkloadVerdict[] = [];
    const progressing = conditions.Progressing;
    if (progressing?.reason === 'ProgressDeadlineExceeded') verdicts.push({ kind: 'rollout-stuck', level: 'error', text: `ProgressDeadlineExceeded: the rollout of ${this.workload.name} is stuck.` });
    else if (progressing?.reason === 'NewReplicaSetAvailable' && (st?.availableReplicas ?? 0) >= replicas) verdicts.push({ kind: 'ready', level: 'ok', text: `All ${replicas} replicas are available (NewReplicaSetAvailable).` });
    verdicts.push({ kind: readyNow >= replicas ? 'ready' : 'never-ready', level: readyNow >= replicas ? 'ok' : 'info', text: `${readyNow} of ${replicas} pods Ready now; ${pods.length} pod${pods.length === 1 ? '' : 's'} seen since live mode started.` });
    const strategy = s?.strategy?.type ?? 'RollingUpdate';
    let f = { maxSurge: 0, maxUnavailable: 0 };
    try {
      if (strategy !== 'Recreate') f = resolveFenceposts(s?.strategy?.rollingUpdate?.maxSurge, s?.strategy?.rollingUpdate?.maxUnavailable, replicas);
    } catch {
      // an unreadable percentage: shown as 0
    }
    return {
      workload: {
        ...this.workload,
        strategy,
        replicas,
        maxSurge: f.maxSurge,
        maxUnavailable: Math.min(f.maxUnavailable, replicas),
        minReadySeconds: s?.minReadySeconds ?? 0,
        progressDeadlineSeconds: s?.progressDeadlineSeconds ?? 600,
      },
      until,
      events: [...this.events],
      pods,
      endpoints,
      trafficLoss: [],
      final: {
        replicas: st?.replicas ?? pods.length,
        updatedReplicas: st?.updatedReplicas ?? 0,
        readyReplicas: st?.readyReplicas ?? readyNow,
        availableReplicas: st?.availableReplicas ?? 0,
        unavailableReplicas: st?.unavailableReplicas ?? 0,
        conditions,
      },
      verdicts,
    };
  }
}
