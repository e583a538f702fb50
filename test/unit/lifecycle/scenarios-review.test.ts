// Scenario tests added in review: each expected timeline is derived by hand from simulation.md and
// kubelet-semantics.md (§7 worker timing, §8 kills and grace periods, §9 back-off, §10 states,
// §11 phase, §12 conditions), not read off the simulator's output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodSpec } from '../../../src/core/k8s';
import { validateScenario } from '../../../src/core/lifecycle/scenario';
import { simulate } from '../../../src/core/lifecycle/simulate';
import type { SimEvent, SimResult } from '../../../src/core/lifecycle/types';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';

function sim(spec: PodSpec, scenario: unknown): SimResult {
  return simulate({ spec, name: 'web', namespace: 'default', uid: 'uid-1', scenario: validateScenario(scenario) });
}
const of = (r: { events: SimEvent[] }, subject: string, field: string) => r.events.filter((e) => e.subject === subject && e.field === field);
const states = (r: { events: SimEvent[] }, c = 'app') =>
  of(r, c, 'state').map((e) => [e.t, e.to, ...(e.reason ? [e.reason] : []), ...(e.exitCode !== undefined ? [e.exitCode] : [])]);
const starts = (r: SimResult, c = 'app') => of(r, c, 'state').filter((e) => e.to === 'Running').map((e) => e.t);
const kills = (r: SimResult, c = 'app') => r.kubeletEvents.filter((k) => k.object === c && k.reason === 'Killing').map((k) => k.t);
const changes = (r: { events: SimEvent[] }, subject: string, field: string) => of(r, subject, field).map((e) => [e.t, e.from, e.to, e.reason]);

let dir = '';
before(async () => { dir = await mkdtemp(join(tmpdir(), 'kp-review-')); });
after(() => rm(dir, { recursive: true, force: true }));

async function cliJson(manifest: string, scenario: string): Promise<{ code: number; json: { events: SimEvent[]; final: SimResult['final'] }; err: string }> {
  await writeFile(join(dir, 'pod.yaml'), manifest);
  await writeFile(join(dir, 'sc.yaml'), scenario);
  const io = memoryIO(dir);
  const code = await main(['simulate', 'pod.yaml', '--scenario', 'sc.yaml', '--format', 'json'], io);
  return { code, json: code === 0 ? JSON.parse(io.out) : { events: [], final: {} }, err: io.err };
}

// ---------------------------------------------------------------------------------------------
// Output shape: first values are kept (the fix in collapseInstantChanges)

test('a pod whose container starts at 0 s is still created Pending (phase "" → Pending → Running), conditions start False', async () => {
  const { code, json } = await cliJson(
    'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: app, image: app:1}\n',
    'until: 10\n',
  );
  assert.equal(code, 0);
  assert.deepEqual(of(json, 'pod', 'phase').map((e) => [e.t, e.from, e.to]), [[0, '', 'Pending'], [0, 'Pending', 'Running']]);
  assert.deepEqual(of(json, 'pod', 'condition:Ready').map((e) => [e.t, e.from, e.to, e.reason]), [
    [0, '', 'False', 'ContainersNotReady'], [0, 'False', 'True', undefined],
  ]);
  assert.deepEqual(of(json, 'pod', 'condition:ContainersReady').map((e) => [e.t, e.from, e.to]), [[0, '', 'False'], [0, 'False', 'True']]);
  assert.deepEqual(states(json), [[0, 'Waiting', 'ContainerCreating'], [0, 'Running']]);
  assert.deepEqual(changes(json, 'app', 'started'), [[0, 'false', 'true', undefined]]);
  assert.deepEqual(changes(json, 'app', 'ready'), [[0, 'false', 'true', undefined]]);
  for (const e of json.events) assert.deepEqual(Object.keys(e).slice(0, 5), ['t', 'subject', 'field', 'from', 'to']);
  assert.deepEqual(json.final.containers.app, { state: 'Running', ready: true, started: true, restartCount: 0 });
});

// ---------------------------------------------------------------------------------------------
// scheduleAfter: everything shifts by the scheduling delay

test('scheduleAfter 20: Pending with PodScheduled False until 20 s, then the crash-loop schedule 20, 20, 30, 50, 90 s', () => {
  const spec: PodSpec = { containers: [{ name: 'app', image: 'app:1' }] };
  const r = sim(spec, { until: 100, scheduleAfter: 20, containers: { app: { runs: [{ exitAfter: 0, exitCode: 1 }] } } });
  assert.deepEqual(changes(r, 'pod', 'condition:PodScheduled'), [[0, '', 'False', 'Unschedulable'], [20, 'False', 'True', undefined]]);
  assert.deepEqual(of(r, 'pod', 'phase').map((e) => [e.t, e.to]), [[0, 'Pending'], [20, 'Running']]);
  assert.ok(r.events.filter((e) => e.t < 20).every((e) => e.subject === 'pod'), 'no container status before the pod is bound');
  assert.deepEqual(starts(r), [20, 20, 30, 50, 90]);
  assert.deepEqual(of(r, 'app', 'state').filter((e) => e.reason === 'CrashLoopBackOff').map((e) => [e.t, e.message]), [
    [20, 'back-off 10s restarting failed container=app pod=web_default(uid-1)'],
    [30, 'back-off 20s restarting failed container=app pod=web_default(uid-1)'],
    [50, 'back-off 40s restarting failed container=app pod=web_default(uid-1)'],
    [90, 'back-off 1m20s restarting failed container=app pod=web_default(uid-1)'],
  ]);
  const never = sim(spec, { until: 15, scheduleAfter: 20 });
  assert.equal(never.final.phase, 'Pending');
  assert.deepEqual(never.final.conditions, { PodScheduled: 'False' });
});

// ---------------------------------------------------------------------------------------------
// Image pulls

test('pulls: ContainerCreating until pulled (PodInitializing when the pod has init containers, §10.2); a failing pull never starts', () => {
  const plain = sim({ containers: [{ name: 'app', image: 'app:1' }] }, { until: 20, containers: { app: { pullSeconds: 7 } } });
  assert.deepEqual(states(plain), [[0, 'Waiting', 'ContainerCreating'], [7, 'Running']]);
  // With an init container every default waiting reason is PodInitializing, also while pulling.
  const init = sim({ initContainers: [{ name: 'init', image: 'b' }], containers: [{ name: 'app', image: 'app:1' }] },
    { until: 20, containers: { init: { pullSeconds: 2, runs: [{ exitAfter: 3 }] }, app: { pullSeconds: 4 } } });
  assert.deepEqual(states(init, 'init'), [[0, 'Waiting', 'PodInitializing'], [2, 'Running'], [5, 'Terminated', 'Completed', 0]]);
  assert.deepEqual(states(init), [[0, 'Waiting', 'PodInitializing'], [9, 'Running']]);
  assert.deepEqual(changes(init, 'pod', 'condition:Initialized').map((e) => [e[0], e[2]]), [[0, 'False'], [5, 'True']]);
  // Two containers; the first cannot be pulled: the second still starts (SyncPod goes on), the pod stays Pending.
  const two = sim({ restartPolicy: 'Always', containers: [{ name: 'a', image: 'bad:1' }, { name: 'b', image: 'b:1' }] },
    { until: 50, containers: { a: { pullFails: true } } });
  // b's start (PLEG) re-syncs the pod at once: a is then inside its 10 s image back-off. Pulls at 0,
  // 10 (10 s after the failure: not < 10), 30 (20 s after 10); ImagePullBackOff in between.
  assert.deepEqual(states(two, 'a'), [
    [0, 'Waiting', 'ContainerCreating'], [0, 'Waiting', 'ErrImagePull'], [0, 'Waiting', 'ImagePullBackOff'],
    [10, 'Waiting', 'ErrImagePull'], [20, 'Waiting', 'ImagePullBackOff'], [30, 'Waiting', 'ErrImagePull'], [40, 'Waiting', 'ImagePullBackOff'],
  ]);
  assert.deepEqual(starts(two, 'b'), [0]);
  assert.equal(two.final.phase, 'Pending');
  assert.deepEqual(two.final.containers.a, { state: 'Waiting', reason: 'ImagePullBackOff', message: 'Back-off pulling image "bad:1"', ready: false, started: false, restartCount: 0 });
  assert.equal(two.final.conditions.Ready, 'False');
});

// ---------------------------------------------------------------------------------------------
// Exits and restart policies

test('oomKilled under OnFailure: Terminated OOMKilled 137, restarted (first at once, then 10 s back-off)', () => {
  const r = sim({ restartPolicy: 'OnFailure', containers: [{ name: 'app', image: 'app:1' }] },
    { until: 40, containers: { app: { runs: [{ exitAfter: 10, oomKilled: true }] } } });
  assert.deepEqual(states(r), [
    [0, 'Waiting', 'ContainerCreating'], [0, 'Running'],
    [10, 'Terminated', 'OOMKilled', 137], [10, 'Running'],
    [20, 'Terminated', 'OOMKilled', 137], [20, 'Waiting', 'CrashLoopBackOff'],
    [30, 'Running'],
    [40, 'Terminated', 'OOMKilled', 137], [40, 'Waiting', 'CrashLoopBackOff'],
  ]);
  assert.deepEqual(changes(r, 'app', 'restartCount').map((e) => [e[0], e[2]]), [[10, '1'], [30, '2']]);
  assert.equal(r.final.phase, 'Running');
});

test('exit 0 under Never → Succeeded; Ready and ContainersReady False PodCompleted, Initialized True PodCompleted (§12)', () => {
  const r = sim({ restartPolicy: 'Never', containers: [{ name: 'app', image: 'app:1' }] }, { until: 30, containers: { app: { runs: [{ exitAfter: 12 }] } } });
  assert.deepEqual(states(r).slice(-1), [[12, 'Terminated', 'Completed', 0]]);
  assert.deepEqual(of(r, 'pod', 'phase').map((e) => [e.t, e.to]), [[0, 'Pending'], [0, 'Running'], [12, 'Succeeded']]);
  assert.deepEqual(changes(r, 'pod', 'condition:Ready').slice(-1), [[12, 'True', 'False', 'PodCompleted']]);
  assert.deepEqual(changes(r, 'pod', 'condition:ContainersReady').slice(-1), [[12, 'True', 'False', 'PodCompleted']]);
  assert.deepEqual(changes(r, 'pod', 'condition:Initialized').slice(-1), [[12, 'True', 'True', 'PodCompleted']]);
  assert.deepEqual(r.final.containers.app, { state: 'Terminated', reason: 'Completed', exitCode: 0, ready: false, started: false, restartCount: 0 });
});

test('runs: one entry per start and the last one repeats (exit 1 at 5 s, exit 2 after 8 s, then runs for ever)', () => {
  const r = sim({ containers: [{ name: 'app', image: 'app:1' }] },
    { until: 200, containers: { app: { runs: [{ exitAfter: 5, exitCode: 1 }, { exitAfter: 8, exitCode: 2 }, { healthyAfter: 0 }] } } });
  // 0 start; 5 exit 1, first restart at once; 13 exit 2, in back-off (10 s since the last Next at 5 s) → 23.
  assert.deepEqual(states(r), [
    [0, 'Waiting', 'ContainerCreating'], [0, 'Running'],
    [5, 'Terminated', 'Error', 1], [5, 'Running'],
    [13, 'Terminated', 'Error', 2], [13, 'Waiting', 'CrashLoopBackOff'],
    [23, 'Running'],
  ]);
  assert.deepEqual(r.final.containers.app, { state: 'Running', ready: true, started: true, restartCount: 2 });
});

// ---------------------------------------------------------------------------------------------
// Liveness kills, grace periods, preStop

test('liveness kill: probe terminationGracePeriodSeconds overrides the pod (45 → 7), preStop 3 s counts against it; 137 vs 143', () => {
  const spec: PodSpec = {
    terminationGracePeriodSeconds: 45,
    containers: [{
      name: 'app', image: 'app:1',
      livenessProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 3, terminationGracePeriodSeconds: 7 },
      lifecycle: { preStop: { sleep: { seconds: 3 } } },
    }],
  };
  const r = sim(spec, { until: 170, containers: { app: { runs: [{ unhealthyAfter: 25, ignoresSigterm: true }, { unhealthyAfter: 25 }] } } });
  // Ticks at 10, 20, 30…; first failing tick 30 → Failure at 30 + 2 × 10 = 50. SIGTERM after the
  // 3 s preStop is ignored; SIGKILL at 50 + 7 = 57 (137); first restart at once.
  // Run 2 (and 3, the last repeats) starts at 57: fails from 82 → ticks 90, 100, 110 → kill at 110,
  // preStop to 113, exits on SIGTERM (143), restarted at once: the entry made at 113's Next is 10 s.
  assert.deepEqual(kills(r), [50, 110, 160]);
  assert.deepEqual(of(r, 'app', 'state').filter((e) => e.to === 'Terminated').map((e) => [e.t, e.exitCode, e.reason]), [[57, 137, 'Error'], [113, 143, 'Error'], [163, 143, 'Error']]);
  assert.deepEqual(starts(r), [0, 57, 113, 163]);
  assert.deepEqual(changes(r, 'app', 'probe:livenessProbe').filter((e) => e[2] === 'Failure').map((e) => e[0]), [50, 110, 160]);
  assert.equal(r.kubeletEvents.find((k) => k.reason === 'Killing')?.message, 'Container app failed liveness probe, will be restarted');
});

test('liveness kills of a process that ignores SIGTERM (30 s each): back-off measured from the previous exit, CrashLoopBackOff 1m20s at 310 s', () => {
  const spec: PodSpec = { containers: [{ name: 'app', image: 'app:1', livenessProbe: { httpGet: { port: 80 } } }] };
  const r = sim(spec, { until: 400, containers: { app: { runs: [{ healthyAfter: 1000, ignoresSigterm: true }] } } });
  // Defaults period 10, failureThreshold 3, grace 30. Start 0 → Failure at 30, exit 60, restart at once.
  // Each new container: ticks at start, +10, +20 fail → kill at start + 20, exit at start + 50.
  // Back-off (ref = the previous exit, §9.3): 110 (no entry → 10), 160 (50 ≥ 10 → 20), 210 (→ 40),
  // 260 (→ 80), 310: 50 < 80 → CrashLoopBackOff until 310 + 80 = 390.
  assert.deepEqual(kills(r), [30, 80, 130, 180, 230, 280]);
  assert.deepEqual(starts(r), [0, 60, 110, 160, 210, 260, 390]);
  assert.deepEqual(of(r, 'app', 'state').filter((e) => e.reason === 'CrashLoopBackOff').map((e) => [e.t, e.message]),
    [[310, 'back-off 1m20s restarting failed container=app pod=web_default(uid-1)']]);
  assert.ok(of(r, 'app', 'state').filter((e) => e.to === 'Terminated').every((e) => e.exitCode === 137));
  assert.equal(r.final.containers.app.restartCount, 6);
});

test('liveness kill under Never: Terminated 143 and the pod Failed; readiness failure alone never kills', () => {
  const spec: PodSpec = {
    restartPolicy: 'Never',
    containers: [{
      name: 'app', image: 'app:1',
      livenessProbe: { exec: { command: ['check'] }, periodSeconds: 5, failureThreshold: 2 },
    }, {
      name: 'web', image: 'web:1',
      readinessProbe: { exec: { command: ['check'] }, periodSeconds: 5, failureThreshold: 2 },
    }],
  };
  const r = sim(spec, { until: 120, containers: { app: { runs: [{ unhealthyAfter: 12 }] }, web: { runs: [{ unhealthyAfter: 12 }] } } });
  // app: ticks 0 (no container), 5, 10, 15 (fail), 20 (fail) → kill at 20.
  assert.deepEqual(kills(r), [20]);
  assert.deepEqual(states(r).slice(-1), [[20, 'Terminated', 'Error', 143]]);
  assert.equal(r.final.containers.app.restartCount, 0);
  // web: started at 0 → readiness triggered at 0 (§7.5), ticks 5, 10, 15 (fail), 20 (fail) → unready at 20.
  assert.deepEqual(changes(r, 'web', 'ready').map((e) => [e[0], e[2]]), [[0, 'true'], [20, 'false']]);
  assert.deepEqual(kills(r, 'web'), []);
  assert.deepEqual(r.final.containers.web, { state: 'Running', ready: false, started: true, restartCount: 0 });
  // One container Terminated 143 (not restartable), one running → Running (§11).
  assert.equal(r.final.phase, 'Running');
});

// ---------------------------------------------------------------------------------------------
// Startup gating and the immediate readiness probe

test('startup gates liveness and readiness; readiness is probed at once when startup succeeds; a liveness kill restarts the gating', () => {
  const spec: PodSpec = {
    containers: [{
      name: 'app', image: 'app:1',
      startupProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 10 },
      readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10, successThreshold: 2, failureThreshold: 2 },
      livenessProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 3 },
    }],
  };
  const r = sim(spec, { until: 120, containers: { app: { pullSeconds: 3, runs: [{ healthyAfter: 12, unhealthyAfter: 70 }] } } });
  // Started at 3. Startup ticks 5 (2 s), 10 (7 s) fail, 15 (12 s) passes → started at 15.
  assert.deepEqual(changes(r, 'app', 'started').map((e) => [e[0], e[2]]), [[15, 'true'], [100, 'false'], [115, 'true']]);
  const rd = r.attempts.filter((a) => a.kind === 'readinessProbe').map((a) => a.t);
  assert.equal(rd[0], 15, 'readiness probed right after startup succeeded');
  // successThreshold 2: the immediate probe at 15 and the tick at 25 → ready at 25.
  // Failing from 73: readiness ticks 75, 85 → unready at 85; liveness ticks 80, 90, 100 → kill at 100.
  assert.deepEqual(changes(r, 'app', 'ready').map((e) => [e[0], e[2]]), [[25, 'true'], [85, 'false']]);
  assert.equal(r.attempts.filter((a) => a.kind === 'livenessProbe')[0].t, 20, 'no liveness probe before startup succeeded');
  assert.deepEqual(kills(r), [100]);
  assert.deepEqual(starts(r), [3, 100]);
  assert.equal(r.final.containers.app.restartCount, 1);
});

test('startup probe never passing under OnFailure: killed "failed startup probe, will be restarted" after failureThreshold × period', () => {
  const spec: PodSpec = {
    restartPolicy: 'OnFailure',
    containers: [{ name: 'app', image: 'app:1', startupProbe: { exec: { command: ['ok'] }, initialDelaySeconds: 5, periodSeconds: 4, failureThreshold: 3 } }],
  };
  const r = sim(spec, { until: 30, containers: { app: { runs: [{ healthyAfter: 1000 }] } } });
  // Ticks 0 (no container), 4 (4 s < 5: delay), 8, 12, 16 → Failure at 16.
  assert.deepEqual(kills(r), [16]);
  assert.equal(r.kubeletEvents.find((k) => k.reason === 'Killing')?.message, 'Container app failed startup probe, will be restarted');
  assert.deepEqual(states(r).slice(2, 4), [[16, 'Terminated', 'Error', 143], [16, 'Running']]);
  assert.deepEqual(changes(r, 'app', 'probe:startupProbe').map((e) => [e[0], e[1], e[2]]), [[16, 'Unknown', 'Failure'], [16, 'Failure', 'Unknown']]);
});

// ---------------------------------------------------------------------------------------------
// Init containers and sidecars

test('sidecar with a startup probe holds back the next init container; pulls are serial; app starts when init2 completes', () => {
  const spec: PodSpec = {
    initContainers: [
      { name: 'init1', image: 'busybox' },
      { name: 'side', image: 'envoy', restartPolicy: 'Always', startupProbe: { httpGet: { port: 80 }, periodSeconds: 5 } },
      { name: 'init2', image: 'busybox:2' },
    ],
    containers: [{ name: 'app', image: 'app:1' }],
  };
  const r = sim(spec, { until: 60, containers: { init1: { runs: [{ exitAfter: 4 }] }, side: { runs: [{ healthyAfter: 7 }] }, init2: { pullSeconds: 2, runs: [{ exitAfter: 3 }] } } });
  // init1 0–4; side starts at 4; startup ticks 5 (1 s), 10 (6 s) fail, 15 (11 s) passes → started 15;
  // init2 pulls 15–17, runs 17–20; app at 20.
  assert.deepEqual(states(r, 'init1'), [[0, 'Waiting', 'PodInitializing'], [0, 'Running'], [4, 'Terminated', 'Completed', 0]]);
  assert.deepEqual(starts(r, 'side'), [4]);
  assert.deepEqual(changes(r, 'side', 'started').map((e) => [e[0], e[2]]), [[15, 'true']]);
  assert.deepEqual(states(r, 'init2'), [[0, 'Waiting', 'PodInitializing'], [17, 'Running'], [20, 'Terminated', 'Completed', 0]]);
  assert.deepEqual(starts(r), [20]);
  assert.deepEqual(of(r, 'pod', 'condition:Initialized').filter((e) => e.to === 'True').map((e) => e.t), [20]);
  assert.deepEqual(of(r, 'pod', 'phase').map((e) => [e.t, e.to]), [[0, 'Pending'], [20, 'Running']]);
  assert.deepEqual(r.final.kubectl, { ready: '2/2', status: 'Running', restarts: '0' });
});

test('failing init container through the CLI: Init:CrashLoopBackOff under Always (Pending), Failed under Never', async () => {
  const manifest = (policy: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  restartPolicy: ${policy}\n  initContainers:\n  - {name: init, image: busybox}\n  containers:\n  - {name: app, image: app:1}\n`;
  const sc = 'until: 60\ncontainers:\n  init:\n    runs: [{exitAfter: 4, exitCode: 2}]\n';
  const a = await cliJson(manifest('Always'), sc);
  assert.equal(a.code, 0);
  // Exits at 4 (restart at once), 8 (back-off 10 → 18), 22 (20 → 42), 46 (40).
  assert.deepEqual(of(a.json, 'init', 'state').filter((e) => e.to === 'Running').map((e) => e.t), [0, 4, 18, 42]);
  assert.equal(a.json.final.phase, 'Pending');
  assert.equal(a.json.final.kubectl.status, 'Init:CrashLoopBackOff');
  assert.deepEqual(a.json.final.containers.app, { state: 'Waiting', reason: 'PodInitializing', ready: false, started: false, restartCount: 0 });
  assert.equal(a.json.final.conditions.Initialized, 'False');
  const n = await cliJson(manifest('Never'), sc);
  assert.deepEqual(of(n.json, 'pod', 'phase').map((e) => [e.t, e.to]), [[0, 'Pending'], [4, 'Failed']]);
  assert.deepEqual(n.json.final.containers.init, { state: 'Terminated', reason: 'Error', exitCode: 2, ready: false, started: false, restartCount: 0 });
  assert.equal(n.json.final.kubectl.status, 'Init:Error');
  assert.deepEqual(changes(n.json, 'pod', 'condition:ContainersReady').slice(-1), [[4, 'False', 'False', 'PodFailed']]);
});

// ---------------------------------------------------------------------------------------------
// Scenario validation: what simulation.md allows is simulated

test('spec-valid but odd scenario settings are simulated with a warning on stderr, not rejected (exit 0)', async () => {
  const r = await cliJson(
    'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n    image: app:1\n    readinessProbe: {tcpSocket: {port: 80}}\n',
    'until: 30\ncontainers:\n  app:\n    runs:\n      - {healthyAfter: 20, unhealthyAfter: 5, exitCode: 3}\n',
  );
  assert.equal(r.code, 0);
  assert.match(r.err, /warning: sc\.yaml: line 5: containers\.app\.runs\[0\]\.unhealthyAfter: is before healthyAfter \(20\), so the app is never healthy/);
  assert.match(r.err, /warning: sc\.yaml: containers\.app\.runs\[0\]\.exitCode: has no effect without exitAfter/);
  assert.deepEqual(r.json.final.containers.app, { state: 'Running', ready: false, started: true, restartCount: 0 });
});
