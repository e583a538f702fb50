import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/init-container-probe-forbidden';

const yaml = deployment(`
- name: app
  image: demo
`, `
initContainers:
  - name: migrate
    image: migrate
    livenessProbe:
      exec: { command: [pgrep, migrate] }
    lifecycle:
      preStop:
        exec: { command: [stop] }
`);

test('flags each probe and lifecycle of an init container without restartPolicy: Always on its key', () => {
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['livenessProbe', '15:11-15:24'], ['lifecycle', '17:11-17:20']]);
  assert.match(seen[0].message, /init container "migrate" has livenessProbe/);
  assert.match(seen[0].message, /\("spec\.template\.spec\.initContainers\[0\]\.livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always"\)/);
  assert.deepEqual(seen[0].finding.fixes?.map((f) => [f.title, f.preferred]), [['Remove livenessProbe', true], ['Make it a sidecar (restartPolicy: Always)', undefined]]);
});

test('either fix leaves nothing to report', () => {
  const seen = check(yaml, RULE);
  const removed = applyFix(applyFix(yaml, seen[1].finding), seen[0].finding);
  assert.doesNotMatch(removed, /livenessProbe|lifecycle/);
  assert.deepEqual(check(removed, RULE), []);
  const sidecar = applyFix(yaml, seen[0].finding, 1);
  assert.match(sidecar, /\n {10}restartPolicy: Always\n/);
  assert.deepEqual(check(sidecar, RULE), []);
});

test('an explicit restartPolicy other than Always (Pod): only removal is offered', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata: { name: job }
spec:
  initContainers:
    - name: fetch
      image: curl
      restartPolicy: OnFailure
      readinessProbe: { exec: { command: [test, -f, /data] } }
      startupProbe:
  containers:
    - name: app
      image: demo
`;
  const seen = check(pod, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.finding.fixes?.length]), [['readinessProbe', 1]]);
});

test('near miss: a sidecar may have probes and hooks; regular containers are not init containers', () => {
  const ok = deployment(`
- name: app
  image: demo
  livenessProbe: { tcpSocket: { port: 80 } }
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    readinessProbe: { tcpSocket: { port: 9901 } }
    lifecycle: { preStop: { sleep: { seconds: 5 } } }
`);
  assert.deepEqual(check(ok, RULE), []);
});
