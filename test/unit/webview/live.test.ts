// Live data for the timeline: a real pod's status snapshots diffed into changes, its Events, and
// watch-mode probe runs; and the live source over a stand-in cluster layer (no cluster here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventObject, PodObject } from '../../../src/core/cluster/api-types';
import { containerOfFieldPath, k8sEventToTimeline, podStatusEvents, probeWatchToTimeline } from '../../../src/core/timeline/live-events';
import type { KubeletEvent, LiveAttempt, LiveState, SimEvent } from '../../../src/core/timeline/protocol';
import { createTimelineLiveSource, type LiveCluster, type ProbeWatchNotice } from '../../../src/extension/timeline-live';
import type { LiveSink } from '../../../src/extension/timeline-panel';
import { buildModel } from '../../../src/webview/lanes';
import { SLOW_SPEC } from './fixtures';

const ORIGIN = Date.parse('2025-06-01T10:00:00Z');
const iso = (s: number) => new Date(ORIGIN + s * 1000).toISOString();

function pod(status: PodObject['status'], name = 'web-1'): PodObject {
  return { metadata: { name, namespace: 'shop', creationTimestamp: iso(0) }, status };
}

test('first snapshot: phase, conditions and container state with the status timestamps', () => {
  const p = pod({
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: iso(0) }],
    containerStatuses: [{ name: 'app', ready: false, started: true, restartCount: 0, state: { running: { startedAt: iso(3) } } }],
  });
  const ev = podStatusEvents(undefined, p, ORIGIN, ORIGIN + 5000).map((e) => `${e.t} ${e.subject} ${e.field} ${e.from}→${e.to}`);
  assert.deepEqual(ev, ['0 pod condition:Ready →False', '3 app state →Running', '5 pod phase →Running', '5 app started false→true']);
});

test('a crash between two snapshots is filled in from lastState', () => {
  const a = pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: false, started: true, restartCount: 0, state: { running: { startedAt: iso(3) } } }] });
  const b = pod({
    phase: 'Running',
    containerStatuses: [{
      name: 'app', ready: false, started: true, restartCount: 1,
      state: { running: { startedAt: iso(34) } },
      lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: iso(3), finishedAt: iso(33) } },
    }],
  });
  const ev = podStatusEvents(a, b, ORIGIN, ORIGIN + 40_000).map((e) => `${e.t} ${e.field} ${e.from}→${e.to}${e.exitCode !== undefined ? ` (${e.exitCode})` : ''}`);
  assert.deepEqual(ev, ['33 state Running→Terminated (137)', '34 state Terminated→Running', '34 restartCount 0→1']);
  const c = pod({
    phase: 'Running',
    containerStatuses: [{
      name: 'app', ready: false, started: false, restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: iso(50) } },
    }],
  });
  const ev2 = podStatusEvents(b, c, ORIGIN, ORIGIN + 51_000).map((e) => `${e.t} ${e.field} ${e.from}→${e.to} ${e.reason ?? ''}`.trim());
  assert.deepEqual(ev2, ['51 state Running→Waiting CrashLoopBackOff', '51 started true→false']);
  assert.ok(podStatusEvents(c, c, ORIGIN, ORIGIN + 60_000).length === 0, 'no change, no events');
});

test('Kubernetes Events: container from fieldPath, repeated counts, times from the series', () => {
  assert.equal(containerOfFieldPath('spec.containers{app}'), 'app');
  assert.equal(containerOfFieldPath('spec.initContainers{migrate}'), 'migrate');
  assert.equal(containerOfFieldPath(undefined), undefined);
  const e: EventObject = {
    reason: 'Unhealthy', type: 'Warning', message: 'Liveness probe failed: HTTP probe failed with statuscode: 503', count: 3,
    involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{app}' }, lastTimestamp: iso(42),
  };
  assert.deepEqual(k8sEventToTimeline(e, ORIGIN), {
    t: 42, object: 'app', reason: 'Unhealthy', type: 'Warning',
    message: 'Liveness probe failed: HTTP probe failed with statuscode: 503 (×3)',
  });
  assert.equal(k8sEventToTimeline({ reason: 'Scheduled' }, ORIGIN), undefined, 'no time, no event');
});

const attempt = (result: 'success' | 'failure', message = '') =>
  ({ type: 'attempt', at: 0, attempt: 1, result, message, durationMs: 3, counted: true, resultRun: 1, cached: result === 'success' ? 'Success' : 'Failure', next: '' }) as const;

test('watch-mode probe runs: attempts and result changes, in the simulation\'s shapes; hooks are not drawn', () => {
  const a = probeWatchToTimeline(attempt('failure', 'HTTP probe failed with statuscode: 503'), 'app', 'livenessProbe', 12);
  assert.deepEqual(a.attempts, [{ t: 12, container: 'app', kind: 'livenessProbe', ok: false, message: 'HTTP probe failed with statuscode: 503' }]);
  const s = probeWatchToTimeline({ type: 'state', at: 0, from: 'Success', to: 'Failure', action: 'kill', verdict: 'would be killed now' }, 'app', 'livenessProbe', 32);
  assert.deepEqual(s.events, [{ t: 32, subject: 'app', field: 'probe:livenessProbe', from: 'Success', to: 'Failure', reason: 'would be killed now' }]);
  assert.deepEqual(probeWatchToTimeline(attempt('success'), 'app', 'postStart', 5), { events: [], attempts: [] });
});

interface Recorded { status: [LiveState, string][]; events: SimEvent[]; attempts: LiveAttempt[]; kubeletEvents: KubeletEvent[]; resets: [string | undefined, string | undefined][] }
function recordingSink(): LiveSink & { rec: Recorded } {
  const rec: Recorded = { status: [], events: [], attempts: [], kubeletEvents: [], resets: [] };
  return {
    rec,
    disposed: false,
    status: (s, m) => void rec.status.push([s, m]),
    append: (b) => {
      rec.events.push(...(b.events ?? []));
      rec.attempts.push(...(b.attempts ?? []));
      rec.kubeletEvents.push(...(b.kubeletEvents ?? []));
    },
    reset: (o, p) => void rec.resets.push([o, p]),
  };
}

const ARGS = { title: 'Deployment web', podSpec: SLOW_SPEC, workloadRef: { kind: 'Deployment', name: 'web', namespace: 'shop', documentIndex: 0 }, podSelector: { app: 'web' } };

test('live source without kubectl: says so, still shows watch-mode probe runs (stand-in cluster)', async () => {
  let listener: ((n: ProbeWatchNotice) => void) | undefined;
  let t = ORIGIN;
  const source = createTimelineLiveSource({
    cluster: () => ({ kubectl: () => { throw new Error('kubectl not found on PATH'); } }) as unknown as LiveCluster,
    onProbeWatchEvent: (l) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
    now: () => t,
  });
  const sink = recordingSink();
  const h = await source.start(ARGS, sink);
  assert.deepEqual(sink.rec.status.at(-1), ['live', 'No cluster reachable: kubectl not found on PATH — watch-mode probe runs of this workload appear as they happen (⟳ Watch on a probe)']);
  t = ORIGIN + 10_000;
  listener!({ locator: { workload: 'Deployment/web', documentIndex: 0, container: 'app', site: 'livenessProbe' }, event: attempt('success') });
  listener!({ locator: { workload: 'Deployment/other', container: 'app', site: 'livenessProbe' }, event: attempt('failure') });
  assert.deepEqual(sink.rec.attempts.map((a) => [a.t, a.kind, a.ok]), [[10, 'livenessProbe', true]]);
  h.dispose();
  assert.equal(listener, undefined, 'unsubscribed');
});

test('live source with a cluster: finds the newest pod by selector, diffs its watch, adds its Events (stand-in cluster)', async () => {
  const disposed: string[] = [];
  let onChange: ((p: PodObject | undefined) => void) | undefined;
  let onEvent: ((e: { type: string; object: EventObject }) => void) | undefined;
  const seen: string[] = [];
  const cluster: LiveCluster = {
    kubectl: () => ({
      checkCluster: async () => ({}),
      listPods: async (ns, o) => {
        seen.push(`${ns} ${o?.labelSelector}`);
        return [pod({}, 'web-old'), { ...pod({}, 'web-new'), metadata: { name: 'web-new', creationTimestamp: iso(0) } }, { metadata: { name: 'web-older', creationTimestamp: iso(-100) } }];
      },
      getPod: async () => pod({}),
    }),
    watchPod: (_k, _ns, name, h) => {
      seen.push(`watch ${name}`);
      onChange = h.onChange;
      return { dispose: () => disposed.push('pod') };
    },
    watchPodEvents: (_k, _ns, _name, h) => {
      onEvent = h.onEvent;
      return { dispose: () => disposed.push('events') };
    },
  };
  let t = ORIGIN + 1000;
  const source = createTimelineLiveSource({ cluster: () => cluster, now: () => t });
  const sink = recordingSink();
  const h = await source.start(ARGS, sink);
  assert.deepEqual(seen, ['shop app=web', 'watch web-new']);
  assert.deepEqual(sink.rec.resets, [['2025-06-01T10:00:00.000Z', 'web-new']]);
  assert.deepEqual(sink.rec.status.map((s) => s[0]), ['connecting', 'live']);
  assert.match(sink.rec.status.at(-1)![1], /watching pod web-new in shop/);
  t = ORIGIN + 4000;
  onChange!(pod({ phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] }, 'web-new'));
  t = ORIGIN + 9000;
  onChange!(pod({ phase: 'Running', containerStatuses: [{ name: 'app', started: true, state: { running: { startedAt: iso(8) } } }] }, 'web-new'));
  onEvent!({ type: 'ADDED', object: { reason: 'Unhealthy', type: 'Warning', message: 'Liveness probe failed', involvedObject: { fieldPath: 'spec.containers{app}' }, lastTimestamp: iso(20) } });
  const lines = sink.rec.events.map((e) => `${e.t} ${e.subject} ${e.field} ${e.to}`);
  assert.deepEqual(lines, ['4 pod phase Pending', '4 app state Waiting', '8 app state Running', '9 pod phase Running', '9 app started true']);
  assert.deepEqual(sink.rec.kubeletEvents, [{ t: 20, type: 'Warning', reason: 'Unhealthy', object: 'app', message: 'Liveness probe failed' }]);
  // It draws: live lanes next to the simulated ones.
  const m = buildModel({ spec: SLOW_SPEC, live: { events: [...sink.rec.events].sort((a, b) => a.t - b.t), attempts: [], kubeletEvents: sink.rec.kubeletEvents, podName: 'web-new' } });
  assert.deepEqual(m.lanes.map((l) => l.title), ['live · pod web-new', 'live · container app']);
  h.dispose();
  assert.deepEqual(disposed.sort(), ['events', 'pod']);
});
