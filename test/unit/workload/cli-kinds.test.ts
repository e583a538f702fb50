// `kube-probes simulate FILE --workload KIND/NAME --scenario S` for StatefulSets, DaemonSets, Jobs
// and drains: what a user reads in the text output and in the documented JSON, and the exit codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';
import type { WorkloadResult } from '../../../src/core/workload';

const dir = mkdtempSync(join(tmpdir(), 'workload-kinds-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const FILE = write('kinds.yaml', `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: data }
spec:
  replicas: 2
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - { name: db, image: db, readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 5 } }
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: db, namespace: data }
spec: { minAvailable: 2, selector: { matchLabels: { app: db } } }
---
apiVersion: batch/v1
kind: Job
metadata: { name: once }
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers: [ { name: work, image: w } ]
---
apiVersion: apps/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [ { name: work, image: w } ]
`);

test('StatefulSet with a drain its PodDisruptionBudget never allows: text output shows the refusal, the pods by ordinal and the blocked verdict; --fail-on-unhealthy exits 1', async () => {
  const sc = write('sts-drain.yaml', 'until: 120\nnodes: 2\ncontainers: { db: { runs: [ { healthyAfter: 3 } ] } }\ndrain: [ { at: 30, node: node-1 } ]\n');
  const io = memoryIO(dir);
  assert.equal(await main(['simulate', FILE, '--workload', 'StatefulSet/db', '--scenario', sc, '--fail-on-unhealthy'], io), 1, io.err);
  assert.match(io.out, /^StatefulSet\/db: 2 replicas, OrderedReady, RollingUpdate \(partition 0, maxUnavailable 1\), minReadySeconds 0; 120 s simulated on 2 nodes\n/);
  assert.match(io.out, /30\.0s {2}pod:db-0 +eviction +refused {2}\(TooManyRequests\)/);
  assert.match(io.out, /\n {2}db-0 +created 0 s on node-1, Ready 5 s\n/);
  assert.match(io.out, /drain of node-1 at 30 s, not complete:\n {2}db-0 +still refused at the end \(19 attempts refused by PodDisruptionBudget db\)/);
  assert.match(io.out, /The drain of node-1 is blocked: db-0 is still refused at 120 s — PodDisruptionBudget db allows no disruption/);
});

test('Job: JSON carries the kind-specific fields and the terminal condition; the exit code stays 0 without --fail-on-unhealthy', async () => {
  const sc = write('job.yaml', 'until: 200\ncontainers: { work: { runs: [ { exitAfter: 5, exitCode: 2 } ] } }\npods: []\n');
  const io = memoryIO(dir);
  assert.equal(await main(['simulate', FILE, '--workload', 'Job/once', '--scenario', sc, '--format', 'json'], io), 0, io.err);
  const r = JSON.parse(io.out) as WorkloadResult;
  assert.equal(r.workload.kind, 'Job');
  assert.deepEqual([r.workload.completions, r.workload.parallelism, r.workload.backoffLimit, r.workload.restartPolicy], [1, 1, 1, 'Never']);
  assert.deepEqual(r.final.conditions, { FailureTarget: { status: 'True', reason: 'BackoffLimitExceeded' }, Failed: { status: 'True', reason: 'BackoffLimitExceeded' } });
  assert.deepEqual(r.final.fields, { active: 0, ready: 0, succeeded: 0, failed: 2, terminating: 0 });
  assert.deepEqual(r.pods.map((p) => [p.name, p.phase, p.finishedAt]), [['once-1', 'Failed', 5], ['once-2', 'Failed', 20]]);
  assert.equal(r.verdicts[0].kind, 'job-failed');
});

test('scenario keys a kind cannot take, and kinds without a controller here, are usage errors with the reason', async () => {
  const scale = write('scale.yaml', 'until: 60\ncontainers: { work: { runs: [ {} ] } }\nscale: [ { at: 5, replicas: 2 } ]\n');
  const io = memoryIO(dir);
  assert.equal(await main(['simulate', FILE, '--workload', 'Job/once', '--scenario', scale], io), 2);
  assert.match(io.err, /scale: Jobs are not scaled/);
  const cron = memoryIO(dir);
  assert.equal(await main(['simulate', FILE, '--workload', 'CronJob/nightly', '--scenario', scale], cron), 2);
  assert.match(cron.err, /CronJob\/nightly is a CronJob \(use a pod scenario for it\)/);
  const badNode = write('bad-node.yaml', 'until: 60\ndrain: [ { at: 5, node: node-9 } ]\n');
  const bn = memoryIO(dir);
  assert.equal(await main(['simulate', FILE, '--scenario', badNode], bn), 2);
  assert.match(bn.err, /drain\[0\]\.node: node-9 does not exist \(nodes: node-1 … node-3; set 'nodes' for more\)/);
});
