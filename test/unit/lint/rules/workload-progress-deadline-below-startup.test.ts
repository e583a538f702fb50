// workload/progress-deadline-below-startup — progress.go DeploymentProgressing / DeploymentTimedOut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check } from '../helpers';

const RULE = 'workload/progress-deadline-below-startup';
const deploy = (spec: string, ft = 60) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: search }
spec:
${spec}  template:
    spec:
      containers:
        - name: search
          image: search
          startupProbe:
            httpGet: { path: /healthz, port: 8080 }
            periodSeconds: 10
            failureThreshold: ${ft}
`;

test('a startup budget (plus minReadySeconds) longer than the deadline is flagged at the deadline, and the fix raises it', () => {
  const yaml = deploy('  minReadySeconds: 30\n  progressDeadlineSeconds: 300\n');
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at, s.severity]), [['300', '6:28-6:31', 'warning']]);
  assert.equal(seen[0].message, 'Container "search" may take initialDelaySeconds 0 + failureThreshold 60 × periodSeconds 10 + minReadySeconds 30 = 630 s to become available, longer than progressDeadlineSeconds 300: a rollout step that waits for it is marked ProgressDeadlineExceeded. Raise progressDeadlineSeconds above 630.');
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /progressDeadlineSeconds: 690\n/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('the default deadline of 600 s counts; the fix writes one', () => {
  const yaml = deploy('  replicas: 2\n', 61);
  const seen = check(yaml, RULE);
  assert.equal(seen.length, 1);
  assert.match(seen[0].message, /= 610 s to become available, longer than progressDeadlineSeconds 600 \(the default\)/);
  assert.deepEqual(check(applyFix(yaml, seen[0].finding), RULE), []);
});

test('near misses: a budget within the deadline; no startup probe; not a Deployment', () => {
  assert.deepEqual(check(deploy('  replicas: 2\n', 59), RULE), []);
  assert.deepEqual(check(deploy('  progressDeadlineSeconds: 601\n'), RULE), []);
  assert.deepEqual(check(deploy('  replicas: 2\n').replace('startupProbe', 'livenessProbe'), RULE), []);
  assert.deepEqual(check(deploy('  replicas: 2\n').replace('kind: Deployment', 'kind: StatefulSet'), RULE), []);
});
