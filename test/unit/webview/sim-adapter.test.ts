// The host's adapter over the real lifecycle simulator (src/core/lifecycle/simulate): the
// slow-start story must come out in the timeline's shapes and draw as a CrashLoopBackOff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSimulation } from '../../../src/extension/timeline-sim';
import { buildModel } from '../../../src/webview/model';
import { FIXED_SPEC, META, SLOW_SPEC } from './fixtures';

test('slow start through the real simulator: liveness kills, back-off, CrashLoopBackOff', async () => {
  const { result } = await runSimulation({}, SLOW_SPEC, META, { until: 600, containers: { app: { runs: [{ healthyAfter: 90 }] } } });
  assert.ok(result.events.length > 10);
  assert.ok(result.attempts.every((a) => ['liveness', 'readiness', 'startup'].includes(a.kind)));
  const m = buildModel({ spec: SLOW_SPEC, podName: META.name!, sim: result });
  assert.ok(m.milestones.some((x) => x.kind === 'crashloop'), 'reaches CrashLoopBackOff');
  assert.ok(!m.milestones.some((x) => x.kind === 'ready'), 'never Ready');
  const kills = m.milestones.filter((x) => x.kind === 'kill');
  assert.ok(kills.length >= 3 && kills.every((k) => k.label === 'killed (liveness)'), JSON.stringify(kills));
  const state = m.lanes.find((l) => l.id === 'c/app')!.rows.find((r) => r.kind === 'state')!;
  assert.ok(state.bands.some((b) => /^CrashLoopBackOff · back-off /.test(b.label)));
});

test('with a startup probe the same app becomes Ready and is never killed', async () => {
  const { result } = await runSimulation({}, FIXED_SPEC, META, { until: 300, containers: { app: { runs: [{ healthyAfter: 90 }] } } });
  const m = buildModel({ spec: FIXED_SPEC, sim: result });
  const ready = m.milestones.find((x) => x.kind === 'ready');
  assert.ok(ready && ready.t >= 90 && ready.t <= 100, JSON.stringify(ready));
  assert.ok(!m.milestones.some((x) => x.kind === 'kill' || x.kind === 'crashloop'));
});

test('a bad scenario is an error with a message, not a crash', async () => {
  await assert.rejects(runSimulation({}, SLOW_SPEC, META, { until: -5 }), (e: Error) => /until/.test(e.message));
});

test('an injected simulator may return {result, verdicts}', async () => {
  const r = await runSimulation({ simulate: () => ({ result: { events: [{ t: 1, subject: 'pod', field: 'phase', to: 'Running' }], attempts: [] }, verdicts: ['fine'] }) }, SLOW_SPEC, META, {});
  assert.equal(r.result.events.length, 1);
  assert.deepEqual(r.verdicts, [{ id: 'v0', level: 'info', text: 'fine' }]);
});
