// Pod status functions against kubelet-semantics.md: J125–J131 (started/ready), M146–M150 (status
// conversion), N151–N215 (getPhase), O216–O228 (conditions), P229–P235 (kubectl columns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Container, PodSpec } from '../../../src/core/k8s';
import {
  containersReadyCondition, convertContainerStatus, getPhase, hasAnyRegularContainerStarted, humanDuration,
  initContainerReady, initializedCondition, podConditions, printPod, readyCondition, startedAndReady,
  type PhaseOptions,
} from '../../../src/core/lifecycle/status';
import type { ContainerStatus, PodCondition, PodStatus } from '../../../src/core/lifecycle/types';

// ---- helpers: statuses as the upstream tests build them

const base = (name: string): ContainerStatus => ({ name, state: {}, lastState: {}, ready: false, restartCount: 0 });
const running = (name: string, o: { started?: boolean; ready?: boolean } = {}): ContainerStatus =>
  ({ ...base(name), state: { running: { startedAt: 0 } }, started: o.started ?? true, ready: o.ready ?? false });
const exited = (name: string, exitCode = 0, reason?: string): ContainerStatus =>
  ({ ...base(name), state: { terminated: { exitCode, ...(reason ? { reason } : {}) } } });
const waiting = (name: string, reason?: string): ContainerStatus => ({ ...base(name), state: { waiting: reason ? { reason } : {} } });
const crashLooping = (name: string, lastExit: number): ContainerStatus =>
  ({ ...base(name), state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: lastExit } } });

const A: Container = { name: 'A' };
const B: Container = { name: 'B' };
const X: Container = { name: 'X' };
const sidecar = (name: string): Container => ({ name, restartPolicy: 'Always' });

function spec(restartPolicy: string, o: { init?: Container[] } = {}): PodSpec {
  return { restartPolicy, containers: [A, B], ...(o.init ? { initContainers: o.init } : {}) };
}
function phase(s: PodSpec, statuses: ContainerStatus[], o: PhaseOptions = {}) {
  return getPhase(s, statuses, { podHasInitialized: hasAnyRegularContainerStarted(s, statuses), ...o });
}

// ---------------------------------------------------------------------------------------------
// J. Started and Ready (TestUpdatePodStatus)

test('J125 running container with only a liveness worker → ready', () => {
  assert.deepEqual(startedAndReady({ running: true, startupWorker: false, readinessWorker: false }), { started: true, ready: true, triggerReadiness: false });
});
test('J126 readiness cached Success → ready', () => {
  assert.equal(startedAndReady({ running: true, startupWorker: false, readinessWorker: true, readinessResult: 'Success' }).ready, true);
});
test('J127 / I124 readiness worker without a result → not ready, and a readiness probe is triggered at once', () => {
  assert.deepEqual(startedAndReady({ running: true, startupWorker: false, readinessWorker: true }), { started: true, ready: false, triggerReadiness: true });
});
test('J128 readiness cached Failure → not ready', () => {
  assert.equal(startedAndReady({ running: true, startupWorker: false, readinessWorker: true, readinessResult: 'Failure' }).ready, false);
});
test('J129 terminated container with cached readiness Success → not ready', () => {
  assert.deepEqual(startedAndReady({ running: false, startupWorker: false, readinessWorker: true, readinessResult: 'Success' }), { started: false, ready: false, triggerReadiness: false });
});
test('J130 running with a startup worker and no startup Success → not started, not ready, no trigger', () => {
  for (const startupResult of [undefined, 'Unknown', 'Failure'] as const) {
    assert.deepEqual(startedAndReady({ running: true, startupWorker: true, startupResult, readinessWorker: true, readinessResult: 'Success' }), { started: false, ready: false, triggerReadiness: false });
  }
  assert.equal(startedAndReady({ running: true, startupWorker: true, startupResult: 'Success', readinessWorker: false }).ready, true);
});
test('J131 plain init container: terminated exit 0 → ready; exit 1 → not ready', () => {
  assert.equal(initContainerReady(exited('X', 0)), true);
  assert.equal(initContainerReady(exited('X', 1)), false);
  assert.equal(initContainerReady(running('X')), false);
});

// ---------------------------------------------------------------------------------------------
// M. Container status conversion (TestConvertToAPIContainerStatuses)

const convertBase = { name: 'app', hasInitContainers: false, isInitContainer: false, deleting: false, shouldRestart: true };

test('M146 runtime lost a running container, pod being deleted → waiting ContainerCreating, lastState ContainerStatusUnknown, restartCount 0', () => {
  const s = convertContainerStatus({ ...convertBase, runtime: [], previous: running('app'), deleting: true });
  assert.deepEqual(s.state, { waiting: { reason: 'ContainerCreating' } });
  assert.deepEqual(s.lastState, { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running' } });
  assert.equal(s.restartCount, 0);
});
test('M147 same, pod not being deleted → restartCount 1', () => {
  const s = convertContainerStatus({ ...convertBase, runtime: [], previous: running('app') });
  assert.equal(s.restartCount, 1);
  assert.equal(s.lastState.terminated?.reason, 'ContainerStatusUnknown');
});
test('M148 no runtime record → waiting ContainerCreating; with init containers → PodInitializing', () => {
  assert.deepEqual(convertContainerStatus({ ...convertBase, runtime: [] }).state, { waiting: { reason: 'ContainerCreating' } });
  assert.deepEqual(convertContainerStatus({ ...convertBase, runtime: [], hasInitContainers: true }).state, { waiting: { reason: 'PodInitializing' } });
  assert.deepEqual(convertContainerStatus({ ...convertBase, runtime: [], hasInitContainers: true, isInitContainer: true }).state, { waiting: { reason: 'PodInitializing' } });
});
test('M149 created but not started → waiting with an empty reason', () => {
  const s = convertContainerStatus({ ...convertBase, runtime: [{ state: 'created', id: 'c1', restartCount: 0 }] });
  assert.deepEqual(s.state, { waiting: {} });
});
test('M150 runtime says unknown after Running → terminated 137 ContainerStatusUnknown, restartCount + 1', () => {
  const s = convertContainerStatus({ ...convertBase, runtime: [{ state: 'unknown', id: 'c1', restartCount: 0 }], previous: { ...running('app'), restartCount: 2 } });
  assert.deepEqual(s.state, { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } });
  assert.equal(s.restartCount, 3);
  const other = convertContainerStatus({ ...convertBase, runtime: [{ state: 'unknown', id: 'c1', restartCount: 0 }], previous: waiting('app') });
  assert.deepEqual(other.state, { waiting: {} }, 'any other unknown → waiting{}');
});
test('§10.1/§10.2 newest instance is state, second newest lastState; a cached start error turns a crashed container Waiting', () => {
  const runtime = [
    { state: 'exited' as const, id: 'c2', restartCount: 1, exitCode: 1, reason: 'Error', startedAt: 10, finishedAt: 12 },
    { state: 'exited' as const, id: 'c1', restartCount: 0, exitCode: 1, reason: 'Error', startedAt: 0, finishedAt: 2 },
  ];
  const plain = convertContainerStatus({ ...convertBase, runtime });
  assert.deepEqual(plain.state.terminated, { exitCode: 1, reason: 'Error', startedAt: 10, finishedAt: 12 });
  assert.equal(plain.lastState.terminated?.finishedAt, 2);
  assert.equal(plain.restartCount, 1);
  const backOff = { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=web_default(u)' };
  const looping = convertContainerStatus({ ...convertBase, runtime, startError: backOff });
  assert.deepEqual(looping.state, { waiting: backOff });
  assert.equal(looping.lastState.terminated?.finishedAt, 12, 'the crashed instance moves to lastState');
  const notRestarting = convertContainerStatus({ ...convertBase, runtime, startError: backOff, shouldRestart: false });
  assert.ok(notRestarting.state.terminated, 'without a restart the container stays terminated');
  const doneInit = convertContainerStatus({ ...convertBase, isInitContainer: true, runtime: [{ ...runtime[0], exitCode: 0 }], startError: backOff });
  assert.ok(doneInit.state.terminated, 'an init container that exited 0 is never turned back to waiting');
});

// ---------------------------------------------------------------------------------------------
// N. getPhase (kubelet_pods_test.go)

const always = spec('Always');
test('N151–N159 restartPolicy Always', () => {
  assert.equal(getPhase(always, []), 'Pending', 'N151');
  assert.equal(phase(always, [running('A'), running('B')]), 'Running', 'N152');
  assert.equal(phase(always, [exited('A'), exited('B')]), 'Running', 'N153');
  assert.equal(phase(always, [exited('A'), exited('B')], { podIsTerminal: true }), 'Succeeded', 'N154');
  assert.equal(phase(always, [exited('A'), exited('B', -1)], { podIsTerminal: true }), 'Failed', 'N155');
  assert.equal(phase(always, [running('A'), exited('B', -1)]), 'Running', 'N156');
  assert.equal(phase(always, [running('A')]), 'Pending', 'N157');
  assert.equal(phase(always, [running('A'), waiting('B')]), 'Pending', 'N158');
  assert.equal(phase(always, [running('A'), crashLooping('B', 1)]), 'Running', 'N159');
});
test('N160–N165 restartPolicy Always with init container X', () => {
  const s = spec('Always', { init: [X] });
  assert.equal(phase(s, [running('X')]), 'Pending', 'N160');
  assert.equal(phase(s, [exited('X', -1)]), 'Pending', 'N161');
  assert.equal(phase(s, [crashLooping('X', 0)]), 'Pending', 'N162');
  assert.equal(phase(s, [crashLooping('X', -1)]), 'Pending', 'N163');
  assert.equal(phase(s, [waiting('X')]), 'Pending', 'N164');
  assert.equal(phase(s, [exited('X'), running('A'), running('B')]), 'Running', 'N165');
});
test('N166–N177 restartPolicy Always with sidecar X', () => {
  const s = spec('Always', { init: [sidecar('X')] });
  assert.equal(phase(s, [running('X', { started: false })]), 'Pending', 'N166');
  assert.equal(phase(s, [exited('X')]), 'Pending', 'N167');
  assert.equal(phase(s, [crashLooping('X', 0)]), 'Pending', 'N168');
  assert.equal(phase(s, [crashLooping('X', -1)]), 'Pending', 'N169');
  assert.equal(phase(s, [waiting('X')]), 'Pending', 'N170');
  assert.equal(phase(s, [running('X'), running('A')]), 'Pending', 'N171');
  assert.equal(phase(s, [running('X'), running('A'), running('B')]), 'Running', 'N172');
  assert.equal(phase(s, [running('X', { started: false }), running('A'), running('B')]), 'Running', 'N173');
  assert.equal(phase(s, [exited('X'), running('A'), running('B')]), 'Running', 'N174');
  assert.equal(phase(s, [crashLooping('X', 1), running('A'), running('B')]), 'Running', 'N175');
  assert.equal(phase(s, [exited('X', -1), exited('A'), exited('B')], { podIsTerminal: true }), 'Succeeded', 'N176');
  assert.equal(phase(s, [exited('X'), exited('A'), exited('B')], { podIsTerminal: true }), 'Succeeded', 'N177');
});
test('N178–N181 restartPolicy Always, init X + sidecar Y, pod has run', () => {
  const s: PodSpec = { restartPolicy: 'Always', initContainers: [X, sidecar('Y')], containers: [A] };
  const o = { podHasInitialized: true };
  assert.equal(getPhase(s, [running('X'), running('Y'), running('A')], o), 'Pending', 'N178');
  assert.equal(getPhase(s, [running('X'), running('Y'), exited('A')], o), 'Pending', 'N179');
  assert.equal(getPhase(s, [exited('X'), running('Y'), exited('A')], o), 'Running', 'N180');
  assert.equal(getPhase(s, [exited('X'), running('Y'), running('A')], o), 'Running', 'N181');
});
test('N182–N188 restartPolicy Never', () => {
  const s = spec('Never');
  assert.equal(getPhase(s, []), 'Pending', 'N182');
  assert.equal(phase(s, [running('A'), running('B')]), 'Running', 'N183');
  assert.equal(phase(s, [exited('A'), exited('B')]), 'Succeeded', 'N184');
  assert.equal(phase(s, [exited('A', -1), exited('B', -1)]), 'Failed', 'N185');
  assert.equal(phase(s, [running('A'), exited('B')]), 'Running', 'N186');
  assert.equal(phase(s, [running('A')]), 'Pending', 'N187');
  assert.equal(phase(s, [running('A'), waiting('B')]), 'Pending', 'N188');
});
test('N189–N194 restartPolicy Never with init container X', () => {
  const s = spec('Never', { init: [X] });
  assert.equal(phase(s, [running('X')]), 'Pending', 'N189');
  assert.equal(phase(s, [exited('X', -1)]), 'Failed', 'N190');
  assert.equal(phase(s, [crashLooping('X', 0)]), 'Pending', 'N191');
  assert.equal(phase(s, [crashLooping('X', -1)]), 'Failed', 'N192');
  assert.equal(phase(s, [waiting('X')]), 'Pending', 'N193');
  assert.equal(phase(s, [exited('X'), running('A'), running('B')]), 'Running', 'N194');
});
test('N195–N206 restartPolicy Never with sidecar X', () => {
  const s = spec('Never', { init: [sidecar('X')] });
  assert.equal(phase(s, [running('X', { started: false })]), 'Pending', 'N195');
  assert.equal(phase(s, [exited('X')]), 'Pending', 'N196');
  assert.equal(phase(s, [crashLooping('X', 0)]), 'Pending', 'N197');
  assert.equal(phase(s, [crashLooping('X', -1)]), 'Pending', 'N198');
  assert.equal(phase(s, [waiting('X')]), 'Pending', 'N199');
  assert.equal(phase(s, [running('X'), running('A')]), 'Pending', 'N200');
  assert.equal(phase(s, [running('X'), exited('A'), exited('B')]), 'Running', 'N201');
  assert.equal(phase(s, [running('X', { started: false }), exited('A'), exited('B')]), 'Running', 'N202');
  assert.equal(phase(s, [exited('X'), exited('A'), exited('B')]), 'Succeeded', 'N203');
  assert.equal(phase(s, [exited('X', -1), exited('A'), exited('B')]), 'Succeeded', 'N204');
  assert.equal(phase(s, [crashLooping('X', 0), exited('A'), exited('B')]), 'Succeeded', 'N205');
  assert.equal(phase(s, [crashLooping('X', -1), exited('A'), exited('B')]), 'Succeeded', 'N206');
});
test('N207–N214 restartPolicy OnFailure', () => {
  const s = spec('OnFailure');
  assert.equal(getPhase(s, []), 'Pending', 'N207');
  assert.equal(phase(s, [running('A'), running('B')]), 'Running', 'N208');
  assert.equal(phase(s, [exited('A'), exited('B')]), 'Succeeded', 'N209');
  assert.equal(phase(s, [exited('A', -1), exited('B', -1)]), 'Running', 'N210');
  assert.equal(phase(s, [running('A'), exited('B')]), 'Running', 'N211');
  assert.equal(phase(s, [running('A')]), 'Pending', 'N212');
  assert.equal(phase(s, [running('A'), waiting('B')]), 'Pending', 'N213');
  assert.equal(phase(s, [running('A'), crashLooping('B', 1)]), 'Running', 'N214');
});
test('N215 getPhase never returns Unknown (any statuses, any policy, either gate setting)', () => {
  const state = fc.constantFrom<(n: string) => ContainerStatus | undefined>(
    () => undefined, (n) => running(n), (n) => running(n, { started: false }), (n) => exited(n), (n) => exited(n, 1),
    (n) => waiting(n), (n) => crashLooping(n, 0), (n) => crashLooping(n, 2), (n) => base(n),
  );
  fc.assert(fc.property(
    fc.constantFrom('Always', 'OnFailure', 'Never', ''), fc.array(fc.boolean(), { maxLength: 3 }), fc.array(state, { minLength: 5, maxLength: 5 }),
    fc.boolean(), fc.boolean(), fc.boolean(),
    (policy, initKinds, states, podIsTerminal, podHasInitialized, gate) => {
      const inits = initKinds.map((sc, i) => (sc ? sidecar(`I${i}`) : { name: `I${i}` }));
      const s: PodSpec = { restartPolicy: policy, initContainers: inits, containers: [A, B] };
      const names = [...inits.map((c) => c.name ?? ''), 'A', 'B'];
      const statuses = names.map((n, i) => states[i](n)).filter((x): x is ContainerStatus => !!x);
      const p = getPhase(s, statuses, { podIsTerminal, podHasInitialized, containerRestartRules: gate });
      return ['Pending', 'Running', 'Succeeded', 'Failed'].includes(p);
    },
  ));
});
test('§11 gate ContainerRestartRules off: legacy rules (Never + failed init → Failed; OnFailure stopped → Running)', () => {
  const off = { containerRestartRules: false };
  assert.equal(phase(spec('Never', { init: [X] }), [exited('X', 1)], off), 'Failed');
  assert.equal(phase(spec('OnFailure', { init: [X] }), [exited('X', 1)], off), 'Pending');
  assert.equal(phase(spec('OnFailure'), [exited('A', 1), exited('B')], off), 'Running');
  assert.equal(phase(spec('Always'), [exited('A'), exited('B')], off), 'Running');
  // Gate on: a container-level policy decides — A (Never) failed, B exited 0 → nothing restartable.
  const own: PodSpec = { restartPolicy: 'Always', containers: [{ name: 'A', restartPolicy: 'Never' }, { name: 'B', restartPolicy: 'OnFailure' }] };
  assert.equal(phase(own, [exited('A', 1), exited('B')]), 'Failed');
  assert.equal(phase(own, [exited('A', 1), exited('B')], off), 'Running');
});

// ---------------------------------------------------------------------------------------------
// O. Conditions (generate.go)

test('O216 pod without init containers → Initialized True in any state', () => {
  for (const st of [[], [waiting('A')], [exited('A', 1), running('B')]]) {
    assert.deepEqual(initializedCondition(spec('Always'), st, 'Pending'), { type: 'Initialized', status: 'True' });
  }
});
test('O217 init X exited 0 → Initialized True; X running → False ContainersNotInitialized "[X]"', () => {
  const s = spec('Always', { init: [X] });
  assert.equal(initializedCondition(s, [{ ...exited('X'), ready: true }, waiting('A'), waiting('B')], 'Pending').status, 'True');
  assert.deepEqual(initializedCondition(s, [running('X'), waiting('A'), waiting('B')], 'Pending'), {
    type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [X]',
  });
  assert.deepEqual(initializedCondition(s, undefined, 'Pending'), { type: 'Initialized', status: 'False', reason: 'UnknownContainerStatuses' });
  assert.equal(initializedCondition(s, [waiting('A')], 'Pending').message, 'containers with unknown status: [X]');
});
test('O218 sidecar Y running but not started, no regular container started → Initialized False "[Y]"', () => {
  const s: PodSpec = { initContainers: [sidecar('Y')], containers: [A] };
  assert.deepEqual(initializedCondition(s, [running('Y', { started: false }), waiting('A')], 'Pending'), {
    type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [Y]',
  });
});
test('O219 a regular container has started → Initialized True even while init/sidecar restart', () => {
  const s: PodSpec = { initContainers: [X, sidecar('Y')], containers: [A] };
  assert.equal(initializedCondition(s, [crashLooping('X', 1), running('Y', { started: false }), running('A')], 'Running').status, 'True');
});
test('O220 A ready, B not → ContainersReady False "[B]"; Ready False with the same reason and message', () => {
  const st = [running('A', { ready: true }), running('B')];
  const cr = containersReadyCondition(spec('Always'), st, 'Running');
  assert.deepEqual(cr, { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [B]' });
  assert.deepEqual(readyCondition(spec('Always'), cr, []), { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [B]' });
  const both = containersReadyCondition({ containers: [A, B, { name: 'C' }] }, [running('A'), running('B')], 'Running');
  assert.equal(both.message, 'containers with unknown status: [C], containers with unready status: [A B]');
});
test('O221 B without status → "containers with unknown status: [B]"; no statuses → UnknownContainerStatuses', () => {
  assert.equal(containersReadyCondition(spec('Always'), [running('A', { ready: true })], 'Running').message, 'containers with unknown status: [B]');
  assert.deepEqual(containersReadyCondition(spec('Always'), undefined, 'Pending'), { type: 'ContainersReady', status: 'False', reason: 'UnknownContainerStatuses' });
});
test('O222 all containers ready, no readiness gates → ContainersReady True, Ready True', () => {
  const cr = containersReadyCondition(spec('Always'), [running('A', { ready: true }), running('B', { ready: true })], 'Running');
  assert.deepEqual(cr, { type: 'ContainersReady', status: 'True' });
  assert.deepEqual(readyCondition(spec('Always'), cr, []), { type: 'Ready', status: 'True' });
});
test('O223 all ready, readiness gate "x" missing → Ready False ReadinessGatesNotReady', () => {
  const s: PodSpec = { ...spec('Always'), readinessGates: [{ conditionType: 'x' }] };
  assert.deepEqual(readyCondition(s, { type: 'ContainersReady', status: 'True' }, []), {
    type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "x" does not exist.',
  });
});
test('O224 all ready, gate "x" False → message says it is not "True", but False', () => {
  const s: PodSpec = { ...spec('Always'), readinessGates: [{ conditionType: 'x' }] };
  const gates: PodCondition[] = [{ type: 'x', status: 'False' }];
  assert.equal(readyCondition(s, { type: 'ContainersReady', status: 'True' }, gates).message, 'the status of pod readiness gate "x" is not "True", but False');
  assert.equal(readyCondition(s, { type: 'ContainersReady', status: 'True' }, [{ type: 'x', status: 'True' }]).status, 'True');
});
test('O225 phase Succeeded → ContainersReady False PodCompleted; Failed → PodFailed; Ready mirrors', () => {
  const st = [exited('A'), exited('B')];
  const done = containersReadyCondition(spec('Never'), st, 'Succeeded');
  assert.deepEqual(done, { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' });
  assert.equal(readyCondition(spec('Never'), done, []).reason, 'PodCompleted');
  const failed = containersReadyCondition(spec('Never'), [running('A', { ready: true }), running('B', { ready: true })], 'Failed');
  assert.deepEqual(failed, { type: 'ContainersReady', status: 'False', reason: 'PodFailed' });
  assert.deepEqual(readyCondition(spec('Never'), failed, []), { type: 'Ready', status: 'False', reason: 'PodFailed', message: undefined });
  assert.deepEqual(initializedCondition(spec('Never'), st, 'Succeeded'), { type: 'Initialized', status: 'True', reason: 'PodCompleted' });
});
test('O226 a sidecar that is not ready makes ContainersReady False', () => {
  const s: PodSpec = { initContainers: [sidecar('Y')], containers: [A] };
  assert.equal(containersReadyCondition(s, [running('Y'), running('A', { ready: true })], 'Running').message, 'containers with unready status: [Y]');
});
test('O227 sandbox ready → PodReadyToStartContainers True; being created → False', () => {
  const st = [running('A'), running('B')];
  const of = (sandboxReady: boolean) => podConditions(spec('Always'), st, 'Running', { scheduled: true, sandboxReady }).find((c) => c.type === 'PodReadyToStartContainers');
  assert.equal(of(true)?.status, 'True');
  assert.equal(of(false)?.status, 'False');
});
test('O228 the kubelet writes PodScheduled True; conditions come in the kubelet order; unscheduled → only PodScheduled False', () => {
  const c = podConditions(spec('Always'), [running('A'), running('B')], 'Running', { scheduled: true, sandboxReady: true });
  assert.deepEqual(c.map((x) => x.type), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  assert.deepEqual(c[4], { type: 'PodScheduled', status: 'True' });
  assert.deepEqual(podConditions(spec('Always'), undefined, 'Pending', { scheduled: false, sandboxReady: false }), [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }]);
});

// ---------------------------------------------------------------------------------------------
// P. kubectl STATUS / READY / RESTARTS (printPod)

function pod(s: PodSpec, init: ContainerStatus[], regular: ContainerStatus[], o: Partial<PodStatus> = {}): PodStatus {
  const all = [...init, ...regular];
  const p = o.phase ?? getPhase(s, all, { podHasInitialized: hasAnyRegularContainerStarted(s, all) });
  return { phase: p, conditions: podConditions(s, all, p, { scheduled: true, sandboxReady: true }), initContainerStatuses: init, containerStatuses: regular, ...o };
}
const two: PodSpec = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [A] };

test('P229 first of two init containers running → Init:0/2', () => {
  assert.equal(printPod({ spec: two, status: pod(two, [running('i1'), waiting('i2', 'PodInitializing')], [waiting('A', 'PodInitializing')]), now: 5 }).status, 'Init:0/2');
  assert.equal(printPod({ spec: two, status: pod(two, [exited('i1'), running('i2')], [waiting('A', 'PodInitializing')]), now: 5 }).status, 'Init:1/2');
});
test('P230 init terminated reason Error → Init:Error; no reason, exit 2 → Init:ExitCode:2; signal → Init:Signal:9', () => {
  assert.equal(printPod({ spec: two, status: pod(two, [exited('i1', 1, 'Error'), waiting('i2')], [waiting('A')]), now: 5 }).status, 'Init:Error');
  assert.equal(printPod({ spec: two, status: pod(two, [exited('i1', 2), waiting('i2')], [waiting('A')]), now: 5 }).status, 'Init:ExitCode:2');
  const sig: ContainerStatus = { ...base('i1'), state: { terminated: { exitCode: 137, signal: 9 } } };
  assert.equal(printPod({ spec: two, status: pod(two, [sig, waiting('i2')], [waiting('A')]), now: 5 }).status, 'Init:Signal:9');
});
test('P231 init waiting CrashLoopBackOff → Init:CrashLoopBackOff', () => {
  assert.equal(printPod({ spec: two, status: pod(two, [crashLooping('i1', 1), waiting('i2', 'PodInitializing')], [waiting('A', 'PodInitializing')]), now: 5 }).status, 'Init:CrashLoopBackOff');
});
test('P232 regular container waiting CrashLoopBackOff → CrashLoopBackOff, with RESTARTS "(… ago)"', () => {
  const s = spec('Always');
  const b = { ...crashLooping('B', 1), restartCount: 4, lastState: { terminated: { exitCode: 1, finishedAt: 100 } } };
  const row = printPod({ spec: s, status: pod(s, [], [running('A', { ready: true }), b]), now: 400 });
  assert.deepEqual(row, { ready: '1/2', status: 'CrashLoopBackOff', restarts: '4 (5m ago)' });
});
test('P233 OOMKilled → OOMKilled; Completed with a running container → Running (Ready True) or NotReady', () => {
  const s = spec('Always');
  assert.equal(printPod({ spec: s, status: pod(s, [], [running('A', { ready: true }), exited('B', 137, 'OOMKilled')]), now: 5 }).status, 'OOMKilled');
  const done = exited('A', 0, 'Completed');
  const ready = pod(s, [], [done, running('B', { ready: true })]);
  ready.conditions = ready.conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'True' } : c));
  assert.equal(printPod({ spec: s, status: ready, now: 5 }).status, 'Running');
  assert.equal(printPod({ spec: s, status: pod(s, [], [done, running('B', { ready: true })]), now: 5 }).status, 'NotReady');
});
test('P234 deletionTimestamp + Running → Terminating; reason NodeLost → Unknown; terminal phase stays', () => {
  const s = spec('Always');
  const st = pod(s, [], [running('A'), running('B')]);
  assert.equal(printPod({ spec: s, status: st, deleting: true, now: 5 }).status, 'Terminating');
  assert.equal(printPod({ spec: s, status: { ...st, reason: 'NodeLost' }, deleting: true, now: 5 }).status, 'Unknown');
  const done = pod(spec('Never'), [], [exited('A', 0, 'Completed'), exited('B', 0, 'Completed')]);
  assert.equal(printPod({ spec: spec('Never'), status: done, deleting: true, now: 5 }).status, 'Completed');
});
test('P235 READY counts ready running regular containers and started ready sidecars over regular + sidecars', () => {
  const s: PodSpec = { initContainers: [X, sidecar('Y'), sidecar('Z')], containers: [A, B] };
  const st = pod(s, [exited('X'), running('Y', { ready: true }), running('Z', { started: true, ready: false })], [running('A', { ready: true }), running('B')]);
  assert.equal(printPod({ spec: s, status: st, now: 5 }).ready, '2/4');
  const restarts = pod(s, [{ ...exited('X'), restartCount: 5 }, { ...running('Y', { ready: true }), restartCount: 1 }, running('Z')],
    [{ ...running('A', { ready: true }), restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: 50 } } }, running('B')]);
  assert.equal(printPod({ spec: s, status: restarts, now: 80 }).restarts, '3 (30s ago)', 'sidecar + regular restarts once initialized');
});
test('§13 HumanDuration as kubectl prints ages', () => {
  const cases: [number, string][] = [[0, '0s'], [59, '59s'], [119, '119s'], [120, '2m'], [150, '2m30s'], [600, '10m'], [10799, '179m'],
    [10800, '3h'], [11000, '3h3m'], [8 * 3600, '8h'], [47 * 3600, '47h'], [48 * 3600, '2d'], [50 * 3600, '2d2h'], [8 * 86400, '8d'], [800 * 86400, '2y70d'], [9 * 365 * 86400, '9y']];
  for (const [sec, text] of cases) assert.equal(humanDuration(sec), text, `${sec}s`);
});
