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
  // 1.29: the field exists behind the alpha gate PodLifecycleSleepAction, off by default, so the API
  // server drops it (pkg/api/pod/util.go dropDisabledFields) before validateSleepAction could see it.
  assert.deepEqual(check(yaml, RULE, { options: { kubernetesVersion: '1.29' } }), []);
  assert.equal(check(yaml, RULE, { options: { kubernetesVersion: '1.30' } }).length, 1, '1.30 keeps sleep and rejects 0 s (AllowZero from 1.33)');
});

// pkg/apis/core/validation/validation.go, validateSleepAction: `gracePeriod != nil && (seconds < 0 ||
// seconds > *gracePeriod)` with the pod's terminationGracePeriodSeconds as written. A negative pod grace
// period is not rejected (pkg/api/pod/warnings.go only warns that it is treated as 1), so the comparison
// is with the negative number: every sleep, even 0, is rejected.
test('validateSleepAction: a negative pod terminationGracePeriodSeconds still bounds the sleep (every sleep is rejected)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    postStart: { sleep: { seconds: 0 } }
    preStop:
      sleep:
        seconds: 5
`, 'terminationGracePeriodSeconds: -1');
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['0', '5']);
  assert.match(seen[1].message, /longer than the pod's terminationGracePeriodSeconds \(-1: negative/);
  assert.match(seen[1].message, /Invalid value: 5: must be non-negative and less than terminationGracePeriodSeconds \(-1\)/);
  assert.match(seen[0].message, /Invalid value: 0: must be non-negative and less than terminationGracePeriodSeconds \(-1\)/);
  // Near miss: grace 0 accepts a sleep of 0 (1.33+), rejects 1.
  const zero = check(yaml.replace('terminationGracePeriodSeconds: -1', 'terminationGracePeriodSeconds: 0'), RULE);
  assert.deepEqual(zero.map((s) => s.text), ['5']);
});
