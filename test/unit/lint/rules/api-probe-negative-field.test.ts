import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/probe-negative-field';

test('flags each negative field on its value; the fix removes it so the default applies', () => {
  const yaml = deployment(`
- name: app
  image: demo
  readinessProbe:
    httpGet: { path: /ready, port: 8080 }
    initialDelaySeconds: -5
    periodSeconds: -10
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['-5', '17:34-17:36'], ['-10', '18:28-18:31']]);
  assert.match(seen[1].message, /periodSeconds: -10.*"spec\.template\.spec\.containers\[0\]\.readinessProbe\.periodSeconds: Invalid value: -10: must be greater than or equal to 0".*default \(10\)/);
  assert.equal(seen[1].finding.fixes?.[0].title, 'Remove periodSeconds (default 10)');
  const fixed = applyFix(applyFix(yaml, seen[1].finding), seen[0].finding);
  assert.match(fixed, /readinessProbe:\n {12}httpGet: \{ path: \/ready, port: 8080 \}\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('timeout, success and failure thresholds in a Pod and a sidecar', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      livenessProbe: { tcpSocket: { port: 9901 }, timeoutSeconds: -1, failureThreshold: -3 }
  containers:
    - name: app
      image: demo
      readinessProbe: { tcpSocket: { port: 80 }, successThreshold: -2 }
`;
  assert.deepEqual(check(yaml, RULE).map((s) => s.text), ['-1', '-3', '-2']);
});

test('near miss: zero (defaulted), positive values, lifecycle hooks, a plain init container', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    tcpSocket: { port: 8080 }
    initialDelaySeconds: 0
    periodSeconds: 0
    timeoutSeconds: 3
`, `
initContainers:
  - name: setup
    image: busybox
    readinessProbe: { tcpSocket: { port: 1 }, periodSeconds: -1 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('JSON: removing a field keeps valid JSON', () => {
  const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [
  {"name": "app", "image": "demo", "livenessProbe": {"periodSeconds": -1, "tcpSocket": {"port": 80}}}]}}
`;
  const seen = check(json, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['-1']);
  assert.deepEqual(JSON.parse(applyFix(json, seen[0].finding)).spec.containers[0].livenessProbe, { tcpSocket: { port: 80 } });
});
