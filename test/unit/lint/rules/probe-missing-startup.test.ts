import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../../src/core/lint/engine';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/missing-startup';

test('off by default', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet: { port: 8080, path: /healthz }
`);
  assert.equal(lintText(yaml).findings.filter((f) => f.rule === RULE).length, 0);
});

test('when enabled: flags a liveness probe without startupProbe on the container name, fix adds a 300 s startup probe', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    httpGet:
      path: /healthz
      port: 8080
    periodSeconds: 5
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'app');
  assert.equal(seen[0].at, '13:17-13:20');
  assert.equal(
    seen[0].message,
    'Container "app" has a livenessProbe but no startupProbe: liveness runs from the start, so a slow start counts as a hang. Add a startupProbe.',
  );
  assert.equal(
    seen[0].finding.fixes?.[0].title,
    'Add a startupProbe with the liveness handler allowing up to 300 s to start (60 × 5 s)',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(
    fixed,
    /periodSeconds: 5\n {10}startupProbe:\n {12}httpGet:\n {14}path: \/healthz\n {14}port: 8080\n {12}periodSeconds: 5\n {12}failureThreshold: 60\n$/,
  );
  assert.deepEqual(check(fixed, RULE), []);
});

test('near misses: startup probe present, no liveness probe, a Job', () => {
  const yaml = deployment(`
- name: a
  livenessProbe: { tcpSocket: { port: 1 } }
  startupProbe: { tcpSocket: { port: 1 } }
- name: b
  readinessProbe: { tcpSocket: { port: 1 } }
`);
  assert.deepEqual(check(yaml, RULE), []);
});
