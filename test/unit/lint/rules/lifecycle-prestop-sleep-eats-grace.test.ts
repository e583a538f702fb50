import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'lifecycle/prestop-sleep-eats-grace';

test('flags a preStop sleep equal to the default grace period on the seconds value, with two fixes', () => {
  const yaml = deployment(`
- name: app
  lifecycle:
    preStop:
      sleep:
        seconds: 30
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '30');
  assert.equal(seen[0].at, '17:26-17:28');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'preStop sleeps 30 s, the whole terminationGracePeriodSeconds 30 (default): SIGTERM comes only when the grace period is used up, so the app has about 2 s to shut down before SIGKILL. Sleep less or raise the grace period.',
  );
  assert.deepEqual(seen[0].finding.fixes?.map((f) => f.title), [
    'Set terminationGracePeriodSeconds to 60 (30 s sleep + 30 s to shut down)',
    'Sleep 15 s (half of the 30 s grace period)',
  ]);
  const raised = applyFix(yaml, seen[0].finding, 0);
  assert.match(raised, /seconds: 30\n {6}terminationGracePeriodSeconds: 60\n$/);
  assert.deepEqual(check(raised, RULE), []);
  const lowered = applyFix(yaml, seen[0].finding, 1);
  assert.match(lowered, /seconds: 15\n$/);
  assert.deepEqual(check(lowered, RULE), []);
});

test('an explicit grace period: the fix replaces its value', () => {
  const yaml = deployment(`
- name: app
  lifecycle:
    preStop:
      sleep: { seconds: 45 }
`, 'terminationGracePeriodSeconds: 45');
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.doesNotMatch(seen[0].message, /default/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /terminationGracePeriodSeconds: 75\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('near misses: a shorter sleep, postStart, a sleep below an explicit grace period', () => {
  const yaml = deployment(`
- name: a
  lifecycle:
    preStop: { sleep: { seconds: 10 } }
    postStart: { sleep: { seconds: 30 } }
- name: b
  lifecycle:
    preStop: { sleep: { seconds: 44 } }
`, 'terminationGracePeriodSeconds: 45');
  assert.deepEqual(check(yaml, RULE), []);
});

test('a sleep longer than the grace period (catalog: seconds ≥ grace) is reported too, with the numbers', () => {
  const yaml = deployment(`
- name: b
  lifecycle:
    preStop: { sleep: { seconds: 40 } }
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '40');
  assert.equal(seen[0].severity, 'warning');
  assert.match(seen[0].message, /^preStop sleeps 40 s, longer than the whole terminationGracePeriodSeconds 30 \(default\)/);
  const raised = applyFix(yaml, seen[0].finding, 0);
  assert.match(raised, /terminationGracePeriodSeconds: 70\n/);
  assert.deepEqual(check(raised, RULE), []);
});
