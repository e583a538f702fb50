import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/httpheader-name-invalid';

test('flags an underscore in a header name on the value; the message quotes the API server (no index in its path)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet:
      port: 8080
      httpHeaders:
        - name: Accept
          value: application/json
        - name: X_Request_Id
          value: probe
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['X_Request_Id', '21:25-21:37']]);
  assert.match(
    seen[0].message,
    /\("spec\.template\.spec\.containers\[0\]\.livenessProbe\.httpGet\.httpHeaders: Invalid value: "X_Request_Id": a valid HTTP header must consist of alphanumeric characters or '-' \(e\.g\. 'X-Header-Name', regex used for validation is '\[-A-Za-z0-9\]\+'\)"\)/,
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /- name: X-Request-Id\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('a trailing colon, a space and an empty name (Pod, sidecar)', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      startupProbe:
        httpGet:
          port: 9901
          httpHeaders:
            - { name: "Host:", value: example.com }
            - { name: "", value: x }
            - { name: "X Trace", value: "1" }
  containers:
    - name: app
      image: demo
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['"Host:"', '""', '"X Trace"']);
  assert.equal(applyFix(yaml, seen[0].finding).includes('{ name: "Host", value'), true);
  assert.equal(seen[1].finding.fixes, undefined);
  assert.equal(applyFix(yaml, seen[2].finding).includes('{ name: "X-Trace", value'), true);
});

test('near miss: valid names, any value, a header without name (schema/missing-required), a plain init container', () => {
  const yaml = deployment(`
- name: app
  image: demo
  readinessProbe:
    httpGet:
      port: 8080
      httpHeaders:
        - { name: X-Forwarded-Proto, value: "https: yes, really!" }
        - { value: orphan }
`, `
initContainers:
  - name: setup
    image: busybox
    readinessProbe:
      httpGet: { port: 1, httpHeaders: [{ name: bad_name, value: x }] }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
