import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../../../src/core/lint/engine';
import { applyFix, check, deployment } from '../helpers';

const RULE = 'probe/explicit-timing-fields';

test('off by default', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    tcpSocket: { port: 80 }
`);
  assert.equal(lintText(yaml).findings.filter((f) => f.rule === RULE).length, 0);
});

test('when enabled: flags the probe key, lists the defaults, and the fix writes them out', () => {
  const yaml = deployment(`
- name: app
  readinessProbe:
    tcpSocket: { port: 80 }
    periodSeconds: 5
`);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].text, 'readinessProbe');
  assert.equal(seen[0].at, '14:11-14:25');
  assert.equal(
    seen[0].message,
    'Readiness probe leaves initialDelaySeconds (0), timeoutSeconds (1), successThreshold (1), failureThreshold (3) to the defaults: write them out so the timing is visible in the manifest.',
  );
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(
    fixed,
    /periodSeconds: 5\n {12}initialDelaySeconds: 0\n {12}timeoutSeconds: 1\n {12}successThreshold: 1\n {12}failureThreshold: 3\n$/,
  );
  assert.deepEqual(check(fixed, RULE), []);
});

test('near miss: all five fields written (0 counts as written)', () => {
  const yaml = deployment(`
- name: app
  livenessProbe:
    tcpSocket: { port: 80 }
    initialDelaySeconds: 0
    periodSeconds: 10
    timeoutSeconds: 0
    successThreshold: 1
    failureThreshold: 3
`);
  assert.deepEqual(check(yaml, RULE), []);
});
