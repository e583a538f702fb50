// Events → swimlanes: what the timeline will draw for the slow-start CrashLoopBackOff story and
// for its fix with a startup probe (stand-in simulator output, see fixtures.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandAt, bandRects, buildModel, goDuration, layoutRows, tickXs, kubectlTone, ROW_HEIGHT, LANE_HEADER } from '../../../src/webview/model';
import { linearScale } from '../../../src/webview/scale';
import { FIXED_SPEC, META, SLOW_SPEC, fixedStory, slowStartStory } from './fixtures';

const slow = buildModel({ spec: SLOW_SPEC, podName: META.name!, sim: slowStartStory() });
const fixed = buildModel({ spec: FIXED_SPEC, podName: META.name!, sim: fixedStory() });

const lane = (m: typeof slow, id: string) => m.lanes.find((l) => l.id === id)!;
const row = (m: typeof slow, id: string) => m.lanes.flatMap((l) => l.rows).find((r) => r.id === id)!;

test('one pod lane and one lane per container, rows labelled', () => {
  assert.deepEqual(slow.lanes.map((l) => l.title), ['pod web-7d4b9c6f5-x2x9q', 'container app']);
  assert.deepEqual(lane(slow, 'pod').rows.map((r) => r.label), ['phase', 'kubectl STATUS', 'PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']);
  assert.deepEqual(lane(slow, 'c/app').rows.map((r) => r.label), ['state', 'started', 'ready', 'liveness probe', 'readiness probe']);
  assert.equal(lane(slow, 'c/app').subtitle, 'registry.example/shop/web:1.4.2');
  assert.deepEqual(lane(fixed, 'c/app').rows.map((r) => r.label), ['state', 'started', 'ready', 'startup probe', 'liveness probe', 'readiness probe']);
  assert.equal(slow.end, 600);
});

test('state bands: ContainerCreating, Running, instant exits, back-off waits named by their length', () => {
  const bands = row(slow, 'c/app/state').bands.map((b) => `${b.t0}-${b.t1} ${b.label} [${b.tone}]`);
  assert.deepEqual(bands.slice(0, 9), [
    '0-2 ContainerCreating [waiting]',
    '2-40 Running [running]',
    '40-40 Error · exit 143 [terminated]',
    '40-70 Running ↻1 [running]',
    '70-70 Error · exit 143 [terminated]',
    '70-80 CrashLoopBackOff · back-off 10s [backoff]',
    '80-110 Running ↻2 [running]',
    '110-110 Error · exit 143 [terminated]',
    '110-130 CrashLoopBackOff · back-off 20s [backoff]',
  ]);
  const waits = row(slow, 'c/app/state').bands.filter((b) => b.tone === 'backoff').map((b) => b.label.replace('CrashLoopBackOff · back-off ', ''));
  // The last wait is still running at the end: its length comes from the kubelet's message.
  assert.deepEqual(waits, ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
  const last = row(slow, 'c/app/state').bands.at(-1)!;
  assert.equal(last.open, true);
});

test('kills are marked with their cause; restarts counted', () => {
  const markers = row(slow, 'c/app/state').markers;
  const kills = markers.filter((m) => m.kind === 'kill');
  assert.deepEqual(kills.map((m) => m.t), [40, 70, 110, 160, 230, 340, 530]);
  assert.equal(kills[0]!.label, '✕ liveness');
  assert.match(kills[0]!.detail!, /exit code 143 \(killed: liveness probe failed\)/);
  assert.deepEqual(markers.filter((m) => m.kind === 'restart').map((m) => m.label), ['↻1', '↻2', '↻3', '↻4', '↻5', '↻6']);
});

test('the kubectl STATUS row reads like kubectl get pod -w', () => {
  const labels = row(slow, 'pod/kubectl').bands.map((b) => `${b.t0} ${b.label}`);
  assert.deepEqual(labels.slice(0, 4), ['0 ContainerCreating  0/1', '2 Running  0/1', '70 CrashLoopBackOff  0/1', '80 Running  0/1']);
  assert.equal(kubectlTone('Running', '0/1'), 'notready');
  assert.equal(kubectlTone('Running', '1/1'), 'running');
  assert.equal(kubectlTone('CrashLoopBackOff', '0/1'), 'backoff');
  const fixedLabels = row(fixed, 'pod/kubectl').bands.map((b) => `${b.t0} ${b.label}`);
  assert.deepEqual(fixedLabels, ['0 ContainerCreating  0/1', '2 Running  0/1', '100 Running  1/1']);
});

test('milestones: CrashLoopBackOff for the slow start, Ready at 100 s once the startup probe is there', () => {
  const m = slow.milestones.filter((x) => x.kind !== 'kill').map((x) => x.label);
  assert.deepEqual(m, ['CrashLoopBackOff at 70 s']);
  assert.deepEqual(fixed.milestones.map((x) => x.label), ['Ready at 100 s']);
});

test('signals: started stays up through an instant restart, drops during back-off; never ready in the slow story', () => {
  const started = row(slow, 'c/app/started').bands.map((b) => `${b.t0}-${b.t1} ${b.label}`);
  assert.deepEqual(started.slice(0, 4), ['0-2 False', '2-70 True', '70-80 False', '80-110 True']);
  assert.deepEqual(row(slow, 'c/app/ready').bands.map((b) => b.label), ['False']);
  assert.deepEqual(row(fixed, 'c/app/ready').bands.map((b) => `${b.t0} ${b.label}`), ['0 False', '100 True']);
  assert.deepEqual(row(fixed, 'pod/condition:Ready').bands.map((b) => `${b.t0} ${b.label}`), ['0 False', '100 True']);
});

test('probe rows: every attempt a tick, the worker result as background', () => {
  const live = row(slow, 'c/app/probe:liveness');
  assert.equal(live.ticks.length, 21);
  assert.ok(live.ticks.every((k) => !k.ok));
  assert.deepEqual(live.bands.slice(0, 2).map((b) => `${b.t0} ${b.label} ${b.tone}`), ['40 Failure fail', '40 Success ok']);
  const startup = row(fixed, 'c/app/probe:startup');
  assert.deepEqual(startup.ticks.map((k) => k.ok).filter(Boolean).length, 1);
});

test('bandAt and pixel projection', () => {
  const r = row(slow, 'c/app/state');
  assert.equal(bandAt(r, 75)!.label, 'CrashLoopBackOff · back-off 10s');
  assert.equal(bandAt(r, 40)!.label, 'Running ↻1');
  assert.equal(bandAt(r, 20)!.label, 'Running');
  const sc = linearScale(0, 600, 0, 600);
  const rects = bandRects(r, sc.x, 60, 120);
  assert.deepEqual(rects.map((x) => [Math.round(x.x), Math.round(x.w), x.band.tone]), [[60, 10, 'running'], [70, 1, 'terminated'], [70, 10, 'backoff'], [80, 30, 'running'], [110, 1, 'terminated'], [110, 10, 'backoff']]);
  // 10 px per second vs. 0.1: dense ticks collapse to one per pixel column and result.
  const probe = row(slow, 'c/app/probe:readiness');
  const wide = tickXs(probe, linearScale(0, 600, 0, 6000).x, 0, 600);
  const narrow = tickXs(probe, linearScale(0, 600, 0, 60).x, 0, 600);
  assert.equal(wide.length, probe.ticks.length);
  assert.ok(narrow.length <= 61 && narrow.length > 10, String(narrow.length));
});

test('vertical layout: lane headers then rows', () => {
  const l = layoutRows(slow);
  assert.equal(l.rows[0]!.y, LANE_HEADER);
  assert.equal(l.rows[0]!.h, ROW_HEIGHT.phase);
  const stateRow = l.rows.find((r) => r.row.id === 'c/app/state')!;
  assert.ok(stateRow.y > l.lanes[0]!.y + l.lanes[0]!.h - 1);
  assert.equal(l.height, l.lanes.at(-1)!.y + l.lanes.at(-1)!.h);
});

test('live data gets its own lanes on the same time axis', () => {
  const m = buildModel({
    spec: SLOW_SPEC,
    sim: slowStartStory(),
    live: {
      events: [
        { t: 0, subject: 'app', field: 'state', to: 'Waiting', reason: 'ContainerCreating' },
        { t: 4, subject: 'app', field: 'state', from: 'Waiting', to: 'Running' },
        { t: 31, subject: 'pod', field: 'event', to: 'Unhealthy', type: 'Warning', message: 'Liveness probe failed: HTTP probe failed with statuscode: 503' },
      ],
      attempts: [{ t: 20, container: 'app', kind: 'livenessProbe', ok: false, source: 'probe-run' }],
      podName: 'web-live-1',
    },
  });
  assert.deepEqual(m.lanes.map((l) => l.title), ['pod', 'container app', 'live · pod web-live-1', 'live · container app']);
  const ev = m.lanes[2]!.rows.find((r) => r.kind === 'events')!;
  assert.equal(ev.markers[0]!.label, 'Unhealthy');
  assert.equal(ev.markers[0]!.tone, 'fail');
  assert.deepEqual(m.lanes[3]!.rows.map((r) => r.label), ['state', 'liveness probe']);
});

test('goDuration prints back-off waits like the kubelet', () => {
  assert.deepEqual([10, 20, 40, 80, 160, 300].map(goDuration), ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
});

test('10 000 events build in one pass (no quadratic work)', () => {
  const events = [];
  for (let i = 0; i < 10_000; i++) events.push({ t: i * 0.5, subject: 'app', field: 'state', from: i % 2 ? 'Running' : 'Waiting', to: i % 2 ? 'Waiting' : 'Running', reason: i % 2 ? 'CrashLoopBackOff' : '' });
  const m = buildModel({ spec: SLOW_SPEC, sim: { events, attempts: [] } });
  assert.equal(row(m, 'c/app/state').bands.length, 10_000);
});
