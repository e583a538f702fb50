import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, deployment } from '../helpers';

const RULE = 'probe/port-declared-non-tcp';

test('flags a probe port that names a UDP port, on the port value', () => {
  const yaml = deployment(`
- name: dns
  ports:
    - name: dns
      containerPort: 53
      protocol: UDP
  livenessProbe:
    tcpSocket:
      port: dns
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'dns');
  assert.equal(seen[0].at, '20:21-20:24');
  assert.equal(seen[0].severity, 'warning');
  assert.equal(
    seen[0].message,
    'Liveness probe port dns is declared only as dns (53/UDP) on container "dns", but tcpSocket always connects over TCP (to port 53). Point it at a TCP port, or declare 53 with protocol TCP if the app serves TCP there too.',
  );
  assert.equal(seen[0].finding.fixes, undefined);
});

test('flags an integer port whose only matches are SCTP', () => {
  const seen = check(deployment(`
- name: app
  ports: [{ containerPort: 9000, protocol: SCTP }]
  readinessProbe:
    httpGet: { port: 9000 }
`), RULE);
  assert.deepEqual(seen.map((s) => s.text), ['9000']);
  assert.match(seen[0].message, /declared only as 9000\/SCTP/);
});

test('near misses: the same number also declared as TCP, a TCP named port, an undeclared port', () => {
  const yaml = deployment(`
- name: dns
  ports:
    - { name: dns, containerPort: 53, protocol: UDP }
    - { name: dns-tcp, containerPort: 53, protocol: TCP }
  livenessProbe:
    tcpSocket: { port: 53 }
  readinessProbe:
    tcpSocket: { port: dns-tcp }
  startupProbe:
    tcpSocket: { port: 8080 }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
