import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check } from '../helpers';

const RULE = 'api/ephemeral-container-probe-forbidden';

const pod = (ephemeral: string) => `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: demo
  ephemeralContainers:
    - name: debugger
      image: busybox
      targetContainerName: app
${ephemeral}`;

test('flags probes, lifecycle, ports and resources of an ephemeral container on their keys', () => {
  const yaml = pod(`      livenessProbe:
        tcpSocket: { port: 8080 }
      ports:
        - containerPort: 8080
      resources:
        limits: { cpu: 100m }
      lifecycle:
        preStop: { sleep: { seconds: 1 } }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [
    ['livenessProbe', '12:7-12:20'],
    ['ports', '14:7-14:12'],
    ['resources', '16:7-16:16'],
    ['lifecycle', '18:7-18:16'],
  ]);
  assert.match(seen[0].message, /ephemeral container "debugger" has livenessProbe.*\("spec\.ephemeralContainers\[0\]\.livenessProbe: Forbidden: cannot be set for an Ephemeral Container"\)/);
  let fixed = yaml;
  for (const s of [...seen].reverse()) fixed = applyFix(fixed, s.finding);
  assert.equal(fixed, pod(''));
  assert.deepEqual(check(fixed, RULE), []);
});

test('an empty ports list is still set (a Go slice), empty resources are not (a struct)', () => {
  const seen = check(pod(`      ports: []
      resources: {}
      readinessProbe: {}
`), RULE);
  assert.deepEqual(seen.map((s) => s.text), ['ports', 'readinessProbe']);
});

test('near miss: allowed fields, and probes on the regular container', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: demo
      livenessProbe: { tcpSocket: { port: 8080 } }
      ports: [{ containerPort: 8080 }]
  ephemeralContainers:
    - name: debugger
      image: busybox
      command: [sh]
      stdin: true
      tty: true
      livenessProbe:
`;
  assert.deepEqual(check(yaml, RULE), []);
});
