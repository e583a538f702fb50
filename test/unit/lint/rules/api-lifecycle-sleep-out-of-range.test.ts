import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, deployment } from '../helpers';

const RULE = 'api/lifecycle-sleep-out-of-range';

test('flags a sleep longer than the default grace period (30) on its seconds value', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      sleep:
        seconds: 45
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['45', '18:26-18:28']]);
  assert.match(seen[0].message, /PreStop hook sleeps 45 s, longer than the pod's terminationGracePeriodSeconds \(30, the default\)/);
  assert.match(seen[0].message, /\("spec\.template\.spec\.containers\[0\]\.lifecycle\.preStop\.sleep: Invalid value: 45: must be non-negative and less than terminationGracePeriodSeconds \(30\)"\)/);
  assert.equal(seen[0].finding.kubernetesVersion, undefined);
});

test("uses the pod's own grace period; equal is accepted (Pod, sidecar)", () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  terminationGracePeriodSeconds: 10
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      lifecycle: { preStop: { sleep: { seconds: 11 } } }
  containers:
    - name: app
      image: demo
      lifecycle: { postStart: { sleep: { seconds: 10 } }, preStop: { sleep: { seconds: -1 } } }
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['11', '-1']);
  assert.match(seen[0].message, /terminationGracePeriodSeconds \(10\)/);
  assert.match(seen[1].message, /sleeps -1 s/);
});

test('zero: accepted from 1.33 (PodLifecycleSleepActionAllowZero), rejected before; the finding names the version', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      sleep: {}
    postStart:
      sleep: { seconds: 0 }
`);
  assert.deepEqual(check(yaml, RULE), []);
  const seen = check(yaml, RULE, { options: { kubernetesVersion: '1.32' } });
  assert.deepEqual(seen.map((s) => s.text), ['sleep', '0']);
  assert.equal(seen[0].finding.kubernetesVersion, '1.32');
  assert.match(seen[1].message, /must be greater than 0 and less than terminationGracePeriodSeconds \(30\)\. Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep\./);
});

test('near miss: within the grace period; sleep as a second handler; a plain init container', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      exec: { command: [drain] }
      sleep: { seconds: 99 }
    postStart:
      sleep: { seconds: 5 }
`, `
initContainers:
  - name: setup
    image: busybox
    lifecycle: { preStop: { sleep: { seconds: 99 } } }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('before 1.29 `sleep` does not exist: reported once, by schema/unknown-field, not here', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      sleep: { seconds: 0 }
`);
  const config = { options: { kubernetesVersion: '1.28' } };
  assert.deepEqual(check(yaml, RULE, config), []);
  assert.deepEqual(check(yaml, 'schema/unknown-field', config).map((s) => s.text), ['sleep']);
  assert.equal(check(yaml, RULE, { options: { kubernetesVersion: '1.29' } }).length, 1);
});
