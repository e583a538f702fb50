import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/success-threshold-not-1';

test('flags successThreshold 2 on a liveness probe, on its value; the fix sets 1', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { path: /healthz, port: 8080 }
    successThreshold: 2
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['2', '17:31-17:32']]);
  assert.match(seen[0].message, /\("spec\.template\.spec\.containers\[0\]\.livenessProbe\.successThreshold: Invalid value: 2: must be 1"\)/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /successThreshold: 1\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('checked after defaulting: 0 becomes 1 and passes, -1 fails (startup probe of a Pod, sidecar)', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      startupProbe: { tcpSocket: { port: 9901 }, successThreshold: -1 }
  containers:
    - name: app
      image: demo
      livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 0 }
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['-1', '9:68-9:70']]);
  assert.match(seen[0].message, /Startup probe has successThreshold: -1, but a startup probe must use 1/);
});

test('near miss: readiness probes may need several successes; 1; a plain init container', () => {
  const yaml = deployment(`
- name: app
  image: demo
  readinessProbe:
    httpGet: { port: 8080 }
    successThreshold: 3
  livenessProbe:
    httpGet: { port: 8080 }
    successThreshold: 1
`, `
initContainers:
  - name: setup
    image: busybox
    livenessProbe: { tcpSocket: { port: 1 }, successThreshold: 5 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
