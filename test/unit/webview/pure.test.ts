// Small pure pieces of the timeline: time scale and ticks, durations, escaping, presets, the
// verdicts of a live pod.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatT, goDuration } from '../../../src/core/util/duration';
import { PRESETS, completeScenario, presetScenario } from '../../../src/core/timeline/presets';
import { escapeHtml } from '../../../src/extension/timeline-html';
import { visibleText } from '../../../src/webview/escape';
import { buildModel } from '../../../src/webview/lanes';
import { liveVerdicts } from '../../../src/webview/live-verdicts';
import { formatTick, linearScale, ticks } from '../../../src/webview/scale';
import { SLOW_SPEC } from './fixtures';

test('linear scale both ways', () => {
  const s = linearScale(0, 600, 8, 1208);
  assert.equal(s.x(0), 8);
  assert.equal(s.x(300), 608);
  assert.equal(s.t(608), 300);
});

test('ticks are nice steps in seconds, at least minSpacing apart', () => {
  assert.deepEqual(ticks(0, 600, 1200, 70), { step: 60, values: [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600] });
  assert.deepEqual(ticks(0, 300, 1200, 70).step, 20);
  assert.deepEqual(ticks(12.3, 14, 1000, 70).values.slice(0, 3), [12.4, 12.6, 12.8]);
  assert.equal(formatTick(120, 60), '120 s');
  assert.equal(formatTick(12.5, 0.5), '12.5 s');
});

test('durations for prose', () => {
  assert.equal(formatDuration(42), '42 s');
  assert.equal(formatDuration(150), '2 min 30 s');
  assert.equal(formatDuration(600), '10 min');
  assert.equal(formatDuration(3900), '1 h 5 min');
  assert.equal(formatT(75.04), '75 s');
  assert.equal(formatT(75.25), '75.3 s');
  // Go's time.Duration.String(), as the kubelet prints back-off waits and timeouts.
  assert.deepEqual([10, 20, 40, 80, 160, 300, 3600, 1.5, 0.5, 0].map(goDuration), ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '1h0m0s', '1.5s', '500ms', '0s']);
});

test('escapeHtml and visibleText', () => {
  assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  assert.equal(visibleText('pod\u202Egnp.exe'), 'pod\\u202egnp.exe');
  assert.equal(visibleText('a\u0000b\tc\nd'), 'a\\u0000b\tc\nd');
  assert.equal(visibleText('x'.repeat(10), 5), 'xxxx…');
});

test('presets fill every container; init containers complete', () => {
  assert.deepEqual(PRESETS.map((p) => p.label), ['Healthy', 'Slow start', 'Crash on boot', 'Dies after 2 min', 'Hangs', 'OOM']);
  const spec = { initContainers: [{ name: 'migrate' }, { name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }, { name: 'worker' }] };
  const s = presetScenario('hangs', spec, { until: 300, scheduleAfter: 5 });
  assert.deepEqual(s, {
    until: 300,
    scheduleAfter: 5,
    containers: {
      migrate: { runs: [{ exitAfter: 3, exitCode: 0 }] },
      proxy: { runs: [{ healthyAfter: 2 }] },
      app: { runs: [{ healthyAfter: 5, unhealthyAfter: 60 }] },
      worker: { runs: [{ healthyAfter: 5, unhealthyAfter: 60 }] },
    },
  });
  assert.deepEqual(presetScenario('oom', spec).containers!.app, { runs: [{ healthyAfter: 5, exitAfter: 45, oomKilled: true }] });
  assert.deepEqual(completeScenario({ containers: { app: { runs: [] } } }, { containers: [{ name: 'app' }] }), { containers: { app: { runs: [{}] } } });
  // The slow start of examples/ (demo app --start-delay 60, scenarios/slow-start.yaml).
  assert.deepEqual(PRESETS.find((p) => p.id === 'slow-start')!.run, { healthyAfter: 60 });
  // Pod-level keys of a scenario file survive a preset.
  assert.deepEqual(presetScenario('healthy', { containers: [{ name: 'app' }] }, { until: 90, deleteAfter: 60, readinessGates: { 'example.com/lb': 'True' } }), {
    until: 90, deleteAfter: 60, readinessGates: { 'example.com/lb': 'True' }, containers: { app: { runs: [{ healthyAfter: 5 }] } },
  });
});

test('live verdicts are read off the live lanes, in the core\'s Verdict shape', () => {
  const live = {
    events: [
      { t: 0, subject: 'app', field: 'state' as const, from: '', to: 'Waiting', reason: 'ContainerCreating' },
      { t: 3, subject: 'app', field: 'state' as const, from: 'Waiting', to: 'Running' },
      { t: 3, subject: 'pod', field: 'phase' as const, from: '', to: 'Running' },
      { t: 33, subject: 'app', field: 'state' as const, from: 'Running', to: 'Terminated', reason: 'Error', exitCode: 137 },
      { t: 33, subject: 'app', field: 'state' as const, from: 'Terminated', to: 'Waiting', reason: 'CrashLoopBackOff' },
    ],
    attempts: [],
    kubeletEvents: [{ t: 33, type: 'Normal' as const, reason: 'Killing', object: 'app', message: 'Container app failed liveness probe, will be restarted' }],
    podName: 'web-1',
  };
  const v = liveVerdicts(buildModel({ spec: SLOW_SPEC, live }));
  assert.deepEqual(v.map((x) => [x.kind, x.level]), [['never-ready', 'warning'], ['probe-kills', 'warning'], ['crash-loop', 'error']]);
  assert.match(v[1]!.text, /^Live: the kubelet killed a container once; first at 33 s \(liveness probe\)\.$/);
  assert.deepEqual(liveVerdicts(buildModel({ spec: SLOW_SPEC })), [], 'no live data, no live verdicts');
});
