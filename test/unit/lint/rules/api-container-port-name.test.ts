import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/container-port-name';

test('an upper-case port name: one finding listing every broken rule; the fix renames it and the probe that uses it', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - name: HTTP
      containerPort: 8080
  livenessProbe:
    httpGet: { path: /healthz, port: HTTP }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['HTTP', '16:21-16:25']]);
  assert.match(seen[0].message, /\("spec\.template\.spec\.containers\[0\]\.ports\[0\]\.name: Invalid value: "HTTP": must contain only alpha-numeric characters \(a-z, 0-9\), and hyphens \(-\)"; "spec\.template\.spec\.containers\[0\]\.ports\[0\]\.name: Invalid value: "HTTP": must contain at least one letter \(a-z\)"\)/);
  assert.equal(seen[0].finding.fixes?.[0].title, 'Rename the port to "http" (and the probes that use it)');
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /- name: http\n[\s\S]*port: http \}/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('duplicate names, missing and out-of-range containerPort, bad hostPort and protocol (Pod, init container)', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: setup
      image: busybox
      ports:
        - name: very-long-port-name
          containerPort: 70000
  containers:
    - name: app
      image: demo
      ports:
        - name: http
          containerPort: 8080
        - name: http
          containerPort: 8081
          protocol: tcp
        - name: metrics
          hostPort: 99999
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [
    ['very-long-port-name', '9:17-9:36'],
    ['70000', '10:26-10:31'],
    ['http', '17:17-17:21'],
    ['tcp', '19:21-19:24'],
    ['name: metrics', '20:11-20:24'],
    ['99999', '21:21-21:26'],
  ]);
  assert.match(seen[0].message, /must be no more than 15 characters/);
  assert.match(seen[2].message, /"spec\.containers\[0\]\.ports\[1\]\.name: Duplicate value: "http""/);
  assert.match(seen[4].message, /"spec\.containers\[0\]\.ports\[2\]\.containerPort: Required value"/);
  assert.match(applyFix(yaml, seen[3].finding), /protocol: TCP\n/);
});

test('near miss: valid ports; an empty protocol defaults to TCP; ephemeral containers have their own rule', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: demo
      ports:
        - { name: http, containerPort: 8080, protocol: "" }
        - { name: dns, containerPort: 53, protocol: UDP, hostPort: 53 }
        - { containerPort: 9090 }
  ephemeralContainers:
    - name: debug
      image: busybox
      ports: [{ name: BAD }]
`;
  assert.deepEqual(check(yaml, RULE), []);
});
