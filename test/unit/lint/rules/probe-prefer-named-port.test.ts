import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../../src/core/lint/engine';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/prefer-named-port';

test('off by default', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet: { port: 8080 }
`);
  assert.equal(lintText(yaml).findings.filter((f) => f.rule === RULE).length, 0);
});

test('when enabled: an httpGet port number is info on the value; the fix uses the port name', () => {
  const yaml = deployment(`
- name: app
  ports:
    - name: http
      containerPort: 8080
  livenessProbe:
    httpGet:
      port: 8080
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '8080');
  assert.equal(seen[0].at, '19:21-19:25');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Liveness probe uses port number 8080: use its name "http", so the probe follows the port if it changes.',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /httpGet:\n {14}port: http\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a number without a named port: flagged without a fix; JSON keeps its quotes in the fix', () => {
  const seen = check(deployment(`
- name: app
  readinessProbe:
    httpGet: { port: 9000 }
`), RULE);
  assert.equal(seen[0].finding.fixes, undefined);
  assert.match(seen[0].message, /name the containerPort 9000 and use the name/);
  const json = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }] },
  }, null, 2);
  const fixed = applyFix(json, check(json, RULE)[0].finding);
  assert.deepEqual(JSON.parse(fixed).spec.containers[0].readinessProbe.httpGet.port, 'web');
});

test('near misses: startup probes, tcpSocket and grpc, named ports', () => {
  const yaml = deployment(`
- name: app
  startupProbe:
    httpGet: { port: 8080 }
  livenessProbe:
    tcpSocket: { port: 8080 }
  readinessProbe:
    httpGet: { port: http }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
