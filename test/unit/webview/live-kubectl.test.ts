// The timeline's live mode end to end: the host-side live source, through the REAL kubectl binary,
// against a STAND-IN API server that serves a pod's watch stream and its events. With no cluster
// (a kubeconfig pointing at a closed port) the panel is told so, and nothing throws.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as cluster from '../../../src/core/cluster';
import { createTimelineLiveSource } from '../../../src/extension/timeline-live';
import type { LiveBatch, LiveSink, TimelineShowArgs } from '../../../src/extension/timeline-panel';
import type { KubeletEvent, LiveState, SimEvent } from '../../../src/core/timeline/protocol';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { REAL_KUBECTL, kubectlEnv, tempDir, until } from '../cluster/helpers';

class RecordingSink implements LiveSink {
  statuses: { state: LiveState; message: string }[] = [];
  events: SimEvent[] = [];
  kubeletEvents: KubeletEvent[] = [];
  resets: (string | undefined)[] = [];
  disposed = false;
  status(state: LiveState, message: string) {
    this.statuses.push({ state, message });
  }
  append(b: LiveBatch) {
    this.events.push(...(b.events ?? []));
    this.kubeletEvents.push(...(b.kubeletEvents ?? []));
  }
  reset(_origin?: string, podName?: string) {
    this.resets.push(podName);
  }
}

function source(kubeconfig: string, dir: string) {
  return createTimelineLiveSource({
    cluster: () => ({
      kubectl: () => new cluster.Kubectl({ path: REAL_KUBECTL, kubeconfig, env: kubectlEnv(dir) }),
      watchPod: cluster.watchPod,
      watchPodEvents: cluster.watchPodEvents,
      userMessage: cluster.userMessage,
    }),
  });
}

const ARGS: TimelineShowArgs = {
  title: 'Deployment web',
  workloadRef: { kind: 'Deployment', name: 'web', namespace: 'team-a' },
  podSpec: { containers: [{ name: 'app' }] },
  meta: { name: 'web', namespace: 'team-a' },
  podSelector: { app: 'web' },
};

describe('timeline live mode through the real kubectl (stand-in API server)', () => {
  const tmp = tempDir();
  let api: StandInApiServer;
  let kubeconfig: string;

  before(async () => {
    api = await new StandInApiServer().start();
    kubeconfig = writeKubeconfig(tmp.dir, [{ name: 'dev', server: api.url, namespace: 'team-a' }]);
    api.upsertPod(makePod('web-5d8f9-x2k8p', 'team-a', { phase: 'Pending', labels: { app: 'web' } }));
  });
  after(async () => {
    await api.close();
    tmp.cleanup();
  });

  test("finds the workload's pod by its labels and draws its phase changes and probe events (stand-in API server)", async () => {
    const sink = new RecordingSink();
    const handle = await source(kubeconfig, tmp.dir).start(ARGS, sink);
    try {
      await until(() => sink.resets.includes('web-5d8f9-x2k8p'), 15_000, 'the pod found by its labels');
      await until(() => api.openWatches >= 2, 15_000, 'kubectl watching the pod and its events');
      api.setPodStatus('team-a', 'web-5d8f9-x2k8p', { phase: 'Running', podIP: '10.0.0.7', conditions: [{ type: 'Ready', status: 'False' }] });
      api.addEvent({
        metadata: { namespace: 'team-a' },
        involvedObject: { kind: 'Pod', namespace: 'team-a', name: 'web-5d8f9-x2k8p', fieldPath: 'spec.containers{app}' },
        reason: 'Unhealthy',
        type: 'Warning',
        message: 'Readiness probe failed: <img src=x onerror=alert(1)>',
      });
      await until(() => sink.events.some((e) => e.subject === 'pod' && e.field === 'phase' && e.to === 'Running'), 15_000, 'the phase change');
      await until(() => sink.kubeletEvents.some((e) => e.reason === 'Unhealthy'), 15_000, 'the probe event');
      const ev = sink.kubeletEvents.find((e) => e.reason === 'Unhealthy')!;
      assert.equal(ev.object, 'app');
      assert.equal(ev.message, 'Readiness probe failed: <img src=x onerror=alert(1)>', 'kept as text, escaped only when drawn');
      assert.ok(!sink.statuses.some((s) => s.state === 'error'), JSON.stringify(sink.statuses));
    } finally {
      handle.dispose();
    }
  });

  test('with no cluster reachable the panel is told so, and nothing throws (kubeconfig to a closed port)', async () => {
    const closed = writeKubeconfig(tmp.dir, [{ name: 'gone', server: 'http://127.0.0.1:1', namespace: 'team-a' }], { file: 'closed.yaml' });
    const sink = new RecordingSink();
    const handle = await source(closed, tmp.dir).start(ARGS, sink);
    try {
      await until(() => sink.statuses.some((s) => /No cluster reachable/.test(s.message)), 20_000, 'the no-cluster status');
    } finally {
      handle.dispose();
    }
  });
});
