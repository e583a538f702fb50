import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';
import { probeFindings } from '../probe-helpers';

const RULE = 'probe/liveness-less-tolerant-than-readiness';

test('flags a liveness window shorter than readiness on the liveness failureThreshold, with the numbers', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet: { path: /live, port: 8080 }
    failureThreshold: 1
  readinessProbe:
    httpGet: { path: /ready, port: 8080 }
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, '1');
  assert.equal(seen[0].at, '16:31-16:32');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Liveness gives up sooner than readiness (liveness failureThreshold 1 × periodSeconds 10 = 10 s; readiness failureThreshold 3 × periodSeconds 10 = 30 s): a failing pod is restarted before it is taken out of the Service. Let liveness tolerate failures longer than readiness.',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /failureThreshold: 4\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('flags an earlier liveness start (no startupProbe) on the liveness key when the delay is not written', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet: { path: /live, port: 8080 }
  readinessProbe:
    httpGet: { path: /ready, port: 8080 }
    initialDelaySeconds: 20
  ports: [{ containerPort: 8080 }]
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'livenessProbe');
  assert.equal(seen[0].at, '14:11-14:24');
  assert.match(seen[0].message, /^Liveness starts checking after 0 s but readiness only after 20 s/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /path: \/live, port: 8080 \}\n {12}initialDelaySeconds: 20\n {10}readinessProbe:/);
  assert.deepEqual(check(fixed, RULE), []);
  assert.deepEqual(probeFindings(fixed), []);
});

test('near misses: equal windows, a startupProbe for the delay case, identical checks (the other rule)', () => {
  const yaml = deployment(`
- name: equal
  livenessProbe: { httpGet: { path: /live, port: 80 }, periodSeconds: 15, failureThreshold: 2 }
  readinessProbe: { httpGet: { path: /ready, port: 80 } }
- name: started
  startupProbe: { httpGet: { path: /live, port: 80 }, failureThreshold: 30 }
  livenessProbe: { httpGet: { path: /live, port: 80 } }
  readinessProbe: { httpGet: { path: /ready, port: 80 }, initialDelaySeconds: 20 }
- name: identical
  livenessProbe: { tcpSocket: { port: 80 }, failureThreshold: 1 }
  readinessProbe: { tcpSocket: { port: 80 } }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('a non-integer failureThreshold (schema/wrong-type) is not reasoned about', () => {
  const yaml = deployment(`
- name: a
  ports: [{ name: http, containerPort: 8080 }]
  readinessProbe:
    httpGet: { path: /ready, port: http }
  livenessProbe:
    httpGet: { path: /live, port: http }
    failureThreshold: 1.5
`);
  assert.deepEqual(check(yaml, RULE), []);
});
