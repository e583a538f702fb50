import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/zero-is-default';

test('flags an explicit 0 that the API server replaces by the default, with a fix that removes it', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet: { port: 8080 }
    periodSeconds: 0
    failureThreshold: 5
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '0');
  assert.equal(seen[0].at, '16:28-16:29');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Liveness probe periodSeconds: 0 means the default 10 (the API server replaces 0). Remove it, or write the value you mean.',
  );
  assert.equal(seen[0].finding.fixes?.[0].title, 'Remove periodSeconds: 0 (the default 10 applies)');
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /port: 8080 \}\n {12}failureThreshold: 5\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('each zeroed field is reported with its own default', () => {
  const seen = check(deployment(`
- name: app
  readinessProbe:
    tcpSocket: { port: 8080 }
    timeoutSeconds: 0
    successThreshold: 0
    failureThreshold: 0
`), RULE);
  assert.deepEqual(seen.map((s) => s.message.replace(/ \(the API.*/, '')), [
    'Readiness probe timeoutSeconds: 0 means the default 1',
    'Readiness probe successThreshold: 0 means the default 1',
    'Readiness probe failureThreshold: 0 means the default 3',
  ]);
});

test('near misses: initialDelaySeconds 0 (no default), non-zero values, a 0 in a hook', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet: { port: 8080 }
    initialDelaySeconds: 0
    periodSeconds: 5
  lifecycle:
    preStop:
      sleep: { seconds: 0 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
