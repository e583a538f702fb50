// workload/min-ready-not-below-progress-deadline — validation.go ValidateDeploymentSpec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from '../helpers';

const RULE = 'workload/min-ready-not-below-progress-deadline';
const deploy = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
${spec}  template:
    spec:
      containers: [{ name: web, image: web }]
`;

test('ValidateDeploymentSpec: progressDeadlineSeconds must be greater than minReadySeconds', () => {
  const seen = check(deploy('  minReadySeconds: 30\n  progressDeadlineSeconds: 30\n'), RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at, s.severity, s.message]), [['30', '5:20-5:22', 'error', 'progressDeadlineSeconds (30) must be greater than minReadySeconds (30) — the API server rejects it.']]);
});

test('SetDefaults_Deployment: an unwritten deadline is 600', () => {
  assert.match(check(deploy('  minReadySeconds: 600\n'), RULE)[0].message, /^progressDeadlineSeconds \(600, the default\) must be greater than minReadySeconds \(600\)/);
  assert.deepEqual(check(deploy('  minReadySeconds: 599\n'), RULE), []);
  assert.deepEqual(check(deploy('  minReadySeconds: 30\n  progressDeadlineSeconds: 31\n'), RULE), []);
});
