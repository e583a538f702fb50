import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, deployment } from '../helpers';

const RULE = 'api/exec-command-required';

test('flags `exec: {}` on the exec key and `command: []` on the empty list', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    exec: {}
  readinessProbe:
    exec:
      command: []
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['exec', '16:13-16:17'], ['[]', '19:24-19:26']]);
  assert.match(seen[0].message, /Liveness probe runs `exec` without a command/);
  assert.match(seen[1].message, /\("spec\.template\.spec\.containers\[0\]\.readinessProbe\.exec\.command: Required value"\)/);
  assert.equal(seen[0].finding.fixes, undefined);
});

test('flags a postStart hook of a Pod and of a sidecar', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: log-shipper
      image: fluent-bit
      restartPolicy: Always
      lifecycle:
        postStart:
          exec:
            command:
  containers:
    - name: app
      image: demo
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['exec', '12:11-12:15']]);
  assert.match(seen[0].message, /"spec\.initContainers\[0\]\.lifecycle\.postStart\.exec\.command: Required value"/);
});

test('near miss: a command, a command that is a string (schema/wrong-type), a plain init container (its own rule)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    exec: { command: [cat, /tmp/ok] }
  startupProbe:
    exec: { command: cat /tmp/ok }
`, `
initContainers:
  - name: setup
    image: busybox
    livenessProbe:
      exec: {}
`);
  assert.deepEqual(check(yaml, RULE), []);
});
