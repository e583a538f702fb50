// Kill and restart decisions (K132–K137), the back-off algorithm (L138–L145 at the unit level;
// the simulator tests play the same schedules), restart rules (§9.1) and defaults (Q236–Q239).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveTiming, type Container, type PodSpec } from '../../../src/core/k8s';
import { BackOff, crashLoopBackOff, imagePullBackOff } from '../../../src/core/lifecycle/backoff';
import { goDuration } from '../../../src/core/util/duration';
import { defaultHTTPGetAction, describeProbe } from '../../../src/core/lifecycle/probe-line';
import {
  containerShouldRestart, killGracePeriod, podGracePeriod, podRestartPolicy, probeKillDecision,
  shouldContainerBeRestarted, stopSignalNumber,
} from '../../../src/core/lifecycle/restart';

const app: Container = { name: 'app', livenessProbe: { exec: { command: ['true'] } } };
const pod = (restartPolicy?: string, extra: Partial<PodSpec> = {}): PodSpec => ({ containers: [app], ...(restartPolicy ? { restartPolicy } : {}), ...extra });
const on = { containerRestartRules: true };

// ---- K. Kill / restart decisions

test('K132 liveness Failure under Always → kill "Container app failed liveness probe, will be restarted" and restart', () => {
  assert.deepEqual(probeKillDecision(app, pod('Always'), { liveness: 'Failure' }, on), {
    kill: true, reason: 'liveness', message: 'Container app failed liveness probe, will be restarted', restart: true,
  });
  const onFailure = probeKillDecision(app, pod('OnFailure'), { liveness: 'Failure' }, on);
  assert.ok(onFailure.kill && onFailure.restart, 'OnFailure restarts after a probe kill (the exit code does not matter)');
});
test('K133 liveness Failure under Never → killed, not restarted, no suffix', () => {
  assert.deepEqual(probeKillDecision(app, pod('Never'), { liveness: 'Failure' }, on), {
    kill: true, reason: 'liveness', message: 'Container app failed liveness probe', restart: false,
  });
});
test('K134 startup Failure → "Container app failed startup probe[, will be restarted]"; liveness wins over startup', () => {
  const a = probeKillDecision(app, pod(), { startup: 'Failure' }, on);
  assert.ok(a.kill && a.message === 'Container app failed startup probe, will be restarted');
  const n = probeKillDecision(app, pod('Never'), { startup: 'Failure' }, on);
  assert.ok(n.kill && n.message === 'Container app failed startup probe' && !n.restart);
  const both = probeKillDecision(app, pod(), { liveness: 'Failure', startup: 'Failure' }, on);
  assert.ok(both.kill && both.reason === 'liveness');
});
test('K134 sidecar kill: "Init container proxy failed liveness probe", always restarted', () => {
  const proxy: Container = { name: 'proxy', restartPolicy: 'Always' };
  assert.deepEqual(probeKillDecision(proxy, pod('Never'), { liveness: 'Failure' }, { ...on, sidecar: true }), {
    kill: true, reason: 'liveness', message: 'Init container proxy failed liveness probe', restart: true,
  });
});
test('K134 gate ContainerRestartRules: a container-level restartPolicy overrides the pod policy for probe kills', () => {
  const never: Container = { ...app, restartPolicy: 'Never' };
  const d = probeKillDecision(never, pod('Always'), { liveness: 'Failure' }, on);
  assert.ok(d.kill && !d.restart);
  const legacy = probeKillDecision(never, pod('Always'), { liveness: 'Failure' }, { containerRestartRules: false });
  assert.ok(legacy.kill && legacy.restart, 'gate off: the pod policy decides');
});
test('K135 grace period: liveness TGPS 5 → 5; unset → pod 30; deletion grace 10 → 10; startup TGPS only for startup kills', () => {
  const c: Container = { name: 'app', livenessProbe: { terminationGracePeriodSeconds: 5 }, startupProbe: { terminationGracePeriodSeconds: 7 } };
  const s = pod(undefined, { terminationGracePeriodSeconds: 30 });
  assert.equal(killGracePeriod(s, c, 'liveness'), 5);
  assert.equal(killGracePeriod(s, c, 'startup'), 7);
  assert.equal(killGracePeriod(s, { name: 'app' }, 'liveness'), 30);
  assert.equal(killGracePeriod(s, c, 'liveness', 10), 10);
  assert.equal(killGracePeriod(pod(), { name: 'app' }, 'pod'), 30, 'pod TGPS defaults to 30');
  assert.equal(killGracePeriod(pod(undefined, { terminationGracePeriodSeconds: 3 }), { name: 'x', livenessProbe: { terminationGracePeriodSeconds: 60 } }, 'liveness'), 60, 'a probe value larger than the pod value is allowed');
});
test('K136 a spec change takes precedence over a liveness Failure and restarts even under Never', () => {
  assert.deepEqual(probeKillDecision(app, pod('Never'), { specChanged: true, liveness: 'Failure' }, on), {
    kill: true, reason: 'changed', message: 'Container app definition changed, will be restarted', restart: true,
  });
});
test('K137 readiness Failure never kills; Success/Unknown results keep the container', () => {
  assert.deepEqual(probeKillDecision(app, pod(), {}, on), { kill: false });
  assert.deepEqual(probeKillDecision(app, pod(), { liveness: 'Success', startup: 'Unknown' }, on), { kill: false });
});

// ---- §9.1 restarts

test('§9.1 ShouldContainerBeRestarted in order: deleting, no record, running, created/unknown, policy', () => {
  const s = pod('Never');
  assert.equal(shouldContainerBeRestarted(app, s, { state: 'none' }, { ...on, deleting: true }), false);
  assert.equal(shouldContainerBeRestarted(app, s, { state: 'none' }, on), true, 'never started → start, even under Never');
  assert.equal(shouldContainerBeRestarted(app, pod('Always'), { state: 'running' }, on), false);
  assert.equal(shouldContainerBeRestarted(app, s, { state: 'created' }, on), true);
  assert.equal(shouldContainerBeRestarted(app, s, { state: 'unknown' }, on), true);
  for (const gate of [true, false]) {
    const o = { containerRestartRules: gate };
    assert.equal(shouldContainerBeRestarted(app, s, { state: 'exited', exitCode: 1 }, o), false);
    assert.equal(shouldContainerBeRestarted(app, pod('OnFailure'), { state: 'exited', exitCode: 0 }, o), false);
    assert.equal(shouldContainerBeRestarted(app, pod('OnFailure'), { state: 'exited', exitCode: 2 }, o), true);
    assert.equal(shouldContainerBeRestarted(app, pod('Always'), { state: 'exited', exitCode: 0 }, o), true);
  }
});
test('§9.1 ContainerShouldRestart: rules (first match, Restart), then container policy, then pod policy', () => {
  const ruled: Container = {
    name: 'app', restartPolicy: 'Never',
    restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
  };
  assert.equal(containerShouldRestart(ruled, pod('Always'), 42), true);
  assert.equal(containerShouldRestart(ruled, pod('Always'), 1), false);
  const notIn: Container = { name: 'app', restartPolicy: 'Never', restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'NotIn', values: [0] } }] };
  assert.equal(containerShouldRestart(notIn, pod('Never'), 3), true);
  assert.equal(containerShouldRestart(notIn, pod('Never'), 0), false);
  assert.equal(containerShouldRestart({ name: 'a', restartPolicy: 'OnFailure' }, pod('Never'), 1), true);
  assert.equal(containerShouldRestart({ name: 'a', restartPolicy: 'OnFailure' }, pod('Never'), 0), false);
  assert.equal(containerShouldRestart({ name: 'a', restartPolicy: 'Always' }, pod('Never'), 0), true);
  assert.equal(containerShouldRestart({ name: 'a', restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [1] } }] }, pod('Never'), 1), false, 'rules apply only with a container restartPolicy');
  assert.equal(containerShouldRestart(app, { containers: [app] }, 0), true, 'empty pod policy → restart');
});
test('stop signal: SIGTERM by default (exit 143), lifecycle.stopSignal otherwise', () => {
  assert.equal(128 + stopSignalNumber(app), 143);
  assert.equal(stopSignalNumber({ lifecycle: { stopSignal: 'SIGINT' } }), 2);
  assert.equal(stopSignalNumber({ lifecycle: { stopSignal: 'SIGUSR1' } }), 10);
});

// ---- L. Back-off

test('L138 CrashLoopBackOff for a container that crashes at once: starts at 0, 0, 10, 30, 70, 150, 310, 610 s', () => {
  const b = crashLoopBackOff();
  const starts: number[] = [];
  let now = 0;
  let lastExit: number | undefined;
  while (starts.length < 8) {
    if (lastExit !== undefined && b.isInBackOffSince('app', lastExit, now)) {
      now = lastExit + b.get('app');
      continue;
    }
    if (lastExit !== undefined) b.next('app', lastExit, now);
    starts.push(now);
    lastExit = now; // exits immediately
  }
  assert.deepEqual(starts, [0, 0, 10, 30, 70, 150, 310, 610]);
});
test('L139 with KubeletCrashLoopBackOffMax 30 s: starts at 0, 0, 10, 30, 60, 90, 120, 150, 180, 210 s', () => {
  const b = crashLoopBackOff(10, 30);
  const starts: number[] = [];
  let now = 0;
  let lastExit: number | undefined;
  while (starts.length < 10) {
    if (lastExit !== undefined && b.isInBackOffSince('app', lastExit, now)) { now = lastExit + b.get('app'); continue; }
    if (lastExit !== undefined) b.next('app', lastExit, now);
    starts.push(now);
    lastExit = now;
  }
  assert.deepEqual(starts, [0, 0, 10, 30, 60, 90, 120, 150, 180, 210]);
});
test('L140 ReduceDefaultCrashLoopBackOffDecay: initial 1 s, max 60 s', () => {
  const b = crashLoopBackOff(1, 60);
  const seen = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => b.next('k', i, i));
  assert.deepEqual(seen, [1, 2, 4, 8, 16, 32, 60, 60]);
});
test('L142 Go durations: 10s, 20s, 40s, 1m20s, 2m40s, 5m0s (and 1h0m0s, 1.5s, 500ms, 0s)', () => {
  assert.deepEqual([10, 20, 40, 80, 160, 300, 3600, 1.5, 0.5, 0].map(goDuration), ['10s', '20s', '40s', '1m20s', '2m40s', '5m0s', '1h0m0s', '1.5s', '500ms', '0s']);
});
test('L143 a container that ran more than 10 min before crashing resets the back-off to the initial 10 s', () => {
  const b = crashLoopBackOff();
  b.next('app', 0, 0); // 10
  b.next('app', 0, 10); // 20
  b.next('app', 10, 30); // 40, lastUpdate 30
  const finishedAt = 30 + 11 * 60;
  assert.equal(b.isInBackOffSince('app', finishedAt, finishedAt), false, 'restart at once');
  assert.equal(b.next('app', finishedAt, finishedAt), 10, 'next wait 10 s');
});
test('L144 a container that ran 5 min keeps doubling (wall-clock waiting never resets it)', () => {
  const b = crashLoopBackOff();
  b.next('app', 0, 0);
  b.next('app', 0, 10); // 20 at lastUpdate 10
  const finishedAt = 10 + 300;
  assert.equal(b.isInBackOffSince('app', finishedAt, finishedAt), true);
  assert.equal(b.next('app', finishedAt, finishedAt + 20), 40);
  assert.equal(b.isInBackOffSince('app', 400, 5000), false, 'waiting long does not reset, it only ends the wait');
  assert.equal(b.next('app', 400, 5000), 80);
});
test('L145 first crash ever: no entry until the first restart, so it restarts at once', () => {
  const b = crashLoopBackOff();
  assert.equal(b.has('app'), false);
  assert.equal(b.isInBackOffSince('app', 0, 0), false);
  assert.equal(b.next('app', 0, 0), 10);
  assert.equal(b.isInBackOffSince('app', 0, 0), true, 'the second crash waits 10 s');
});
test('§9.2 image pull back-off: 10 s doubling to 300 s, measured from the last failure', () => {
  const b = imagePullBackOff();
  const waits = [0, 12, 34, 76, 158, 320, 622].map((t) => b.next('img', t, t));
  assert.deepEqual(waits, [10, 20, 40, 80, 160, 300, 300]);
  assert.equal(b.isInBackOffSinceUpdate('img', 900), true);
  assert.equal(b.isInBackOffSinceUpdate('img', 922), false);
  const custom = new BackOff(10, 300, () => true);
  custom.next('k', 0, 0);
  assert.equal(custom.next('k', 5, 5), 10, 'an always-expired entry restarts at the initial value');
});

// ---- Q. Defaults

test('Q236 probe with every numeric field omitted → timeout 1, period 10, success 1, failure 3, delay 0', () => {
  assert.deepEqual(effectiveTiming({}), { initialDelaySeconds: 0, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(describeProbe({ tcpSocket: { port: 5432 } }), 'tcp-socket :5432 delay=0s timeout=1s period=10s #success=1 #failure=3');
});
test('Q237 httpGet with path and scheme omitted → path "/", scheme HTTP (kubectl describe shows http://:8080/)', () => {
  assert.deepEqual(defaultHTTPGetAction({ port: 8080 }), { port: 8080, path: '/', scheme: 'HTTP' });
  assert.equal(describeProbe({ httpGet: { port: 8080 } }), 'http-get http://:8080/ delay=0s timeout=1s period=10s #success=1 #failure=3');
  assert.equal(describeProbe({ httpGet: { port: 'web', path: '/healthz', scheme: 'HTTPS', host: 'fd00::5' }, periodSeconds: 5 }), 'http-get https://[fd00::5]:web/healthz delay=0s timeout=1s period=5s #success=1 #failure=3');
});
test('Q238 pod restartPolicy omitted → Always; terminationGracePeriodSeconds omitted → 30', () => {
  assert.equal(podRestartPolicy({}), 'Always');
  assert.equal(podRestartPolicy({ restartPolicy: 'Never' }), 'Never');
  assert.equal(podGracePeriod({}), 30);
  assert.equal(podGracePeriod({ terminationGracePeriodSeconds: 0 }), 0);
});
test('Q239 grpc service omitted → "" (kubectl describe prints an empty service)', () => {
  assert.equal(describeProbe({ grpc: { port: 9090 } }), 'grpc <pod>:9090  delay=0s timeout=1s period=10s #success=1 #failure=3');
  assert.equal(describeProbe({ exec: { command: ['cat', '/tmp/ok'] }, failureThreshold: 5 }), 'exec [cat /tmp/ok] delay=0s timeout=1s period=10s #success=1 #failure=5');
});
