// The Workload Timeline's live mode end to end: the host-side live source, through the REAL kubectl
// binary (`get pods -l … --watch`, `get deployments --field-selector … --watch`), against a
// STAND-IN API server that serves a Deployment and its pods. What the panel receives is the
// simulation's shape: one lane per pod grouped by pod-template-hash, the Deployment's counts and
// conditions. Without a cluster the panel is told so and nothing throws.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as cluster from '../../../src/core/cluster';
import { createWorkloadLiveSource } from '../../../src/extension/workload-live';
import type { WorkloadLiveSink, WorkloadShowArgs } from '../../../src/extension/workload-panel';
import type { LiveState, WorkloadResult } from '../../../src/core/workload-timeline/protocol';
import { buildWorkloadModel } from '../../../src/core/workload-timeline/model';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { REAL_KUBECTL, kubectlEnv, tempDir, until } from '../cluster/helpers';

class RecordingSink implements WorkloadLiveSink {
  statuses: { state: LiveState; message: string }[] = [];
  results: WorkloadResult[] = [];
  disposed = false;
  status(state: LiveState, message: string) {
    this.statuses.push({ state, message });
  }
  result(_origin: string, r: WorkloadResult) {
    this.results.push(r);
  }
  get last(): WorkloadResult | undefined {
    return this.results[this.results.length - 1];
  }
}

function source(kubeconfig: string, dir: string) {
  return createWorkloadLiveSource<cluster.Kubectl>({
    throttleMs: 50,
    tickMs: 500,
    cluster: () => ({
      kubectl: () => new cluster.Kubectl({ path: REAL_KUBECTL, kubeconfig, env: kubectlEnv(dir) }),
      checkCluster: (k) => k.checkCluster({ timeoutMs: 8000 }),
      listPods: (k, ns, labels) => k.listPods(ns, { labelSelector: labels, timeoutMs: 8000 }),
      watch: (k, target, on) => {
        const w = new cluster.KubeWatch<{ metadata?: cluster.ObjectMeta }>(k, target, { debounceMs: 0 });
        w.onDidReceive(on.event);
        w.onDidChangeState(on.state);
        w.start();
        return w;
      },
      userMessage: cluster.userMessage,
    }),
  });
}

const ARGS: WorkloadShowArgs = {
  title: 'Deployment web',
  workloadRef: { kind: 'Deployment', name: 'web', namespace: 'team-a' },
  podSpec: { containers: [{ name: 'app' }] },
  meta: { namespace: 'team-a', workloadKind: 'Deployment', workloadName: 'web' },
  podSelector: { app: 'web' },
};

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('Workload Timeline live mode through the real kubectl (stand-in API server)', () => {
  const tmp = tempDir();
  let api: StandInApiServer;
  let kubeconfig: string;

  before(async () => {
    api = await new StandInApiServer().start();
    kubeconfig = writeKubeconfig(tmp.dir, [{ name: 'dev', server: api.url, namespace: 'team-a' }]);
    api.upsertDeployment({
      metadata: { name: 'web', namespace: 'team-a' },
      spec: { replicas: 2, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
      status: { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] },
    });
    for (const n of ['web-aaa111-x1', 'web-aaa111-x2']) {
      const p = makePod(n, 'team-a', { phase: 'Running', ready: true, labels: { app: 'web', 'pod-template-hash': 'aaa111' } });
      api.upsertPod({ ...p, metadata: { ...p.metadata, creationTimestamp: ago(120) } });
    }
    // A pod of another workload: not drawn.
    api.upsertPod(makePod('api-ccc-1', 'team-a', { labels: { app: 'api' } }));
  });
  after(async () => {
    await api.close();
    tmp.cleanup();
  });

  test('a rollout as it happens: pods by revision, the Deployment counts and conditions, a deleted pod (stand-in API server)', async () => {
    const sink = new RecordingSink();
    const handle = await source(kubeconfig, tmp.dir).start(ARGS, sink);
    try {
      await until(() => (sink.last?.pods.length ?? 0) === 2, 20_000, 'the two pods of web');
      await until(() => api.openWatches >= 2, 15_000, 'kubectl watching the pods and the Deployment');
      await until(() => sink.last!.events.some((e) => e.field === 'updatedReplicas' && e.to === '2'), 15_000, 'the Deployment as it was');
      assert.ok(sink.statuses.some((s) => s.state === 'live' && /watching Deployment web and its pods \(app=web\) in team-a/.test(s.message)), JSON.stringify(sink.statuses));
      // Live times are tenths of a second: let one pass so the first Progressing reason is its own segment
      // (a reason replaced within the same tenth is not drawn).
      const seen = sink.last!.until;
      await until(() => sink.last!.until >= seen + 0.2, 15_000, 'time passing after the first Deployment state');
      // The rollout: a new revision's pod appears (not Ready), the Deployment says so, an old pod is deleted.
      api.upsertPod(makePod('web-bbb222-y1', 'team-a', { phase: 'Pending', ready: false, labels: { app: 'web', 'pod-template-hash': 'bbb222' } }));
      api.upsertDeployment({
        metadata: { name: 'web', namespace: 'team-a' },
        spec: { replicas: 2 },
        status: { replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }] },
      });
      await until(() => (sink.last?.pods.length ?? 0) === 3 && sink.last!.events.some((e) => e.field === 'updatedReplicas' && e.to === '1'), 20_000, 'the new pod and the updated count');
      api.setPodStatus('team-a', 'web-bbb222-y1', { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] });
      // Graceful deletion: the API server sets deletionTimestamp (now + grace) first, removes the pod later.
      const victim = api.pod('team-a', 'web-aaa111-x1')!;
      api.upsertPod({ ...victim, metadata: { ...victim.metadata, deletionTimestamp: new Date(Date.now() + 30_000).toISOString().replace(/\.\d+Z$/, 'Z'), deletionGracePeriodSeconds: 30 } });
      await until(() => sink.last!.pods.some((p) => p.name === 'web-aaa111-x1' && p.deletedAt !== undefined), 20_000, 'the pod terminating');
      await until(() => sink.last!.until > sink.last!.pods.find((p) => p.name === 'web-aaa111-x1')!.deletedAt! + 0.5, 20_000, 'time passing while it terminates');
      api.deletePod('team-a', 'web-aaa111-x1');
      await until(() => sink.last!.pods.some((p) => p.name === 'web-aaa111-x1' && p.goneAt !== undefined) && sink.last!.pods.some((p) => p.name === 'web-bbb222-y1' && p.readyAt !== undefined), 20_000, 'the deletion and the new pod Ready');

      const r = sink.last!;
      const m = buildWorkloadModel(r);
      assert.deepEqual(m.groups.map((g) => [g.revision, g.lanes.map((l) => l.pod)]), [['aaa111', ['web-aaa111-x1', 'web-aaa111-x2']], ['bbb222', ['web-bbb222-y1']]]);
      assert.ok(!r.pods.some((p) => p.name.startsWith('api-')), 'only the pods of web');
      assert.equal(r.workload.maxSurge, 1, '25 % of 2 rounded up');
      assert.equal(r.workload.maxUnavailable, 0, '25 % of 2 rounded down');
      assert.deepEqual(r.events.filter((e) => e.field === 'updatedReplicas').map((e) => e.to), ['2', '1']);
      assert.equal(m.series.find((s) => s.key === 'updatedReplicas')!.points.at(-1)!.v, 1);
      assert.deepEqual(m.conditions.find((c) => c.type === 'Progressing')!.segments.map((s) => s.reason), ['NewReplicaSetAvailable', 'ReplicaSetUpdated']);
      const old = r.pods.find((p) => p.name === 'web-aaa111-x1')!;
      assert.ok(old.createdAt === 0, `the oldest pod is t = 0, got ${old.createdAt}`);
      assert.equal(m.groups[0]!.lanes[0]!.segments.at(-1)!.state, 'terminating');
      assert.ok(r.verdicts.some((v) => /pods Ready now/.test(v.text)), JSON.stringify(r.verdicts));
      assert.ok(!sink.statuses.some((s) => s.state === 'error'), JSON.stringify(sink.statuses));
    } finally {
      handle.dispose();
    }
    await until(() => api.openWatches === 0, 15_000, 'the watches closed after dispose');
  });

  test('with no cluster reachable the panel is told so, and nothing throws (kubeconfig to a closed port)', async () => {
    const closed = writeKubeconfig(tmp.dir, [{ name: 'gone', server: 'http://127.0.0.1:1', namespace: 'team-a' }], { file: 'closed.yaml' });
    const sink = new RecordingSink();
    const handle = await source(closed, tmp.dir).start(ARGS, sink);
    try {
      await until(() => sink.statuses.some((s) => s.state === 'unavailable' && /No cluster reachable/.test(s.message)), 20_000, 'the no-cluster status');
      assert.equal(sink.results.length, 0);
    } finally {
      handle.dispose();
    }
  });

  test('a workload without pod template labels is refused with a message (no kubectl spawned for nothing)', async () => {
    const sink = new RecordingSink();
    const handle = await source(kubeconfig, tmp.dir).start({ ...ARGS, podSelector: {} }, sink);
    handle.dispose();
    assert.match(sink.statuses.at(-1)!.message, /has no pod template labels/);
  });
});
