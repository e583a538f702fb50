import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'api/probe-multiple-handlers';

test('flags every handler after the first in API order (exec, httpGet, tcpSocket…), each on its key', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    tcpSocket:
      port: 8080
    httpGet:
      path: /healthz
      port: 8080
    exec:
      command: [cat, /tmp/ok]
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['tcpSocket', '16:13-16:22'], ['httpGet', '18:13-18:20']]);
  assert.equal(seen[1].severity, 'error');
  assert.match(seen[1].message, /`httpGet` next to `exec`/);
  assert.match(seen[1].message, /"spec\.template\.spec\.containers\[0\]\.livenessProbe\.httpGet: Forbidden: may not specify more than 1 handler type"/);
  // Removing both extra handlers leaves the first one, and a clean probe.
  const once = applyFix(yaml, seen[1].finding);
  assert.doesNotMatch(once, /httpGet/);
  const twice = applyFix(once, check(once, RULE)[0].finding);
  assert.match(twice, /livenessProbe:\n {12}exec:\n {14}command: \[cat, \/tmp\/ok\]\n/);
  assert.deepEqual(check(twice, RULE), []);
});

test('flags a second handler in a hook (sleep after httpGet) and in a sidecar (grpc comes after tcpSocket)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  lifecycle:
    preStop:
      httpGet: { path: /drain, port: 8080 }
      sleep: { seconds: 5 }
`, `
initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    readinessProbe:
      grpc: { port: 9901 }
      tcpSocket: { port: 9901 }
`);
  assert.deepEqual(check(yaml, RULE).map((s) => [s.text, s.at]), [['grpc', '17:13-17:17'], ['sleep', '25:15-25:20']]);
});

test('near miss: one handler, a null handler field, a plain init container (its own rule), sleep in a probe (not a probe handler)', () => {
  const yaml = deployment(`
- name: app
  image: demo
  livenessProbe:
    httpGet:
    exec: { command: [cat, /tmp/ok] }
  readinessProbe:
    tcpSocket: { port: 8080 }
    sleep: { seconds: 1 }
`, `
initContainers:
  - name: setup
    image: busybox
    livenessProbe:
      exec: { command: ["true"] }
      tcpSocket: { port: 1 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});

test('JSON Pod: the fix keeps valid JSON', () => {
  const json = `{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": { "name": "web" },
  "spec": {
    "containers": [
      {
        "name": "app",
        "image": "demo",
        "readinessProbe": {
          "httpGet": { "path": "/ready", "port": 8080 },
          "tcpSocket": { "port": 8080 },
          "periodSeconds": 5
        }
      }
    ]
  }
}
`;
  const seen = check(json, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['"tcpSocket"', '12:11-12:22']]);
  assert.match(seen[0].message, /"spec\.containers\[0\]\.readinessProbe\.tcpSocket: Forbidden/);
  const fixed = applyFix(json, seen[0].finding);
  assert.deepEqual(JSON.parse(fixed).spec.containers[0].readinessProbe, { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 });
  assert.deepEqual(check(fixed, RULE), []);
});
