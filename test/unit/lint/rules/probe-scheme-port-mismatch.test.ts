import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/scheme-port-mismatch';

test('default scheme HTTP on a port named https: flagged on the port, the fix adds scheme HTTPS', () => {
  const yaml = deployment(`
- name: app
  ports:
    - name: https
      containerPort: 8443
  livenessProbe:
    httpGet:
      path: /healthz
      port: https
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'https');
  assert.equal(seen[0].at, '20:21-20:26');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'Liveness probe uses scheme HTTP (default) on TLS port https: a plain HTTP request to a TLS server always fails. Set scheme: HTTPS (certificates are not verified).',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /port: https\n {14}scheme: HTTPS\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('explicit HTTP to 443 is flagged on the scheme value; HTTPS to a port named http too', () => {
  const yaml = deployment(`
- name: app
  ports: [{ name: web, containerPort: 8080 }, { name: http, containerPort: 8081 }]
  readinessProbe:
    httpGet: { port: 443, scheme: HTTP }
  livenessProbe:
    httpGet: { port: 8081, scheme: "HTTPS" }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['HTTP', '"HTTPS"']);
  assert.match(seen[1].message, /scheme HTTPS on port 8081 \(http\), which is named for plain HTTP/);
  const fixed = applyFix(applyFix(yaml, seen[1].finding), seen[0].finding);
  assert.match(fixed, /port: 443, scheme: HTTPS \}/);
  assert.match(fixed, /port: 8081, scheme: "HTTP" \}/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a named port resolving to 8443 counts by name first; hooks are checked', () => {
  const yaml = deployment(`
- name: app
  ports: [{ name: admin-tls, containerPort: 9443 }]
  lifecycle:
    preStop:
      httpGet: { port: admin-tls, path: /drain }
`);
  assert.deepEqual(check(yaml, RULE).map((s) => s.message.slice(0, 28)), ['PreStop hook uses scheme HTT']);
});

test('near misses: HTTPS on https, HTTP on 8080, a port named http with HTTP', () => {
  const yaml = deployment(`
- name: app
  ports: [{ name: https, containerPort: 443 }, { name: http, containerPort: 80 }]
  livenessProbe: { httpGet: { port: https, scheme: HTTPS } }
  readinessProbe: { httpGet: { port: 8080 } }
  startupProbe: { httpGet: { port: http } }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
