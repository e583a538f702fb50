import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/port-name-invalid';

test('a quoted number is a port name without a letter: flagged on the value, fixed to the number', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet:
      path: /healthz
      port: "8080"
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['"8080"', '18:21-18:27']]);
  assert.match(seen[0].message, /port "8080" is a quoted number/);
  assert.match(
    seen[0].message,
    /\("spec\.template\.spec\.containers\[0\]\.livenessProbe\.httpGet\.port: Invalid value: "8080": must contain at least one letter \(a-z\)"\)/,
  );
  assert.equal(seen[0].finding.fixes?.[0].preferred, true);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /\n {14}port: 8080\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('every broken IANA_SVC_NAME rule is listed in one finding; upper case is fixed when the lower-case name is declared', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - name: metrics
      containerPort: 9090
  readinessProbe:
    tcpSocket:
      port: METRICS
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['METRICS'], 'one finding for the value, not one per broken rule');
  assert.equal(seen[0].at, '20:21-20:28');
  assert.match(seen[0].message, /may only contain lower-case letters, digits and '-'.*has no lower-case letter/);
  assert.match(seen[0].message, /must contain only alpha-numeric characters \(a-z, 0-9\), and hyphens \(-\)"; ".*must contain at least one letter \(a-z\)"/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /port: metrics\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('too long, consecutive and edge hyphens, in a sidecar and a hook; no fix when the right name is unknown', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      httpGet: { path: /drain, port: -admin-- }
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    livenessProbe:
      tcpSocket: { port: envoy-admin-interface }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(
    seen.map((s) => [s.text, s.message.replace(/^.*?" (.*?): the API.*$/, '$1')]),
    [
      ['envoy-admin-interface', 'is longer than 15 characters'],
      ['-admin--', 'contains "--", and begins or ends with \'-\''],
    ],
  );
  assert.ok(seen.every((s) => s.finding.fixes === undefined));
  assert.match(seen[0].message, /"spec\.template\.spec\.initContainers\[0\]\.livenessProbe\.tcpSocket\.port: Invalid value: "envoy-admin-interface": must be no more than 15 characters"/);
});

test('near miss: valid names, integer ports, grpc (integers only, schema/wrong-type), a plain init container', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { port: http }
  readinessProbe:
    tcpSocket: { port: 8080 }
  startupProbe:
    grpc: { port: "9090" }
`, `
initContainers:
  - name: setup
    image: busybox
    livenessProbe:
      tcpSocket: { port: "80" }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('JSON: the quoted number is fixed to a JSON number', () => {
  const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
 "spec": {"containers": [{"name": "app", "image": "demo",
   "livenessProbe": {"tcpSocket": {"port": "8080"}}}]}}
`;
  const seen = check(json, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['"8080"', '3:44-3:50']]);
  const fixed = applyFix(json, seen[0].finding);
  assert.equal(JSON.parse(fixed).spec.containers[0].livenessProbe.tcpSocket.port, 8080);
});
