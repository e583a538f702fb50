// The probe worker against docs/semantics §7 and acceptance cases I103–I122 (worker_test.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeWorker, initialResult, type ProbeContext } from '../../../src/core/lifecycle/worker';
import { effectiveTiming, PROBE_KINDS, type ProbeKind, type Probe } from '../../../src/core/k8s';

const running: ProbeContext = { running: true, secondsSinceStart: 100, started: true };
const notStarted: ProbeContext = { running: true, secondsSinceStart: 100, started: false };

function worker(kind: ProbeKind, probe: Probe = {}): ProbeWorker {
  const w = new ProbeWorker(kind, effectiveTiming(probe));
  w.newContainer();
  return w;
}
/** The context in which a worker of this kind is allowed to probe (startup only before started). */
function ctxFor(kind: ProbeKind): ProbeContext {
  return kind === 'startupProbe' ? notStarted : running;
}
/** One doProbe: the gate, then the outcome. Returns the cached result afterwards. */
function tick(w: ProbeWorker, outcome: 'success' | 'failure', ctx: ProbeContext = ctxFor(w.kind)) {
  const s = w.shouldProbe(ctx);
  if (s.probe) w.record(outcome);
  return w.result;
}

test('§7.1 initial values: readiness Failure, liveness Success, startup Unknown', () => {
  assert.equal(initialResult('readinessProbe'), 'Failure');
  assert.equal(initialResult('livenessProbe'), 'Success');
  assert.equal(initialResult('startupProbe'), 'Unknown');
});

test('I103 no pod status → keep going, no result for any kind', () => {
  for (const kind of PROBE_KINDS) {
    const w = new ProbeWorker(kind, effectiveTiming({}));
    const s = w.shouldProbe({ ...running, hasStatus: false });
    assert.equal(s.probe, false);
    assert.equal(!s.probe && s.stop, undefined);
    assert.equal(w.hasContainer, false);
    assert.equal(w.stopped, false);
  }
});

test('I104 pod phase Failed → stop, result untouched', () => {
  for (const kind of PROBE_KINDS) {
    const w = worker(kind);
    const s = w.shouldProbe({ ...running, podTerminal: true });
    assert.deepEqual(s, { probe: false, reason: 'pod is terminal', stop: true });
    assert.equal(w.stopped, true);
    assert.equal(w.result, initialResult(kind));
  }
});

test('I105 pod being deleted: readiness keeps probing (Success); liveness and startup stop with Success', () => {
  const r = worker('readinessProbe');
  assert.deepEqual(r.shouldProbe({ ...running, deleting: true }), { probe: true });
  r.record('success');
  assert.equal(r.result, 'Success');
  assert.equal(r.stopped, false);
  for (const kind of ['livenessProbe', 'startupProbe'] as const) {
    const w = worker(kind);
    const s = w.shouldProbe({ ...ctxFor(kind), deleting: true });
    assert.equal(s.probe, false);
    assert.equal(!s.probe && s.stop, true);
    assert.equal(w.result, 'Success');
    assert.equal(w.stopped, true);
  }
});

test('I106 no status for this container → keep going, no result', () => {
  for (const kind of PROBE_KINDS) {
    const w = new ProbeWorker(kind, effectiveTiming({}));
    const s = w.shouldProbe({ running: false, secondsSinceStart: 0, started: false, hasStatus: false });
    assert.deepEqual(s, { probe: false, reason: 'no container status' });
    assert.equal(w.hasContainer, false);
  }
});

test('I107 container waiting → keep going, result Failure for every kind', () => {
  for (const kind of PROBE_KINDS) {
    const w = worker(kind);
    const s = w.shouldProbe({ running: false, secondsSinceStart: 0, started: false });
    assert.deepEqual(s, { probe: false, reason: 'container not running' });
    assert.equal(w.result, 'Failure');
    assert.equal(w.stopped, false);
  }
});

test('I108 container terminated and never restarted → stop with result Failure', () => {
  for (const kind of PROBE_KINDS) {
    const w = worker(kind);
    const s = w.shouldProbe({ running: false, secondsSinceStart: 0, started: false, willRestart: false });
    assert.equal(!s.probe && s.stop, true);
    assert.equal(w.result, 'Failure');
    assert.equal(w.stopped, true);
  }
});

test('I109 running container, probe succeeds → keep going, Success', () => {
  for (const kind of PROBE_KINDS) {
    const w = worker(kind);
    assert.equal(tick(w, 'success'), 'Success');
    assert.equal(w.stopped, false);
  }
});

test('I110 initialDelaySeconds −100 → probes at once, Success', () => {
  for (const kind of PROBE_KINDS) {
    const w = worker(kind, { initialDelaySeconds: -100 });
    assert.equal(tick(w, 'success', { ...ctxFor(kind), secondsSinceStart: 0 }), 'Success');
  }
});

test('I111 initialDelaySeconds 10: just started → initial value kept; started 100 s ago → Success', () => {
  for (const kind of PROBE_KINDS) {
    const w = worker(kind, { initialDelaySeconds: 10 });
    const s = w.shouldProbe({ ...ctxFor(kind), secondsSinceStart: 0 });
    assert.deepEqual(s, { probe: false, reason: 'initial delay' });
    assert.equal(w.result, initialResult(kind));
    assert.equal(tick(w, 'success', { ...ctxFor(kind), secondsSinceStart: 100 }), 'Success');
  }
});

test('§7.3 step 8 initial delay is truncated to whole seconds (9.9 s counts as 9)', () => {
  const w = worker('livenessProbe', { initialDelaySeconds: 10 });
  assert.equal(w.shouldProbe({ ...running, secondsSinceStart: 9.99 }).probe, false);
  assert.equal(w.shouldProbe({ ...running, secondsSinceStart: 10 }).probe, true);
});

test('I112 readiness S=1 F=3: successes → Success; 2 failures keep Success; 3rd → Failure; cycle repeats', () => {
  const w = worker('readinessProbe', { successThreshold: 1, failureThreshold: 3 });
  for (let cycle = 0; cycle < 2; cycle++) {
    for (let i = 0; i < 3; i++) assert.equal(tick(w, 'success'), 'Success');
    assert.equal(tick(w, 'failure'), 'Success');
    assert.equal(tick(w, 'failure'), 'Success');
    assert.equal(tick(w, 'failure'), 'Failure');
    assert.equal(tick(w, 'failure'), 'Failure');
    assert.equal(w.onHold, false, 'readiness is never put on hold');
  }
});

test('I113 readiness S=3 F=1: 2 successes → Failure; 3rd–5th → Success; 1 failure → Failure', () => {
  const w = worker('readinessProbe', { successThreshold: 3, failureThreshold: 1 });
  assert.equal(tick(w, 'success'), 'Failure');
  assert.equal(tick(w, 'success'), 'Failure');
  for (let i = 0; i < 3; i++) assert.equal(tick(w, 'success'), 'Success');
  assert.equal(tick(w, 'failure'), 'Failure');
});

test('I114 startup S=1 F=3 succeeding: first probe → Success, on hold, resultRun 0', () => {
  const w = worker('startupProbe', { successThreshold: 1, failureThreshold: 3 });
  const r = (w.shouldProbe(notStarted), w.record('success'));
  assert.deepEqual(r, { changed: true, from: 'Unknown', to: 'Success' });
  assert.equal(w.onHold, true);
  assert.equal(w.resultRun, 0);
});

test('I115 startup S=1 F=3 failing: Unknown (run 1, 2) then Failure (run 0), then on hold', () => {
  const w = worker('startupProbe', { successThreshold: 1, failureThreshold: 3 });
  assert.equal(tick(w, 'failure'), 'Unknown');
  assert.equal(w.resultRun, 1);
  assert.equal(tick(w, 'failure'), 'Unknown');
  assert.equal(w.resultRun, 2);
  assert.equal(tick(w, 'failure'), 'Failure');
  assert.equal(w.resultRun, 0);
  assert.equal(w.onHold, true);
  assert.deepEqual(w.shouldProbe(notStarted), { probe: false, reason: 'on hold until a new container' });
});

test('I116 liveness/startup F=1: Failure → on hold, success ignored; new container → Success', () => {
  for (const kind of ['livenessProbe', 'startupProbe'] as const) {
    const w = worker(kind, { failureThreshold: 1 });
    assert.equal(tick(w, 'failure'), 'Failure');
    assert.equal(w.onHold, true);
    assert.equal(tick(w, 'success'), 'Failure', `${kind}: a success while on hold is ignored`);
    w.newContainer();
    assert.equal(w.onHold, false);
    assert.equal(w.result, initialResult(kind));
    assert.equal(tick(w, 'success'), 'Success');
    assert.equal(w.onHold, kind === 'startupProbe', `${kind}: on hold after the success`);
  }
});

test('I117 liveness S=1 F=3: S → Success; F, F keep Success (run 1, 2); 3rd F → Failure, run reset to 0', () => {
  const w = worker('livenessProbe', { successThreshold: 1, failureThreshold: 3 });
  assert.equal(tick(w, 'success'), 'Success');
  assert.equal(tick(w, 'failure'), 'Success');
  assert.equal(w.resultRun, 1);
  assert.equal(tick(w, 'failure'), 'Success');
  assert.equal(w.resultRun, 2);
  assert.equal(tick(w, 'failure'), 'Failure');
  assert.equal(w.resultRun, 0);
  assert.equal(w.onHold, true);
});

test('I118 startup S=1 F=3, not started: F → Unknown (1); F → Unknown (2); F → Failure (0)', () => {
  const w = worker('startupProbe', { failureThreshold: 3 });
  assert.deepEqual([tick(w, 'failure'), w.resultRun], ['Unknown', 1]);
  assert.deepEqual([tick(w, 'failure'), w.resultRun], ['Unknown', 2]);
  assert.deepEqual([tick(w, 'failure'), w.resultRun], ['Failure', 0]);
});

test('I119 liveness F=1 on a not-started container stays Success; once started a failure → Failure', () => {
  const w = worker('livenessProbe', { failureThreshold: 1 });
  assert.deepEqual(w.shouldProbe(notStarted), { probe: false, reason: 'container not started yet' });
  assert.equal(w.result, 'Success');
  assert.equal(tick(w, 'failure', running), 'Failure');
});

test('I120 startup F=2: F → Unknown; S → Success; after started a failure is not probed (still Success)', () => {
  const w = worker('startupProbe', { failureThreshold: 2 });
  assert.equal(tick(w, 'failure'), 'Unknown');
  assert.equal(tick(w, 'success'), 'Success');
  assert.equal(tick(w, 'failure', running), 'Success');
  // Step 9 on its own (a worker not on hold): a started container is never startup-probed.
  const fresh = worker('startupProbe', { failureThreshold: 2 });
  assert.deepEqual(fresh.shouldProbe(running), { probe: false, reason: 'container already started' });
  assert.equal(fresh.result, 'Unknown');
});

test('I121 a probe run that produced no result (panic / error) keeps the worker going, result unchanged', () => {
  for (const kind of PROBE_KINDS) {
    const w = worker(kind, { failureThreshold: 1 });
    assert.equal(w.shouldProbe(ctxFor(kind)).probe, true);
    assert.deepEqual(w.record('failure', true), { changed: false, from: initialResult(kind), to: initialResult(kind) });
    assert.equal(w.resultRun, 0, 'an errored probe is not counted');
    assert.equal(w.stopped, false);
    assert.equal(w.shouldProbe(ctxFor(kind)).probe, true);
  }
});

test('I122 stopping a worker ten times → stopped, never probes again', () => {
  const w = worker('readinessProbe');
  for (let i = 0; i < 10; i++) w.stop();
  assert.equal(w.stopped, true);
  assert.deepEqual(w.shouldProbe(running), { probe: false, reason: 'worker stopped', stop: true });
});

test('§1.3 warning counts as success, unknown as failure', () => {
  const w = worker('readinessProbe', { failureThreshold: 1 });
  assert.equal((w.shouldProbe(running), w.record('warning')).to, 'Success');
  assert.equal((w.shouldProbe(running), w.record('unknown')).to, 'Failure');
});

test('§7.4 quirk: resultRun survives a new container (readiness S=3 ready after one success)', () => {
  const w = worker('readinessProbe', { successThreshold: 3 });
  for (let i = 0; i < 3; i++) tick(w, 'success');
  assert.equal(w.result, 'Success');
  w.newContainer();
  assert.equal(w.result, 'Failure');
  assert.equal(w.resultRun, 3);
  assert.equal(tick(w, 'success'), 'Success', 'run 4 ≥ successThreshold 3');
});

test('record() reports changes only when the cached result changes', () => {
  const w = worker('readinessProbe');
  w.shouldProbe(running);
  assert.deepEqual(w.record('success'), { changed: true, from: 'Failure', to: 'Success' });
  w.shouldProbe(running);
  assert.deepEqual(w.record('success'), { changed: false, from: 'Success', to: 'Success' });
});
