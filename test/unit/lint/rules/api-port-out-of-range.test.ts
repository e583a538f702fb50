import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, deployment } from '../helpers';

const RULE = 'api/port-out-of-range';

test('flags an integer port above 65535 on its value, quoting the API server', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet:
      path: /healthz
      port: 70000
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['70000', '18:21-18:26']]);
  assert.equal(seen[0].severity, 'error');
  assert.match(
    seen[0].message,
    /\("spec\.template\.spec\.containers\[0\]\.livenessProbe\.httpGet\.port: Invalid value: 70000: must be between 1 and 65535, inclusive"\)/,
  );
});

test('flags port 0 and negative ports on tcpSocket, grpc and a hook of a Pod', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: demo
      readinessProbe:
        tcpSocket: { port: 0 }
      startupProbe:
        grpc: { port: -1 }
      lifecycle:
        preStop:
          httpGet: { path: /drain, port: 65536 }
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['0', '10:28-10:29'], ['-1', '12:23-12:25'], ['65536', '15:42-15:47']]);
  assert.match(seen[1].message, /"spec\.containers\[0\]\.startupProbe\.grpc\.port: Invalid value: -1: must be between/);
  assert.match(seen[1].message, /Use the port the container listens on \(1–65535\)\.$/);
});

test('near miss: 1 and 65535, named ports, a second handler (not validated)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    tcpSocket: { port: 1 }
  readinessProbe:
    httpGet: { port: 65535 }
  startupProbe:
    httpGet: { port: http }
  lifecycle:
    postStart:
      exec: { command: [init] }
      tcpSocket: { port: 0 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('a missing port is read as 0: flagged on the handler key, as the API server rejects it', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      httpGet: { path: /drain }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['httpGet']);
  assert.match(seen[0].message, /has no port, which the API server reads as 0 and rejects \("spec\.template\.spec\.containers\[0\]\.lifecycle\.preStop\.httpGet\.port: Invalid value: 0: must be between 1 and 65535, inclusive"\)/);
});
