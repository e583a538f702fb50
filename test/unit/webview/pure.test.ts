// Small pure pieces of the webview: time scale and ticks, escaping, normalising producer output,
// presets, verdicts read off the timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatT, formatTick, linearScale, ticks } from '../../../src/webview/scale';
import { escapeHtml, visibleText } from '../../../src/webview/escape';
import { normaliseResult, normaliseVerdicts, probeKind } from '../../../src/webview/normalise';
import { PRESETS, completeScenario, presetScenario } from '../../../src/webview/presets';
import { buildModel } from '../../../src/webview/model';
import { verdictsFromModel } from '../../../src/webview/verdicts';
import { FIXED_SPEC, SLOW_SPEC, fixedStory, slowStartStory } from './fixtures';

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
});

test('escapeHtml and visibleText', () => {
  assert.equal(escapeHtml(`<img src=x onerror="a('b')">&`), '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  assert.equal(visibleText('pod\u202Egnp.exe'), 'pod\\u202egnp.exe');
  assert.equal(visibleText('a\u0000b\tc\nd'), 'a\\u0000b\tc\nd');
  assert.equal(visibleText('x'.repeat(10), 5), 'xxxx…');
});

test('normaliseResult accepts the simulator output as it is (long probe names, kubelet events)', () => {
  const r = normaliseResult({
    events: [
      { t: 5, subject: 'app', field: 'state', from: 'Waiting', to: 'Running' },
      { t: 0, subject: 'app', field: 'state', from: '', to: 'Waiting', reason: 'ContainerCreating' },
      { t: 'x', subject: 'app', field: 'state' },
      null,
    ],
    attempts: [{ t: 10, container: 'app', kind: 'livenessProbe', ok: false }],
    kubeletEvents: [{ t: 5, type: 'Warning', reason: 'Unhealthy', object: 'app', message: 'Liveness probe failed' }],
    until: 60,
    pod: { name: 'web-1' },
  });
  assert.deepEqual(r.events.map((e) => `${e.t} ${e.field} ${e.to}`), ['0 state Waiting', '5 state Running', '5 event Unhealthy']);
  assert.equal(r.attempts[0]!.kind, 'liveness');
  assert.equal(r.until, 60);
  assert.equal(r.podName, 'web-1');
  assert.equal(probeKind('startupProbe'), 'startup');
});

test('normaliseVerdicts reads strings, records and lists', () => {
  assert.deepEqual(normaliseVerdicts(['Ready after 42 s']), [{ id: 'v0', level: 'info', text: 'Ready after 42 s' }]);
  assert.deepEqual(normaliseVerdicts({ timeToReady: 'Ready after 42 s', crashLoop: null }), [{ id: 'timeToReady', level: 'info', text: 'Ready after 42 s' }]);
  assert.deepEqual(normaliseVerdicts({ verdicts: [{ kind: 'loop', severity: 'warn', message: 'loops', at: 70, hint: 'add a startupProbe' }] }), [
    { id: 'loop', level: 'warning', text: 'loops', t: 70, detail: 'add a startupProbe' },
  ]);
  assert.deepEqual(normaliseVerdicts(undefined), []);
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
  assert.deepEqual(completeScenario({ containers: { app: { runs: [] } } }, { containers: [{ name: 'app' }] }), { until: 600, containers: { app: { runs: [{}] } } });
});

test('verdicts read off the timeline when the simulator sends none', () => {
  const slow = verdictsFromModel(buildModel({ spec: SLOW_SPEC, sim: slowStartStory() }));
  assert.deepEqual(slow.map((v) => [v.id, v.level]), [['ready', 'warning'], ['killed', 'warning'], ['crashloop', 'error']]);
  assert.match(slow[0]!.text, /never becomes Ready within 10 min/);
  assert.match(slow[1]!.text, /kills a container 7 times; the first kill is at 40 s \(liveness probe\)/);
  assert.match(slow[2]!.text, /CrashLoopBackOff from 70 s/);
  const fixed = verdictsFromModel(buildModel({ spec: FIXED_SPEC, sim: fixedStory() }));
  assert.deepEqual(fixed.map((v) => v.text), ['The pod is Ready after 100 s.', 'No restarts.']);
});
