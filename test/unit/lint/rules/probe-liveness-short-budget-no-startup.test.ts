import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';
import { probeFindings } from '../probe-helpers';

const RULE = 'probe/liveness-short-budget-no-startup';

test('flags a short liveness budget without startupProbe; the fix adds a startup probe worth ~300 s', () => {
  const yaml = deployment(`
- name: app
  ports: [{ name: http, containerPort: 8080 }]
  livenessProbe:
    httpGet:
      path: /healthz
      port: http
    initialDelaySeconds: 3
    periodSeconds: 5
    failureThreshold: 2
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'livenessProbe');
  assert.equal(seen[0].at, '15:11-15:24');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Liveness probe restarts the container unless it is healthy within initialDelaySeconds 3 + failureThreshold 2 × periodSeconds 5 = 13 s of starting (less than 30 s), and there is no startupProbe: a slow start becomes a restart loop. Add a startupProbe.',
  );
  const fix = seen[0].finding.fixes?.[0];
  assert.equal(fix?.title, 'Add a startupProbe with the liveness handler allowing up to 300 s to start (60 × 5 s)');
  assert.equal(fix?.preferred, true);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(
    fixed,
    /failureThreshold: 2\n {10}startupProbe:\n {12}httpGet:\n {14}path: \/healthz\n {14}port: http\n {12}periodSeconds: 5\n {12}failureThreshold: 60\n$/,
  );
  assert.deepEqual(check(fixed, RULE), []);
  assert.deepEqual(probeFindings(fixed).filter((r) => r !== 'probe/missing-readiness'), []);
});

test('the budget option moves the threshold; defaults (0 + 3 × 10 = 30 s) are not flagged', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    tcpSocket: { port: 80 }
`);
  assert.deepEqual(check(yaml, RULE), []);
  const seen = check(yaml, RULE, { options: { minLivenessBudgetSeconds: 60 } });
  assert.match(seen[0].message, /= 30 s of starting \(less than 60 s\)/);
});

test('near misses: a startupProbe present, readiness only', () => {
  const yaml = deployment(`
- name: a
  startupProbe: { tcpSocket: { port: 80 }, failureThreshold: 30 }
  livenessProbe: { tcpSocket: { port: 80 }, failureThreshold: 1 }
- name: b
  readinessProbe: { tcpSocket: { port: 80 }, failureThreshold: 1 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
