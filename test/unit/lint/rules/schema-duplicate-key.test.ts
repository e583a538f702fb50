import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'schema/duplicate-key';

test('two livenessProbe keys: flagged on the second; the fix removes the first (kubectl keeps the last)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet: { path: /healthz, port: 8080 }
  readinessProbe:
    tcpSocket: { port: 8080 }
  livenessProbe:
    tcpSocket: { port: 8080 }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['livenessProbe', '19:11-19:24']]);
  assert.match(seen[0].message, /^"livenessProbe" appears twice in this mapping \(first on line 15\): kubectl and Helm keep only this last one/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /image: demo\n {10}readinessProbe:\n {12}tcpSocket: \{ port: 8080 \}\n {10}livenessProbe:\n {12}tcpSocket: \{ port: 8080 \}\n$/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('JSON: each repeat is reported; the fix keeps valid JSON', () => {
  const json = `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"}, "spec": {"containers": [
  {"name": "app", "image": "demo",
   "readinessProbe": {"periodSeconds": 5, "tcpSocket": {"port": 80}, "periodSeconds": 10}}]}}
`;
  const seen = check(json, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['"periodSeconds"', '3:70-3:85']]);
  const fixed = applyFix(json, seen[0].finding);
  assert.deepEqual(JSON.parse(fixed).spec.containers[0].readinessProbe, { tcpSocket: { port: 80 }, periodSeconds: 10 });
  assert.deepEqual(check(fixed, RULE), []);
});

test('near miss: the same key in different mappings; Helm if/else branches that repeat a key', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe: { tcpSocket: { port: 8080 } }
  readinessProbe: { tcpSocket: { port: 8080 } }
`);
  assert.deepEqual(check(yaml, RULE), []);
  const helm = deployment(`
- name: app
  image: demo
  {{- if .Values.grpc }}
  livenessProbe: { grpc: { port: 9090 } }
  {{- else }}
  livenessProbe: { tcpSocket: { port: 8080 } }
  {{- end }}
`);
  assert.deepEqual(check(helm, RULE), []);
});
