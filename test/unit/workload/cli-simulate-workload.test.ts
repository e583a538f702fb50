// `kube-probes simulate FILE --scenario S` with a workload scenario: JSON and text through the CLI.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';

const dir = mkdtempSync(join(tmpdir(), 'workload-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const DEPLOY = write('web.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: web
          readinessProbe: { httpGet: { path: /ready, port: 8080 }, periodSeconds: 5 }
---
apiVersion: v1
kind: Pod
metadata: { name: solo }
spec:
  containers: [{ name: app, image: web }]
`);
const ROLLOUT = write('rollout.yaml', `until: 300
rollout:
  at: 30
  old: { containers: { app: { runs: [ { healthyAfter: 5 } ] } } }
containers:
  app:
    runs: [ { healthyAfter: 12 } ]
`);

test('simulate with a rollout scenario prints the workload transitions as JSON', async () => {
  const io = memoryIO(dir);
  assert.equal(await main(['simulate', DEPLOY, '--scenario', ROLLOUT, '--format', 'json'], io), 0, io.err);
  const r = JSON.parse(io.out);
  assert.deepEqual(r.workload, { kind: 'Deployment', name: 'web', namespace: 'shop', strategy: 'RollingUpdate', replicas: 2, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0, progressDeadlineSeconds: 600, nodes: ['node-1', 'node-2', 'node-3'] });
  assert.equal(r.final.updatedReplicas, 2);
  assert.equal(r.final.conditions.Progressing.reason, 'NewReplicaSetAvailable');
  // maxUnavailable 0 (25 % of 2 rounded down): never below 2 ready.
  assert.equal(r.verdicts[0].text, 'The rollout completes at 60 s (30 s after it started), never below 2 of 2 ready.');
  assert.ok(r.pods.every((p: { events: unknown[] }) => p.events.length > 0), 'each pod carries its own transitions');
});

test('text output, and --fail-on-unhealthy exits 1 when the rollout gets stuck', async () => {
  const stuck = write('stuck.yaml', `until: 900
rollout: { at: 30, old: { containers: { app: { runs: [ { healthyAfter: 5 } ] } } } }
containers: { app: { runs: [ { healthyAfter: 1000 } ] } }
`);
  const io = memoryIO(dir);
  assert.equal(await main(['simulate', DEPLOY, '--scenario', stuck, '--fail-on-unhealthy'], io), 1);
  assert.match(io.out, /^Deployment\/web: 2 replicas, RollingUpdate \(maxSurge 1, maxUnavailable 0\)/);
  assert.match(io.out, /ProgressDeadlineExceeded at 630 s: the new pods never became available within progressDeadlineSeconds \(600 s\)/);
});

test('a workload scenario for a Pod is a usage error; a pod scenario still gives the pod output', async () => {
  const io = memoryIO(dir);
  assert.equal(await main(['simulate', DEPLOY, '--workload', 'Pod/solo', '--scenario', ROLLOUT], io), 2);
  assert.match(io.err, /is simulated for Deployment, StatefulSet, DaemonSet, Job; Pod\/solo is a Pod \(use a pod scenario for it\)/);
  const pod = write('pod-scenario.yaml', 'until: 60\ncontainers: { app: { runs: [ { healthyAfter: 5 } ] } }\n');
  const out = memoryIO(dir);
  assert.equal(await main(['simulate', DEPLOY, '--scenario', pod, '--format', 'json'], out), 0);
  assert.ok(Array.isArray(JSON.parse(out.out).events) && JSON.parse(out.out).final.phase === 'Running');
});
