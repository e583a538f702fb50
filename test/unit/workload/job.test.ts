// The Job controller's rules, each from pkg/controller/job/job_controller.go (named function per
// test), played over real pod simulations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobBackoffRemaining } from '../../../src/core/workload/job';
import { ScenarioError } from '../../../src/core/lifecycle/scenario';
import { changes, podLog, runWorkload } from './helpers';

function job(spec: string, restartPolicy = 'Never', pod = ''): string {
  return `apiVersion: batch/v1
kind: Job
metadata: { name: batch }
spec:
${spec}  template:
    spec:
      restartPolicy: ${restartPolicy}
${pod}      containers:
        - { name: work, image: w }
`;
}
const works = (seconds: number) => ({ runs: [{ exitAfter: seconds, exitCode: 0 }] });
const fails = (seconds: number) => ({ runs: [{ exitAfter: seconds, exitCode: 1 }] });

test('manageJob: at most parallelism pods at a time, never more than the completions still wanted; SuccessCriteriaMet then Complete', () => {
  const r = runWorkload(job('  completions: 3\n  parallelism: 2\n'), { until: 200, containers: { work: works(20) }, pods: [] });
  assert.deepEqual(podLog(r), ['0 created batch-1', '0 created batch-2', '20 created batch-3']);
  assert.deepEqual(changes(r, 'job', 'succeeded'), ['0 0', '20 2', '40 3']);
  assert.deepEqual(changes(r, 'job', 'condition:SuccessCriteriaMet'), ['40 True CompletionsReached']);
  assert.deepEqual(changes(r, 'job', 'condition:Complete'), ['40 True CompletionsReached']);
  assert.equal(r.verdicts[0].text, 'The Job completes at 40 s: 3 completions reached (3 succeeded, 0 failed).');
  assert.deepEqual(r.endpoints, [], 'Job pods are not behind a Service');
});

test('SetDefaults_Job: without completions and parallelism both are 1; with parallelism alone the Job is a work queue done once one pod succeeded and none runs', () => {
  const one = runWorkload(job(''), { until: 100, containers: { work: works(10) }, pods: [] });
  assert.deepEqual([one.workload.completions, one.workload.parallelism, one.workload.backoffLimit], [1, 1, 6]);
  const queue = runWorkload(job('  parallelism: 2\n'), { until: 100, containers: { work: works(30) }, pods: [{ containers: { work: works(10) } }] });
  assert.equal(queue.workload.completions, null);
  assert.deepEqual(podLog(queue), ['0 created batch-1', '0 created batch-2'], 'no pod is added after the first success');
  assert.deepEqual(changes(queue, 'job', 'condition:Complete'), ['30 True CompletionsReached']);
});

test('syncJob exceedsBackoffLimit: failed pods are replaced after a 10 s, 20 s, … back-off (getRemainingTime) until more failed than backoffLimit', () => {
  const r = runWorkload(job('  backoffLimit: 2\n'), { until: 300, containers: { work: fails(5) }, pods: [] });
  // Failures at 5, then the back-off after n failures is 10·2^(n−1) s from the last one.
  assert.deepEqual(podLog(r), ['0 created batch-1', '15 created batch-2', '40 created batch-3']);
  assert.deepEqual(changes(r, 'job', 'failed'), ['0 0', '5 1', '20 2', '45 3']);
  assert.deepEqual(changes(r, 'job', 'condition:FailureTarget'), ['45 True BackoffLimitExceeded']);
  assert.deepEqual(changes(r, 'job', 'condition:Failed'), ['45 True BackoffLimitExceeded']);
  assert.equal(r.verdicts[0].kind, 'job-failed');
  assert.match(r.verdicts[0].text, /^The Job fails at 45 s: BackoffLimitExceeded — 3 failed pods > backoffLimit 2/);
});

test('backoff_utils.go getRemainingTime: 10 s doubled per failure since the last success, at most 10 min, minus the time since the last failure', () => {
  assert.equal(jobBackoffRemaining(0, undefined, 50), 0);
  assert.equal(jobBackoffRemaining(1, 5, 5), 10);
  assert.equal(jobBackoffRemaining(3, 100, 110), 30);
  assert.equal(jobBackoffRemaining(10, 0, 0), 600);
  assert.equal(jobBackoffRemaining(2, 0, 25), 0);
});

test('pastBackoffLimitOnFailure: under restartPolicy OnFailure the restarts of running pods count against backoffLimit', () => {
  const r = runWorkload(job('  backoffLimit: 2\n', 'OnFailure'), { until: 300, containers: { work: fails(5) }, pods: [] });
  assert.equal(r.pods.length, 1, 'the pod restarts in place; the Job creates no other');
  // The container exits at 5 s (restarted at once) and at 10 s (CrashLoopBackOff 10 s): its second
  // restart is due at 20 s, which reaches the limit.
  assert.deepEqual(changes(r, 'job', 'condition:FailureTarget'), ['20 True BackoffLimitExceeded']);
  assert.match(r.verdicts[0].text, /2 container restarts in running pods, restartPolicy OnFailure, backoffLimit 2/);
  assert.equal(r.pods[0].deletedAt, 20, 'the running pod is deleted when the Job fails');
});

test('pastActiveDeadline: DeadlineExceeded at activeDeadlineSeconds; pods are deleted and Failed follows once they stopped', () => {
  const r = runWorkload(job('  activeDeadlineSeconds: 60\n', 'Never', '      terminationGracePeriodSeconds: 10\n'), { until: 200, containers: { work: { runs: [{ exitAfter: 500, ignoresSigterm: true }] } }, pods: [] });
  assert.deepEqual(changes(r, 'job', 'condition:FailureTarget'), ['60 True DeadlineExceeded']);
  assert.deepEqual(changes(r, 'job', 'condition:Failed'), ['70 True DeadlineExceeded'], 'the process ignores SIGTERM: SIGKILL after the 10 s grace period');
  assert.deepEqual(changes(r, 'job', 'terminating'), ['0 0', '60 1', '70 0']);
  assert.equal(r.verdicts[0].text, 'The Job fails at 60 s: DeadlineExceeded — activeDeadlineSeconds (60 s) passed with 0 succeeded, 1 failed of 1 completion; its running pods were deleted (condition Failed at 70 s, once its pods had stopped).');
});

test('isPodFailed: a pod deleted before it succeeded counts as failed and is replaced at once (podReplacementPolicy TerminatingOrFailed)', () => {
  const r = runWorkload(job('  backoffLimit: 5\n'), { until: 200, containers: { work: works(50) }, pods: [], deletePods: [{ at: 10, pod: 'batch-1' }] });
  assert.deepEqual(changes(r, 'job', 'failed').slice(0, 2), ['0 0', '10 1']);
  assert.deepEqual(podLog(r).slice(0, 3), ['0 created batch-1', '10 deleted batch-1', '20 created batch-2'], 'the replacement waits out the 10 s back-off');
});

test('a Job is not scaled or rolled out, and needs restartPolicy Never or OnFailure: the scenario is refused with the reason', () => {
  assert.throws(() => runWorkload(job(''), { until: 100, containers: { work: works(5) }, scale: [{ at: 5, replicas: 2 }] }), (e: unknown) => e instanceof ScenarioError && /scale: Jobs are not scaled/.test(e.message));
  assert.throws(() => runWorkload(job(''), { until: 100, containers: { work: works(5) }, rollout: { at: 5, old: { containers: {} } } }), /rollout: a Job's pod template cannot change/);
  assert.throws(() => runWorkload(job('', 'Always'), { until: 100, containers: { work: works(5) }, pods: [] }), /restartPolicy Never or OnFailure/);
});
