import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/httpget-scheme-unsupported';

test('flags lower-case `https` on its value and fixes it to HTTPS', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet:
      path: /healthz
      port: 8443
      scheme: https
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['https', '19:23-19:28']]);
  assert.match(
    seen[0].message,
    /\("spec\.template\.spec\.containers\[0\]\.livenessProbe\.httpGet\.scheme: Unsupported value: "https": supported values: "HTTP", "HTTPS""\)/,
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /scheme: HTTPS\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('keeps the quotes of a JSON value; a scheme that is no HTTP at all gets no fix (Pod hook)', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: demo
      readinessProbe:
        httpGet: { "port": 8080, "scheme": "Http" }
      lifecycle:
        preStop:
          httpGet: { port: 8080, scheme: TCP }
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => s.text), ['"Http"', 'TCP']);
  assert.equal(applyFix(yaml, seen[0].finding).includes('"scheme": "HTTP"'), true);
  assert.equal(seen[1].finding.fixes, undefined);
  assert.match(seen[1].message, /Use HTTP or HTTPS\.$/);
});

test('near miss: HTTP, HTTPS, an empty scheme (defaults to HTTP), httpGet as a second handler', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { port: 8080, scheme: HTTPS }
  readinessProbe:
    httpGet: { port: 8080, scheme: "" }
  startupProbe:
    exec: { command: [check] }
    httpGet: { port: 8080, scheme: https }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
