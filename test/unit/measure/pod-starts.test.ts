// Cold starts of a live pod, read from its status (containerStatuses[].state.running.startedAt →
// the Ready condition's lastTransitionTime) through the real kubectl (from the devDependency) against
// the STAND-IN API server: the current start; restarts observed through the watch (nothing
// restarted); and, once confirmed, deleting the pod so its stand-in controller makes a new one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Kubectl } from '../../../src/core/cluster/kubectl';
import { measurePodStarts, podController, restartConfirmation } from '../../../src/core/measure/pod-starts';
import { MeasureError } from '../../../src/core/measure';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { kubectlEnv, tempDir } from '../cluster/helpers';
import { TOOLS } from '../tools';

let api: StandInApiServer;
let kubectl: Kubectl;
let tmp: ReturnType<typeof tempDir>;

before(async () => {
  api = await new StandInApiServer().start();
  tmp = tempDir('kp-pod-starts-');
  const kc = writeKubeconfig(tmp.dir, [{ name: 'stand-in', server: api.url, namespace: 'demo' }]);
  kubectl = new Kubectl({ path: TOOLS.kubectl, kubeconfig: kc, context: 'stand-in', env: kubectlEnv(tmp.dir) });
});

after(async () => {
  await api.close();
  tmp.cleanup();
});

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A running pod of ReplicaSet web-abc12 whose container `app` started at `started` and turned Ready at `ready` (epoch ms). */
function owned(name: string, started: number, ready?: number) {
  const pod = makePod(name, 'demo', { labels: { app: 'web', 'pod-template-hash': 'abc12' } });
  pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc12', uid: 'rs-uid', controller: true }];
  pod.status.containerStatuses[0].state = { running: { startedAt: iso(started) } };
  pod.status.containerStatuses[0].ready = ready !== undefined;
  pod.status.conditions = pod.status.conditions.map((c: { type: string }) => (c.type === 'Ready' ? { type: 'Ready', status: ready !== undefined ? 'True' : 'False', lastTransitionTime: iso(ready ?? started) } : c));
  return pod;
}

test('the current start from the pod\'s status: 42 s from the container\'s start to Ready; nothing restarted (stand-in API server)', async () => {
  const t = Date.parse('2026-01-01T10:00:00Z');
  api.upsertPod(owned('web-abc12-aaaaa', t, t + 42_000));
  const { records, pod } = await measurePodStarts(kubectl, { namespace: 'demo', pod: 'web-abc12-aaaaa', container: 'app' }, { starts: 1, maxWaitSeconds: 5 });
  assert.deepEqual(records, [{ start: 1, attempts: 0, firstSuccessSeconds: 42 }]);
  assert.equal(pod, 'web-abc12-aaaaa');
  assert.ok(api.pod('demo', 'web-abc12-aaaaa'), 'the pod is still there');
  assert.ok(!api.requests.some((r) => r.method === 'DELETE'), 'nothing was deleted');
});

test('restarts observed through the watch: a restart before Ready says so, the next one is timed (stand-in API server)', async () => {
  const t = Date.parse('2026-01-01T11:00:00Z');
  api.upsertPod(owned('web-abc12-bbbbb', t, t + 10_000));
  const notices: string[] = [];
  const running = measurePodStarts(kubectl, { namespace: 'demo', pod: 'web-abc12-bbbbb', container: 'app' }, { starts: 3, maxWaitSeconds: 30, onNotice: (n) => notices.push(n) });
  await new Promise((r) => setTimeout(r, 1500)); // the watch is up
  // The kubelet restarts the container (liveness), 35 s after it started, before it was Ready again…
  const cs = (started: number, restarts: number, ready: boolean, last?: object) => [{ name: 'app', image: 'x', ready, restartCount: restarts, state: { running: { startedAt: iso(started) } }, ...(last && { lastState: last }) }];
  const notReady = (at: number) => [{ type: 'Ready', status: 'False', lastTransitionTime: iso(at) }];
  api.setPodStatus('demo', 'web-abc12-bbbbb', { conditions: notReady(t + 60_000), containerStatuses: cs(t + 60_000, 1, false) });
  api.setPodStatus('demo', 'web-abc12-bbbbb', { containerStatuses: cs(t + 100_000, 2, false, { terminated: { reason: 'Error', exitCode: 137, startedAt: iso(t + 60_000), finishedAt: iso(t + 95_000) } }) });
  // … then it starts once more and is Ready 48 s later.
  api.setPodStatus('demo', 'web-abc12-bbbbb', { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(t + 148_000) }], containerStatuses: cs(t + 100_000, 2, true) });
  const { records } = await running;
  assert.deepEqual(records, [
    { start: 1, attempts: 0, firstSuccessSeconds: 10 },
    { start: 2, attempts: 0, problem: 'container app restarted (Error, exit code 137) 35 s after its start, before the pod became Ready' },
    { start: 3, attempts: 0, firstSuccessSeconds: 48 },
  ]);
  assert.deepEqual(notices, []);
});

test('with the restart confirmed: the pod is deleted, its controller\'s new pod is timed from its status; twice (stand-in API server)', async () => {
  api.replaceDeletedPods({ startMs: 200, readyMs: 2000 });
  const t = Date.now() - 60_000;
  api.upsertPod(owned('web-abc12-ccccc', t, t + 5_000));
  const seen: string[] = [];
  const { records, pod } = await measurePodStarts(kubectl, { namespace: 'demo', pod: 'web-abc12-ccccc', container: 'app' }, { starts: 3, restart: true, maxWaitSeconds: 30, onStart: (_r, p) => seen.push(p) });
  assert.equal(records.length, 3);
  assert.deepEqual(records[0], { start: 1, attempts: 0, firstSuccessSeconds: 5 });
  for (const r of records.slice(1)) {
    // Whole-second timestamps: 2 s of readiness delay reads as 1–3 s.
    assert.ok(r.problem === undefined && r.firstSuccessSeconds! >= 1 && r.firstSuccessSeconds! <= 3, JSON.stringify(r));
  }
  assert.equal(seen[0], 'web-abc12-ccccc');
  assert.ok(seen[1] !== seen[0] && seen[2] !== seen[1] && /^web-abc12-\w{5}$/.test(seen[2]!), seen.join(' '));
  assert.equal(pod, seen[2], 'the newest pod is the one left running');
  assert.equal(api.pod('demo', 'web-abc12-ccccc'), undefined, 'the first pod was deleted');
  assert.deepEqual(api.requests.filter((r) => r.method === 'DELETE').map((r) => new URL(r.url, 'http://x').pathname), [
    '/api/v1/namespaces/demo/pods/web-abc12-ccccc',
    `/api/v1/namespaces/demo/pods/${seen[1]}`,
  ]);
});

test('a bare pod (no controller) is never deleted: nothing would bring it back (stand-in API server)', async () => {
  const t = Date.now() - 60_000;
  const bare = owned('lonely', t, t + 3_000);
  delete bare.metadata.ownerReferences;
  api.upsertPod(bare);
  const deletes = api.requests.filter((r) => r.method === 'DELETE').length;
  await assert.rejects(
    measurePodStarts(kubectl, { namespace: 'demo', pod: 'lonely', container: 'app' }, { starts: 2, restart: true, maxWaitSeconds: 5 }),
    (e: Error) => e instanceof MeasureError && e.message === 'pod demo/lonely has no controller (no ownerReference): deleting it would not bring it back. Restart it yourself and measure without restarting.',
  );
  assert.equal(api.requests.filter((r) => r.method === 'DELETE').length, deletes);
  assert.ok(api.pod('demo', 'lonely'));
});

test('an unknown pod: kubectl\'s NotFound in words (stand-in API server)', async () => {
  await assert.rejects(
    measurePodStarts(kubectl, { namespace: 'demo', pod: 'nope', container: 'app' }, { starts: 1, maxWaitSeconds: 5 }),
    (e: Error) => e instanceof MeasureError && /nope/.test(e.message) && /not found/i.test(e.message),
  );
});

test('the confirmation names the pod, its namespace and context, how often, and who makes the new pod', () => {
  const pod = owned('web-abc12-ddddd', 0, 1000);
  assert.deepEqual(podController(pod as never), { kind: 'ReplicaSet', name: 'web-abc12' });
  assert.equal(
    restartConfirmation({ namespace: 'demo', pod: 'web-abc12-ddddd', container: 'app', context: 'stand-in' }, pod as never, 2),
    'Delete pod web-abc12-ddddd in namespace demo (context "stand-in") to time its cold start, 2 times (each replacement in turn)? Its ReplicaSet web-abc12 creates a new pod each time; the pod\'s work is interrupted while it restarts.',
  );
});
