// workload/surge-and-unavailable-zero — validation.go ValidateRollingUpdateDeployment / ValidateRollingUpdateDaemonSet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, check } from '../helpers';

const RULE = 'workload/surge-and-unavailable-zero';
const deploy = (ru: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  strategy:
    rollingUpdate:
${ru}  template:
    spec:
      containers: [{ name: web, image: web }]
`;

test('ValidateRollingUpdateDeployment: maxUnavailable 0 with maxSurge 0 (or 0%) is rejected; the fix allows one surge pod', () => {
  const yaml = deploy('      maxSurge: 0\n      maxUnavailable: "0%"\n');
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at, s.severity]), [['"0%"', '8:23-8:27', 'error']]);
  assert.match(seen[0].message, /^Deployment strategy\.rollingUpdate\.maxUnavailable may not be 0 when maxSurge is 0 — the API server rejects it/);
  const fixed = applyFix(yaml, seen[0].finding);
  assert.match(fixed, /maxSurge: 1\n {6}maxUnavailable: "0%"/);
  assert.deepEqual(check(fixed, RULE), []);
});

test('near misses: an unset maxSurge defaults to 25 % for a Deployment; percentages that only round to 0 are accepted', () => {
  assert.deepEqual(check(deploy('      maxUnavailable: 0\n'), RULE), []);
  assert.deepEqual(check(deploy('      maxSurge: "10%"\n      maxUnavailable: "10%"\n'), RULE), []);
  assert.deepEqual(check(deploy('      maxSurge: 1\n      maxUnavailable: 0\n'), RULE), []);
});

test('ValidateRollingUpdateDaemonSet: maxSurge defaults to 0 there, so maxUnavailable 0 alone is rejected', () => {
  const yaml = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  updateStrategy:
    rollingUpdate:
      maxUnavailable: 0
  template:
    spec:
      containers: [{ name: agent, image: agent }]
`;
  const seen = check(yaml, RULE);
  assert.deepEqual(seen.map((s) => [s.text, s.at]), [['0', '7:23-7:24']]);
  assert.match(seen[0].message, /^DaemonSet updateStrategy\.rollingUpdate\.maxUnavailable may not be 0/);
  assert.match(applyFix(yaml, seen[0].finding), /maxUnavailable: 0\n {6}maxSurge: 1\n/);
});
