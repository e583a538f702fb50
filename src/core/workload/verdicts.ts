// Plain-words conclusions of a workload simulation: when the rollout completes and how low
// readiness dipped, whether it got stuck past its progress deadline, and the traffic-loss windows.
import type { WorkloadResult, WorkloadScenario, WorkloadVerdict } from './types';

export const s = (t: number) => `${Number(t.toFixed(1))} s`;

export function workloadVerdicts(r: WorkloadResult, sc: WorkloadScenario): WorkloadVerdict[] {
  const out: WorkloadVerdict[] = [];
  const dep = r.events.filter((e) => e.subject === 'deployment');
  // From the rollout, else from the last scaling ("all N available" means the last N).
  const start = sc.rollout?.at ?? Math.max(0, ...sc.scale.map((x) => x.at));
  const progress = dep.filter((e) => e.field === 'condition:Progressing' && e.t >= start);
  const done = progress.find((e) => e.reason === 'NewReplicaSetAvailable');
  const stuck = progress.find((e) => e.reason === 'ProgressDeadlineExceeded');
  const replicas = r.workload.replicas;
  // Lowest count of ready pods (as the Deployment counts them) from the rollout on.
  let ready = 0;
  let minReady = Infinity;
  for (const e of dep) {
    if (e.field !== 'readyReplicas') continue;
    ready = Number(e.to);
    if (e.t >= start && (!done || e.t <= done.t)) minReady = Math.min(minReady, ready);
  }
  if (sc.rollout) {
    if (done) out.push({ kind: 'rollout-complete', level: 'ok', t: done.t, text: `The rollout completes at ${s(done.t)} (${s(done.t - start)} after it started), never below ${minReady === Infinity ? replicas : minReady} of ${replicas} ready.` });
    else if (stuck) out.push({ kind: 'rollout-stuck', level: 'error', t: stuck.t, text: `ProgressDeadlineExceeded at ${s(stuck.t)}: the new pods never became available within progressDeadlineSeconds (${r.workload.progressDeadlineSeconds} s); the old ReplicaSet keeps serving.` });
    else out.push({ kind: 'rollout-stuck', level: 'warning', text: `The rollout has not completed by ${s(r.until)}.` });
  } else {
    if (done) out.push({ kind: 'ready', level: 'ok', t: done.t, text: `All ${replicas} replicas are available at ${s(done.t)}.` });
    else if (stuck) out.push({ kind: 'rollout-stuck', level: 'error', t: stuck.t, text: `ProgressDeadlineExceeded at ${s(stuck.t)}: the pods never became available within progressDeadlineSeconds (${r.workload.progressDeadlineSeconds} s).` });
    else out.push({ kind: 'never-ready', level: 'error', text: `Not all ${replicas} replicas are available by ${s(r.until)}.` });
  }
  out.push(...trafficVerdicts(r, sc));
  if (r.workload.minReadySeconds > 0 && r.workload.minReadySeconds >= r.workload.progressDeadlineSeconds) {
    out.push({ kind: 'min-ready', level: 'warning', text: `minReadySeconds (${r.workload.minReadySeconds} s) is not below progressDeadlineSeconds (${r.workload.progressDeadlineSeconds} s): a rollout can time out although every pod is fine.` });
  }
  return out;
}

/** Traffic-loss windows and moments without any endpoint, for any kind. */
export function trafficVerdicts(r: WorkloadResult, sc: WorkloadScenario): WorkloadVerdict[] {
  const out: WorkloadVerdict[] = [];
  const lossByPod = r.trafficLoss.filter((l) => l.kind === 'not-accepting');
  if (lossByPod.length) {
    const longest = Math.max(...lossByPod.map((l) => l.to - l.from));
    const pods = new Set(lossByPod.map((l) => l.pod)).size;
    const deleted = lossByPod.some((l) => r.pods.find((p) => p.name === l.pod)?.deletedAt !== undefined);
    out.push({
      kind: 'traffic-loss',
      level: 'warning',
      t: lossByPod[0].from,
      text: `Clients see refused connections for up to ${s(longest)} per pod (${pods} pod${pods === 1 ? '' : 's'})${deleted ? `: the app stops accepting connections before its endpoint is out of rotation — a preStop sleep longer than the endpoint propagation delay (${sc.endpoints.propagationSeconds} s) closes the gap` : ': containers stopped while their endpoints were still in rotation'}.`,
    });
  }
  for (const l of r.trafficLoss.filter((x) => x.kind === 'no-endpoints')) {
    out.push({ kind: 'no-endpoints', level: 'error', t: l.from, text: `No endpoint is ready from ${s(l.from)} to ${s(l.to)}: every request fails.` });
  }
  return out;
}
