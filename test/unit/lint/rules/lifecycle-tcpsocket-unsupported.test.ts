import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, deployment } from '../helpers';

const RULE = 'lifecycle/tcpsocket-unsupported';

test('flags tcpSocket in postStart and preStop hooks on the tcpSocket key', () => {
  const yaml = deployment(`
- name: app
  lifecycle:
    postStart:
      tcpSocket:
        port: 8080
    preStop:
      tcpSocket: { port: 8080 }
`);
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [
    ['tcpSocket', '16:15-16:24'],
    ['tcpSocket', '19:15-19:24'],
  ]);
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'PostStart hook uses tcpSocket, which the kubelet does not support in lifecycle hooks (the API accepts it, but the hook fails and the container is killed). Use exec, httpGet or sleep.',
  );
  assert.match(seen[1].message, /^PreStop hook .* the hook fails and is skipped\)/);
});

test('near misses: tcpSocket in a probe, httpGet/sleep/exec hooks', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    tcpSocket: { port: 8080 }
  lifecycle:
    postStart:
      exec: { command: [touch, /tmp/started] }
    preStop:
      sleep: { seconds: 5 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
