// The host's adapter over the real lifecycle simulator (src/extension/timeline-sim.ts): what the
// panel posts is the core's own SimResult and verdicts, untouched; bad scenarios are messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../../src/core/lifecycle/simulate';
import { validateScenario } from '../../../src/core/lifecycle/scenario';
import { verdicts } from '../../../src/core/lifecycle/verdicts';
import { runSimulation } from '../../../src/extension/timeline-sim';
import { META, SLOW_SCENARIO, SLOW_SPEC } from './fixtures';

test('the result and the verdicts are exactly the core\'s (no reshaping on the way)', async () => {
  const { result, verdicts: v } = await runSimulation({}, SLOW_SPEC, META, SLOW_SCENARIO);
  const direct = simulate({ spec: SLOW_SPEC, name: META.name!, namespace: META.namespace!, scenario: validateScenario(SLOW_SCENARIO) });
  assert.deepEqual(result, direct);
  assert.deepEqual(v, verdicts(direct));
  assert.ok(v.some((x) => x.kind === 'crash-loop' && x.level === 'error'));
  assert.ok(v.some((x) => x.kind === 'startup-fix' && x.suggestion && x.container === 'app'));
  assert.ok(result.attempts.every((a) => ['livenessProbe', 'readinessProbe', 'startupProbe'].includes(a.kind)));
});

test('a bad scenario is an error with a message, not a crash', async () => {
  await assert.rejects(runSimulation({}, SLOW_SPEC, META, { until: -5 }), (e: Error) => /until: must be greater than 0, got -5/.test(e.message));
});

test('an injected simulator gets the checked input and its result is posted as is', async () => {
  let seen: unknown;
  const fake = simulate({ spec: SLOW_SPEC, scenario: validateScenario({ until: 30 }) });
  const r = await runSimulation({ simulate: (input) => ((seen = input), fake) }, SLOW_SPEC, META, { until: 30 });
  assert.equal(r.result, fake);
  assert.equal((seen as { name: string; scenario: { until: number } }).name, META.name);
  assert.equal((seen as { scenario: { until: number } }).scenario.until, 30);
});
