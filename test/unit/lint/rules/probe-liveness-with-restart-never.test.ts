import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../helpers';
import { pod } from '../probe-helpers';

const RULE = 'probe/liveness-with-restart-never';

test('flags a liveness probe in a pod with restartPolicy Never, on the probe key', () => {
  const yaml = pod(`
- name: app
  livenessProbe:
    httpGet: { port: 8080 }
`, 'restartPolicy: Never');
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'livenessProbe');
  assert.equal(seen[0].at, '11:7-11:20');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Liveness probe, but the pod has restartPolicy: Never: a liveness failure kills the container for good and the pod ends Failed. Remove the probe, or allow restarts.',
  );
  assert.equal(seen[0].finding.kubernetesVersion, undefined);
});

test('a container-level restartPolicy Never counts from Kubernetes 1.35 (ContainerRestartRules) and says so', () => {
  const yaml = pod(`
- name: app
  restartPolicy: Never
  livenessProbe:
    httpGet: { port: 8080 }
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.match(seen[0].message, /the container has restartPolicy: Never/);
  assert.equal(seen[0].finding.kubernetesVersion, '1.35');
  assert.deepEqual(check(yaml, RULE, { options: { kubernetesVersion: '1.34' } }), []);
});

test('near misses: OnFailure, a container-level Always overriding the pod, sidecars, Job pods', () => {
  assert.deepEqual(check(pod(`
- name: app
  livenessProbe: { httpGet: { port: 8080 } }
`, 'restartPolicy: OnFailure'), RULE), []);
  assert.deepEqual(check(pod(`
- name: app
  restartPolicy: Always
  livenessProbe: { httpGet: { port: 8080 } }
`, 'restartPolicy: Never'), RULE), []);
  assert.deepEqual(check(pod(`
- name: app
`, `restartPolicy: Never
initContainers:
  - name: proxy
    restartPolicy: Always
    livenessProbe: { tcpSocket: { port: 15000 } }`), RULE), []);
  const job = `apiVersion: batch/v1
kind: Job
metadata: { name: j }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: j
          livenessProbe: { exec: { command: [true] } }
`;
  assert.deepEqual(check(job, RULE), []);
});
