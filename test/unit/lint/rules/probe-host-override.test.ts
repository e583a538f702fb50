import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/host-override';

test('loopback host without hostNetwork: warning on the host value, fix removes the host', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet:
      path: /
      port: 80
      host: 127.0.0.1
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '127.0.0.1');
  assert.equal(seen[0].at, '18:21-18:30');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'Liveness probe httpGet.host "127.0.0.1": the kubelet connects from the node, so this checks the node\'s loopback, not the pod (no hostNetwork). Remove host to check the pod IP.',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /port: 80\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a DNS name on httpGet: preferred fix sends it as the Host header instead', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    httpGet:
      host: shop.example.com
      path: /healthz
      port: 8080
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'shop.example.com');
  assert.equal(seen[0].at, '16:21-16:37');
  assert.match(seen[0].message, /resolves this name on the node .* For a virtual host, send a Host header instead\.$/);
  assert.deepEqual(seen[0].finding.fixes?.map((f) => f.title), [
    'Send "shop.example.com" as the Host header and connect to the pod IP',
    'Remove host (connect to the pod IP)',
  ]);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /httpGet:\n {14}httpHeaders:\n {16}- name: Host\n {18}value: shop\.example\.com\n {14}path: \/healthz\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a DNS name with existing headers: the Host header is appended to them', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    httpGet:
      port: 8080
      httpHeaders:
        - name: X-Probe
          value: "1"
      host: shop.example.com
`);
  const fixed = applyFix(yaml, check(yaml, RULE)[0].finding);
  assert.match(fixed, /value: "1"\n {16}- name: Host\n {18}value: shop\.example\.com\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a fixed IP is info; a DNS name on tcpSocket is a warning; hooks and init containers are checked too', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    tcpSocket: { port: 5432, host: 10.0.0.7 }
  startupProbe:
    tcpSocket: { port: 5432, host: db.internal }
  readinessProbe:
    tcpSocket: { port: 5432, host: "fd00::7" }
  lifecycle:
    preStop:
      httpGet: { port: 80, host: localhost }
`, `
initContainers:
  - name: init
    livenessProbe:
      httpGet: { port: 80, host: 127.0.0.1 }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.severity]), [
    ['127.0.0.1', 'warning'],
    ['10.0.0.7', 'info'],
    ['db.internal', 'warning'],
    ['"fd00::7"', 'info'],
    ['localhost', 'warning'],
  ]);
  assert.match(seen[4].message, /^PreStop hook httpGet\.host "localhost"/);
});

test('near misses: no host, an empty host, loopback with hostNetwork, a templated host', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet: { port: 80, host: "" }
  readinessProbe:
    httpGet: { port: 80 }
`);
  assert.deepEqual(check(yaml, RULE), []);
  const hostNetwork = deployment(`
- name: node-agent
  livenessProbe:
    httpGet: { port: 9099, host: localhost }
`, 'hostNetwork: true');
  assert.deepEqual(check(hostNetwork, RULE), []);
  const templated = deployment(`
- name: app
  livenessProbe:
    httpGet: { port: 80, host: {{ .Values.host }} }
`);
  assert.deepEqual(check(templated, RULE), []);
});
