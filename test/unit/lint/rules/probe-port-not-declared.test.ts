import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/port-not-declared';

test('flags an integer probe port that no containerPort matches, with a fix that declares it', () => {
  const yaml = deployment(`
- name: app
  ports:
    - name: http
      containerPort: 9999
  livenessProbe:
    httpGet:
      path: /
      port: 8080
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '8080');
  assert.equal(seen[0].at, '20:21-20:25');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'Liveness probe port 8080 is not a containerPort of container "app" (it declares http (9999)): a typo or an undeclared port. Probe a declared port or declare 8080.',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /containerPort: 9999\n {12}- containerPort: 8080\n {10}livenessProbe:/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a container that declares no ports: info by default, warning with portNotDeclaredStrict (kube-linter)', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    grpc: { port: 9090 }
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].severity, 'info');
  assert.equal(seen[0].text, '9090');
  assert.match(seen[0].message, /declares no ports\. containerPort is informational/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /grpc: \{ port: 9090 \}\n {10}ports:\n {12}- containerPort: 9090\n/);
  assert.deepEqual(check(fixed, RULE), []);
  assert.equal(check(yaml, RULE, { options: { portNotDeclaredStrict: true } })[0].severity, 'warning');
});

test('near misses: declared port, named port, a UDP-only match (other rule), a host override, hooks', () => {
  const yaml = deployment(`
- name: app
  ports:
    - containerPort: 8080
    - { name: dns, containerPort: 53, protocol: UDP }
  livenessProbe:
    httpGet: { port: 8080 }
  readinessProbe:
    tcpSocket: { port: 53 }
  startupProbe:
    httpGet: { port: 80, host: example.com }
  lifecycle:
    preStop:
      httpGet: { port: 7000 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('a port outside 1–65535 is left to api/port-out-of-range', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    tcpSocket: { port: 99999 }
`);
  assert.deepEqual(check(yaml, 'probe/port-not-declared'), []);
});
