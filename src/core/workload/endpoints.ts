// Service endpoints over time and the windows in which clients lose traffic
// (docs/workloads.md, "Endpoints and graceful shutdown"). A pod's address is ready in
// the EndpointSlice while the pod is Ready and not terminating (a deleted pod's endpoint turns
// terminating at once); load balancers see each change `propagationSeconds` later. Traffic is lost
// while an endpoint is still in rotation but its app no longer accepts connections, and while no
// endpoint is in rotation at all.
import type { PodSpec } from '../k8s';
import type { PodRecord, TrafficLoss } from './types';

export interface EndpointOptions {
  propagationSeconds: number;
  stopsListeningAfter: number;
  until: number;
  /** preStop duration of the serving container (seconds), and the pod's grace period. */
  preStop: number;
  grace: number;
}

type Step = { t: number; on: boolean }[];

function valueAt(steps: Step, t: number): boolean {
  let v = false;
  for (const s of steps) if (s.t <= t) v = s.on;
  return v;
}

/** Merges [from, to) intervals where pred holds over the breakpoints. */
function intervals(points: number[], until: number, pred: (t: number) => boolean): { from: number; to: number }[] {
  const ts = [...new Set(points.filter((t) => t >= 0 && t < until).concat(0))].sort((a, b) => a - b);
  const out: { from: number; to: number }[] = [];
  ts.forEach((t, i) => {
    const end = ts[i + 1] ?? until;
    if (end <= t || !pred(t)) return;
    const last = out[out.length - 1];
    if (last && last.to === t) last.to = end;
    else out.push({ from: t, to: end });
  });
  return out;
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

export function endpointsAndLoss(pods: readonly PodRecord[], spec: PodSpec, o: EndpointOptions): { endpoints: { t: number; ready: number }[]; loss: TrafficLoss[] } {
  const serving = spec.containers?.[0]?.name ?? '';
  const d = o.propagationSeconds;
  const model = pods.map((p) => {
    const ready: Step = p.events.filter((e) => e.subject === 'pod' && e.field === 'condition:Ready').map((e) => ({ t: e.t, on: e.to === 'True' }));
    const running: Step = p.events.filter((e) => e.subject === serving && e.field === 'state').map((e) => ({ t: e.t, on: e.to === 'Running' }));
    // SIGTERM reaches the app once preStop has run (bounded by the grace period).
    const sigterm = p.deletedAt === undefined ? Infinity : p.deletedAt + Math.min(o.preStop, o.grace);
    const stopListening = sigterm + o.stopsListeningAfter;
    const listed = (t: number) => valueAt(ready, t - d) && !(p.deletedAt !== undefined && p.deletedAt <= t - d);
    const accepting = (t: number) => valueAt(running, t) && t < stopListening;
    const points = [...ready.map((s) => s.t + d), ...running.map((s) => s.t), p.deletedAt === undefined ? -1 : p.deletedAt + d, stopListening];
    return { p, listed, accepting, points, sigterm };
  });
  const all = model.flatMap((m) => m.points).filter((t) => Number.isFinite(t));

  const endpoints: { t: number; ready: number }[] = [];
  for (const t of [...new Set(all.concat(0))].sort((a, b) => a - b)) {
    if (t < 0 || t >= o.until) continue;
    const ready = model.filter((m) => m.listed(t)).length;
    if (!endpoints.length || endpoints[endpoints.length - 1].ready !== ready) endpoints.push({ t: r3(t), ready });
  }

  const loss: TrafficLoss[] = [];
  for (const m of model) {
    for (const w of intervals(m.points, o.until, (t) => m.listed(t) && !m.accepting(t))) {
      const deleted = m.p.deletedAt !== undefined && w.from >= m.p.deletedAt;
      const why = deleted
        ? `${m.p.name} was deleted at ${r3(m.p.deletedAt!)} s and stopped accepting connections at ${r3(w.from)} s, but load balancers still sent it traffic until ${r3(w.to)} s (endpoint propagation ${d} s${o.preStop ? `, preStop ${o.preStop} s` : ', no preStop'})`
        : `${m.p.name}'s container was not running from ${r3(w.from)} s while its endpoint was still in rotation until ${r3(w.to)} s`;
      loss.push({ from: r3(w.from), to: r3(w.to), pod: m.p.name, kind: 'not-accepting', why });
    }
  }
  const firstReady = endpoints.find((e) => e.ready > 0)?.t;
  if (firstReady !== undefined) {
    for (const w of intervals(all, o.until, (t) => t >= firstReady && model.every((m) => !m.listed(t)))) {
      loss.push({ from: r3(w.from), to: r3(w.to), kind: 'no-endpoints', why: `no endpoint was ready from ${r3(w.from)} s to ${r3(w.to)} s: every request failed` });
    }
  }
  loss.sort((a, b) => a.from - b.from);
  return { endpoints, loss };
}
