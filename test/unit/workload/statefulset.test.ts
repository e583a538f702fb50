// The StatefulSet controller's rules, each from pkg/controller/statefulset/stateful_set_control.go
// (named function per test), played over real pod simulations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statefulSetMaxUnavailable } from '../../../src/core/workload';
import { changes, podLog, runWorkload } from './helpers';

function sts(spec = '', replicas = 3): string {
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  replicas: ${replicas}
${spec}  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: db
          image: db
          lifecycle: { preStop: { sleep: { seconds: 5 } } }
          readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 5 }
`;
}
// Ready at the second readiness probe, 5 s after each start.
const ok = { runs: [{ healthyAfter: 3 }] };
const rollout = (newRuns: object, extra: object = {}) => ({ until: 300, rollout: { at: 60, old: { containers: { db: ok } } }, containers: { db: newRuns }, ...extra });

test('processReplica (OrderedReady): one pod at a time in ordinal order, each created once its predecessor is Running and Ready', () => {
  const r = runWorkload(sts(), { until: 60, containers: { db: ok } });
  assert.deepEqual(podLog(r), ['0 created db-0', '5 created db-1', '10 created db-2']);
  assert.deepEqual(r.pods.map((p) => p.ordinal), [0, 1, 2]);
  assert.equal(r.verdicts[0].text, 'All 3 replicas are Ready at 15 s (OrderedReady: one at a time, each Running and Ready before the next).');
});

test('allowsBurst (podManagementPolicy Parallel): every ordinal is created at once', () => {
  const r = runWorkload(sts('  podManagementPolicy: Parallel\n'), { until: 60, containers: { db: ok } });
  assert.deepEqual(podLog(r), ['0 created db-0', '0 created db-1', '0 created db-2']);
  assert.equal(r.workload.podManagementPolicy, 'Parallel');
});

test('processReplica isRunningAndAvailable: with minReadySeconds the next ordinal waits until its predecessor has been Ready that long', () => {
  const r = runWorkload(sts('  minReadySeconds: 10\n'), { until: 80, containers: { db: ok } });
  assert.deepEqual(podLog(r), ['0 created db-0', '15 created db-1', '30 created db-2']);
  assert.deepEqual(changes(r, 'statefulset', 'availableReplicas'), ['0 0', '15 1', '30 2', '45 3']);
});

test('processCondemned: scale-down removes the highest ordinal first and waits for it to terminate before the next', () => {
  const r = runWorkload(sts(), { until: 120, containers: { db: ok }, scale: [{ at: 60, replicas: 1 }] });
  // preStop sleeps 5 s: db-2 is gone at 65, then db-1 goes.
  assert.deepEqual(podLog(r).slice(3), ['60 deleted db-2', '65 deleted db-1']);
});

test('updateStatefulSet rolling update: pods are replaced from the highest ordinal down, each new pod Ready before the next old one goes', () => {
  const r = runWorkload(sts(), rollout({ runs: [{ healthyAfter: 8 }] }));
  assert.deepEqual(podLog(r).slice(3), ['60 deleted db-2', '65 created db-2', '75 deleted db-1', '80 created db-1', '90 deleted db-0', '95 created db-0']);
  assert.deepEqual(r.pods.slice(3).map((p) => `${p.name} ${p.revision}`), ['db-2 new', 'db-1 new', 'db-0 new']);
  assert.deepEqual(changes(r, 'statefulset', 'currentRevision'), ['0 old', '105 new RollingUpdateComplete']);
  assert.equal(r.verdicts[0].kind, 'rollout-complete');
  assert.equal(r.verdicts[0].text, 'The rollout completes at 105 s (45 s after it started), never below 2 of 3 ready; pods were replaced from the highest ordinal down.');
});

test('updateStatefulSet partition: only ordinals at or above the partition are updated; the verdict says the stop is by design', () => {
  const r = runWorkload(sts('  updateStrategy: { type: RollingUpdate, rollingUpdate: { partition: 2 } }\n', 4), rollout(ok));
  assert.deepEqual(r.pods.filter((p) => p.revision === 'new').map((p) => p.name), ['db-3', 'db-2']);
  assert.deepEqual(changes(r, 'statefulset', 'currentRevision'), ['0 old'], 'currentRevision never moves while a partition holds pods back');
  assert.equal(r.verdicts[0].kind, 'partition');
  assert.match(r.verdicts[0].text, /^The rollout stops at partition 2 by design: ordinals 2 and up run the new revision \(2 of 4\)/);
});

test('newVersionedStatefulSetPod: a pod below the partition that is deleted comes back at the current (old) revision', () => {
  const r = runWorkload(sts('  updateStrategy: { rollingUpdate: { partition: 2 } }\n', 4), rollout(ok, { deletePods: [{ at: 120, pod: 'db-0' }] }));
  const again = r.pods.filter((p) => p.name === 'db-0');
  assert.deepEqual(again.map((p) => p.revision), ['old', 'old']);
});

test('updateStatefulSet: a new revision that never gets Ready stops the rollout at the highest ordinal, forever (no progress deadline)', () => {
  const r = runWorkload(sts(), rollout({ runs: [{ healthyAfter: 3, exitAfter: 4, exitCode: 1 }] }, { until: 900 }));
  assert.deepEqual(podLog(r).slice(3), ['60 deleted db-2', '65 created db-2']);
  assert.equal(r.verdicts[0].kind, 'rollout-stuck');
  assert.equal(r.verdicts[0].level, 'error');
  assert.match(r.verdicts[0].text, /^The rollout is stuck at db-2: it never becomes Running and Ready, and the controller waits for it \(OrderedReady\) — StatefulSets have no progress deadline/);
  assert.equal(r.final.readyReplicas, 2);
});

test('processReplica (OrderedReady): a pod that never gets Ready blocks every later ordinal', () => {
  const r = runWorkload(sts(), { until: 120, containers: { db: ok }, pods: [{ containers: { db: ok } }, { containers: { db: { runs: [{ healthyAfter: 1000 }] } } }] });
  assert.deepEqual(podLog(r), ['0 created db-0', '5 created db-1']);
  assert.equal(r.verdicts[0].text, 'Not all 3 replicas are Ready by 120 s: db-1 never becomes Running and Ready, and OrderedReady creates no later ordinal until it does.');
});

test('updateStatefulSet OnDelete: nothing is replaced by the controller; a deleted pod comes back with the new revision', () => {
  const r = runWorkload(sts('  updateStrategy: { type: OnDelete }\n'), rollout(ok, { deletePods: [{ at: 100, pod: 'db-1' }] }));
  assert.deepEqual(podLog(r).slice(3), ['100 deleted db-1', '105 created db-1']);
  assert.equal(r.pods[3].revision, 'new');
  assert.equal(r.verdicts[0].kind, 'on-delete');
  assert.match(r.verdicts[0].text, /db-0, db-2 still run the old revision at 300 s/);
});

test('updateStatefulSetAfterInvariantEstablished (MaxUnavailableStatefulSet, on in 1.35): maxUnavailable 2 takes two pods at a time, recreated in ordinal order', () => {
  const r = runWorkload(sts('  updateStrategy: { rollingUpdate: { maxUnavailable: 2 } }\n', 4), rollout(ok));
  assert.deepEqual(podLog(r).slice(4, 8), ['60 deleted db-3', '60 deleted db-2', '65 created db-2', '70 created db-3']);
  assert.match(r.verdicts[0].text, /never below 2 of 4 ready/);
  assert.equal(r.workload.maxUnavailable, 2);
});

test('updateStatefulSet with the MaxUnavailableStatefulSet gate off: one pod at a time whatever maxUnavailable says', () => {
  const r = runWorkload(sts('  updateStrategy: { rollingUpdate: { maxUnavailable: 2 } }\n', 4), rollout(ok, { featureGates: { MaxUnavailableStatefulSet: false } }));
  assert.deepEqual(podLog(r).slice(4, 8), ['60 deleted db-3', '65 created db-3', '70 deleted db-2', '75 created db-2']);
  assert.match(r.verdicts[0].text, /never below 3 of 4 ready/);
});

test('getStatefulSetMaxUnavailable: a percentage of replicas rounded down, never below 1', () => {
  assert.equal(statefulSetMaxUnavailable(undefined, 5), 1);
  assert.equal(statefulSetMaxUnavailable('50%', 5), 2);
  assert.equal(statefulSetMaxUnavailable('10%', 5), 1);
  assert.equal(statefulSetMaxUnavailable(3, 5), 3);
});
