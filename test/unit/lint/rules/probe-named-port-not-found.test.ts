import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/named-port-not-found';

test('flags a named probe port the container does not declare, on the port value, with a near-match fix', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - name: http
      containerPort: 8080
  livenessProbe:
    httpGet:
      path: /healthz
      port: htpp
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'htpp');
  assert.equal(seen[0].at, '21:21-21:25');
  assert.equal(seen[0].severity, 'error');
  assert.equal(
    seen[0].message,
    'Liveness probe port "htpp" is not a port name of container "app" (it declares http (8080)): the kubelet cannot resolve it and every check errors and is discarded, so a hung container is never restarted. Did you mean "http"?',
  );
  assert.equal(seen[0].finding.fixes?.[0].title, 'Change port to "http"');
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /\n {14}port: http\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('names are case-sensitive: "HTTP" is fixed to "http"; readiness says it never becomes Ready', () => {
  const yaml = deployment(`
- name: app
  ports: [{ name: http, containerPort: 8080 }]
  readinessProbe:
    tcpSocket: { port: HTTP }
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'HTTP');
  assert.equal(seen[0].at, '16:32-16:36');
  assert.match(seen[0].message, /never becomes Ready/);
  assert.deepEqual(check(applyFix(yaml, seen[0].finding), RULE), []);
});

test('no ports at all: flagged without a fix; several near matches: no fix either', () => {
  const none = check(deployment(`
- name: app
  startupProbe:
    httpGet: { path: /, port: http }
`), RULE);
  assert.equal(none.length, 1);
  assert.match(none[0].message, /\(it declares no ports\).*never counts as started/);
  assert.equal(none[0].finding.fixes, undefined);
  const two = check(deployment(`
- name: app
  ports: [{ name: web1, containerPort: 1 }, { name: web2, containerPort: 2 }]
  livenessProbe:
    httpGet: { port: web }
`), RULE);
  assert.equal(two.length, 1);
  assert.equal(two[0].finding.fixes, undefined);
});

test('a postStart hook with an unknown named port gets the hook consequence', () => {
  const seen = check(deployment(`
- name: app
  lifecycle:
    postStart:
      httpGet: { path: /warm, port: admin }
`), RULE);
  assert.equal(seen.length, 1);
  assert.match(seen[0].message, /^PostStart hook port "admin" .* the hook fails and the kubelet kills the container\./);
});

test('near misses: a declared name, a number, an all-digit string (api rule), a plain init container, a template', () => {
  const yaml = deployment(`
- name: ok
  ports: [{ name: http, containerPort: 8080, protocol: UDP }]
  livenessProbe:
    httpGet: { port: http }
  readinessProbe:
    tcpSocket: { port: 9000 }
  startupProbe:
    tcpSocket: { port: "8080" }
`, `
initContainers:
  - name: init
    livenessProbe:
      tcpSocket: { port: nope }
`);
  assert.deepEqual(check(yaml, RULE), []);
  const templated = deployment(`
- name: app
  livenessProbe:
    httpGet: { port: {{ .Values.port }} }
`);
  assert.deepEqual(check(templated, RULE), []);
});

test('a sidecar (init container with restartPolicy Always) is checked', () => {
  const yaml = deployment(`
- name: app
`, `
initContainers:
  - name: proxy
    restartPolicy: Always
    ports: [{ name: admin, containerPort: 15000 }]
    readinessProbe:
      httpGet: { port: admn }
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.match(seen[0].message, /sidecar container "proxy"/);
  assert.equal(seen[0].finding.fixes?.[0].title, 'Change port to "admin"');
});

test("fix: the container's only TCP port is offered when no name is close", () => {
  const yaml = deployment(`
- name: app
  ports:
    - { name: http, containerPort: 8080 }
    - { name: dns, containerPort: 53, protocol: UDP }
  readinessProbe:
    httpGet: { path: /ready, port: web }
`);
  const [seen] = check(yaml, 'probe/named-port-not-found');
  assert.equal(seen.text, 'web');
  assert.equal(seen.finding.fixes?.[0]?.title, `Change port to "http" (the container's only port, 8080)`);
  const fixed = applyFix(yaml, seen.finding);
  assert.match(fixed, /httpGet: \{ path: \/ready, port: http \}/);
  assert.deepEqual(check(fixed, 'probe/named-port-not-found'), []);
});
