import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/probe-grace-period-not-positive';

test('flags a probe terminationGracePeriodSeconds of 0 on its value; the fix removes it (pod value shown)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { path: /healthz, port: 8080 }
    terminationGracePeriodSeconds: 0
`, `
terminationGracePeriodSeconds: 60
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['0', '18:44-18:45']]);
  assert.match(seen[0].message, /"spec\.template\.spec\.containers\[0\]\.livenessProbe\.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0"/);
  assert.match(seen[0].message, /pod's terminationGracePeriodSeconds \(60\)/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.doesNotMatch(fixed, /livenessProbe:[\s\S]*terminationGracePeriodSeconds/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('negative values, readiness included, in a Pod with the default grace period', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: demo
      startupProbe: { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: -5 }
      readinessProbe: { tcpSocket: { port: 80 }, terminationGracePeriodSeconds: 0 }
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['-5', '0']);
  assert.match(seen[0].message, /\(30, the default\)/);
});

test('near miss: positive values, a plain init container', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    tcpSocket: { port: 8080 }
    terminationGracePeriodSeconds: 1
`, `
initContainers:
  - name: setup
    image: busybox
    livenessProbe: { tcpSocket: { port: 1 }, terminationGracePeriodSeconds: 0 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
