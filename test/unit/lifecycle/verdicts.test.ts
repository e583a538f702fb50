// verdicts(): the words a user needs after a simulation. The startup-probe suggestion is checked by
// simulating it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, PodSpec, Probe } from '../../../src/core/k8s';
import { validateScenario } from '../../../src/core/lifecycle/scenario';
import { simulate } from '../../../src/core/lifecycle/simulate';
import { verdicts, type Verdict } from '../../../src/core/lifecycle/verdicts';

const liveness: Probe = { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 };
const app = (extra: Partial<Container> = {}): PodSpec => ({ containers: [{ name: 'app', image: 'app:1', livenessProbe: liveness, ...extra }] });
const run = (spec: PodSpec, scenario: unknown) => {
  const r = simulate({ spec, name: 'web', uid: 'u', scenario: validateScenario(scenario) });
  return { r, v: verdicts(r) };
};
const find = (v: Verdict[], kind: Verdict['kind']) => v.find((x) => x.kind === kind);
const slow = { until: 600, containers: { app: { runs: [{ healthyAfter: 60 }] } } };

test('headline verdicts: killed by liveness, restart loop with CrashLoopBackOff at 150 s, and the startup probe that fixes it', () => {
  const { v } = run(app(), slow);
  assert.equal(find(v, 'probe-kills')?.text, 'app: killed 8 times by its liveness probe, first at 30 s (30 s after it started).');
  assert.equal(find(v, 'crash-loop')?.t, 150);
  assert.match(find(v, 'crash-loop')?.text ?? '', /CrashLoopBackOff first at 150 s; 7 restarts in 600 s \(starts at 0 s, 30 s, 60 s, 90 s, 120 s, 190 s, 300 s, 490 s\)/);
  const fix = find(v, 'startup-fix');
  assert.deepEqual(fix?.suggestion, { periodSeconds: 10, failureThreshold: 12 });
  assert.equal(fix?.text, 'app: needs 60 s to start, but its liveness probe gives it only 30 s–40 s; a startupProbe with failureThreshold 12 × periodSeconds 10 would allow 120 s for start-up (twice what it needs).');
  assert.match(find(v, 'ready')?.text ?? '', /first Ready at 0 s, but not Ready at the end \(since 520 s; kubectl shows CrashLoopBackOff\)/);
});

test('applying the suggested startup probe makes the same app Ready at 60 s with no restarts', () => {
  const { v } = run(app(), slow);
  const s = find(v, 'startup-fix')?.suggestion;
  assert.ok(s);
  const fixed = run(app({ startupProbe: { httpGet: { path: '/healthz', port: 8080 }, ...s } }), slow);
  assert.equal(find(fixed.v, 'ready')?.t, 60);
  assert.equal(find(fixed.v, 'ready')?.text, 'The pod is Ready at 60 s.');
  assert.equal(find(fixed.v, 'probe-kills'), undefined);
  assert.equal(find(fixed.v, 'startup-fix'), undefined);
  assert.equal(fixed.r.final.containers.app.restartCount, 0);
});

test('a startup probe that is too short: killed by it, and told how far to raise failureThreshold', () => {
  const { v } = run(app({ startupProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 3 } }), slow);
  assert.match(find(v, 'probe-kills')?.text ?? '', /by its startup probe/);
  const fix = find(v, 'startup-fix');
  assert.deepEqual(fix?.suggestion, { periodSeconds: 10, failureThreshold: 12 });
  assert.match(fix?.text ?? '', /its startupProbe allows only about 30 s \(failureThreshold 3 × periodSeconds 10\); failureThreshold 12 would allow 120 s/);
});

test('hung app: how long until the liveness probe kills it, and the SIGTERM grace period', () => {
  const { v } = run(app(), { until: 60 });
  assert.equal(find(v, 'hang')?.text, 'app: if the app hangs, its liveness probe kills it 20–30 s later (failureThreshold 3 × periodSeconds 10); a process that ignores SIGTERM is killed 30 s after the kill starts (terminationGracePeriodSeconds).');
  const none = run({ containers: [{ name: 'app', image: 'a' }] }, { until: 10 }).v;
  assert.equal(find(none, 'no-liveness')?.text, 'app: no livenessProbe — if the app hangs, nothing restarts it.');
  const hook = run(app({ lifecycle: { preStop: { sleep: { seconds: 5 } } }, livenessProbe: { ...liveness, terminationGracePeriodSeconds: 10 } }), { until: 10 }).v;
  assert.match(find(hook, 'hang')?.text ?? '', /, after a 5 s preStop hook; a process that ignores SIGTERM is killed 10 s after/);
});

test('never Ready, completed, image pull and plain restarts', () => {
  const never = run(app({ readinessProbe: { httpGet: { port: 8080 } } }), { until: 100, containers: { app: { runs: [{ healthyAfter: 1000 }] } } }).v;
  assert.match(find(never, 'never-ready')?.text ?? '', /never becomes Ready in 100 s \(at the end kubectl shows/);
  const job = run({ restartPolicy: 'OnFailure', containers: [{ name: 'app', image: 'a' }] }, { until: 100, containers: { app: { runs: [{ exitAfter: 42 }] } } }).v;
  assert.equal(find(job, 'completed')?.text, 'The pod completed (Succeeded) at 42 s; kubectl shows Completed.');
  assert.equal(find(job, 'never-ready'), undefined);
  const pull = run({ containers: [{ name: 'app', image: 'nope' }] }, { until: 100, containers: { app: { pullFails: true } } }).v;
  assert.match(find(pull, 'image-pull')?.text ?? '', /^app: the image pull fails at 0 s; .*never starts\.$/);
  // Runs longer than 10 min reset the back-off: every restart is immediate.
  const restarts = run({ containers: [{ name: 'app', image: 'a' }] }, { until: 2200, containers: { app: { runs: [{ exitAfter: 700, exitCode: 1 }] } } }).v;
  assert.equal(find(restarts, 'restarts')?.text, 'app: 3 restarts in 2200 s, no CrashLoopBackOff.');
});

test('a scenario that deletes the pod: the end is reported as the deletion, not as a failure', () => {
  const { r, v } = run({ containers: [{ name: 'app', image: 'a' }] }, { until: 60, deleteAfter: 20 });
  assert.equal(r.deletedAt, 20);
  assert.equal(r.final.phase, 'Failed');
  assert.deepEqual(find(v, 'completed'), {
    kind: 'completed', level: 'ok', t: 20,
    text: 'The pod was deleted at 20 s and its containers were stopped by 20 s; it ended Failed (kubectl shows Error until it is gone).',
  });
  assert.equal(find(v, 'ready')?.text, 'The pod is Ready at 0 s (until it is deleted).');
});
