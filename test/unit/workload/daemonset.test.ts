// The DaemonSet controller's rules, each from pkg/controller/daemon (update.go rollingUpdate,
// daemon_controller.go podsShouldBeOnNode, util/daemonset_util.go), played over real pod simulations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonSetFenceposts } from '../../../src/core/workload/daemonset';
import { ScenarioError } from '../../../src/core/lifecycle/scenario';
import { changes, podLog, runWorkload } from './helpers';

function ds(strategy = ''): string {
  return `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
${strategy}  template:
    metadata: { labels: { app: agent } }
    spec:
      containers:
        - name: agent
          image: a
          lifecycle: { preStop: { sleep: { seconds: 5 } } }
          readinessProbe: { httpGet: { path: /ready, port: 8080 }, periodSeconds: 5 }
`;
}
const ok = { runs: [{ healthyAfter: 3 }] };
const rollout = (nodes: number, newRuns: object = ok, until = 300) => ({ until, nodes, rollout: { at: 60, old: { containers: { agent: ok } } }, containers: { agent: newRuns } });
const created = (r: ReturnType<typeof runWorkload>) => r.pods.filter((p) => p.revision === 'new').map((p) => `${p.createdAt} ${p.node}`);

test('podsShouldBeOnNode: one pod on every node', () => {
  const r = runWorkload(ds(), { until: 60, nodes: 4, containers: { agent: ok } });
  assert.deepEqual(r.pods.map((p) => p.node), ['node-1', 'node-2', 'node-3', 'node-4']);
  assert.equal(r.verdicts[0].text, 'A pod is available on all 4 nodes at 5 s.');
  assert.deepEqual(r.final.fields, { desiredNumberScheduled: 4, currentNumberScheduled: 4, numberReady: 4, numberAvailable: 4, updatedNumberScheduled: 4, numberUnavailable: 0 });
});

test('rollingUpdate without surge (maxUnavailable 1): one node at a time, and a node gets its new pod only once the old one is gone', () => {
  const r = runWorkload(ds(), rollout(3));
  // Old pod deleted, preStop 5 s, new pod created when it is gone, Ready 5 s later; then the next node.
  assert.deepEqual(podLog(r).slice(3), ['60 deleted agent-old-node-1', '65 created agent-new-node-1', '70 deleted agent-old-node-2', '75 created agent-new-node-2', '80 deleted agent-old-node-3', '85 created agent-new-node-3']);
  assert.equal(r.verdicts[0].text, 'The rollout completes at 90 s (30 s after it started) over 3 nodes, never below 2 of 3 available (maxUnavailable 1: a node\'s new pod starts once its old pod is gone).');
});

test('SurgeCount/UnavailableCount: percentages of the nodes rounded up; maxUnavailable 30 % of 4 nodes is 2 at a time', () => {
  assert.deepEqual(daemonSetFenceposts(undefined, undefined, 4), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(daemonSetFenceposts(undefined, '30%', 4), { maxSurge: 0, maxUnavailable: 2 });
  assert.deepEqual(daemonSetFenceposts('25%', 0, 5), { maxSurge: 2, maxUnavailable: 0 });
  assert.deepEqual(daemonSetFenceposts(0, 0, 3), { maxSurge: 0, maxUnavailable: 1 }, 'updatedDesiredNodeCounts: both 0 → unavailability 1');
  const r = runWorkload(ds('  updateStrategy: { rollingUpdate: { maxUnavailable: "30%" } }\n'), rollout(4));
  assert.deepEqual(created(r), ['65 node-1', '65 node-2', '75 node-3', '75 node-4']);
});

test('rollingUpdate with maxSurge: the new pod starts beside the old one, which goes once the new one is available — never below all nodes available', () => {
  const r = runWorkload(ds('  updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }\n'), rollout(3));
  assert.deepEqual(podLog(r).slice(3), ['60 created agent-new-node-1', '65 deleted agent-old-node-1', '65 created agent-new-node-2', '70 deleted agent-old-node-2', '70 created agent-new-node-3', '75 deleted agent-old-node-3']);
  assert.match(r.verdicts[0].text, /never below 3 of 3 available \(maxSurge 1: the new pod starts beside the old one\)/);
});

test('rollingUpdate: a new revision that never gets available stops after maxUnavailable nodes; no progress deadline', () => {
  const r = runWorkload(ds(), rollout(3, { runs: [{ healthyAfter: 1000 }] }));
  assert.deepEqual(created(r), ['65 node-1']);
  assert.equal(r.verdicts[0].kind, 'rollout-stuck');
  assert.match(r.verdicts[0].text, /agent-new-node-1 on node-1 never becomes available; 1 node is left without a working pod/);
});

test('a DaemonSet has no replicas and is not scaled: the scenario is refused', () => {
  assert.throws(() => runWorkload(ds(), { until: 60, containers: { agent: ok }, scale: [{ at: 5, replicas: 2 }] }), (e: unknown) => e instanceof ScenarioError && /scale: a DaemonSet is not scaled; set 'nodes' instead/.test(e.message));
});

test('drain: kubectl drain --ignore-daemonsets leaves the DaemonSet pod on the cordoned node running', () => {
  const r = runWorkload(ds(), { until: 120, nodes: 2, containers: { agent: ok }, drain: [{ at: 30, node: 'node-1' }] });
  assert.deepEqual(r.drains?.[0].skipped.map((x) => x.pod), ['agent-current-node-1']);
  assert.equal(r.pods[0].deletedAt, undefined);
  assert.ok(r.verdicts.some((v) => v.kind === 'drain-skipped' && /leaves agent-current-node-1 running: DaemonSet-managed/.test(v.text)));
  assert.deepEqual(changes(r, 'node:node-1', 'unschedulable'), ['30 true NodeNotSchedulable']);
});
