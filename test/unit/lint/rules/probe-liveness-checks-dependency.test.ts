import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, deployment } from '../helpers';

const RULE = 'probe/liveness-checks-dependency';

test('flags a liveness command that contacts another host, on the host inside the command', () => {
  const yaml = deployment(`
- name: api
  livenessProbe:
    exec:
      command:
        - sh
        - -c
        - pg_isready -h postgres.db.svc -p 5432
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'postgres.db.svc');
  assert.equal(seen[0].at, '19:33-19:48');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'Liveness probe contacts another host (postgres.db.svc): if it is down, the kubelet restarts this container and every replica, which does not bring it back. Check dependencies in the readiness probe and keep liveness local.',
  );
  assert.equal(seen[0].finding.fixes, undefined);
});

test('URLs, --host=, -addr and nc targets are recognised', () => {
  const yaml = deployment(`
- name: a
  livenessProbe: { exec: { command: [curl, -fsS, "http://auth:8080/healthz"] } }
- name: b
  livenessProbe: { exec: { command: [mysqladmin, ping, --host=mysql-primary] } }
- name: c
  livenessProbe: { exec: { command: [grpc_health_probe, -addr=backend:9090] } }
- name: d
  livenessProbe: { exec: { command: [nc, -z, -w, "2", redis, "6379"] } }
`);
  assert.deepEqual(check(yaml, RULE).map((s) => s.text), ['auth', 'mysql-primary', 'backend', 'redis']);
});

test('near misses: localhost and loopback, variables, readiness probes, flags that are not hosts', () => {
  const yaml = deployment(`
- name: a
  livenessProbe: { exec: { command: [sh, -c, "redis-cli -h localhost ping && curl -f http://127.0.0.1:8080/"] } }
  readinessProbe: { exec: { command: [pg_isready, -h, postgres] } }
- name: b
  livenessProbe: { exec: { command: [sh, -c, "mysqladmin ping -h $MYSQL_HOST; df -h /data"] } }
- name: c
  livenessProbe: { exec: { command: [grpc_health_probe, "-addr=:9090"] } }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
