import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';
import { pod, probeFindings } from '../probe-helpers';

const RULE = 'probe/identical-liveness-readiness';

test('flags identical checks when liveness gives up no later than readiness, with the windows in the message', () => {
  const yaml = deployment(`
- name: app
  ports: [{ name: http, containerPort: 8080 }]
  readinessProbe:
    httpGet: { path: /healthz, port: 8080 }
  livenessProbe:
    httpGet: { path: /healthz, port: http }
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'livenessProbe');
  assert.equal(seen[0].at, '17:11-17:24');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'Liveness and readiness probes run the same check and liveness gives up no later than readiness, so a failing check restarts the container instead of only taking it out of the Service (check: GET /healthz on port http (8080); liveness failureThreshold 3 × periodSeconds 10 = 30 s; readiness failureThreshold 3 × periodSeconds 10 = 30 s). Give liveness a higher failureThreshold or a cheaper check.',
  );
  assert.equal(
    seen[0].finding.fixes?.[0].title,
    "Set liveness failureThreshold to 4 (4 × 10 s = 40 s, longer than readiness's 30 s)",
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /port: http \}\n {12}failureThreshold: 4\n$/);
  assert.deepEqual(check(fixed, RULE), []);
  assert.deepEqual(probeFindings(fixed), []);
});

test('the fix replaces an existing failureThreshold', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    exec: { command: [pg_isready] }
    timeoutSeconds: 3
    periodSeconds: 5
    failureThreshold: 2
  readinessProbe:
    exec: { command: [pg_isready] }
    timeoutSeconds: 3
`);
  const seen = check(yaml, RULE);
  assert.match(seen[0].message, /liveness failureThreshold 2 × periodSeconds 5 = 10 s; readiness failureThreshold 3 × periodSeconds 10 = 30 s/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /periodSeconds: 5\n {12}failureThreshold: 7\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('near misses: liveness more tolerant, different path, different header, different scheme', () => {
  const yaml = deployment(`
- name: tolerant
  readinessProbe: { httpGet: { path: /healthz, port: 80 } }
  livenessProbe: { httpGet: { path: /healthz, port: 80 }, failureThreshold: 6 }
- name: paths
  readinessProbe: { httpGet: { path: /ready, port: 80 } }
  livenessProbe: { httpGet: { path: /live, port: 80 } }
- name: headers
  readinessProbe: { httpGet: { path: /, port: 80, httpHeaders: [{ name: X-Check, value: deep }] } }
  livenessProbe: { httpGet: { path: /, port: 80 } }
- name: scheme
  readinessProbe: { httpGet: { port: 443, scheme: HTTPS } }
  livenessProbe: { httpGet: { port: 443 } }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('path "" and "/" are the same check after defaulting; a gRPC service name makes a difference', () => {
  const yaml = deployment(`
- name: a
  readinessProbe: { httpGet: { path: "", port: 80 } }
  livenessProbe: { httpGet: { port: 80 } }
- name: b
  readinessProbe: { grpc: { port: 9090, service: ready } }
  livenessProbe: { grpc: { port: 9090 } }
`);
  assert.deepEqual(check(yaml, RULE).map((s) => s.finding.container), ['a']);
});

test('identicalProbesStrict = kube-score: timings ignored, named ports compare as 0, one finding per pod, no fix', () => {
  const strict = { options: { identicalProbesStrict: true } };
  const yaml = pod(`
- name: first
  readinessProbe: { httpGet: { path: /healthz, port: http } }
  livenessProbe: { httpGet: { path: /healthz, port: admin }, failureThreshold: 10 }
- name: second
  readinessProbe: { tcpSocket: { port: 5432 } }
  livenessProbe: { tcpSocket: { port: 5432 }, failureThreshold: 6 }
`);
  const seen = check(yaml, RULE, strict);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].finding.container, 'first');
  assert.match(seen[0].message, /identical by kube-score's test/);
  assert.equal(seen[0].finding.fixes, undefined);
  assert.deepEqual(check(yaml, RULE), [], 'by our semantics neither is identical and less tolerant');
  const initOnly = pod(`
- name: app
`, `
initContainers:
  - name: init
    readinessProbe: { exec: { command: [a, b] } }
    livenessProbe: { exec: { command: [a, b] } }
`);
  assert.deepEqual(check(initOnly, RULE, strict).map((s) => s.finding.container), ['init']);
});
