import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';
import { probeFindings } from '../probe-helpers';

const RULE = 'probe/missing-liveness';

test('flags a container without livenessProbe on its name (info); the fix reuses the readiness handler, more tolerant', () => {
  const yaml = deployment(`
- name: app
  ports: [{ name: http, containerPort: 8080 }]
  readinessProbe:
    httpGet:
      path: /ready
      port: http
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'app');
  assert.equal(seen[0].at, '13:17-13:20');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Container "app" has no livenessProbe: the kubelet restarts it when it exits, not when it hangs. Add one if a restart fixes the hangs your app can get into.',
  );
  assert.equal(
    seen[0].finding.fixes?.[0].title,
    'Add a livenessProbe with the readiness handler, restarting after 6 × 10 s = 60 s (readiness removes it after 30 s)',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /port: http\n {10}livenessProbe:\n {12}httpGet:\n {14}path: \/ready\n {14}port: http\n {12}failureThreshold: 6\n$/);
  assert.deepEqual(check(fixed, RULE), []);
  assert.deepEqual(probeFindings(fixed), []);
});

test('the fix keeps the readiness delay and period, and covers the minimum liveness budget', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    tcpSocket: { port: 5432 }
    initialDelaySeconds: 2
    periodSeconds: 2
    failureThreshold: 2
  ports: [{ containerPort: 5432 }]
`);
  const fixed = applyFix(yaml, check(yaml, RULE)[0].finding);
  assert.match(fixed, /livenessProbe:\n {12}tcpSocket: \{ port: 5432 \}\n {12}initialDelaySeconds: 2\n {12}periodSeconds: 2\n {12}failureThreshold: 14\n$/);
  assert.deepEqual(probeFindings(fixed), []);
});

test('scope like missing-readiness: Job pods, plain init and ephemeral containers are skipped', () => {
  const cron = `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
`;
  assert.deepEqual(check(cron, RULE), []);
  const yaml = deployment(`
- name: app
  livenessProbe:
    tcpSocket: { port: 80 }
`, `
initContainers:
  - name: setup
ephemeralContainers:
  - name: debug
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('without a readiness probe there is no fix; a null livenessProbe counts as missing', () => {
  const seen = check(deployment(`
- name: app
  livenessProbe:
`), RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].finding.fixes, undefined);
});

test('near miss: a container with a liveness probe', () => {
  assert.deepEqual(check(deployment(`
- name: app
  livenessProbe:
    httpGet: { port: 8080, path: /live }
`), RULE), []);
});
