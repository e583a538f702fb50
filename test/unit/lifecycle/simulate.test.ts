// The pod simulator (simulation.md) against kubelet-semantics.md: the headline slow-start case,
// worker timing (I123, I124), back-off schedules (L138–L145), every restart-policy row, init
// containers, sidecars, image pulls, kills with grace periods, deletion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, PodSpec, Probe } from '../../../src/core/k8s';
import { defaultScenario, ScenarioError, validateScenario, type Scenario } from '../../../src/core/lifecycle/scenario';
import { collapseInstantChanges, podUid, preStopDuration, simulate } from '../../../src/core/lifecycle/simulate';
import { MAX_RECORDED_ATTEMPTS, type KubeletOptions, type SimEvent, type SimResult } from '../../../src/core/lifecycle/types';

function sim(spec: PodSpec, scenario: unknown, options?: Partial<KubeletOptions>): SimResult {
  return simulate({ spec, name: 'web', namespace: 'default', uid: 'uid-1', scenario: validateScenario(scenario), options });
}
const of = (r: SimResult, subject: string, field: string) => r.events.filter((e) => e.subject === subject && e.field === field);
/** Times the container entered Running. */
const starts = (r: SimResult, c = 'app') => of(r, c, 'state').filter((e) => e.to === 'Running').map((e) => e.t);
/** Times the kubelet started killing it (Killing events). */
const kills = (r: SimResult, c = 'app') => r.kubeletEvents.filter((k) => k.object === c && k.reason === 'Killing').map((k) => k.t);
const exits = (r: SimResult, c = 'app') => of(r, c, 'state').filter((e) => e.to === 'Terminated');
const firstTrue = (r: SimResult, type: string) => of(r, 'pod', `condition:${type}`).find((e) => e.to === 'True')?.t;
const attemptsOf = (r: SimResult, c: string, kind: string) => r.attempts.filter((a) => a.container === c && a.kind === kind);

const liveness: Probe = { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 };
const slowApp = (extra: Partial<Container> = {}): PodSpec => ({ containers: [{ name: 'app', image: 'app:1', livenessProbe: liveness, ...extra }] });
const one = (restartPolicy: string, c: Partial<Container> = {}): PodSpec => ({ restartPolicy, containers: [{ name: 'app', image: 'app:1', ...c }] });

// ---------------------------------------------------------------------------------------------
// The headline case

test('headline: slow start (healthy after 60 s) + liveness 10/10/3 → killed every 30 s, CrashLoopBackOff at 150 s with the kubelet restart times', () => {
  const r = sim(slowApp(), { until: 600, containers: { app: { runs: [{ healthyAfter: 60 }] } } });
  assert.deepEqual(kills(r), [30, 60, 90, 120, 150, 220, 330, 520]);
  assert.deepEqual(starts(r), [0, 30, 60, 90, 120, 190, 300, 490]);
  assert.ok(exits(r).every((e) => e.exitCode === 143 && e.reason === 'Error'), 'SIGTERM → 143');
  const crash = of(r, 'app', 'state').filter((e) => e.reason === 'CrashLoopBackOff');
  assert.deepEqual(crash.map((e) => [e.t, e.message]), [
    [150, 'back-off 40s restarting failed container=app pod=web_default(uid-1)'],
    [220, 'back-off 1m20s restarting failed container=app pod=web_default(uid-1)'],
    [330, 'back-off 2m40s restarting failed container=app pod=web_default(uid-1)'],
    [520, 'back-off 5m0s restarting failed container=app pod=web_default(uid-1)'],
  ]);
  assert.deepEqual(r.kubeletEvents.find((k) => k.reason === 'Killing')?.message, 'Container app failed liveness probe, will be restarted');
  assert.deepEqual(attemptsOf(r, 'app', 'livenessProbe').slice(0, 3).map((a) => [a.t, a.ok]), [[10, false], [20, false], [30, false]]);
  assert.equal(r.final.containers.app.state, 'Waiting');
  assert.equal(r.final.containers.app.reason, 'CrashLoopBackOff');
  assert.equal(r.final.containers.app.restartCount, 7);
  assert.deepEqual(r.final.kubectl, { ready: '0/1', status: 'CrashLoopBackOff', restarts: '7 (80s ago)' });
  assert.equal(r.final.phase, 'Running');
});

test('headline fixed: the same app with a startupProbe failureThreshold 30 is Ready at 60 s and never restarted', () => {
  const spec = slowApp({ startupProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 30 } });
  const r = sim(spec, { until: 600, containers: { app: { runs: [{ healthyAfter: 60 }] } } });
  assert.deepEqual(attemptsOf(r, 'app', 'startupProbe').map((a) => [a.t, a.ok]), [[10, false], [20, false], [30, false], [40, false], [50, false], [60, true]]);
  assert.deepEqual(of(r, 'app', 'started').map((e) => [e.t, e.to]), [[60, 'true']]);
  assert.equal(firstTrue(r, 'Ready'), 60);
  assert.equal(firstTrue(r, 'ContainersReady'), 60);
  // Workers run in the kubelet's order startup, readiness, liveness: at 60 s the liveness worker
  // already sees started=true, so its first probe is on that same tick.
  assert.equal(attemptsOf(r, 'app', 'livenessProbe')[0].t, 60);
  assert.deepEqual(kills(r), []);
  assert.equal(r.final.containers.app.restartCount, 0);
  assert.deepEqual(r.final.kubectl, { ready: '1/1', status: 'Running', restarts: '0' });
  assert.equal(r.final.conditions.Ready, 'True');
});

// ---------------------------------------------------------------------------------------------
// Worker timing

test('I123 workers start at admission without jitter: ticks align to admission, not to container start', () => {
  const spec = one('Always', { livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 10 } });
  const r = sim(spec, { until: 60, scheduleAfter: 5, containers: { app: { pullSeconds: 3 } } });
  assert.deepEqual(starts(r), [8]);
  assert.deepEqual(attemptsOf(r, 'app', 'livenessProbe').map((a) => a.t), [15, 25, 35, 45, 55]);
  assert.deepEqual(of(r, 'pod', 'condition:PodScheduled').map((e) => [e.t, e.from, e.to, e.reason]), [[0, '', 'False', 'Unschedulable'], [5, 'False', 'True', undefined]]);
  assert.equal(of(r, 'pod', 'phase')[0].t, 0);
  assert.equal(r.kubeletEvents[0].reason, 'Scheduled');
  assert.equal(r.kubeletEvents[0].t, 5);
});

test('I124 a started container whose readiness has no Success is probed at once, and the ticker restarts from there', () => {
  const spec = one('Always', { readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10 } });
  const r = sim(spec, { until: 40, containers: { app: { pullSeconds: 3 } } });
  assert.deepEqual(attemptsOf(r, 'app', 'readinessProbe').map((a) => a.t), [3, 13, 23, 33]);
  assert.equal(firstTrue(r, 'Ready'), 3);
});

test('§7.3 initial delay counts whole seconds and ticks stay on the admission grid', () => {
  const spec = one('Always', { readinessProbe: { httpGet: { port: 80 }, periodSeconds: 2, initialDelaySeconds: 5 } });
  const r = sim(spec, { until: 12, containers: { app: { pullSeconds: 0.5 } } });
  // Start 0.5; trigger at 0.5 skipped (delay), then ticks 2.5, 4.5 (4 s < 5), 6.5 (6 s) probes.
  assert.deepEqual(attemptsOf(r, 'app', 'readinessProbe').map((a) => a.t), [6.5, 8.5, 10.5]);
});

test('readiness thresholds: successThreshold 2 needs two passing probes; failureThreshold 3 marks unready after the third failure', () => {
  const spec = one('Always', { readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5, successThreshold: 2, failureThreshold: 3 } });
  const r = sim(spec, { until: 80, containers: { app: { runs: [{ healthyAfter: 10, unhealthyAfter: 40 }] } } });
  assert.deepEqual(of(r, 'app', 'ready').map((e) => [e.t, e.to]), [[15, 'true'], [50, 'false']]);
  assert.deepEqual(of(r, 'app', 'probe:readinessProbe').map((e) => [e.t, e.to, e.reason]), [[15, 'Success', '2 consecutive successes'], [50, 'Failure', '3 consecutive failures']]);
  assert.equal(kills(r).length, 0, 'readiness never kills');
});

// ---------------------------------------------------------------------------------------------
// L. Back-off schedules, played

const crashAtOnce = { runs: [{ exitAfter: 0, exitCode: 1 }] };

test('L138 a container that crashes at once starts at 0, 0, 10, 30, 70, 150, 310, 610 s', () => {
  const r = sim(one('Always'), { until: 700, containers: { app: crashAtOnce } });
  assert.deepEqual(starts(r), [0, 0, 10, 30, 70, 150, 310, 610]);
  assert.deepEqual(r.watch.filter((w) => w.status === 'CrashLoopBackOff').map((w) => w.t).slice(0, 3), [0, 10, 30]);
});
test('L139 KubeletCrashLoopBackOffMax 30 s: starts at 0, 0, 10, 30, 60, 90, 120, 150, 180, 210 s', () => {
  const r = sim(one('Always'), { until: 215, containers: { app: crashAtOnce } }, { crashLoopBackOff: { initial: 10, max: 30 } });
  assert.deepEqual(starts(r), [0, 0, 10, 30, 60, 90, 120, 150, 180, 210]);
});
test('L140 ReduceDefaultCrashLoopBackOffDecay (1 s to 60 s): starts at 0, 0, 1, 3, 7, 15, 31, 63, 123', () => {
  const r = sim(one('Always'), { until: 130, containers: { app: crashAtOnce } }, { crashLoopBackOff: { initial: 1, max: 60 } });
  assert.deepEqual(starts(r), [0, 0, 1, 3, 7, 15, 31, 63, 123]);
});
test('L141 in back-off: Waiting CrashLoopBackOff "back-off 20s …", lastState = the crash, BackOff event', () => {
  const r = sim(one('Always'), { until: 25, containers: { app: { runs: [{ exitAfter: 0, exitCode: 3 }] } } });
  const w = of(r, 'app', 'state').filter((e) => e.reason === 'CrashLoopBackOff').map((e) => e.message);
  assert.deepEqual(w, [
    'back-off 10s restarting failed container=app pod=web_default(uid-1)',
    'back-off 20s restarting failed container=app pod=web_default(uid-1)',
  ]);
  assert.equal(r.final.containers.app.message, 'back-off 20s restarting failed container=app pod=web_default(uid-1)');
  const backOff = r.kubeletEvents.find((k) => k.reason === 'BackOff');
  assert.deepEqual(backOff && [backOff.type, backOff.message], ['Warning', 'Back-off restarting failed container app in pod web_default(uid-1)']);
  const before = of(r, 'app', 'state').filter((e) => e.t === 10);
  assert.deepEqual(before.map((e) => [e.from, e.to, e.exitCode]), [['Waiting', 'Running', undefined], ['Running', 'Terminated', 3], ['Terminated', 'Waiting', undefined]]);
});
test('L142 back-off messages use Go durations (1m20s, 2m40s, 5m0s)', () => {
  const r = sim(one('Always'), { until: 700, containers: { app: crashAtOnce } });
  const msgs = of(r, 'app', 'state').filter((e) => e.reason === 'CrashLoopBackOff').map((e) => /back-off (\S+)/.exec(e.message ?? '')?.[1]);
  assert.deepEqual(msgs, ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '5m0s']);
});
test('L143 after a run longer than 10 min the back-off starts over: restart at once, then 10 s', () => {
  const runs = [{ exitAfter: 0, exitCode: 1 }, { exitAfter: 0, exitCode: 1 }, { exitAfter: 0, exitCode: 1 }, { exitAfter: 660, exitCode: 1 }, { exitAfter: 0, exitCode: 1 }];
  const r = sim(one('Always'), { until: 705, containers: { app: { runs } } });
  assert.deepEqual(starts(r), [0, 0, 10, 30, 690, 700]);
});
test('L144 after a 5 min run the back-off keeps doubling (waits 40 s, not 10 s)', () => {
  const runs = [{ exitAfter: 0, exitCode: 1 }, { exitAfter: 0, exitCode: 1 }, { exitAfter: 0, exitCode: 1 }, { exitAfter: 300, exitCode: 1 }, { exitAfter: 0, exitCode: 1 }];
  const r = sim(one('Always'), { until: 460, containers: { app: { runs } } });
  assert.deepEqual(starts(r), [0, 0, 10, 30, 370, 450]);
});
test('L145 the first crash ever restarts at once (no back-off entry until then)', () => {
  const r = sim(one('Always'), { until: 3, containers: { app: { runs: [{ exitAfter: 2, exitCode: 1 }] } } });
  assert.deepEqual(starts(r), [0, 2]);
  assert.equal(r.kubeletEvents.filter((k) => k.reason === 'BackOff').length, 0);
});

// ---------------------------------------------------------------------------------------------
// Restart policy: every row

const exitingWith = (exitCode: number, exitAfter = 5) => ({ runs: [{ exitAfter, exitCode }] });

test('restart policy: one container exits 0 — Always restarts it (Completed, then back-off); OnFailure and Never → Succeeded', () => {
  const a = sim(one('Always'), { until: 40, containers: { app: exitingWith(0) } });
  assert.deepEqual(starts(a), [0, 5, 20]);
  assert.equal(exits(a)[0].reason, 'Completed');
  assert.equal(a.final.phase, 'Running');
  for (const policy of ['OnFailure', 'Never']) {
    const r = sim(one(policy), { until: 40, containers: { app: exitingWith(0) } });
    assert.deepEqual(starts(r), [0], policy);
    assert.equal(r.final.phase, 'Succeeded', policy);
    assert.deepEqual(r.final.containers.app, { state: 'Terminated', exitCode: 0, reason: 'Completed', ready: false, started: false, restartCount: 0 });
    assert.equal(r.final.kubectl.status, 'Completed');
    assert.equal(r.final.conditions.ContainersReady, 'False');
    assert.equal(r.final.conditions.PodReadyToStartContainers, 'False', 'the sandbox is gone');
    assert.deepEqual(of(r, 'pod', 'phase').map((e) => [e.t, e.to]).slice(-1), [[5, 'Succeeded']]);
  }
});
test('restart policy: one container exits 1 — Always and OnFailure restart with back-off; Never → Failed (Error)', () => {
  for (const policy of ['Always', 'OnFailure']) {
    const r = sim(one(policy), { until: 60, containers: { app: exitingWith(1) } });
    assert.deepEqual(starts(r), [0, 5, 20, 45], policy);
    assert.equal(r.final.phase, 'Running', policy);
  }
  const n = sim(one('Never'), { until: 60, containers: { app: exitingWith(1) } });
  assert.deepEqual(starts(n), [0]);
  assert.equal(n.final.phase, 'Failed');
  assert.deepEqual(n.final.kubectl, { ready: '0/1', status: 'Error', restarts: '0' });
  assert.equal(n.final.conditions.Ready, 'False');
});

const twoApps = (policy: string): PodSpec => ({ restartPolicy: policy, containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] });

test('restart policy: two containers, one fails — Never: pod keeps Running with a Terminated; OnFailure/Always: it restarts', () => {
  const sc = { until: 60, containers: { a: exitingWith(1) } };
  const n = sim(twoApps('Never'), sc);
  assert.equal(n.final.phase, 'Running');
  assert.equal(n.final.containers.a.state, 'Terminated');
  assert.equal(n.final.containers.b.state, 'Running');
  assert.equal(n.final.kubectl.status, 'Error');
  for (const policy of ['OnFailure', 'Always']) {
    const r = sim(twoApps(policy), sc);
    assert.deepEqual(starts(r, 'a'), [0, 5, 20, 45], policy);
    assert.deepEqual(starts(r, 'b'), [0], policy);
    assert.equal(r.final.phase, 'Running', policy);
  }
});
test('restart policy: two containers, both fail — Never → Failed when the last one exits; OnFailure → both restart', () => {
  const sc = { until: 60, containers: { a: exitingWith(1), b: exitingWith(2, 8) } };
  const n = sim(twoApps('Never'), sc);
  // The pod is created Pending; that first value is kept even though both start at 0 s.
  assert.deepEqual(of(n, 'pod', 'phase').map((e) => [e.t, e.to]), [[0, 'Pending'], [0, 'Running'], [8, 'Failed']]);
  const o = sim(twoApps('OnFailure'), sc);
  assert.equal(o.final.phase, 'Running');
  assert.ok(o.final.containers.a.restartCount > 0 && o.final.containers.b.restartCount > 0);
});
test('restart policy: one exits 0, the other 1 — Never → Failed; OnFailure restarts only the failed one; Always both', () => {
  const sc = { until: 60, containers: { a: exitingWith(0), b: exitingWith(1, 8) } };
  assert.equal(sim(twoApps('Never'), sc).final.phase, 'Failed');
  const o = sim(twoApps('OnFailure'), sc);
  assert.deepEqual(starts(o, 'a'), [0]);
  assert.deepEqual(starts(o, 'b'), [0, 8, 26, 54]);
  assert.equal(o.final.phase, 'Running');
  const a = sim(twoApps('Always'), sc);
  assert.deepEqual(starts(a, 'a'), [0, 5, 20, 45]);
});
test('OOM: exit 137 OOMKilled; Always restarts (STATUS OOMKilled at the crash), Never → Failed', () => {
  const sc = { until: 30, containers: { app: { runs: [{ exitAfter: 12, oomKilled: true }] } } };
  const a = sim(one('Always'), sc);
  assert.deepEqual(exits(a).map((e) => [e.t, e.reason, e.exitCode]), [[12, 'OOMKilled', 137], [24, 'OOMKilled', 137]]);
  assert.deepEqual(starts(a), [0, 12]);
  const n = sim(one('Never'), sc);
  assert.equal(n.final.phase, 'Failed');
  assert.equal(n.final.kubectl.status, 'OOMKilled');
  assert.equal(n.final.containers.app.reason, 'OOMKilled');
});
test('liveness kill under each policy: Always and OnFailure restart (even OnFailure), Never leaves it Terminated 143 → Failed', () => {
  const sc = { until: 100, containers: { app: { runs: [{ unhealthyAfter: 20 }] } } };
  const probe = { livenessProbe: { exec: { command: ['check'] }, periodSeconds: 10, failureThreshold: 2 } };
  for (const policy of ['Always', 'OnFailure']) {
    const r = sim(one(policy, probe), sc);
    assert.deepEqual(kills(r), [30, 60, 90], policy);
    assert.deepEqual(starts(r), [0, 30, 60, 90], policy);
    assert.equal(r.kubeletEvents.find((k) => k.reason === 'Killing')?.message, 'Container app failed liveness probe, will be restarted');
  }
  const n = sim(one('Never', probe), sc);
  assert.deepEqual(kills(n), [30]);
  assert.deepEqual(starts(n), [0]);
  assert.equal(n.kubeletEvents.find((k) => k.reason === 'Killing')?.message, 'Container app failed liveness probe');
  assert.deepEqual(exits(n).map((e) => [e.t, e.exitCode]), [[30, 143]]);
  assert.equal(n.final.phase, 'Failed');
});
test('startup probe that never passes: killed after failureThreshold × period, "failed startup probe", restarted', () => {
  const spec = one('Always', { startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 5, failureThreshold: 4 } });
  const r = sim(spec, { until: 50, containers: { app: { runs: [{ healthyAfter: 100 }] } } });
  assert.deepEqual(kills(r), [20, 40]);
  assert.equal(r.kubeletEvents.find((k) => k.reason === 'Killing')?.message, 'Container app failed startup probe, will be restarted');
  assert.deepEqual(of(r, 'app', 'probe:startupProbe').map((e) => [e.t, e.from, e.to]).slice(0, 2), [[20, 'Unknown', 'Failure'], [20, 'Failure', 'Unknown']]);
});

// ---------------------------------------------------------------------------------------------
// Init containers and sidecars

const withInit = (restartPolicy: string): PodSpec => ({
  restartPolicy,
  initContainers: [{ name: 'migrate', image: 'm:1' }],
  containers: [{ name: 'app', image: 'app:1' }],
});

test('init containers run in order before the app; PodInitializing, Init:0/1, Initialized at completion', () => {
  const spec: PodSpec = { initContainers: [{ name: 'one', image: 'o' }, { name: 'two', image: 't' }], containers: [{ name: 'app', image: 'a' }] };
  const r = sim(spec, { until: 30, containers: { one: { runs: [{ exitAfter: 3 }] }, two: { runs: [{ exitAfter: 4 }] } } });
  assert.deepEqual([starts(r, 'one'), starts(r, 'two'), starts(r, 'app')], [[0], [3], [7]]);
  assert.deepEqual(of(r, 'app', 'state')[0], { t: 0, subject: 'app', field: 'state', from: '', to: 'Waiting', reason: 'PodInitializing' });
  assert.deepEqual(r.watch.map((w) => [w.t, w.status]), [[0, 'Init:0/2'], [3, 'Init:1/2'], [7, 'Running']]);
  assert.equal(firstTrue(r, 'Initialized'), 7);
  assert.equal(of(r, 'pod', 'condition:Initialized')[0].message, 'containers with incomplete status: [one two]');
  assert.equal(r.final.containers.one.reason, 'Completed');
  assert.equal(r.final.containers.one.ready, true);
});
test('init container failing under Always and OnFailure: restarted with back-off (Init:CrashLoopBackOff), app never starts, Pending', () => {
  for (const policy of ['Always', 'OnFailure']) {
    const r = sim(withInit(policy), { until: 60, containers: { migrate: { runs: [{ exitAfter: 2, exitCode: 1 }] } } });
    assert.deepEqual(starts(r, 'migrate'), [0, 2, 14, 36], policy);
    assert.deepEqual(starts(r, 'app'), [], policy);
    assert.equal(r.final.phase, 'Pending', policy);
    assert.equal(r.final.kubectl.status, 'Init:CrashLoopBackOff', policy);
    assert.deepEqual(exits(r, 'migrate').map((e) => [e.t, e.reason, e.exitCode]).slice(0, 2), [[2, 'Error', 1], [4, 'Error', 1]], policy);
    assert.equal(r.final.conditions.Initialized, 'False');
  }
});
test('init container failing under Never: pod Failed at once, app never started, Init:Error', () => {
  const r = sim(withInit('Never'), { until: 60, containers: { migrate: { runs: [{ exitAfter: 2, exitCode: 1 }] } } });
  assert.deepEqual(starts(r, 'migrate'), [0]);
  assert.deepEqual(starts(r, 'app'), []);
  assert.deepEqual(of(r, 'pod', 'phase').map((e) => [e.t, e.to]), [[0, 'Pending'], [2, 'Failed']]);
  assert.equal(r.final.kubectl.status, 'Init:Error');
  assert.deepEqual(r.final.containers.app, { state: 'Waiting', reason: 'PodInitializing', ready: false, started: false, restartCount: 0 });
  assert.equal(r.final.conditions.ContainersReady, 'False');
});

const withSidecar = (restartPolicy: string, sidecar: Partial<Container> = {}): PodSpec => ({
  restartPolicy,
  initContainers: [{ name: 'proxy', image: 'p:1', restartPolicy: 'Always', ...sidecar }],
  containers: [{ name: 'app', image: 'app:1' }],
});

test('sidecar: the app waits until the sidecar has started (startup probe), READY counts the sidecar', () => {
  const spec = withSidecar('Always', { startupProbe: { tcpSocket: { port: 15021 }, periodSeconds: 2, failureThreshold: 30 } });
  const r = sim(spec, { until: 30, containers: { proxy: { runs: [{ healthyAfter: 5 }] } } });
  assert.deepEqual(starts(r, 'proxy'), [0]);
  assert.deepEqual(starts(r, 'app'), [6], 'startup probes at 2, 4 fail; 6 succeeds');
  assert.equal(firstTrue(r, 'Initialized'), 6);
  assert.deepEqual(r.final.kubectl, { ready: '2/2', status: 'Running', restarts: '0' });
});
test('sidecar restarting: a crashing sidecar is restarted even under Never while the app keeps running', () => {
  const r = sim(withSidecar('Never'), { until: 60, containers: { proxy: { runs: [{ exitAfter: 20, exitCode: 1 }] } } });
  assert.deepEqual(starts(r, 'proxy'), [0, 20, 50], 'first crash: at once; second: 10 s back-off');
  assert.deepEqual(starts(r, 'app'), [0]);
  assert.equal(r.final.phase, 'Running');
  assert.equal(r.final.containers.proxy.restartCount, 2);
  assert.equal(r.final.kubectl.restarts, '2 (20s ago)');
});
test('sidecar liveness kill: "Init container proxy failed liveness probe", restarted', () => {
  const spec = withSidecar('Never', { livenessProbe: { httpGet: { port: 15020 }, periodSeconds: 5, failureThreshold: 1 } });
  const r = sim(spec, { until: 20, containers: { proxy: { runs: [{ unhealthyAfter: 7 }, {}] } } });
  assert.equal(r.kubeletEvents.find((k) => k.reason === 'Killing')?.message, 'Init container proxy failed liveness probe');
  assert.deepEqual(starts(r, 'proxy'), [0, 10]);
});
test('sidecars are stopped when the regular containers are done: pod Succeeded, sidecar ends 143', () => {
  const r = sim(withSidecar('Never'), { until: 60, containers: { app: { runs: [{ exitAfter: 30 }] } } });
  assert.deepEqual(r.kubeletEvents.filter((k) => k.reason === 'Killing').map((k) => [k.t, k.object, k.message]), [[30, 'proxy', 'Stopping container proxy']]);
  assert.equal(r.final.phase, 'Succeeded');
  assert.equal(r.final.containers.proxy.exitCode, 143);
});

// ---------------------------------------------------------------------------------------------
// Images, grace periods, preStop, deletion

test('image pull: ContainerCreating while pulling; a failing pull → ErrImagePull, ImagePullBackOff, retries after 10, 20, 40, 80 s', () => {
  const ok = sim(one('Always'), { until: 10, containers: { app: { pullSeconds: 4 } } });
  assert.deepEqual(starts(ok), [4]);
  assert.equal(ok.kubeletEvents.find((k) => k.reason === 'Pulled')?.message, 'Successfully pulled image "app:1" in 4s (4s including waiting)');
  const bad = sim(one('Always'), { until: 200, containers: { app: { pullSeconds: 2, pullFails: true } } });
  assert.deepEqual(of(bad, 'app', 'state').map((e) => [e.t, e.reason]), [
    [0, 'ContainerCreating'], [2, 'ErrImagePull'], [24, 'ImagePullBackOff'], [36, 'ErrImagePull'], [46, 'ImagePullBackOff'],
    [78, 'ErrImagePull'], [88, 'ImagePullBackOff'], [160, 'ErrImagePull'], [170, 'ImagePullBackOff'],
  ]);
  assert.deepEqual(bad.kubeletEvents.filter((k) => k.reason === 'Pulling').map((k) => k.t), [0, 12, 34, 76, 158]);
  assert.equal(bad.final.phase, 'Pending');
  assert.deepEqual(bad.final.kubectl, { ready: '0/1', status: 'ImagePullBackOff', restarts: '0' });
});
test('kill with preStop and a process ignoring SIGTERM: preStop, then SIGKILL at the end of the grace period (137)', () => {
  const spec: PodSpec = {
    terminationGracePeriodSeconds: 20,
    containers: [{
      name: 'app', image: 'app:1',
      lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } },
      livenessProbe: { httpGet: { port: 8080 }, periodSeconds: 10, failureThreshold: 2 },
      readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 10 },
    }],
  };
  const r = sim(spec, { until: 70, containers: { app: { runs: [{ unhealthyAfter: 30, ignoresSigterm: true }, {}] } } });
  assert.deepEqual(kills(r), [40]);
  assert.deepEqual(exits(r).map((e) => [e.t, e.exitCode]), [[60, 137]]);
  assert.deepEqual(starts(r), [0, 60]);
  assert.deepEqual(of(r, 'app', 'ready').map((e) => [e.t, e.to]), [[0, 'true'], [50, 'false'], [60, 'true']], 'readiness keeps probing while it is being killed');
  const probeGrace = sim({ ...spec, containers: [{ ...spec.containers![0], lifecycle: {}, livenessProbe: { ...spec.containers![0].livenessProbe, terminationGracePeriodSeconds: 3 } }] },
    { until: 70, containers: { app: { runs: [{ unhealthyAfter: 30, ignoresSigterm: true }, {}] } } });
  assert.deepEqual(exits(probeGrace).map((e) => [e.t, e.exitCode]), [[43, 137]], "the probe's terminationGracePeriodSeconds");
});
test('a preStop hook longer than the grace period is cut off; the container still gets 2 s after SIGTERM', () => {
  const spec: PodSpec = {
    terminationGracePeriodSeconds: 10,
    containers: [{ name: 'app', image: 'a', lifecycle: { preStop: { sleep: { seconds: 60 } } }, livenessProbe: { tcpSocket: { port: 1 }, periodSeconds: 10, failureThreshold: 1 } }],
  };
  const r = sim(spec, { until: 40, containers: { app: { runs: [{ unhealthyAfter: 5, ignoresSigterm: true }, {}] } } });
  assert.deepEqual(exits(r).map((e) => [e.t, e.exitCode]), [[22, 137]]);
});
test('deletion: Terminating, liveness/startup workers stop with Success, readiness keeps probing, pod Failed (143), sandbox gone', () => {
  const spec = one('Always', {
    livenessProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 1 },
    readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10 },
    lifecycle: { preStop: { sleep: { seconds: 5 } } },
  });
  const r = sim(spec, { until: 60, deleteAfter: 22, containers: { app: { runs: [{ unhealthyAfter: 25 }] } } });
  assert.deepEqual(r.kubeletEvents.filter((k) => k.reason === 'Killing').map((k) => [k.t, k.message]), [[22, 'Stopping container app']]);
  assert.deepEqual(exits(r).map((e) => [e.t, e.exitCode]), [[27, 143]]);
  assert.deepEqual(attemptsOf(r, 'app', 'livenessProbe').map((a) => a.t), [10, 20]);
  assert.deepEqual(of(r, 'app', 'probe:livenessProbe'), [], 'it stops with Success at its first tick after the deletion');
  assert.deepEqual(attemptsOf(r, 'app', 'readinessProbe').map((a) => a.t), [0, 10, 20]);
  assert.deepEqual(r.watch.map((w) => [w.t, w.status]), [[0, 'Running'], [22, 'Terminating'], [27, 'Error']]);
  assert.equal(r.final.phase, 'Failed');
  assert.equal(r.final.conditions.PodReadyToStartContainers, 'False');
  assert.equal(r.final.conditions.Ready, 'False');
});
test('readiness gates from the scenario: Ready waits for the gate condition', () => {
  const spec: PodSpec = { readinessGates: [{ conditionType: 'lb/ready' }], containers: [{ name: 'app', image: 'a' }] };
  const missing = sim(spec, { until: 10 });
  assert.equal(missing.final.conditions.Ready, 'False');
  assert.equal(of(missing, 'pod', 'condition:Ready').at(-1)?.message, 'corresponding condition of pod readiness gate "lb/ready" does not exist.');
  assert.equal(sim(spec, { until: 10, readinessGates: { 'lb/ready': 'True' } }).final.conditions.Ready, 'True');
});

// ---------------------------------------------------------------------------------------------
// Output shape and determinism

test('events are in time order, deterministic, and every state change names Waiting, Running or Terminated', () => {
  const spec = slowApp({ readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 3 } });
  const sc = { until: 900, containers: { app: { pullSeconds: 1.5, runs: [{ healthyAfter: 60 }, { healthyAfter: 20, unhealthyAfter: 200 }] } } };
  const a = sim(spec, sc);
  const b = sim(spec, sc);
  assert.deepEqual(a, b);
  for (let i = 1; i < a.events.length; i++) assert.ok(a.events[i].t >= a.events[i - 1].t, `event ${i} out of order`);
  for (const e of a.events.filter((x) => x.field === 'state')) assert.ok(['Waiting', 'Running', 'Terminated'].includes(e.to));
  for (let i = 1; i < a.attempts.length; i++) assert.ok(a.attempts[i].t >= a.attempts[i - 1].t);
  assert.deepEqual(Object.keys(a.final), ['phase', 'conditions', 'containers', 'kubectl']);
  assert.deepEqual(Object.keys(a.final.conditions), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
});
test('the default scenario: every container healthy at once, never exits; 600 s', () => {
  const r = simulate({ spec: slowApp({ readinessProbe: { tcpSocket: { port: 1 } } }), scenario: defaultScenario() });
  assert.equal(r.until, 600);
  assert.equal(firstTrue(r, 'Ready'), 0);
  assert.equal(r.final.conditions.Ready, 'True');
  assert.equal(r.pod.uid, podUid('default', 'pod'));
  assert.match(r.pod.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
});
test('a scenario naming a container the pod does not have is an error listing the containers', () => {
  assert.throws(() => sim(one('Always'), { containers: { ap: {} } }), (e: unknown) => e instanceof ScenarioError && /no container named "ap" \(it has: app\)/.test(e.message));
  // simulation.md: exitAfter defaults to never, so oomKilled / exitCode without it are valid (no effect): warned, simulated.
  const oom = sim(one('Always'), { until: 30, containers: { app: { runs: [{ oomKilled: true }] } } });
  assert.deepEqual(oom.warnings, ['containers.app.runs[0].oomKilled: has no effect without exitAfter (when the process runs out of memory)']);
  assert.equal(oom.final.containers.app.state, 'Running');
  const code = sim(one('Always'), { until: 30, containers: { app: { runs: [{ exitCode: 2 }] } } });
  assert.deepEqual(code.warnings, ['containers.app.runs[0].exitCode: has no effect without exitAfter']);
  assert.equal(code.final.containers.app.restartCount, 0);
  assert.throws(() => sim({ containers: [] }, {}), /no containers/);
  assert.throws(() => sim(one('Always'), { scheduleAfter: 10, deleteAfter: 5 }), /deleteAfter \(5\) is before scheduleAfter \(10\)/);
});
test('same-instant round trips are collapsed for derived fields but container states keep every step', () => {
  const ev = (field: SimEvent['field'], from: string, to: string, t = 5, extra: Partial<SimEvent> = {}): SimEvent => ({ t, subject: 'app', field, from, to, ...extra });
  const out = collapseInstantChanges([
    ev('ready', 'true', 'false', 0), ev('ready', 'false', 'true', 0),
    ev('ready', 'true', 'false'), ev('state', 'Running', 'Terminated'), ev('state', 'Terminated', 'Running'), ev('ready', 'false', 'true'),
    ev('restartCount', '0', '1'),
  ]);
  assert.deepEqual(out.map((e) => `${e.t} ${e.field} ${e.from}>${e.to}`), ['5 state Running>Terminated', '5 state Terminated>Running', '5 restartCount 0>1']);
  assert.equal(out.filter((e) => e.t === 5 && e.field === 'ready').length, 0, 'ready true → false → true within one instant is dropped');
  assert.equal(out.filter((e) => e.t === 5 && e.field === 'state').length, 2);
});
test('preStop duration: sleep action, `sleep N` exec (direct or through sh -c), anything else 0', () => {
  assert.equal(preStopDuration({ sleep: { seconds: 7 } }), 7);
  assert.equal(preStopDuration({ exec: { command: ['sleep', '15'] } }), 15);
  assert.equal(preStopDuration({ exec: { command: ['/bin/sh', '-c', 'sleep 2.5'] } }), 2.5);
  assert.equal(preStopDuration({ exec: { command: ['nginx', '-s', 'quit'] } }), 0);
  assert.equal(preStopDuration(undefined), undefined);
});
test('one simulated hour of a 10-container pod with three probes each plays every tick (3 × 360 attempts per container)', () => {
  const containers: Container[] = Array.from({ length: 10 }, (_, i) => ({
    name: `c${i}`, image: 'x',
    startupProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 30 },
    readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10 },
    livenessProbe: { httpGet: { port: 80 }, periodSeconds: 10 },
  }));
  const sc: Scenario = { ...defaultScenario(), until: 3600 };
  const r = simulate({ spec: { containers }, scenario: sc });
  assert.equal(r.final.conditions.Ready, 'True');
  // startup: 1 (passes at 10 s); readiness and liveness from 10 s to 3600 s on the 10 s grid.
  for (const c of containers) {
    assert.equal(attemptsOf(r, c.name!, 'startupProbe').length, 1);
    assert.equal(attemptsOf(r, c.name!, 'livenessProbe').length, 360);
    assert.equal(attemptsOf(r, c.name!, 'readinessProbe').length, 360);
  }
});
test('very long runs stay bounded: attempts beyond MAX_RECORDED_ATTEMPTS are counted, not stored', () => {
  const containers: Container[] = Array.from({ length: 4 }, (_, i) => ({
    name: `c${i}`, image: 'x',
    readinessProbe: { exec: { command: ['ok'] }, periodSeconds: 1 },
    livenessProbe: { exec: { command: ['ok'] }, periodSeconds: 1 },
  }));
  const r = simulate({ spec: { containers }, scenario: { ...defaultScenario(), until: 30_000 } });
  assert.equal(r.attempts.length, MAX_RECORDED_ATTEMPTS);
  // readiness 0…30000 (the trigger at start), liveness 1…30000 (its tick at 0 came before the container)
  assert.equal(r.attemptsDropped, 4 * (30_001 + 30_000) - MAX_RECORDED_ATTEMPTS);
  assert.equal(r.final.conditions.Ready, 'True');
});

test('pod specs the API server would reject are reported, not simulated (a negative period would never end)', () => {
  const bad = (spec: unknown) => () => simulate({ spec: spec as PodSpec, scenario: defaultScenario() });
  assert.throws(bad({ containers: [{ name: 'app', livenessProbe: { periodSeconds: -5 } }] }),
    (e: unknown) => e instanceof ScenarioError && e.message === 'pod spec: containers[0].livenessProbe.periodSeconds: must be at least 1 (the API server rejects -5)');
  assert.throws(bad({ containers: [{ image: 'x' }, { name: 'a' }, { name: 'a' }] }), /containers\[0\]: a container needs a name\n {2}containers\[2\]: the name "a" is used twice/);
  assert.throws(bad({ containers: 'app' }), /containers: expected a list/);
  assert.throws(bad({ containers: [{ name: 'a', readinessProbe: 'yes' }] }), /readinessProbe: expected a mapping/);
  const odd = { containers: [{ name: 'app', lifecycle: { stopSignal: 9, preStop: { exec: { command: [1, 2] } } }, livenessProbe: { periodSeconds: '10' } }], readinessGates: 'x' };
  const r = simulate({ spec: odd as unknown as PodSpec, scenario: validateScenario({ until: 30, deleteAfter: 5 }) });
  assert.deepEqual(exits(r).map((e) => e.exitCode), [143], 'odd values fall back to the defaults');
  assert.deepEqual(odd.containers[0].lifecycle, { stopSignal: 9, preStop: { exec: { command: [1, 2] } } }, 'the input is not modified');
});
