// `kube-probes simulate` through the CLI dispatcher, with real files and captured output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';

let dir = '';
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:1
        livenessProbe: {httpGet: {path: /healthz, port: 8080}, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
      - {name: job, image: tool:1}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: app, image: app:1}
`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kp-sim-'));
  await writeFile(join(dir, 'all.yaml'), DEPLOY);
  await writeFile(join(dir, 'slow.yaml'), 'until: 400\ncontainers:\n  app:\n    runs: [{healthyAfter: 60}]\n');
  await writeFile(join(dir, 'job.yaml'), 'until: 100\ncontainers:\n  job:\n    runs: [{exitAfter: 30}]\n');
  await writeFile(join(dir, 'bad.yaml'), 'containers:\n  app:\n    runs:\n      - healthyAfter: soon\n');
});
after(() => rm(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const io = memoryIO(dir);
  const code = await main(['simulate', ...args], io);
  return { code, out: io.out, err: io.err };
}

test('simulate --help documents the default scenario and the exit codes', async () => {
  const r = await cli('--help');
  assert.equal(r.code, 0);
  assert.match(r.out, /usage: kube-probes simulate FILE/);
  assert.match(r.out, /Without it: every container is\s+healthy at once and never exits/);
  assert.match(r.out, /0 the simulation ran/);
  assert.match(r.out, /1 with --fail-on-unhealthy: the pod ends unhealthy/);
});

test('the headline slow start: a text timeline and the verdicts; exit 1 with --fail-on-unhealthy (CrashLoopBackOff)', async () => {
  assert.equal((await cli('all.yaml', '--scenario', 'slow.yaml', '--fail-on-unhealthy')).code, 1);
  const r = await cli('all.yaml', '--scenario', 'slow.yaml');
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  const lines = r.out.split('\n');
  assert.equal(lines[0], 'Deployment/web: shop/web, restartPolicy Always, 400 s simulated');
  assert.equal(lines[1], '  app  Liveness: http-get http://:8080/healthz delay=10s timeout=1s period=10s #success=1 #failure=3');
  assert.ok(lines.some((l) => /^ +30\.0s {2}app {2}state +Running → Terminated {2}\(Error, exit code 143\)$/.test(l)), r.out);
  assert.ok(lines.some((l) => /^ +150\.0s {2}app {2}state +Terminated → Waiting {2}\(CrashLoopBackOff: back-off 40s restarting failed container=app pod=web_shop\(/.test(l)), r.out);
  assert.ok(lines.includes('at 400 s: phase Running, READY 0/1, STATUS CrashLoopBackOff, RESTARTS 6 (70s ago)'), r.out);
  assert.ok(lines.some((l) => l.includes('a startupProbe with failureThreshold 12 × periodSeconds 10 would allow 120 s for start-up')));
});

test('--format json: events and final as in simulation.md, plus attempts, kubeletEvents, watch and verdicts', async () => {
  const r = await cli('all.yaml', '--scenario=slow.yaml', '--format', 'json');
  assert.equal(r.code, 0);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j), ['events', 'final', 'attempts', 'kubeletEvents', 'watch', 'verdicts']);
  assert.deepEqual(j.events[0], { t: 0, subject: 'app', field: 'state', from: '', to: 'Waiting', reason: 'ContainerCreating' });
  assert.deepEqual(j.final.containers.app.reason, 'CrashLoopBackOff');
  assert.equal(j.final.phase, 'Running');
  assert.deepEqual(j.attempts[0], { t: 10, container: 'app', kind: 'livenessProbe', ok: false });
  assert.ok(j.verdicts.some((v: { kind: string }) => v.kind === 'crash-loop'));
});

test('--workload picks by KIND/NAME or NAME; ambiguous or unknown names list the choices (exit 2)', async () => {
  const job = await cli('all.yaml', '--workload', 'Job/migrate', '--scenario', 'job.yaml');
  assert.equal(job.code, 0, job.err);
  assert.match(job.out, /^Job\/migrate: default\/migrate, restartPolicy OnFailure, 100 s simulated/);
  assert.match(job.out, /The pod completed \(Succeeded\) at 30 s/);
  const byName = await cli('all.yaml', '--workload', 'migrate', '--scenario', 'job.yaml');
  assert.equal(byName.code, 0);
  const ambiguous = await cli('all.yaml', '--workload', 'web');
  assert.equal(ambiguous.code, 2);
  assert.equal(ambiguous.err, "kube-probes simulate: workload 'web' is ambiguous in all.yaml (Deployment/web, Pod/web); use KIND/NAME\n");
  const missing = await cli('all.yaml', '--workload', 'StatefulSet/db');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /workload 'StatefulSet\/db' not found in all\.yaml; workloads: Deployment\/web, Job\/migrate, Pod\/web/);
  const pod = await cli('all.yaml', '--workload', 'pod/web');
  assert.equal(pod.code, 0, 'the default scenario: healthy at once, Ready');
});

test('usage errors exit 2 with a message on stderr: missing FILE, unreadable files, bad options, bad scenario', async () => {
  const none = await cli();
  assert.equal(none.code, 2);
  assert.match(none.err, /FILE is missing\n\nusage:/);
  const gone = await cli('nope.yaml');
  assert.equal(gone.code, 2);
  assert.equal(gone.err, 'kube-probes simulate: cannot read nope.yaml: no such file\n');
  const noScenario = await cli('all.yaml', '--scenario', 'missing.yaml');
  assert.match(noScenario.err, /cannot read missing\.yaml: no such file/);
  assert.equal((await cli('all.yaml', '--format', 'xml')).code, 2);
  assert.equal((await cli('all.yaml', '--until', '5')).code, 2);
  const bad = await cli('all.yaml', '--scenario', 'bad.yaml');
  assert.equal(bad.code, 2);
  assert.equal(bad.err, 'kube-probes simulate: bad.yaml: line 4: containers.app.runs[0].healthyAfter: expected a number of seconds, got "soon"\n');
  await writeFile(join(dir, 'empty.yaml'), 'kind: ConfigMap\nmetadata: {name: x}\n');
  const empty = await cli('empty.yaml');
  assert.equal(empty.code, 2);
  assert.match(empty.err, /no workload with a pod spec in empty\.yaml/);
  await writeFile(join(dir, 'wrong.yaml'), 'containers:\n  db: {}\n');
  const wrong = await cli('all.yaml', '--scenario', 'wrong.yaml');
  assert.equal(wrong.code, 2);
  assert.equal(wrong.err, 'kube-probes simulate: wrong.yaml: containers.db: the pod has no container named "db" (it has: app)\n');
  const noContainers = await cli('-');
  assert.equal(noContainers.code, 2);
  assert.equal(noContainers.err, 'kube-probes simulate: no workload with a pod spec in <stdin>\n');
});

test("FILE '-' reads the manifest from standard input", async () => {
  const io = memoryIO(dir, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n');
  const code = await main(['simulate', '-', '--format', 'json'], io);
  assert.equal(code, 0, io.err);
  assert.equal(JSON.parse(io.out).final.conditions.Ready, 'True');
});
