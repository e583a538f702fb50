import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'schema/wrong-type';

test('a quoted number for an integer field: flagged on the value, fixed by unquoting', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { path: /healthz, port: 8080 }
    periodSeconds: "10"
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['"10"', '17:28-17:32']]);
  assert.equal(
    seen[0].message,
    'livenessProbe.periodSeconds must be an integer, not the string "10": the API server cannot decode it and rejects the object. Write 10 without quotes.',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /periodSeconds: 10\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('grpc.port takes no named ports: the fix uses the number of the declared port', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - name: grpc
      containerPort: 9090
  readinessProbe:
    grpc: { port: grpc }
  startupProbe:
    grpc: { port: health }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['grpc', '19:27-19:31'], ['health', '21:27-21:33']]);
  assert.match(seen[0].message, /gRPC probes do not support named ports: use 9090, the containerPort of "grpc"\.$/);
  assert.match(seen[1].message, /gRPC probes do not support named ports: write the port number\.$/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /grpc: \{ port: 9090 \}/);
  assert.deepEqual(check(fixed, RULE).map((s) => s.text), ['health']);
});

test('exec.command as a string: split into a list, or run through a shell when it uses shell syntax (hook, sidecar)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    exec:
      command: cat /tmp/healthy
  lifecycle:
    preStop:
      exec: { command: "nginx -s quit && sleep 5" }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.finding.fixes?.[0].preferred]), [['cat /tmp/healthy', true], ['"nginx -s quit && sleep 5"', false]]);
  assert.match(seen[0].message, /livenessProbe\.exec\.command must be a list of strings, not the string "cat \/tmp\/healthy"/);
  const fixed = applyFix(applyFix(yaml, seen[1].finding), seen[0].finding);
  assert.match(fixed, /command: \["cat", "\/tmp\/healthy"\]\n/);
  assert.match(fixed, /command: \["sh", "-c", "nginx -s quit && sleep 5"\] \}/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('numbers and YAML 1.1 booleans where a string belongs are quoted; quoted booleans unquoted (Pod, init container)', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: setup
      image: busybox
      tty: "true"
      command: [sleep, 5]
  containers:
    - name: app
      image: demo
      readinessProbe:
        httpGet:
          port: 8080
          httpHeaders:
            - name: X-Version
              value: 2
            - name: X-Debug
              value: yes
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.finding.fixes?.[0].title]), [
    ['"true"', 'Write true without quotes'],
    ['5', 'Quote it: "5"'],
    ['2', 'Quote it: "2"'],
    ['yes', 'Quote it: "yes"'],
  ]);
  assert.match(seen[3].message, /readinessProbe\.httpGet\.httpHeaders\[1\]\.value must be a string, not yes, which Kubernetes reads as a boolean \(YAML 1\.1\)/);
  let fixed = yaml;
  for (const s of [...seen].reverse()) fixed = applyFix(fixed, s.finding);
  assert.deepEqual(check(fixed, RULE), []);
});

test('collections and fractions: flagged without a fix', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe: true
  readinessProbe:
    tcpSocket: { port: 80.5 }
    exec: [cat]
`);
  assert.deepEqual(check(yaml, RULE).map((s) => [s.text, s.finding.fixes]), [['true', undefined], ['80.5', undefined], ['exec', undefined]]);
});

test('near miss: int-or-string ports accept "8080" (a name for the API server), plain yes for a boolean, nulls', () => {
  const yaml = deployment(`
- name: app
  image: demo
  stdin: yes
  tty: on
  livenessProbe:
    httpGet: { port: "8080", path: "/" }
    periodSeconds:
    timeoutSeconds: 10.0
  readinessProbe:
    tcpSocket: { port: http }
    exec:
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('JSON: a quoted number becomes a JSON number', () => {
  const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [
  {"name": "app", "image": "demo", "livenessProbe": {"tcpSocket": {"port": 80}, "failureThreshold": "3"}}]}}
`;
  const seen = check(json, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['"3"']);
  assert.equal(JSON.parse(applyFix(json, seen[0].finding)).spec.containers[0].livenessProbe.failureThreshold, 3);
});

// staging/src/k8s.io/api/core/v1/types.go declares the probe timings, container/host ports and
// GRPCAction.Port as int32 and HTTPGetAction/TCPSocketAction.Port as intstr.IntOrString (an int32 or a
// string): the API server's JSON decoder rejects a larger number before defaulting and
// pkg/apis/core/validation/validation.go (validateProbe, validateContainerPorts) ever run. The probe's
// and the pod's terminationGracePeriodSeconds and sleep.seconds are int64.
test('int32 fields: a number past 2147483647 (or below -2147483648) does not decode; int64 fields take it', () => {
  const yaml = deployment(`
- name: app
  image: demo
  ports:
    - containerPort: 4294967296
  livenessProbe:
    tcpSocket: { port: 2147483648 }
    periodSeconds: 2147483647
    failureThreshold: 3000000000
    initialDelaySeconds: -2147483649
    terminationGracePeriodSeconds: 3000000000
  readinessProbe:
    grpc: { port: 99999999999 }
  lifecycle:
    preStop: { sleep: { seconds: 3000000000 } }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['4294967296', '2147483648', '3000000000', '-2147483649', '99999999999']);
  assert.equal(
    seen[2].message,
    'livenessProbe.failureThreshold must be a 32-bit integer (-2147483648 to 2147483647), not 3000000000: the API server cannot decode it ("cannot unmarshal number 3000000000 into … of type int32") and rejects the object. Use a smaller number.',
  );
});
