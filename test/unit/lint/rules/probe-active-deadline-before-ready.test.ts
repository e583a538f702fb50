// probe/active-deadline-before-ready — the kubelet fails the pod at startTime + activeDeadlineSeconds
// whatever its probes say (pkg/kubelet/active_deadline.go pastActiveDeadline / ShouldEvict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../helpers';
import { pod } from '../probe-helpers';

const RULE = 'probe/active-deadline-before-ready';

test('flags a startupProbe that allows more start-up time than activeDeadlineSeconds, on the probe key', () => {
  const yaml = pod(`
- name: app
  startupProbe:
    httpGet: { port: 8080 }
    periodSeconds: 10
    failureThreshold: 30
`, 'activeDeadlineSeconds: 120');
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'startupProbe');
  assert.equal(seen[0].at, '11:7-11:19');
  assert.equal(seen[0].severity, 'info');
  assert.equal(
    seen[0].message,
    'activeDeadlineSeconds 120 is shorter than the start-up this startupProbe allows (initialDelaySeconds 0 + failureThreshold 30 × periodSeconds 10 = 300 s): a start slower than 120 s fails the whole pod (DeadlineExceeded) instead of being waited for.',
  );
});

test('flags a readiness probe that cannot pass before the deadline (no startupProbe)', () => {
  const yaml = pod(`
- name: app
  readinessProbe:
    httpGet: { port: 8080 }
    initialDelaySeconds: 60
`, 'activeDeadlineSeconds: 60');
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'readinessProbe');
  assert.match(seen[0].message, /^activeDeadlineSeconds 60 ends the pod before this readiness probe can first pass \(no earlier than 60 s/);
});

test('near misses: a deadline at least the startup budget, a readiness probe that can pass in time, no deadline, a templated deadline', () => {
  const startup = `
- name: app
  startupProbe:
    httpGet: { port: 8080 }
    periodSeconds: 10
    failureThreshold: 30
`;
  assert.deepEqual(check(pod(startup, 'activeDeadlineSeconds: 300'), RULE), []);
  assert.deepEqual(check(pod(startup), RULE), []);
  assert.deepEqual(check(pod(startup, 'activeDeadlineSeconds: "{{ .Values.deadline }}"'), RULE), []);
  assert.deepEqual(check(pod(`
- name: app
  readinessProbe:
    httpGet: { port: 8080 }
    initialDelaySeconds: 59
`, 'activeDeadlineSeconds: 60'), RULE), []);
});
