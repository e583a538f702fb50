// postStart hooks, activeDeadlineSeconds and sidecar start gating in the simulator, each case
// derived from the Kubernetes source named in the test (docs/semantics/pod-lifecycle.md):
// kuberuntime_container.go startContainer (postStart runs before it returns; a failure kills the
// container), kuberuntime_manager.go SyncPod (containers start one after another) and
// computeInitContainerActions (a sidecar gates the next init container on started, not liveness),
// pkg/kubelet/active_deadline.go (DeadlineExceeded). Also through `kube-probes simulate --format json`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, PodSpec, Probe } from '../../../src/core/k8s';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';
import { validateScenario } from '../../../src/core/lifecycle/scenario';
import { simulate } from '../../../src/core/lifecycle/simulate';
import type { SimResult } from '../../../src/core/lifecycle/types';
import { verdicts } from '../../../src/core/lifecycle/verdicts';

function sim(spec: PodSpec, scenario: unknown = {}): SimResult {
  return simulate({ spec, name: 'web', namespace: 'default', uid: 'uid-1', scenario: validateScenario(scenario) });
}
const of = (r: SimResult, subject: string, field: string) => r.events.filter((e) => e.subject === subject && e.field === field);
const runningAt = (r: SimResult, c: string) => of(r, c, 'state').filter((e) => e.to === 'Running').map((e) => e.t);
const kevents = (r: SimResult, c: string, reason?: string) => r.kubeletEvents.filter((k) => k.object === c && (!reason || k.reason === reason));
const startedAt = (r: SimResult, c: string) => kevents(r, c, 'Started').map((k) => k.t);
const sleepHook = (seconds: number): Container['lifecycle'] => ({ postStart: { sleep: { seconds } } });
const execHook: Container['lifecycle'] = { postStart: { exec: { command: ['pilot-agent', 'wait'] } } };
const ready: Probe = { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 };

// ---------------------------------------------------------------------------------------------
// postStart blocks (kuberuntime_container.go startContainer, kuberuntime_manager.go SyncPod)

test('startContainer/SyncPod: a regular container whose postStart waits (Istio holdApplicationUntilProxyStarts) holds up the next container and is neither Running nor probed until it returns', () => {
  const spec: PodSpec = {
    containers: [
      { name: 'istio-proxy', image: 'proxy:1', lifecycle: execHook, readinessProbe: { ...ready, initialDelaySeconds: 5 } },
      { name: 'app', image: 'app:1', readinessProbe: ready },
    ],
  };
  const r = sim(spec, { until: 60, containers: { 'istio-proxy': { runs: [{ postStart: { seconds: 8 } }] } } });
  assert.deepEqual(startedAt(r, 'istio-proxy'), [0], 'the runtime starts the proxy at once');
  assert.deepEqual(startedAt(r, 'app'), [8], 'the app is started only when the hook returns');
  assert.deepEqual(runningAt(r, 'istio-proxy'), [8], 'Running only once the hook returned');
  assert.deepEqual(of(r, 'istio-proxy', 'state')[0], { t: 0, subject: 'istio-proxy', field: 'state', from: '', to: 'Waiting', reason: 'ContainerCreating' });
  assert.ok(r.attempts.every((a) => a.t >= 8), 'no probe runs during the hook');
  // initialDelaySeconds counts from state.running.startedAt, the real start (0 s), not the hook's end.
  assert.equal(r.attempts.find((a) => a.container === 'istio-proxy')?.t, 8);
  assert.deepEqual(of(r, 'pod', 'phase').map((e) => [e.t, e.to]), [[0, 'Pending'], [8, 'Running']]);
  assert.equal(of(r, 'pod', 'condition:Ready').find((e) => e.to === 'True')?.t, 8);
  assert.ok(verdicts(r).some((v) => v.kind === 'poststart-wait' && v.container === 'istio-proxy' && /app starts only after it returns/.test(v.text)));
});

test('startContainer/SyncPod: a sidecar\'s sleep postStart delays the next init container, which delays the app', () => {
  const spec: PodSpec = {
    initContainers: [
      { name: 'proxy', image: 'p:1', restartPolicy: 'Always', lifecycle: sleepHook(5) },
      { name: 'migrate', image: 'm:1' },
    ],
    containers: [{ name: 'app', image: 'app:1' }],
  };
  const r = sim(spec, { until: 60, containers: { migrate: { runs: [{ exitAfter: 3 }] } } });
  assert.deepEqual(startedAt(r, 'proxy'), [0]);
  assert.deepEqual(runningAt(r, 'proxy'), [5]);
  assert.deepEqual(startedAt(r, 'migrate'), [5], 'the next init container starts when the sidecar\'s hook returns');
  assert.deepEqual(startedAt(r, 'app'), [8]);
  assert.equal(of(r, 'pod', 'condition:Initialized').find((e) => e.to === 'True')?.t, 8);
  assert.equal(r.final.containers.proxy.state, 'Running');
});

test('SyncPod: a plain init container cannot have lifecycle (validation.go); its postStart is not simulated and the user is told', () => {
  const spec: PodSpec = { initContainers: [{ name: 'init', image: 'i:1', lifecycle: sleepHook(30) }], containers: [{ name: 'app', image: 'a:1' }] };
  const r = sim(spec, { until: 30 });
  assert.deepEqual(startedAt(r, 'app'), [0]);
  assert.ok(r.warnings?.some((w) => /"init" has lifecycle.postStart, which the API server rejects/.test(w)), String(r.warnings));
});

test('startContainer: a failing postStart → FailedPostStartHook, Killing "FailedPostStartHook", Waiting PostStartHookError, then restarted under the crash-loop back-off', () => {
  const spec: PodSpec = { containers: [{ name: 'app', image: 'a:1', lifecycle: execHook }] };
  const r = sim(spec, { until: 100, containers: { app: { runs: [{ postStart: { seconds: 3, fails: true } }] } } });
  assert.deepEqual(kevents(r, 'app', 'FailedPostStartHook').map((k) => [k.t, k.type, k.message]), [[3, 'Warning', 'PostStartHook failed'], [6, 'Warning', 'PostStartHook failed'], [19, 'Warning', 'PostStartHook failed'], [42, 'Warning', 'PostStartHook failed'], [85, 'Warning', 'PostStartHook failed']]);
  assert.deepEqual(kevents(r, 'app', 'Killing').map((k) => k.message), Array(5).fill('FailedPostStartHook'));
  // Starts follow the crash-loop schedule 0, 0, 10, 30, 70 s after each exit (doBackOff).
  assert.deepEqual(startedAt(r, 'app'), [0, 3, 16, 39, 82]);
  const waiting = of(r, 'app', 'state').find((e) => e.reason === 'PostStartHookError');
  assert.equal(waiting?.t, 3);
  assert.match(waiting?.message ?? '', /^Exec lifecycle hook \(\["pilot-agent","wait"\]\) for Container "app" in Pod "web_default\(uid-1\)" failed - error: /);
  assert.deepEqual(runningAt(r, 'app'), [], 'a container whose hook fails never shows Running');
  assert.equal(r.final.containers.app.reason, 'CrashLoopBackOff');
  assert.equal(r.final.containers.app.restartCount, 4);
  assert.ok(verdicts(r).some((v) => v.kind === 'poststart-failed' && v.level === 'error'));
});

test('startContainer: a failing postStart under restartPolicy Never → the container stays Terminated (143) and the pod is Failed', () => {
  const spec: PodSpec = { restartPolicy: 'Never', containers: [{ name: 'app', image: 'a:1', lifecycle: execHook }] };
  const r = sim(spec, { until: 30, containers: { app: { runs: [{ postStart: { fails: true } }] } } });
  assert.deepEqual(startedAt(r, 'app'), [0]);
  assert.deepEqual({ state: r.final.containers.app.state, exitCode: r.final.containers.app.exitCode }, { state: 'Terminated', exitCode: 143 });
  assert.equal(r.final.phase, 'Failed');
});

test('handlers.go Run: a tcpSocket postStart is not a handler the kubelet runs — it fails at once', () => {
  const spec: PodSpec = { restartPolicy: 'Never', containers: [{ name: 'app', image: 'a:1', lifecycle: { postStart: { tcpSocket: { port: 80 } } } }] };
  const r = sim(spec, { until: 10 });
  assert.deepEqual(kevents(r, 'app', 'FailedPostStartHook').map((k) => k.t), [0]);
  assert.equal(r.final.phase, 'Failed');
});

test('startContainer: an exec postStart into a process that has exited fails when it exits; a sleep hook sleeps on', () => {
  const exec: PodSpec = { restartPolicy: 'Never', containers: [{ name: 'app', image: 'a:1', lifecycle: execHook }] };
  const r = sim(exec, { until: 30, containers: { app: { runs: [{ exitAfter: 2, exitCode: 1, postStart: { seconds: 10 } }] } } });
  assert.deepEqual(kevents(r, 'app', 'FailedPostStartHook').map((k) => k.t), [2]);
  assert.equal(r.final.containers.app.exitCode, 1, 'the process\'s own exit code');
  const sleep: PodSpec = { restartPolicy: 'Never', containers: [{ name: 'app', image: 'a:1', lifecycle: sleepHook(10) }] };
  const s = sim(sleep, { until: 30, containers: { app: { runs: [{ exitAfter: 2, exitCode: 1 }] } } });
  assert.deepEqual(kevents(s, 'app', 'FailedPostStartHook'), []);
  assert.deepEqual(of(s, 'app', 'state').filter((e) => e.to === 'Terminated').map((e) => e.t), [10], 'shown once the sync that ran the hook ends');
});

test('scenario: postStart for a container without a hook is a warning; the default scenario runs a sleep hook for its seconds', () => {
  const r = sim({ containers: [{ name: 'app', image: 'a:1' }] }, { until: 10, containers: { app: { runs: [{ postStart: { seconds: 5 } }] } } });
  assert.ok(r.warnings?.some((w) => /containers\.app\.runs\[0\]\.postStart: has no effect/.test(w)));
  const d = sim({ containers: [{ name: 'app', image: 'a:1', lifecycle: sleepHook(7) }] }, { until: 20 });
  assert.deepEqual(runningAt(d, 'app'), [7]);
  assert.deepEqual(d.containers[0].runs[0].postStart, { handler: 'sleep', seconds: 7, fails: false });
});

// ---------------------------------------------------------------------------------------------
// activeDeadlineSeconds (pkg/kubelet/active_deadline.go pastActiveDeadline, generateAPIPodStatus)

test('active_deadline.go: at startTime + activeDeadlineSeconds the pod is Failed/DeadlineExceeded and every container is stopped, sidecars last', () => {
  const spec: PodSpec = {
    activeDeadlineSeconds: 30,
    terminationGracePeriodSeconds: 5,
    initContainers: [{ name: 'proxy', image: 'p:1', restartPolicy: 'Always' }],
    containers: [{ name: 'app', image: 'a:1', startupProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10, failureThreshold: 30 } }],
  };
  const r = sim(spec, { until: 60, scheduleAfter: 5, containers: { app: { runs: [{ healthyAfter: 100 }] } } });
  const failed = of(r, 'pod', 'phase').find((e) => e.to === 'Failed');
  assert.deepEqual(failed, { t: 35, subject: 'pod', field: 'phase', from: 'Running', to: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
  assert.deepEqual(r.kubeletEvents.filter((k) => k.reason === 'DeadlineExceeded').map((k) => [k.t, k.type, k.object]), [[35, 'Normal', 'pod']]);
  assert.deepEqual(r.kubeletEvents.filter((k) => k.reason === 'Killing').map((k) => [k.t, k.object, k.message]), [[35, 'app', 'Stopping container app'], [35, 'proxy', 'Stopping container proxy']]);
  assert.equal(r.final.phase, 'Failed');
  assert.equal(r.final.reason, 'DeadlineExceeded');
  assert.equal(r.final.conditions.Ready, 'False');
  assert.equal(r.final.containers.app.state, 'Terminated');
  assert.equal(r.final.containers.proxy.state, 'Terminated');
  assert.equal(r.pod.activeDeadlineSeconds, 30);
  const v = verdicts(r).find((x) => x.kind === 'deadline-exceeded');
  assert.equal(v?.level, 'error');
  assert.match(v?.text ?? '', /activeDeadlineSeconds 30 ran out before the pod was ever Ready: at 35 s/);
});

test('active_deadline.go: no deadline is reached while the pod is unscheduled (no startTime), and a pod done before it is untouched', () => {
  const spec: PodSpec = { activeDeadlineSeconds: 10, restartPolicy: 'Never', containers: [{ name: 'job', image: 'j:1' }] };
  const r = sim(spec, { until: 60, containers: { job: { runs: [{ exitAfter: 5 }] } } });
  assert.equal(r.final.phase, 'Succeeded');
  assert.equal(r.final.reason, undefined);
  const late = sim({ ...spec, activeDeadlineSeconds: 20 }, { until: 60, scheduleAfter: 15, containers: { job: { runs: [{ exitAfter: 30 }] } } });
  assert.equal(of(late, 'pod', 'phase').find((e) => e.to === 'Failed')?.t, 35);
});

test('active_deadline.go + startContainer: a deadline that passes during a postStart hook is applied when the blocked sync ends', () => {
  const spec: PodSpec = { activeDeadlineSeconds: 10, containers: [{ name: 'app', image: 'a:1', lifecycle: sleepHook(25) }] };
  const r = sim(spec, { until: 60 });
  assert.equal(of(r, 'pod', 'phase').find((e) => e.to === 'Failed')?.t, 25);
  assert.equal(r.final.containers.app.exitCode, 143);
});

test('checkPodSpec: activeDeadlineSeconds the API server rejects is reported, not simulated', () => {
  assert.throws(() => sim({ activeDeadlineSeconds: 0, containers: [{ name: 'a', image: 'a:1' }] }), /activeDeadlineSeconds: must be a whole number of seconds from 1 to 2147483647/);
});

// ---------------------------------------------------------------------------------------------
// Sidecar start gating (kuberuntime_manager.go computeInitContainerActions)

const live: Probe = { httpGet: { path: '/healthz', port: 15020 }, periodSeconds: 5, failureThreshold: 1 };

test('computeInitContainerActions: the next init container waits for the sidecar\'s startup probe, not for a liveness result', () => {
  const spec: PodSpec = {
    initContainers: [
      { name: 'proxy', image: 'p:1', restartPolicy: 'Always', startupProbe: { httpGet: { path: '/', port: 15020 }, periodSeconds: 5, failureThreshold: 10 }, livenessProbe: { ...live, initialDelaySeconds: 60 } },
      { name: 'migrate', image: 'm:1' },
    ],
    containers: [{ name: 'app', image: 'a:1' }],
  };
  const r = sim(spec, { until: 40, containers: { proxy: { runs: [{ healthyAfter: 12 }] }, migrate: { runs: [{ exitAfter: 1 }] } } });
  assert.deepEqual(of(r, 'proxy', 'started').map((e) => [e.t, e.to]), [[15, 'true']]);
  assert.deepEqual(startedAt(r, 'migrate'), [15], 'started at the startup success; liveness has not run yet (initialDelaySeconds 60)');
  assert.equal(r.attempts.filter((a) => a.container === 'proxy' && a.kind === 'livenessProbe').length, 0);
});

test('computeInitContainerActions: a sidecar crash-looping on its liveness probe does not hold back the pod once the newest init container is done', () => {
  const spec: PodSpec = {
    initContainers: [
      { name: 'proxy', image: 'p:1', restartPolicy: 'Always', livenessProbe: live },
      { name: 'migrate', image: 'm:1' },
    ],
    containers: [{ name: 'app', image: 'a:1' }],
  };
  // proxy fails every liveness probe: killed at 5, 10, 15 s, then in CrashLoopBackOff until 25 s.
  const r = sim(spec, { until: 30, containers: { proxy: { runs: [{ unhealthyAfter: 0 }] }, migrate: { runs: [{ exitAfter: 17 }] } } });
  assert.deepEqual(kevents(r, 'proxy', 'Killing').map((k) => [k.t, k.message]).slice(0, 3), [5, 10, 15].map((t) => [t, 'Init container proxy failed liveness probe']));
  assert.deepEqual(startedAt(r, 'migrate'), [0], 'the sidecar is started (no startup probe): the next init container starts at once');
  assert.equal(of(r, 'proxy', 'state').find((e) => e.reason === 'CrashLoopBackOff')?.t, 15);
  // The kubelet walks the init containers from the last: migrate exited 0 → initialized; the
  // exited sidecar is only restarted (when its back-off allows), the app starts now.
  assert.deepEqual(startedAt(r, 'app'), [17]);
  assert.deepEqual(startedAt(r, 'proxy'), [0, 5, 10, 25]);
});

// ---------------------------------------------------------------------------------------------
// Through the CLI: kube-probes simulate FILE --scenario S --format json

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kp-sim-ps-'));
  await writeFile(join(dir, 'pod.yaml'), `apiVersion: v1
kind: Pod
metadata: {name: mesh}
spec:
  activeDeadlineSeconds: 40
  containers:
  - name: istio-proxy
    image: proxy:1
    lifecycle: {postStart: {exec: {command: [pilot-agent, wait]}}}
  - name: app
    image: app:1
    readinessProbe: {httpGet: {path: /ready, port: 8080}, periodSeconds: 5}
`);
  await writeFile(join(dir, 's.yaml'), 'until: 60\ncontainers:\n  istio-proxy:\n    runs: [{postStart: {seconds: 8}}]\n  app:\n    runs: [{healthyAfter: 50}]\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test('kube-probes simulate --format json: the app starts when the proxy\'s postStart returns; the deadline fails the pod (DeadlineExceeded)', async () => {
  const io = memoryIO(dir);
  const code = await main(['simulate', 'pod.yaml', '--scenario', 's.yaml', '--format', 'json'], io);
  assert.equal(code, 0, io.err);
  const out = JSON.parse(io.out) as SimResult & { verdicts: { kind: string }[] };
  const running = (c: string) => out.events.filter((e) => e.subject === c && e.field === 'state' && e.to === 'Running').map((e) => e.t);
  assert.deepEqual(running('istio-proxy'), [8]);
  assert.deepEqual(running('app'), [8]);
  assert.deepEqual(out.events.filter((e) => e.subject === 'pod' && e.field === 'phase').map((e) => [e.t, e.to, e.reason ?? '']), [[0, 'Pending', ''], [8, 'Running', ''], [40, 'Failed', 'DeadlineExceeded']]);
  assert.equal(out.final.phase, 'Failed');
  assert.equal(out.final.reason, 'DeadlineExceeded');
  assert.equal(out.final.containers.app.state, 'Terminated');
  assert.ok(out.verdicts.some((v) => v.kind === 'deadline-exceeded'));
});
