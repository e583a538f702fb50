import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/lifecycle-stop-signal';

test('flags stopSignal without spec.os on its value; the fix declares the pod as Linux', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    stopSignal: SIGUSR1
`, `
terminationGracePeriodSeconds: 30
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['SIGUSR1', '17:25-17:32']]);
  assert.match(seen[0].message, /\("spec\.template\.spec\.containers\[0\]\.lifecycle\.stopSignal: Forbidden: may not be set for containers with empty `spec\.os\.name`"\)/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /\n {6}os:\n {8}name: linux\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('Windows supports only SIGKILL and SIGTERM; Linux the Signal enum; case and SIG prefix are fixed', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  os: { name: windows }
  containers:
    - name: app
      image: demo
      lifecycle: { stopSignal: SIGQUIT }
    - name: other
      image: demo
      lifecycle: { stopSignal: term }
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['SIGQUIT', 'term']);
  assert.match(seen[0].message, /Unsupported value: "SIGQUIT": supported values: "SIGKILL", "SIGTERM"/);
  assert.equal(seen[0].finding.fixes, undefined);
  assert.match(applyFix(yaml, seen[1].finding), /stopSignal: SIGTERM \}/);
  const linux = yaml.replace('windows', 'linux').replace('SIGQUIT', 'SIGRTMIN+16');
  assert.deepEqual(check(linux, RULE).map((s) => s.text), ['SIGRTMIN+16', 'term']);
});

test('near miss: Linux signals with spec.os, no stopSignal, a plain init container', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    stopSignal: SIGRTMAX-14
- name: other
  image: demo
  lifecycle:
    preStop: { sleep: { seconds: 1 } }
`, `
os:
  name: linux
initContainers:
  - name: setup
    image: busybox
    lifecycle: { stopSignal: NOPE }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('before 1.33 `stopSignal` does not exist: reported once, by schema/unknown-field, not here', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    stopSignal: SIGTERM
`);
  const config = { options: { kubernetesVersion: '1.32' } };
  assert.deepEqual(check(yaml, RULE, config), []);
  assert.deepEqual(check(yaml, 'schema/unknown-field', config).map((s) => s.text), ['stopSignal']);
  assert.equal(check(yaml, RULE).length, 1);
});
