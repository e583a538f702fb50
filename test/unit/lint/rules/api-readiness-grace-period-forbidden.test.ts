import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/readiness-grace-period-forbidden';

test('flags readinessProbe.terminationGracePeriodSeconds on its key; the fix removes it', () => {
  const yaml = deployment(`
- name: app
  image: demo
  readinessProbe:
    httpGet: { path: /ready, port: 8080 }
    terminationGracePeriodSeconds: 10
    periodSeconds: 5
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['terminationGracePeriodSeconds', '17:13-17:42']]);
  assert.match(seen[0].message, /\("spec\.template\.spec\.containers\[0\]\.readinessProbe\.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes"\)/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /readinessProbe:\n {12}httpGet: \{ path: \/ready, port: 8080 \}\n {12}periodSeconds: 5\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('any value is rejected, 0 included (Pod, sidecar); JSON stays JSON', () => {
  const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {
  "initContainers": [{"name": "proxy", "image": "envoy", "restartPolicy": "Always",
    "readinessProbe": {"tcpSocket": {"port": 9901}, "terminationGracePeriodSeconds": 0}}],
  "containers": [{"name": "app", "image": "demo"}]}}
`;
  const seen = check(json, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['"terminationGracePeriodSeconds"']);
  assert.deepEqual(JSON.parse(applyFix(json, seen[0].finding)).spec.initContainers[0].readinessProbe, { tcpSocket: { port: 9901 } });
});

test('near miss: on liveness and startup probes it is allowed; null is unset', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    tcpSocket: { port: 8080 }
    terminationGracePeriodSeconds: 10
  readinessProbe:
    tcpSocket: { port: 8080 }
    terminationGracePeriodSeconds:
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('a value of the wrong type is a decode error, reported once by schema/wrong-type', () => {
  const yaml = deployment(`
- name: app
  image: demo
  readinessProbe:
    tcpSocket: { port: 8080 }
    terminationGracePeriodSeconds: "5"
`);
  assert.deepEqual(check(yaml, RULE), []);
  assert.deepEqual(check(yaml, 'schema/wrong-type').map((s) => s.text), ['"5"']);
});
