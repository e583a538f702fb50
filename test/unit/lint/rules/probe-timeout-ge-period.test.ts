import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/timeout-ge-period';

test('flags timeoutSeconds ≥ the default period on the timeout value, with both numbers and two fixes', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    httpGet: { path: /ready, port: 8080 }
    timeoutSeconds: 10
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '10');
  assert.equal(seen[0].at, '16:29-16:31');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'Readiness probe timeoutSeconds 10 ≥ periodSeconds 10 (default): checks never overlap, so a slow check delays the next one and the probe runs less often than every 10 s. Set timeoutSeconds below periodSeconds.',
  );
  assert.deepEqual(seen[0].finding.fixes?.map((f) => f.title), ['Set timeoutSeconds to 9', 'Set periodSeconds to 11']);
  const lowered = applyFix(yaml, seen[0].finding, 0);
  assert.match(lowered, /timeoutSeconds: 9\n$/);
  assert.deepEqual(check(lowered, RULE), []);
  const raised = applyFix(yaml, seen[0].finding, 1);
  assert.match(raised, /timeoutSeconds: 10\n {12}periodSeconds: 11\n$/);
  assert.deepEqual(check(raised, RULE), []);
});

test('periodSeconds 1 with the default timeout: flagged on the period, only the period fix', () => {
  const yaml = deployment(`
- name: app
  startupProbe:
    tcpSocket: { port: 4191 }
    periodSeconds: 1
    failureThreshold: 120
`);
  const seen = check(yaml, RULE);
  assert.equal(seen[0].text, '1');
  assert.match(seen[0].message, /^Startup probe timeoutSeconds 1 \(default\) ≥ periodSeconds 1:/);
  assert.deepEqual(seen[0].finding.fixes?.map((f) => f.title), ['Set periodSeconds to 2']);
  assert.deepEqual(check(applyFix(yaml, seen[0].finding), RULE), []);
});

test('near misses: timeout below period, zeros that default to 1 and 10', () => {
  const yaml = deployment(`
- name: app
  livenessProbe: { tcpSocket: { port: 1 }, timeoutSeconds: 9, periodSeconds: 10 }
  readinessProbe: { tcpSocket: { port: 1 }, timeoutSeconds: 0, periodSeconds: 0 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('negative timing values are left to api/probe-negative-field', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    tcpSocket: { port: 80 }
    periodSeconds: -1
    timeoutSeconds: 5
`);
  assert.deepEqual(check(yaml, 'probe/timeout-ge-period'), []);
});

test('a timing field that is not an integer (schema/wrong-type) is not reasoned about', () => {
  const yaml = deployment(`
- name: a
  readinessProbe:
    httpGet: { port: 8080 }
    periodSeconds: "10"
    timeoutSeconds: 30
  livenessProbe:
    httpGet: { port: 8080 }
    periodSeconds: 2.5
    timeoutSeconds: 5
`);
  assert.deepEqual(check(yaml, RULE), []);
});
