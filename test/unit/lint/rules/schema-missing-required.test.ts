import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../../src/core/lint/engine';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'schema/missing-required';

const noPort = deployment(`
- name: app
  image: demo
  ports:
    - name: http
      containerPort: 8080
  livenessProbe:
    httpGet:
      path: /healthz
`);

test('httpGet without a port: flagged on the httpGet key with the API error for port 0; fix adds the only port', () => {
  const seen = check(noPort, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['httpGet', '19:13-19:20']]);
  assert.match(
    seen[0].message,
    /^livenessProbe\.httpGet has no port: the API server reads a missing port as 0 and rejects it \("spec\.template\.spec\.containers\[0\]\.livenessProbe\.httpGet\.port: Invalid value: 0: must be between 1 and 65535, inclusive"\)/,
  );
  const fixed = applyFix(noPort, seen[0].finding);
  assert.match(fixed, /httpGet:\n {14}path: \/healthz\n {14}port: http\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a missing port is reported by this rule and by api/port-out-of-range (both catalog rows name it), on the handler key', () => {
  const about = lintText(noPort).findings.filter((f) => /no port/.test(f.message));
  assert.deepEqual(about.map((f) => f.rule).sort(), ['api/port-out-of-range', RULE]);
  assert.equal(about[0].span.start, about[1].span.start);
});

test('tcpSocket in a hook and grpc (numbers only) in a Pod; several ports: no guess', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: demo
      ports:
        - { name: grpc, containerPort: 9090 }
      readinessProbe:
        grpc:
          service: health
      lifecycle:
        preStop:
          tcpSocket: {}
    - name: two
      image: demo
      ports: [{ containerPort: 80 }, { containerPort: 81 }]
      livenessProbe:
        tcpSocket:
          host: 127.0.0.1
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['grpc', '11:9-11:13'], ['tcpSocket', '15:11-15:20'], ['tcpSocket', '20:9-20:18']]);
  assert.equal(seen[0].finding.fixes?.[0].title, "Add port: 9090 (the container's only port)");
  const hook = applyFix(yaml, seen[1].finding);
  assert.match(hook, /preStop:\n {10}tcpSocket:\n {12}port: grpc\n/, 'an empty flow map under a block key becomes a block');
  assert.deepEqual(check(hook, RULE).map((s) => s.text), ['grpc', 'tcpSocket'], 're-linted: the hook is fixed');
  assert.equal(seen[2].finding.fixes, undefined);
  assert.match(applyFix(yaml, seen[0].finding), /grpc:\n {10}service: health\n {10}port: 9090\n/);
});

test('HTTP headers: no name is an error, no value a warning (the API server accepts it)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  readinessProbe:
    httpGet:
      port: 8080
      httpHeaders:
        - value: gzip
        - name: X-Empty
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at, s.severity]), [['value: gzip', '23:19-23:30', 'error'], ['name: X-Empty', '24:19-24:32', 'warning']]);
  assert.match(seen[0].message, /readinessProbe\.httpGet\.httpHeaders\[0\] has no name: .*"spec\.template\.spec\.containers\[0\]\.readinessProbe\.httpGet\.httpHeaders: Invalid value: "": a valid HTTP header/);
});

test('near miss: ports present, null handlers, a Knative Service (Knative fills the port in)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { port: 8080, httpHeaders: [{ name: A, value: "" }] }
  readinessProbe:
    tcpSocket:
`);
  assert.deepEqual(check(yaml, RULE), []);
  const knative = `apiVersion: serving.knative.dev/v1
kind: Service
metadata: { name: hello }
spec:
  template:
    spec:
      containers:
        - image: hello
          livenessProbe:
            httpGet:
              path: /healthz
`;
  assert.deepEqual(check(knative, RULE), []);
});
