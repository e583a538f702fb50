// Events → swimlanes, on the real simulator's output (fixtures.ts): what the timeline draws for
// the slow-start CrashLoopBackOff story, for its fix with a startup probe, and for "Crash on boot".
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { goDuration } from '../../../src/core/util/duration';
import { bandAt, bandRects, layoutRows, tickXs, LANE_HEADER, ROW_HEIGHT } from '../../../src/webview/lane-geometry';
import { buildModel, type TimelineModel } from '../../../src/webview/lanes';
import { linearScale } from '../../../src/webview/scale';
import { kubectlTone } from '../../../src/webview/tones';
import { presetScenario } from '../../../src/core/timeline/presets';
import { FIXED_SPEC, META, SLOW_SPEC, fixedStart, simulated, slowStart, type Simulated } from './fixtures';

let slowSim: Simulated;
let slow: TimelineModel;
let fixed: TimelineModel;
before(async () => {
  slowSim = await slowStart();
  slow = buildModel({ spec: SLOW_SPEC, podName: META.name!, sim: slowSim.result });
  fixed = buildModel({ spec: FIXED_SPEC, podName: META.name!, sim: (await fixedStart()).result });
});

const lane = (m: TimelineModel, id: string) => m.lanes.find((l) => l.id === id)!;
const row = (m: TimelineModel, id: string) => m.lanes.flatMap((l) => l.rows).find((r) => r.id === id)!;

test('one pod lane and one lane per container, rows labelled', () => {
  assert.deepEqual(slow.lanes.map((l) => l.title), ['pod web-7d4b9c6f5-x2x9q', 'container app']);
  assert.deepEqual(lane(slow, 'pod').rows.map((r) => r.label), ['phase', 'kubectl STATUS', 'PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready', 'events']);
  assert.deepEqual(lane(slow, 'c/app').rows.map((r) => r.label), ['state', 'started', 'ready', 'liveness probe', 'readiness probe']);
  assert.equal(lane(slow, 'c/app').subtitle, 'registry.example/shop/web:1.4.2');
  assert.deepEqual(lane(fixed, 'c/app').rows.map((r) => r.label), ['state', 'started', 'ready', 'startup probe', 'liveness probe', 'readiness probe']);
  assert.equal(slow.end, 600);
});

test('kills are marked where the kubelet logged Killing, with the probe that caused them', () => {
  const killing = slowSim.result.kubeletEvents.filter((k) => k.reason === 'Killing' && k.object === 'app');
  assert.ok(killing.length >= 4, 'the simulator kills the slow app repeatedly');
  const markers = row(slow, 'c/app/state').markers;
  const kills = markers.filter((m) => m.kind === 'kill');
  assert.deepEqual(kills.map((m) => m.t), killing.map((k) => k.t));
  // initialDelaySeconds 10, then 3 failures 10 s apart: the first kill is 30 s after the start.
  assert.equal(kills[0]!.t, 30);
  assert.equal(kills[0]!.label, '✕ liveness');
  assert.match(kills[0]!.detail!, /exit code 143 \(killed: liveness probe failed\)/);
  const restarts = markers.filter((m) => m.kind === 'restart').map((m) => m.label);
  assert.deepEqual(restarts, restarts.map((_, i) => `↻${i + 1}`));
  assert.equal(restarts.length, slowSim.result.final.containers.app!.restartCount);
  assert.ok(slow.milestones.filter((x) => x.kind === 'kill').every((k) => k.label === 'liveness probe'));
});

test('state bands: Running between kills, instant exits, back-off waits named by their length', () => {
  const bands = row(slow, 'c/app/state').bands;
  assert.deepEqual(bands.slice(0, 3).map((b) => `${b.t0}-${b.t1} ${b.label} [${b.tone}]`), ['0-0 ContainerCreating [waiting]', '0-30 Running [running]', '30-30 Error · exit 143 [terminated]']);
  assert.equal(bands[3]!.label, 'Running ↻1');
  const waits = bands.filter((b) => b.tone === 'backoff');
  assert.ok(waits.length >= 2, 'the slow app reaches CrashLoopBackOff');
  for (const w of waits.filter((b) => !b.open)) assert.equal(w.label, `CrashLoopBackOff · back-off ${goDuration(w.t1 - w.t0)}`);
  // The kubelet doubles the wait: 10s, 20s, 40s, … (crash-loop back-off).
  const lengths = waits.filter((b) => !b.open).map((b) => b.t1 - b.t0);
  for (let i = 1; i < lengths.length; i++) assert.ok(lengths[i]! >= lengths[i - 1]!, `back-off grows: ${lengths.join(', ')}`);
  const first = slow.milestones.find((x) => x.kind === 'crashloop')!;
  assert.equal(first.t, waits[0]!.t0);
  assert.equal(first.label, `CrashLoopBackOff at ${waits[0]!.t0} s`);
});

test('"Crash on boot": exits are exits, never kills (the first liveness check would come 10 s after a start)', async () => {
  const spec = SLOW_SPEC;
  const { result } = await simulated(spec, presetScenario('crash-on-boot', spec, { until: 300 }));
  const m = buildModel({ spec, sim: result });
  // The case of the bug (issue: "× liveness" at 80 s): a liveness tick that lands on an exit
  // turns the probe's result Failure ("container not running") in the same instant as the
  // container terminates. That is not a kill: only the kubelet's Killing event says one happened.
  const markers = row(m, 'c/app/state').markers;
  assert.ok(markers.filter((x) => x.kind === 'exit').length >= 3, 'it exits after every start');
  assert.deepEqual(markers.filter((x) => x.kind === 'kill'), []);
  assert.ok(markers.filter((x) => x.kind === 'exit').every((x) => x.label === 'exit 1'));
  assert.deepEqual(m.milestones.filter((x) => x.kind === 'kill'), []);
});

test('the kubectl STATUS row reads like kubectl get pod -w', () => {
  const labels = row(slow, 'pod/kubectl').bands.map((b) => b.label);
  // The image is present and the pod scheduled at once: at the end of instant 0 it already runs.
  assert.equal(labels[0], 'Running  0/1');
  assert.ok(labels.includes('CrashLoopBackOff  0/1'));
  assert.equal(kubectlTone('Running', '0/1'), 'notready');
  assert.equal(kubectlTone('Running', '1/1'), 'running');
  assert.equal(kubectlTone('CrashLoopBackOff', '0/1'), 'backoff');
  assert.deepEqual(row(fixed, 'pod/kubectl').bands.map((b) => b.label), ['Running  0/1', 'Running  1/1']);
});

test('milestones: never Ready when slow; Ready once the startup probe succeeds', () => {
  assert.ok(!slow.milestones.some((x) => x.kind === 'ready'));
  const ready = fixed.milestones.find((x) => x.kind === 'ready')!;
  // healthyAfter 90, startup probe every 10 s: started at the first success at or after 90 s.
  assert.ok(ready.t >= 90 && ready.t <= 100, String(ready.t));
  assert.equal(ready.label, `Ready at ${ready.t} s`);
  assert.ok(!fixed.milestones.some((x) => x.kind === 'kill' || x.kind === 'crashloop'));
});

test('signals: ready never True in the slow story; True from the Ready milestone with the fix', () => {
  assert.deepEqual([...new Set(row(slow, 'c/app/ready').bands.map((b) => b.label))], ['False']);
  const t = fixed.milestones.find((x) => x.kind === 'ready')!.t;
  assert.deepEqual(row(fixed, 'c/app/ready').bands.map((b) => `${b.t0} ${b.label}`), ['0 False', `${t} True`]);
  assert.deepEqual(row(fixed, 'pod/condition:Ready').bands.map((b) => `${b.t0} ${b.label}`), ['0 False', `${t} True`]);
});

test('probe rows: every attempt a tick, the worker result as background', () => {
  const live = row(slow, 'c/app/probe:livenessProbe');
  assert.equal(live.ticks.length, slowSim.result.attempts.filter((a) => a.kind === 'livenessProbe').length);
  assert.ok(live.ticks.every((k) => !k.ok));
  assert.ok(live.bands.some((b) => b.label === 'Failure' && b.tone === 'fail'));
  const startup = row(fixed, 'c/app/probe:startupProbe');
  assert.equal(startup.ticks.filter((k) => k.ok).length, 1);
});

test('Kubernetes events: one diamond per event, warnings red', () => {
  const ev = row(slow, 'pod/events');
  assert.equal(ev.markers.length, slowSim.result.kubeletEvents.length);
  const unhealthy = ev.markers.find((m) => m.label === 'Unhealthy')!;
  assert.equal(unhealthy.tone, 'fail');
  assert.match(unhealthy.detail!, /^Warning Unhealthy — app: (Readiness|Liveness) probe failed/);
});

test('bandAt and pixel projection', () => {
  const r = row(slow, 'c/app/state');
  assert.equal(bandAt(r, 20)!.label, 'Running');
  assert.equal(bandAt(r, 30)!.label, 'Running ↻1');
  const sc = linearScale(0, 600, 0, 600);
  const rects = bandRects(r, sc.x, 20, 40);
  assert.deepEqual(rects.map((x) => [Math.round(x.x), Math.round(x.w), x.band.tone]), [[20, 10, 'running'], [30, 1, 'terminated'], [30, 10, 'running']]);
  // 10 px per second vs. 0.1: dense ticks collapse to one per pixel column and result.
  const probe = row(slow, 'c/app/probe:readinessProbe');
  const wide = tickXs(probe, linearScale(0, 600, 0, 6000).x, 0, 600);
  const narrow = tickXs(probe, linearScale(0, 600, 0, 60).x, 0, 600);
  assert.equal(wide.length, probe.ticks.length);
  assert.ok(narrow.length <= 61 && narrow.length > 10, String(narrow.length));
});

test('vertical layout: lane headers then rows; condition rows tall enough for their labels', () => {
  const l = layoutRows(slow);
  assert.equal(l.rows[0]!.y, LANE_HEADER);
  assert.equal(l.rows[0]!.h, ROW_HEIGHT.phase);
  assert.ok(ROW_HEIGHT.condition >= 16 && ROW_HEIGHT.signal >= 16, 'an 11 px label needs 16 px');
  const stateRow = l.rows.find((r) => r.row.id === 'c/app/state')!;
  assert.ok(stateRow.y > l.lanes[0]!.y + l.lanes[0]!.h - 1);
  assert.equal(l.height, l.lanes.at(-1)!.y + l.lanes.at(-1)!.h);
});

test('live data gets its own lanes on the same time axis', () => {
  const m = buildModel({
    spec: SLOW_SPEC,
    podName: META.name!,
    sim: slowSim.result,
    live: {
      events: [
        { t: 0, subject: 'app', field: 'state', from: '', to: 'Waiting', reason: 'ContainerCreating' },
        { t: 4, subject: 'app', field: 'state', from: 'Waiting', to: 'Running' },
      ],
      attempts: [{ t: 20, container: 'app', kind: 'livenessProbe', ok: false }],
      kubeletEvents: [{ t: 31, type: 'Warning', reason: 'Unhealthy', object: 'app', message: 'Liveness probe failed: HTTP probe failed with statuscode: 503' }],
      podName: 'web-live-1',
    },
  });
  assert.deepEqual(m.lanes.map((l) => l.title), ['pod web-7d4b9c6f5-x2x9q', 'container app', 'live · pod web-live-1', 'live · container app']);
  const ev = m.lanes[2]!.rows.find((r) => r.kind === 'events')!;
  assert.equal(ev.markers[0]!.label, 'Unhealthy');
  assert.equal(ev.markers[0]!.tone, 'fail');
  assert.deepEqual(m.lanes[3]!.rows.map((r) => r.label), ['state', 'liveness probe']);
});

test('10 000 events build in one pass (no quadratic work)', () => {
  const events = [];
  for (let i = 0; i < 10_000; i++) events.push({ t: i * 0.5, subject: 'app', field: 'state' as const, from: i % 2 ? 'Running' : 'Waiting', to: i % 2 ? 'Waiting' : 'Running', ...(i % 2 ? { reason: 'CrashLoopBackOff' } : {}) });
  const m = buildModel({ spec: SLOW_SPEC, sim: { events, attempts: [], kubeletEvents: [] } });
  assert.equal(row(m, 'c/app/state').bands.length, 10_000);
});
