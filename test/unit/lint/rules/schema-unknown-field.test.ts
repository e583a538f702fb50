import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'schema/unknown-field';

test('a misspelled probe key: flagged on the key, with the closest key as the fix', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessprobe:
    httpGet: { path: /healthz, port: 8080 }
    initialDelay: 5
    periodSecond: 10
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['livenessprobe', '15:11-15:24']]);
  assert.match(seen[0].message, /^"livenessprobe" is not a field of container "app" \(did you mean "livenessProbe"\?\): kubectl rejects it \(unknown field "spec\.template\.spec\.containers\[0\]\.livenessprobe"\)/);
  // Once the probe key is right, its own keys are checked too.
  const fixed = applyFix(yaml, seen[0].finding);
  const inner = check(fixed, RULE);
  assert.deepEqual(inner.map((s) => [s.text, s.at, s.finding.fixes?.[0].title]), [
    ['initialDelay', '17:13-17:25', 'Rename to initialDelaySeconds'],
    ['periodSecond', '18:13-18:25', 'Rename to periodSeconds'],
  ]);
  const clean = applyFix(applyFix(fixed, inner[1].finding), inner[0].finding);
  assert.match(clean, /livenessProbe:\n.*\n {12}initialDelaySeconds: 5\n {12}periodSeconds: 10\n/);
  assert.deepEqual(check(clean, RULE), []);
});

test('misplaced keys say where they belong: one level up, or under a missing parent', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - containerPort: 8080
      livenessProbe: {}
  readinessProbe:
    command: [check]
    httpGet:
      port: 8080
      initialDelaySeconds: 5
      name: X-Probe
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.message.replace(/^[^:]*: (.*?)\. As it is.*$/, '$1')]), [
    ['livenessProbe', 'it belongs to container "app"; check its indentation'],
    ['command', 'it belongs under exec:'],
    ['initialDelaySeconds', 'it belongs to readinessProbe; check its indentation'],
    ['name', 'it belongs under httpHeaders:'],
  ]);
  assert.ok(seen.every((s) => s.finding.fixes === undefined));
});

test('handlers that are not valid there: sleep in a probe, grpc in a hook (sidecar)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  startupProbe:
    sleep: { seconds: 5 }
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    lifecycle:
      preStop:
        grpc: { port: 9901 }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['grpc', '18:15-18:19'], ['sleep', '23:13-23:18']]);
  assert.match(seen[0].message, /`grpc` is a probe handler; a lifecycle hook takes exec, httpGet, tcpSocket or sleep/);
  assert.match(seen[1].message, /"sleep" is not a field of startupProbe: `sleep` is a lifecycle-hook handler/);
});

test('fields newer than the assumed Kubernetes version are unknown there (the finding names the version)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    stopSignal: SIGTERM
`);
  assert.deepEqual(check(yaml, RULE), []);
  const seen = check(yaml, RULE, { options: { kubernetesVersion: '1.32' } });
  assert.deepEqual(seen.map((s) => s.text), ['stopSignal']);
  assert.match(seen[0].message, /does not exist yet in Kubernetes 1\.32 \(it came in 1\.33\)/);
  assert.equal(seen[0].finding.kubernetesVersion, '1.32');
});

test('a suggestion that is already set is not applied; JSON keys keep their quotes', () => {
  const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [
  {"name": "app", "image": "demo", "readinessProbe": {"tcpSocket": {"port": 80}},
   "readinessprobe": {"tcpSocket": {"port": 81}},
   "startupProbe": {"tcpSocket": {"port": 80}, "failureTreshold": 30}}]}}
`;
  const seen = check(json, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.finding.fixes?.length ?? 0]), [['"readinessprobe"', 0], ['"failureTreshold"', 1]]);
  assert.match(seen[0].message, /"readinessProbe" is set too: merge the two, or remove this one\.$/);
  assert.equal(JSON.parse(applyFix(json, seen[1].finding)).spec.containers[0].startupProbe.failureThreshold, 30);
});

test('near miss: every known field; objects the schema does not model (env, resources, securityContext) are not descended', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web, labels: { anything: goes } }
spec:
  containers:
    - name: app
      image: demo
      imagePullPolicy: IfNotPresent
      command: [server]
      args: [--port=8080]
      workingDir: /srv
      env: [{ name: A, value: b, anyKey: x }]
      envFrom: []
      resources: { limits: { cpu: 1, whatever: 2 } }
      securityContext: { runAsNonRoot: true, madeUp: 1 }
      volumeMounts: []
      terminationMessagePath: /dev/termination-log
      terminationMessagePolicy: File
      stdin: false
      stdinOnce: false
      tty: false
      ports: [{ name: http, containerPort: 8080, hostPort: 8080, protocol: TCP, hostIP: 0.0.0.0 }]
      livenessProbe:
        httpGet: { path: /, port: http, host: localhost, scheme: HTTP, httpHeaders: [{ name: A, value: b }] }
        initialDelaySeconds: 1
        timeoutSeconds: 1
        periodSeconds: 1
        successThreshold: 1
        failureThreshold: 1
        terminationGracePeriodSeconds: 1
      readinessProbe: { grpc: { port: 9090, service: health } }
      startupProbe: { tcpSocket: { port: 80, host: localhost } }
      lifecycle:
        postStart: { exec: { command: [a] } }
        preStop: { sleep: { seconds: 1 } }
  ephemeralContainers:
    - name: debug
      image: busybox
      targetContainerName: app
`;
  assert.deepEqual(check(yaml, RULE), []);
});

test('near miss: a YAML merge key (`<<: *anchor`) in a probe is not an unknown field', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - { name: http, containerPort: 8080 }
  livenessProbe: &probe
    httpGet: { path: /healthz, port: http }
  startupProbe:
    <<: *probe
    failureThreshold: 30
`);
  assert.deepEqual(check(yaml, RULE), []);
  assert.deepEqual(check(yaml, 'schema/duplicate-key'), []);
  assert.deepEqual(check(yaml, 'api/probe-no-handler'), []);
});

test('a probe mis-indented to the pod spec level is flagged on its key (Deployment, List item)', () => {
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: app
          image: demo
      livenessProbe:
        httpGet: { path: /healthz, port: 8080 }
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: { name: p }
    spec:
      restartPolicy: Always
      containers:
        - name: app
          image: demo
      lifecycle:
        preStop: { sleep: { seconds: 5 } }
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['livenessProbe', '10:7-10:20'], ['lifecycle', '24:7-24:16']]);
  assert.match(seen[0].message, /belongs to a container.*unknown field "spec\.template\.spec\.livenessProbe"/);
  assert.match(seen[1].message, /unknown field "spec\.lifecycle"/);
});
