// The Deployment controller's arithmetic, case by case from its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxUnavailableOf, newRSNewReplicas, resolveFenceposts, scaleDownOld, scaledValue } from '../../../src/core/workload';

test('deployment_util.go ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, defaults 25 %', () => {
  assert.deepEqual(resolveFenceposts(undefined, undefined, 4), { maxSurge: 1, maxUnavailable: 1 });
  assert.deepEqual(resolveFenceposts(undefined, undefined, 10), { maxSurge: 3, maxUnavailable: 2 });
  assert.deepEqual(resolveFenceposts('50%', '10%', 3), { maxSurge: 2, maxUnavailable: 0 });
  assert.deepEqual(resolveFenceposts(2, '0%', 5), { maxSurge: 2, maxUnavailable: 0 });
});

test('deployment_util.go ResolveFenceposts: both 0 would never move, so maxUnavailable becomes 1', () => {
  assert.deepEqual(resolveFenceposts(0, 0, 3), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(resolveFenceposts('10%', '10%', 1), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(resolveFenceposts('0%', '10%', 5), { maxSurge: 0, maxUnavailable: 1 });
});

test('intstr GetScaledValueFromIntOrPercent: integers as strings, and junk rejected', () => {
  assert.equal(scaledValue('3', 10, true, '25%'), 3);
  assert.throws(() => scaledValue('three', 10, true, '25%'), /must be an integer or a percentage/);
});

test('deployment_util.go MaxUnavailable: never above replicas; 0 for 0 replicas', () => {
  assert.equal(maxUnavailableOf({ maxSurge: 1, maxUnavailable: 5 }, 3), 3);
  assert.equal(maxUnavailableOf({ maxSurge: 1, maxUnavailable: 5 }, 0), 0);
});

test('deployment_util.go NewRSNewReplicas: scale up to replicas + maxSurge pods in total, never past replicas', () => {
  const f = { maxSurge: 3, maxUnavailable: 2 };
  assert.equal(newRSNewReplicas(10, f, 10, 0), 3); // 13 allowed, 10 there → +3
  assert.equal(newRSNewReplicas(10, f, 13, 3), 3); // at the ceiling
  assert.equal(newRSNewReplicas(10, f, 11, 9), 10); // never past replicas
});

test('rolling.go reconcileOldReplicaSets, case 1 of its comment: crash-looping new pods block further scale-down', () => {
  // 10 replicas, maxUnavailable 2, maxSurge 3; old at 8 (all available), new at 5 (none available):
  // allPods 13 − minAvailable 8 − newUnavailable 5 = 0 → nothing is scaled down.
  assert.deepEqual(scaleDownOld(10, { maxSurge: 3, maxUnavailable: 2 }, [{ replicas: 8, available: 8 }], { replicas: 5, available: 0 }), [8]);
});

test('rolling.go cleanupUnhealthyReplicas: unavailable old pods go first, then available ones down to minAvailable', () => {
  // 4 replicas, maxUnavailable 1: old 4 (2 available), new 1 available → total 5, maxScaledDown 5 − 3 − 0 = 2.
  // cleanup takes the 2 unavailable; availability 3 = minAvailable → no more.
  assert.deepEqual(scaleDownOld(4, { maxSurge: 1, maxUnavailable: 1 }, [{ replicas: 4, available: 2 }], { replicas: 1, available: 1 }), [2]);
  // Oldest ReplicaSet first.
  assert.deepEqual(scaleDownOld(4, { maxSurge: 1, maxUnavailable: 1 }, [{ replicas: 1, available: 1 }, { replicas: 3, available: 3 }], { replicas: 1, available: 1 }), [0, 2]);
});
