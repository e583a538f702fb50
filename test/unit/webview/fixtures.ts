// Stand-in simulator output for the webview tests: the "slow start" story written out by hand
// (kubelet-semantics.md §7, §9.3): an app that needs 90 s to answer, a liveness probe that gives it
// 30 s, so the kubelet kills it over and over and it ends in CrashLoopBackOff. And the same app
// with a startup probe that covers the slow start. The real simulator's output has the same shape
// (simulation.md, Output); the browser test uses it when src/core/lifecycle/simulate exists.
import type { PodSpec } from '../../../src/core/k8s';
import { goDuration } from '../../../src/webview/model';
import type { PodMeta, ProbeAttempt, SimulationResult, TimelineEvent } from '../../../src/webview/protocol';

export const SLOW_SPEC: PodSpec = {
  containers: [
    {
      name: 'app',
      image: 'registry.example/shop/web:1.4.2',
      ports: [{ name: 'http', containerPort: 8080 }],
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
      readinessProbe: { httpGet: { path: '/ready', port: 'http' }, initialDelaySeconds: 5, periodSeconds: 5 },
    },
  ],
};

export const FIXED_SPEC: PodSpec = {
  containers: [
    {
      ...SLOW_SPEC.containers![0]!,
      startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 30 },
    },
  ],
};

export const META: PodMeta = { name: 'web-7d4b9c6f5-x2x9q', namespace: 'shop', workloadKind: 'Deployment', workloadName: 'web' };

const BACKOFF = [0, 10, 20, 40, 80, 160, 300];

/** The first second of every story: the pod is created Pending, its container waits for creation. */
function podCreated() {
  const ev: TimelineEvent[] = [];
  const at: ProbeAttempt[] = [];
  const E = (t: number, subject: string, field: string, from: string, to: string, extra: Partial<TimelineEvent> = {}) => ev.push({ t, subject, field, from, to, ...extra });
  const notReady = { reason: 'ContainersNotReady', message: 'containers with unready status: [app]' };
  E(0, 'pod', 'phase', '', 'Pending');
  E(0, 'pod', 'condition:PodScheduled', '', 'True');
  E(0, 'pod', 'condition:PodReadyToStartContainers', '', 'False');
  E(0, 'pod', 'condition:Initialized', '', 'True');
  E(0, 'pod', 'condition:ContainersReady', '', 'False', notReady);
  E(0, 'pod', 'condition:Ready', '', 'False', notReady);
  E(0, 'app', 'state', '', 'Waiting', { reason: 'ContainerCreating' });
  E(1, 'pod', 'condition:PodReadyToStartContainers', 'False', 'True');
  return { ev, at, E, notReady };
}

/** Slow start (healthy after 90 s) with liveness 10 s delay × 10 s period × 3: CrashLoopBackOff. */
export function slowStartStory(until = 600): SimulationResult {
  const { ev, at, E, notReady } = podCreated();
  let start = 2;
  E(2, 'app', 'state', 'Waiting', 'Running');
  E(2, 'app', 'started', 'false', 'true');
  E(2, 'pod', 'phase', 'Pending', 'Running');
  let restarts = 0;
  while (start < until) {
    // Readiness: every 5 s (ticks aligned to pod admission at 0), from 5 s after start.
    // Liveness: every 10 s, from 10 s after start; three failures kill.
    let fails = 0;
    let kill = Infinity;
    for (let t = Math.ceil((start + 10) / 10) * 10; t < until; t += 10) {
      at.push({ t, container: 'app', kind: 'liveness', ok: false });
      if (++fails === 3) {
        kill = t;
        break;
      }
    }
    for (let t = Math.ceil((start + 5) / 5) * 5; t <= Math.min(kill, until); t += 5) at.push({ t, container: 'app', kind: 'readiness', ok: false });
    if (kill === Infinity) break;
    E(kill, 'app', 'probe:liveness', 'Success', 'Failure', { reason: 'failureThreshold 3 reached' });
    E(kill, 'app', 'state', 'Running', 'Terminated', { reason: 'Error', exitCode: 143, message: 'Container app failed liveness probe, will be restarted' });
    restarts++;
    // Changes are reported as the status stands at the end of each instant: a restart within
    // the same instant keeps started=true.
    const wait = BACKOFF[Math.min(restarts - 1, BACKOFF.length - 1)]!;
    if (wait > 0) {
      E(kill, 'app', 'started', 'true', 'false');
      E(kill, 'app', 'state', 'Terminated', 'Waiting', { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(wait)} restarting failed container=app pod=${META.name}_shop(uid)` });
    }
    start = kill + wait;
    if (start >= until) break;
    E(start, 'app', 'state', wait > 0 ? 'Waiting' : 'Terminated', 'Running');
    E(start, 'app', 'restartCount', String(restarts - 1), String(restarts));
    if (wait > 0) E(start, 'app', 'started', 'false', 'true');
    E(start, 'app', 'probe:liveness', 'Failure', 'Success', { reason: 'new container' });
  }
  at.sort((a, b) => a.t - b.t);
  return { events: sortStable(ev), attempts: at, until };
}

/** The same app with a startup probe (period 10 × 30): started at 100 s, Ready at once. */
export function fixedStory(until = 300): SimulationResult {
  const { ev, at, E, notReady } = podCreated();
  E(2, 'app', 'state', 'Waiting', 'Running');
  E(2, 'pod', 'phase', 'Pending', 'Running');
  for (let t = 10; t < 100; t += 10) at.push({ t, container: 'app', kind: 'startup', ok: false });
  at.push({ t: 100, container: 'app', kind: 'startup', ok: true });
  E(100, 'app', 'probe:startup', 'Unknown', 'Success');
  E(100, 'app', 'started', 'false', 'true');
  at.push({ t: 100, container: 'app', kind: 'readiness', ok: true });
  E(100, 'app', 'probe:readiness', 'Failure', 'Success');
  E(100, 'app', 'ready', 'false', 'true');
  E(100, 'pod', 'condition:ContainersReady', 'False', 'True');
  E(100, 'pod', 'condition:Ready', 'False', 'True');
  for (let t = 105; t <= until; t += 5) at.push({ t, container: 'app', kind: 'readiness', ok: true });
  for (let t = 110; t <= until; t += 10) at.push({ t, container: 'app', kind: 'liveness', ok: true });
  at.sort((a, b) => a.t - b.t);
  return { events: sortStable(ev), attempts: at, until };
}

function sortStable(ev: TimelineEvent[]): TimelineEvent[] {
  return ev.map((e, i) => [e, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map((p) => p[0]);
}

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** Names, reasons and messages that are HTML: must show as text. */
export function hostileStory(): { spec: PodSpec; meta: PodMeta; result: SimulationResult } {
  const name = `app${HOSTILE}`;
  const spec: PodSpec = { containers: [{ name, image: HOSTILE, livenessProbe: { exec: { command: ['true'] } } }] };
  const result: SimulationResult = {
    events: [
      { t: 0, subject: 'pod', field: 'phase', from: '', to: 'Pending' },
      { t: 0, subject: name, field: 'state', from: '', to: 'Waiting', reason: HOSTILE, message: HOSTILE },
      { t: 3, subject: name, field: 'state', from: 'Waiting', to: 'Running' },
      { t: 3, subject: 'pod', field: 'phase', from: 'Pending', to: 'Running' },
      { t: 4, subject: 'pod', field: 'event', to: 'Unhealthy', type: 'Warning', message: `Liveness probe failed: ${HOSTILE}` },
      { t: 9, subject: name, field: 'state', from: 'Running', to: 'Terminated', reason: HOSTILE, exitCode: 2, message: HOSTILE },
    ],
    attempts: [{ t: 4, container: name, kind: 'liveness', ok: false, message: HOSTILE }],
    until: 30,
  };
  return { spec, meta: { name: `pod-${HOSTILE}`, namespace: HOSTILE, workloadName: HOSTILE }, result };
}
