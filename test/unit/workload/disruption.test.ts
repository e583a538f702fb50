// Drains and PodDisruptionBudgets: kubectl drain (staging/src/k8s.io/kubectl/pkg/drain/drain.go
// evictPods), the eviction API (pkg/registry/core/pod/storage/eviction.go) and the disruption
// controller's arithmetic (pkg/controller/disruption/disruption.go), over real pod simulations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetStatus, selects } from '../../../src/core/workload';
import { changes, podLog, runWorkload } from './helpers';

function web(kind: 'Deployment' | 'StatefulSet', replicas: number, pdb: string): string {
  return `apiVersion: apps/v1
kind: ${kind}
metadata: { name: web }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec:
      containers:
        - name: web
          image: web
          lifecycle: { preStop: { sleep: { seconds: 5 } } }
          readinessProbe: { httpGet: { path: /ready, port: 8080 }, periodSeconds: 5 }
${pdb ? `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web-pdb }
spec:
${pdb}  selector: { matchLabels: { app: web } }
` : ''}`;
}
// 3 replicas over 2 nodes: node-1 holds two of them. Each pod is Ready 20 s after it starts.
const drain = (extra: object = {}) => ({ until: 300, nodes: 2, containers: { web: { runs: [{ healthyAfter: 18 }] } }, drain: [{ at: 60, node: 'node-1' }], ...extra });

test('disruption.go getExpectedPodCount/updatePdbStatus: minAvailable as an integer or a percentage (rounded up), maxUnavailable (rounded up), never below 0', () => {
  assert.deepEqual(budgetStatus({ name: 'p', minAvailable: 2 }, 3, 3, 3), { expectedPods: 3, desiredHealthy: 2, currentHealthy: 3, disruptionsAllowed: 1 });
  assert.equal(budgetStatus({ name: 'p', minAvailable: '50%' }, 3, 3, 3).desiredHealthy, 2, '1.5 rounds up');
  assert.equal(budgetStatus({ name: 'p', maxUnavailable: '34%' }, 3, 3, 3).desiredHealthy, 1, '3 − ceil(1.02)');
  assert.equal(budgetStatus({ name: 'p', maxUnavailable: 1 }, 3, 1, 3).disruptionsAllowed, 0, 'never below 0');
  assert.equal(budgetStatus({ name: 'p', maxUnavailable: 1 }, 1, 1, undefined).disruptionsAllowed, 0, 'no scale subresource: nothing allowed');
  assert.equal(budgetStatus({ name: 'p', minAvailable: 0 }, 0, 0, 0).disruptionsAllowed, 0, 'no expected pods');
});

test('metav1.LabelSelectorAsSelector: matchLabels and matchExpressions are ANDed', () => {
  const labels = { app: 'web', tier: 'front' };
  assert.ok(selects({ matchLabels: { app: 'web' } }, labels));
  assert.ok(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }, { key: 'canary', operator: 'DoesNotExist' }] }, labels));
  assert.ok(!selects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels));
  assert.ok(!selects(undefined, labels), 'policy/v1: a null selector selects nothing');
});

test('drain without a budget: every pod of the node is evicted at once and replaced on the other node', () => {
  const r = runWorkload(web('Deployment', 3, ''), drain());
  assert.deepEqual(r.drains?.[0].evictions.map((e) => `${e.pod} ${e.evictedAt} ${e.refused}`), ['web-current-1 60 0', 'web-current-3 60 0']);
  assert.deepEqual(r.pods.slice(3).map((p) => `${p.name} ${p.createdAt} ${p.node}`), ['web-current-4 60 node-2', 'web-current-5 60 node-2'], 'the cordoned node takes no new pod');
  assert.equal(r.drains?.[0].completedAt, 65, 'complete when the evicted pods are gone (preStop 5 s)');
  assert.ok(r.verdicts.some((v) => v.kind === 'no-endpoints' || v.kind === 'traffic-loss' || v.kind === 'drain-complete'));
});

test('eviction.go checkAndDecrement: minAvailable 2 of 3 lets one pod go; the next is refused (429) and kubectl drain retries every 5 s until the replacement is Ready', () => {
  const r = runWorkload(web('Deployment', 3, '  minAvailable: 2\n'), drain());
  const [first, second] = r.drains![0].evictions;
  assert.deepEqual([first.evictedAt, first.refused], [60, 0]);
  // The replacement of the first pod is created at 60 and Ready at 80: the retry at 80 goes through.
  assert.deepEqual([second.at, second.evictedAt, second.refused, second.pdb], [60, 80, 4, 'web-pdb']);
  assert.deepEqual(changes(r, 'pod:web-current-3', 'eviction'), ['60 refused TooManyRequests']);
  const v = r.verdicts.find((x) => x.kind === 'drain-complete')!;
  assert.equal(v.text, 'The drain of node-1 completes at 85 s (25 s after it started; 2 pods evicted). Evictions were refused by PodDisruptionBudget web-pdb and retried: web-current-3 waited 20 s.');
});

test('a budget that can never allow a disruption blocks the drain for good; the verdict says which budget', () => {
  const r = runWorkload(web('Deployment', 3, '  maxUnavailable: 0\n'), drain());
  assert.ok(r.drains![0].evictions.every((e) => e.evictedAt === undefined && e.refused > 40));
  const v = r.verdicts.find((x) => x.kind === 'drain-blocked')!;
  assert.equal(v.level, 'error');
  assert.match(v.text, /^The drain of node-1 is blocked: web-current-1, web-current-3 are still refused at 300 s — PodDisruptionBudget web-pdb allows no disruption/);
});

test('eviction.go: a pod covered by two budgets cannot be evicted; the drain fails', () => {
  const twice = web('Deployment', 3, '  minAvailable: 1\n') + `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: other }
spec:
  maxUnavailable: 1
  selector: { matchLabels: { tier: front } }
`;
  const r = runWorkload(twice, drain());
  assert.match(r.drains![0].evictions[0].error!, /covered by more than one PodDisruptionBudget \(web-pdb, other\)/);
  assert.ok(r.verdicts.some((v) => v.kind === 'drain-blocked' && v.level === 'error' && /^The drain of node-1 fails/.test(v.text)));
});

test('eviction.go unhealthy pods: a running pod that is not Ready is evicted while the budget is met (IfHealthyBudget), always with AlwaysAllow', () => {
  // Pods never get Ready: with minAvailable 1 the budget is not met, so IfHealthyBudget refuses; AlwaysAllow lets them go.
  const never = { containers: { web: { runs: [{ healthyAfter: 10_000 }] } } };
  const strict = runWorkload(web('Deployment', 3, '  minAvailable: 1\n'), drain(never));
  assert.ok(strict.drains![0].evictions.every((e) => e.evictedAt === undefined));
  const loose = runWorkload(web('Deployment', 3, '  minAvailable: 1\n  unhealthyPodEvictionPolicy: AlwaysAllow\n'), drain(never));
  assert.ok(loose.drains![0].evictions.every((e) => e.evictedAt === 60));
});

test('drain of a StatefulSet: the evicted pod comes back under the same name on another node', () => {
  const r = runWorkload(web('StatefulSet', 3, '  maxUnavailable: 1\n'), drain());
  const names = r.pods.map((p) => `${p.name} ${p.node}`);
  assert.deepEqual(names.slice(0, 3), ['web-0 node-1', 'web-1 node-2', 'web-2 node-1']);
  assert.deepEqual(podLog(r).filter((x) => x.startsWith('6')), ['60 deleted web-0', '65 created web-0']);
  assert.equal(r.pods[3].node, 'node-2');
  assert.equal(r.drains![0].evictions[1].pdb, 'web-pdb', 'web-2 waits until web-0 is Ready again');
});
