import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/exec-default-timeout';

test('flags an exec probe without timeoutSeconds on the exec key; the fix sets 5 s', () => {
  const yaml = deployment(`
- name: db
  readinessProbe:
    exec:
      command: [sh, -c, "pg_isready -U postgres"]
    periodSeconds: 10
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'exec');
  assert.equal(seen[0].at, '15:13-15:17');
  assert.equal(seen[0].severity, 'info');
  assert.equal(seen[0].finding.kubernetesVersion, '1.35');
  assert.equal(
    seen[0].message,
    'Readiness exec probe has no timeoutSeconds, so the default 1 s applies and the kubelet counts a slower command as a failure (enforced since Kubernetes 1.20). Set timeoutSeconds to what the command needs.',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /periodSeconds: 10\n {12}timeoutSeconds: 5\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('the suggested timeout stays below the period, also in a flow-style probe; no fix when the period is 2 s or less', () => {
  const short = deployment(`
- name: a
  livenessProbe: { exec: { command: [true] }, periodSeconds: 3 }
  readinessProbe:
    exec: { command: [true] }
    periodSeconds: 2
`);
  const seen = check(short, RULE);
  assert.equal(seen.length, 2);
  const flow = applyFix(short, seen[0].finding);
  assert.match(flow, /livenessProbe: \{ exec: \{ command: \[true\] \}, periodSeconds: 3, timeoutSeconds: 2 \}\n/, 'flow-style probe: added in flow style');
  assert.equal(check(flow, RULE).length, 1, 'only the readiness probe is left');
  assert.equal(seen[1].finding.fixes, undefined, 'period 2: a 1 s timeout is all that fits');
});

test('near misses: timeoutSeconds written (even 1), not exec, Kubernetes before 1.20', () => {
  const yaml = deployment(`
- name: a
  livenessProbe: { exec: { command: [true] }, timeoutSeconds: 1 }
  readinessProbe: { exec: { command: [true] }, timeoutSeconds: 3 }
  startupProbe: { httpGet: { port: 80 } }
`);
  assert.deepEqual(check(yaml, RULE), []);
  const old = deployment(`
- name: a
  livenessProbe:
    exec: { command: [true] }
`);
  assert.deepEqual(check(old, RULE, { options: { kubernetesVersion: '1.19' } }), []);
  assert.equal(check(old, RULE).length, 1);
});

test('an explicit timeoutSeconds: 0 is the default 1 s: reported once on exec, the fix replaces the 0', () => {
  const yaml = deployment(`
- name: a
  readinessProbe:
    exec:
      command: [cat, /tmp/ready]
    timeoutSeconds: 0
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'exec');
  assert.match(seen[0].message, /^Readiness exec probe has timeoutSeconds: 0, which means the default 1 s /);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /timeoutSeconds: 5\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});
