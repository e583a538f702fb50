import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/container-restart-policy';
const V133 = { options: { kubernetesVersion: '1.33' } };
const V134 = { options: { kubernetesVersion: '1.34' } };

test('1.28–1.33: restartPolicy on a regular container is forbidden (key), and the finding names the version', () => {
  const yaml = deployment(`
- name: app
  image: demo
  restartPolicy: Always
`);
  const seen = check(yaml, RULE, V133);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['restartPolicy', '15:11-15:24']]);
  assert.equal(seen[0].finding.kubernetesVersion, '1.33');
  assert.match(seen[0].message, /restartPolicy is not allowed on a regular container in Kubernetes 1\.33/);
  assert.match(seen[0].message, /\("spec\.template\.spec\.containers\[0\]\.restartPolicy: Forbidden: may not be set for non-init containers"\)/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.deepEqual(check(fixed, RULE, V133), []);
  // From 1.35 on (ContainerRestartRules), the same container is fine.
  assert.deepEqual(check(yaml, RULE), []);
  // Before 1.28 the field does not exist: schema/unknown-field reports it, this rule does not.
  assert.deepEqual(check(yaml, RULE, { options: { kubernetesVersion: '1.27' } }), []);
});

test('1.28–1.33: an init container only accepts Always; `always` is fixed', () => {
  const yaml = deployment(`
- name: app
  image: demo
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: always
  - name: fetch
    image: curl
    restartPolicy: OnFailure
`);
  const seen = check(yaml, RULE, V133);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['always', '15:26-15:32'], ['OnFailure', '18:26-18:35']]);
  assert.match(seen[1].message, /"spec\.template\.spec\.initContainers\[1\]\.restartPolicy: Unsupported value: "OnFailure": supported values: "Always""/);
  assert.equal(seen[1].finding.fixes, undefined);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /restartPolicy: Always\n/);
  assert.deepEqual(check(fixed, RULE, V133).map((s) => s.text), ['OnFailure']);
});

test('1.35 (default): Always/OnFailure/Never allowed; rules need a policy, action Restart and exitCodes; no rules on sidecars', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      restartPolicyRules:
        - action: Restart
          exitCodes: { operator: In, values: [42] }
  containers:
    - name: app
      image: demo
      restartPolicyRules:
        - action: Restart
          exitCodes: { operator: In, values: [42] }
    - name: worker
      image: demo
      restartPolicy: Never
      restartPolicyRules:
        - action: RestartAll
          exitCodes: { operator: Equals, values: [1] }
        - action: Restart
    - name: batch
      image: demo
      restartPolicy: Sometimes
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [
    ['restartPolicyRules', '9:7-9:25'],
    ['restartPolicyRules', '15:7-15:25'],
    ['RestartAll', '22:19-22:29'],
    ['Equals', '23:34-23:40'],
    ['action: Restart', '24:11-24:26'],
    ['Sometimes', '27:22-27:31'],
  ]);
  assert.match(seen[0].message, /Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always/);
  assert.match(seen[1].message, /"spec\.containers\[0\]\.restartPolicy: Required value: must specify restartPolicy when restart rules are used"/);
  assert.match(seen[4].message, /"spec\.containers\[1\]\.restartPolicyRules\[1\]\.exitCodes: Required value: must be specified"/);
  assert.match(seen[5].message, /supported values: "Always", "Never", "OnFailure"/);
  assert.ok(seen.every((s) => s.finding.kubernetesVersion === '1.35'));
});

test('near miss: valid policies in 1.35, a sidecar before 1.35, ephemeral containers are not checked here', () => {
  const yaml = deployment(`
- name: app
  image: demo
  restartPolicy: OnFailure
  restartPolicyRules:
    - action: Restart
      exitCodes: { operator: NotIn, values: [0] }
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
`);
  assert.deepEqual(check(yaml, RULE), []);
  assert.deepEqual(check(deployment(`
- name: app
  image: demo
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
`), RULE, V134), []);
});

test('a restartPolicy that is not a string is a decode error, reported once by schema/wrong-type', () => {
  const yaml = deployment(`
- name: app
  image: demo
  restartPolicy: [Always]
`);
  assert.deepEqual(check(yaml, RULE), []);
  assert.deepEqual(check(yaml, RULE, { options: { kubernetesVersion: '1.33' } }), []);
  assert.deepEqual(check(yaml, 'schema/wrong-type').map((s) => s.text), ['restartPolicy']);
});

// pkg/api/pod/util.go dropDisabledFields → dropContainerRestartRules (gate ContainerRestartRules, alpha
// and off by default in 1.34, kube_features.go): the API server clears every restartPolicy except an init
// container's Always, and every restartPolicyRules, before validation — nothing is rejected, nothing kept.
test('1.34 (ContainerRestartRules off): restartPolicy other than a sidecar\'s Always, and all rules, are dropped silently', () => {
  const yaml = deployment(`
- name: app
  image: demo
  restartPolicy: Never
  restartPolicyRules:
    - action: Bogus
`, `
initContainers:
  - name: fetch
    image: curl
    restartPolicy: OnFailure
  - name: proxy
    image: envoy
    restartPolicy: always
`);
  // 1.34: only the misspelt `always` is left (not Always, so not kept as a sidecar's: dropped too).
  assert.deepEqual(check(yaml, RULE, V134), []);
  // 1.33: the regular container's policy is forbidden, the init containers' values unsupported (rules are unknown there).
  assert.deepEqual(check(yaml, RULE, V133).map((s) => s.text), ['OnFailure', 'always', 'restartPolicy']);
  // 1.35: Never with a rule lacking exitCodes and a bad action; OnFailure fine; `always` unsupported.
  assert.deepEqual(check(yaml, RULE).map((s) => s.text), ['always', 'action: Bogus', 'Bogus']);
  // The drop itself is a warning of schema/unknown-field in 1.34, naming the gate.
  const dropped = check(yaml, 'schema/unknown-field', V134);
  assert.deepEqual(dropped.map((s) => [s.text, s.severity]), [['restartPolicy', 'warning'], ['restartPolicy', 'warning'], ['restartPolicy', 'warning'], ['restartPolicyRules', 'warning']]);
  assert.match(dropped[0].message, /"restartPolicy" has no effect in Kubernetes 1\.34: the API server drops `restartPolicy`: it is behind the alpha feature gate ContainerRestartRules in Kubernetes 1\.34, off by default \(on from 1\.35\)/);
});

// pkg/api/pod/util.go dropDisabledFields: with SidecarContainers off (alpha in 1.28, kube_features.go) the
// restartPolicy of every init container is cleared, whatever its value; a regular container's is left to
// validateContainers, which forbids it.
test('1.28 (SidecarContainers off): an init container\'s restartPolicy is dropped, any value; a regular container\'s still forbidden', () => {
  const yaml = deployment(`
- name: app
  image: demo
  restartPolicy: Always
`, `
initContainers:
  - name: fetch
    image: curl
    restartPolicy: OnFailure
`);
  const v128 = { options: { kubernetesVersion: '1.28' } };
  assert.deepEqual(check(yaml, RULE, v128).map((s) => s.text), ['restartPolicy']);
  assert.deepEqual(check(yaml, RULE, { options: { kubernetesVersion: '1.29' } }).map((s) => s.text), ['OnFailure', 'restartPolicy']);
});
