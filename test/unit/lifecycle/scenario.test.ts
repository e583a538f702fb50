// The scenario format (simulation.md): parsing, defaults, and messages that point at the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultScenario, parseScenario, ScenarioError } from '../../../src/core/lifecycle/scenario';

function problems(text: string): string[] {
  try {
    parseScenario(text, 'sc.yaml');
  } catch (e) {
    assert.ok(e instanceof ScenarioError, String(e));
    return e.problems;
  }
  assert.fail('expected a ScenarioError');
}

test('every documented key is read; omitted ones take the defaults', () => {
  const s = parseScenario(`
until: 300
scheduleAfter: 5
containers:
  app:
    pullSeconds: 2
    pullFails: false
    runs:
      - healthyAfter: 40
        unhealthyAfter: 90
        exitAfter: 120
        exitCode: 1
        oomKilled: false
        ignoresSigterm: true
        preStopSeconds: 3
`);
  assert.deepEqual(s, {
    until: 300, scheduleAfter: 5, readinessGates: {},
    containers: { app: { pullSeconds: 2, pullFails: false, runs: [{ healthyAfter: 40, unhealthyAfter: 90, exitAfter: 120, exitCode: 1, oomKilled: false, ignoresSigterm: true, preStopSeconds: 3 }] } },
  });
  assert.deepEqual(parseScenario(''), defaultScenario());
  assert.deepEqual(parseScenario('# nothing\n'), defaultScenario());
  assert.equal(defaultScenario().until, 600);
  assert.deepEqual(parseScenario('deleteAfter: 30\nreadinessGates: {a: "True", b: false}').readinessGates, { a: 'True', b: 'False' });
});

test('an unknown key names its line and the key it probably meant', () => {
  assert.deepEqual(problems('containers:\n  app:\n    runs:\n      - exitAfer: 3\n'), [
    'line 4: containers.app.runs[0].exitAfer: unknown key (did you mean exitAfter?); expected one of healthyAfter, unhealthyAfter, exitAfter, exitCode, oomKilled, ignoresSigterm, preStopSeconds, postStart',
  ]);
  assert.match(problems('untill: 5')[0], /^line 1: untill: unknown key \(did you mean until\?\)/);
});

test('wrong types and ranges are reported together, each with its line', () => {
  const p = problems('until: ten\nscheduleAfter: -1\ncontainers:\n  app:\n    pullFails: "yes"\n    runs:\n      - exitCode: 300\n        healthyAfter: 50\n        unhealthyAfter: 20\n');
  assert.deepEqual(p, [
    'line 1: until: expected a number of seconds, got "ten"',
    'line 2: scheduleAfter: must be 0 or more, got -1',
    'line 5: containers.app.pullFails: expected true or false, got "yes"',
    'line 7: containers.app.runs[0].exitCode: expected a whole number from 0 to 255, got 300',
  ]);
  // unhealthyAfter < healthyAfter is valid per simulation.md (never healthy): a warning, not an error.
  assert.deepEqual(parseScenario('containers:\n  app:\n    runs:\n      - healthyAfter: 50\n        unhealthyAfter: 20\n').warnings, [
    'line 5: containers.app.runs[0].unhealthyAfter: is before healthyAfter (50), so the app is never healthy',
  ]);
  assert.match(problems('until: 0')[0], /until: must be greater than 0/);
  assert.match(problems('until: 99999999')[0], /until: must be at most 86400/);
  assert.match(problems('containers:\n  app:\n    runs: []\n')[0], /runs: needs at least one run \(the last one repeats forever\)/);
  assert.match(problems('containers:\n  app:\n    runs: {healthyAfter: 3}\n')[0], /runs: expected a list of runs, got a mapping/);
  // simulation.md: oomKilled means exit code 137, whatever exitCode says: a warning, not an error.
  assert.match(parseScenario('containers:\n  app:\n    runs:\n      - oomKilled: true\n        exitCode: 1\n').warnings?.[0] ?? '', /an OOM-killed process exits with 137; exitCode is ignored/);
  assert.match(problems('readinessGates: {x: maybe}')[0], /readinessGates.x: expected True, False or Unknown, got "maybe"/);
});

test('broken YAML and a document that is not a mapping are clear errors, not crashes', () => {
  const p = problems('until: [1\ncontainers: {}');
  assert.equal(p.length >= 1, true);
  assert.match(p[0], /^line \d+, column \d+: /);
  assert.deepEqual(problems('- a\n- b\n'), ['expected a mapping with keys like until, scheduleAfter, containers']);
  assert.match(problems('until: 1\nuntil: 2\n')[0], /line 2.*[Mm]ap keys must be unique/);
  const err = (() => { try { parseScenario('untill: 5', 'x.yaml'); } catch (e) { return e as Error; } })();
  assert.match(err?.message ?? '', /^x\.yaml: line 1: untill: unknown key/);
});
