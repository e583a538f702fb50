// Pods, a pod's watch stream and its events through the REAL kubectl binary against a STAND-IN
// API server (a node HTTP server serving the list/watch JSON kubectl consumes). Tests push pod
// phase changes and events into the stand-in and see them arrive through `kubectl get --watch`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Kubectl } from '../../../src/core/cluster/kubectl';
import { watchPodEvents, watchPod, watchPods, type WatchState } from '../../../src/core/cluster/kube-watch';
import type { PodSummary, ProbeEventSummary } from '../../../src/core/cluster/pod-summary';
import type { EventObject, PodObject, WatchEvent } from '../../../src/core/cluster/api-types';
import { PortForwardManager } from '../../../src/core/cluster/port-forward';
import { fetchKubeletHostHeader, openPodTarget } from '../../../src/core/cluster/pod-target';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { REAL_KUBECTL, STAND_IN_KUBECTL, descendantPids, get, kubectlEnv, nameServer, tempDir, until } from './helpers';

describe('watching through the real kubectl (stand-in API server)', () => {
  const tmp = tempDir();
  let api: StandInApiServer;
  let kubectl: Kubectl;

  before(async () => {
    api = await new StandInApiServer().start();
    const kc = writeKubeconfig(tmp.dir, [{ name: 'dev', server: api.url, namespace: 'team-a' }]);
    kubectl = new Kubectl({ path: REAL_KUBECTL, kubeconfig: kc, env: kubectlEnv(tmp.dir) });
    api.upsertPod(makePod('api-0', 'team-a', { ip: '10.0.0.10' }));
    api.upsertPod(makePod('other-0', 'team-b', { ip: '10.0.0.99' }));
  });
  after(async () => {
    await api.close();
    tmp.cleanup();
  });

  test('pods list + watch: a phase change pushed into the stand-in arrives, debounced (stand-in API server)', async () => {
    const snapshots: PodSummary[][] = [];
    const states: WatchState[] = [];
    const ns = await kubectl.namespace();
    assert.equal(ns, 'team-a');
    const h = watchPods(kubectl, ns, (pods) => snapshots.push(pods), { debounceMs: 50, onState: (s) => states.push(s) });
    try {
      await until(() => snapshots.some((s) => s.some((p) => p.name === 'api-0')), 15_000, 'initial pods');
      const first = snapshots[snapshots.length - 1]!;
      assert.deepEqual(first.map((p) => p.name), ['api-0'], 'only the namespace of the context');
      assert.equal(first[0]!.status, 'Running');
      assert.equal(first[0]!.ready, '1/1');
      assert.equal(first[0]!.restarts, '0');
      assert.equal(first[0]!.containers[0]!.probes.readinessProbe?.httpGet?.path, '/ready');
      assert.ok(states.some((s) => s.state === 'watching'));
      await until(() => api.openWatches > 0, 10_000, 'kubectl watching');

      api.upsertPod(makePod('web-7f9c', 'team-a', { phase: 'Pending' }));
      await until(() => snapshots.some((s) => s.some((p) => p.name === 'web-7f9c')), 10_000, 'new pod');
      const created = snapshots[snapshots.length - 1]!.find((p) => p.name === 'web-7f9c')!;
      assert.equal(created.phase, 'Pending');
      assert.equal(created.status, 'ContainerCreating', 'the STATUS column reads like kubectl');
      assert.equal(created.containers[0]!.reason, 'ContainerCreating');

      api.setPodStatus('team-a', 'web-7f9c', {
        phase: 'Running',
        podIP: '10.0.0.11',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            started: true,
            restartCount: 2,
            state: { running: { startedAt: new Date().toISOString() } },
            lastState: { terminated: { exitCode: 137, reason: 'Error', finishedAt: new Date(Date.now() - 65_000).toISOString() } },
          },
        ],
      });
      await until(() => snapshots.some((s) => s.find((p) => p.name === 'web-7f9c')?.phase === 'Running'), 10_000, 'phase change');
      const running = snapshots[snapshots.length - 1]!.find((p) => p.name === 'web-7f9c')!;
      assert.equal(running.status, 'Running');
      assert.equal(running.ready, '0/1');
      assert.match(running.restarts, /^2 \(6\ds ago\)$/);
      assert.equal(running.containers[0]!.started, true);
      assert.equal(running.containers[0]!.ready, false);

      api.deletePod('team-a', 'web-7f9c');
      await until(() => snapshots[snapshots.length - 1]!.every((p) => p.name !== 'web-7f9c'), 10_000, 'deletion');
    } finally {
      h.dispose();
    }
    await until(() => descendantPids().length === 0, 5000, 'kubectl stopped on dispose');
  });

  test('the server ending the watch: kubectl exits, the watch restarts and keeps up (stand-in API server)', async () => {
    const snapshots: PodSummary[][] = [];
    const states: WatchState[] = [];
    const h = watchPods(kubectl, 'team-a', (pods) => snapshots.push(pods), { debounceMs: 20, initialBackoffMs: 50, onState: (s) => states.push(s) });
    try {
      await until(() => api.openWatches > 0 && snapshots.length > 0, 15_000, 'watching');
      api.endWatches();
      // A pod deleted while no watch runs is dropped by the re-list.
      api.deletePod('team-a', 'api-0');
      await until(() => states.some((s) => s.state === 'retrying'), 10_000, 'retrying');
      const retry = states.find((s) => s.state === 'retrying') as Extract<WatchState, { state: 'retrying' }>;
      assert.equal(retry.error, undefined, 'a normal end of the watch is not an error');
      await until(() => api.openWatches > 0, 10_000, 'watching again');
      await until(() => snapshots[snapshots.length - 1]!.every((p) => p.name !== 'api-0'), 10_000, 'api-0 gone');
      api.upsertPod(makePod('api-1', 'team-a', { ip: '10.0.0.12' }));
      await until(() => snapshots[snapshots.length - 1]!.some((p) => p.name === 'api-1'), 10_000, 'api-1 seen after restart');
    } finally {
      h.dispose();
    }
    await until(() => descendantPids().length === 0, 5000, 'kubectl stopped');
  });

  test("one pod's watch stream for the live timeline: every status, in order (stand-in API server)", async () => {
    api.upsertPod(makePod('job-x', 'team-a', { phase: 'Pending' }));
    const seen: WatchEvent<PodObject>[] = [];
    let latest: PodObject | undefined;
    const h = watchPod(kubectl, 'team-a', 'job-x', { onEvent: (e) => seen.push(e), onChange: (p) => (latest = p) });
    try {
      await until(() => seen.length >= 1 && api.openWatches > 0, 15_000, 'first event');
      api.setPodStatus('team-a', 'job-x', { phase: 'Running' });
      api.setPodStatus('team-a', 'job-x', { phase: 'Succeeded' });
      await until(() => seen.some((e) => e.object.status?.phase === 'Succeeded'), 10_000, 'Succeeded');
      assert.deepEqual(
        seen.map((e) => `${e.type}:${e.object.status?.phase}`),
        ['ADDED:Pending', 'MODIFIED:Running', 'MODIFIED:Succeeded'],
      );
      assert.ok(seen.every((e) => e.object.metadata?.name === 'job-x'), 'only this pod');
      await until(() => latest?.status?.phase === 'Succeeded', 5000, 'onChange');
    } finally {
      h.dispose();
    }
  });

  test("a pod's probe events by involvedObject, filtered to probe reasons (stand-in API server)", async () => {
    const probeEvents: ProbeEventSummary[][] = [];
    const raw: WatchEvent<EventObject>[] = [];
    const base = { involvedObject: { kind: 'Pod', namespace: 'team-a', name: 'web-1', fieldPath: 'spec.containers{app}' }, metadata: { namespace: 'team-a' } };
    api.addEvent({ ...base, reason: 'Scheduled', type: 'Normal', message: 'Successfully assigned team-a/web-1', lastTimestamp: '2025-01-01T00:00:00Z' });
    api.addEvent({ ...base, reason: 'Unhealthy', type: 'Warning', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 4, lastTimestamp: '2025-01-01T00:01:00Z' });
    api.addEvent({ ...base, involvedObject: { ...base.involvedObject, name: 'web-2' }, reason: 'Unhealthy', type: 'Warning', message: 'Liveness probe failed: other pod' });
    const h = watchPodEvents(kubectl, 'team-a', 'web-1', { onEvent: (e) => raw.push(e), onProbeEvents: (ev) => probeEvents.push(ev) }, { debounceMs: 20 });
    try {
      await until(() => probeEvents.length > 0 && probeEvents[probeEvents.length - 1]!.length === 1, 15_000, 'first events');
      await until(() => api.openWatches > 0, 10_000, 'watching');
      api.addEvent({ ...base, reason: 'Killing', type: 'Normal', message: 'Container app failed liveness probe, will be restarted', lastTimestamp: '2025-01-01T00:02:00Z' });
      api.addEvent({ ...base, reason: 'Pulled', type: 'Normal', message: 'Container image already present', lastTimestamp: '2025-01-01T00:02:01Z' });
      await until(() => probeEvents[probeEvents.length - 1]!.length === 2, 10_000, 'Killing event');
      const last = probeEvents[probeEvents.length - 1]!;
      assert.deepEqual(
        last.map((e) => [e.reason, e.container, e.count]),
        [
          ['Killing', 'app', 1],
          ['Unhealthy', 'app', 4],
        ],
      );
      assert.equal(last[1]!.probe, 'readinessProbe');
      assert.ok(raw.every((e) => e.object.involvedObject?.name === 'web-1'), 'the field selector reached the server');
      assert.ok(api.requests.some((r) => /fieldSelector=involvedObject\.name%3Dweb-1/.test(r.url) && /watch=true/.test(r.url)));
    } finally {
      h.dispose();
    }
  });

  test('the kubelet Host header for a port-forwarded probe is <podIP>:<containerPort> (stand-in API server)', async () => {
    api.upsertPod(makePod('web-host', 'team-a', { ip: '10.244.1.7' }));
    assert.equal(await fetchKubeletHostHeader(kubectl, 'team-a', 'web-host', 8080), '10.244.1.7:8080');
    api.upsertPod(makePod('web-v6', 'team-a', { ip: 'fd00::7' }));
    assert.equal(await fetchKubeletHostHeader(kubectl, 'team-a', 'web-v6', 8080), '[fd00::7]:8080');
  });

  test('a pod target: real kubectl reads the pod, stand-in kubectl forwards (stand-in API server + stand-in kubectl)', async () => {
    const backend = await nameServer('web-target');
    api.upsertPod(makePod('web-target', 'team-a', { ip: '10.244.1.9' }));
    // The stand-in kubectl forwards port-forward itself and hands every other command to the real kubectl.
    const k = new Kubectl({
      path: STAND_IN_KUBECTL,
      kubeconfig: kubectl.kubeconfigFiles()[0],
      env: kubectlEnv(tmp.dir, { STAND_IN_KUBECTL_DELEGATE: REAL_KUBECTL, STAND_IN_TARGET_PORT: String(backend.port) }),
    });
    const forwards = new PortForwardManager(k);
    const open = await openPodTarget(k, forwards, { pod: 'web-target', namespace: 'team-a', container: 'app', ports: [8080] });
    try {
      assert.equal(open.target.podIP, '10.244.1.9');
      assert.equal(open.target.host, '127.0.0.1');
      const local = open.target.portMap![8080]!;
      assert.ok(local > 0);
      assert.equal(open.target.exec?.name, 'kubectl exec pod/web-target -c app');
      const r = await get(local, '/ready', { host: '10.244.1.9:8080' });
      assert.equal(r.body.name, 'web-target');
      assert.equal(r.body.host, '10.244.1.9:8080');
      assert.equal(forwards.list().length, 1);
    } finally {
      open.dispose();
      await forwards.stopAll();
      await backend.close();
    }
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });
});

describe('no cluster (kubeconfig pointing to a closed port)', () => {
  test('watchPods reports "no cluster reachable", keeps retrying with back-off, throws nothing, stops cleanly', async () => {
    const tmp = tempDir();
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const kc = writeKubeconfig(tmp.dir, [{ name: 'gone', server: `http://127.0.0.1:${port}`, namespace: 'team-a' }]);
    const kubectl = new Kubectl({ path: REAL_KUBECTL, kubeconfig: kc, env: kubectlEnv(tmp.dir) });
    const states: WatchState[] = [];
    const snapshots: PodSummary[][] = [];
    const h = watchPods(kubectl, 'team-a', (p) => snapshots.push(p), { initialBackoffMs: 50, maxBackoffMs: 200, onState: (s) => states.push(s) });
    try {
      await until(() => states.filter((s) => s.state === 'retrying').length >= 2, 15_000, 'two retries');
      const r = states.filter((s): s is Extract<WatchState, { state: 'retrying' }> => s.state === 'retrying');
      assert.equal(r[0]!.error?.kind, 'no-cluster');
      assert.equal(
        r[0]!.error?.message,
        `No Kubernetes cluster reachable at 127.0.0.1:${port}. Start the cluster, check your network/VPN, or switch to another context.`,
      );
      assert.ok(r[1]!.retryInMs >= r[0]!.retryInMs, 'back-off grows');
      assert.equal(snapshots.length, 0, 'no (stale or empty) pod list is reported');
      assert.ok(!states.some((s) => s.state === 'watching'));
    } finally {
      h.dispose();
      tmp.cleanup();
    }
    assert.equal(states[states.length - 1]!.state, 'stopped');
    await until(() => descendantPids().length === 0, 5000, 'kubectl stopped');
  });

  test('a context that is not in the kubeconfig: the watch gives up at once with the reason (real kubectl)', async () => {
    const tmp = tempDir();
    try {
      const kc = writeKubeconfig(tmp.dir, [{ name: 'dev', server: 'http://127.0.0.1:1', namespace: 'team-a' }]);
      const states: WatchState[] = [];
      const h = watchPods(new Kubectl({ path: REAL_KUBECTL, kubeconfig: kc, context: 'staging', env: kubectlEnv(tmp.dir) }), 'team-a', () => {}, {
        onState: (s) => states.push(s),
      });
      await until(() => states.some((s) => s.state === 'failed'), 10_000, 'failed');
      const f = states.find((s) => s.state === 'failed') as Extract<WatchState, { state: 'failed' }>;
      assert.equal(f.error.kind, 'context-missing');
      assert.ok(!states.some((s) => s.state === 'retrying'));
      h.dispose();
    } finally {
      tmp.cleanup();
    }
  });

  test('a kubectl binary that does not exist: the watch fails with the install hint', async () => {
    const states: WatchState[] = [];
    const h = watchPods(new Kubectl({ path: '/nonexistent/kubectl' }), 'x', () => {}, { onState: (s) => states.push(s) });
    await until(() => states.some((s) => s.state === 'failed'), 5000, 'failed');
    const f = states.find((s) => s.state === 'failed') as Extract<WatchState, { state: 'failed' }>;
    assert.equal(f.error.kind, 'kubectl-not-found');
    assert.match(f.error.message, /kubeProbes\.kubectlPath/);
    h.dispose();
  });
});
