// The Cluster tree through the REAL kubectl binary against a STAND-IN API server (a node HTTP
// server serving the list/watch JSON kubectl consumes): connection states, pods with kubectl's
// STATUS / READY / RESTARTS, containers, probes with live readiness, probe events, and the watches
// started and stopped with the view.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as cluster from '../../../src/core/cluster';
import { ClusterSession } from '../../../src/core/cluster/session';
import { ClusterTreeModel, probeRunKey, type ClusterNode } from '../../../src/core/workspace/cluster-tree';
import type { ProbeRunResult } from '../../../src/core/probe/types';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { REAL_KUBECTL, kubectlEnv, tempDir, until } from '../cluster/helpers';

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** "label | description | icon/color | contextValue" of a node, as the tree shows it. */
function row(model: ClusterTreeModel, node: ClusterNode): string {
  const m = model.item(node);
  return `${m.label} | ${m.description ?? ''} | ${m.icon.id}${m.icon.color ? `/${m.icon.color}` : ''} | ${m.contextValue}`;
}

describe('Cluster tree (stand-in API server, real kubectl)', () => {
  const tmp = tempDir('kp-cluster-tree-');
  let api: StandInApiServer;
  let kubeconfig: string;
  const sessions: ClusterSession[] = [];

  interface SessionOpts {
    kubectlPath?: string;
    kubeconfig?: string;
    context?: string;
    namespaceFor?(context: string): string | undefined;
  }
  function session(opts: SessionOpts = {}): ClusterSession {
    const { kubectlPath = REAL_KUBECTL, kubeconfig: kc = kubeconfig, ...rest } = opts;
    const s = new ClusterSession({ locate: () => cluster.Kubectl.locate({ explicitPath: kubectlPath, kubeconfig: kc, env: kubectlEnv(tmp.dir) }), debounceMs: 30, ...rest });
    sessions.push(s);
    return s;
  }

  before(async () => {
    api = await new StandInApiServer().start();
    kubeconfig = writeKubeconfig(tmp.dir, [
      { name: 'dev', server: api.url, namespace: 'team-a' },
      { name: 'staging', server: api.url },
    ]);
    api.upsertPod(makePod('api-0', 'team-a', { ip: '10.0.0.10' }));
    api.upsertPod(makePod('worker-0', 'team-b', { ip: '10.0.0.20' }));
  });
  after(async () => {
    for (const s of sessions) {
      const stopped = s.whenStopped();
      s.dispose();
      await stopped;
    }
    await api.close();
    tmp.cleanup();
  });

  test('connects: context, namespace and server version (stand-in API server)', async () => {
    const s = session();
    const model = new ClusterTreeModel(s);
    assert.deepEqual(model.roots().map((n) => model.item(n).label), ['Connecting to the cluster…']);
    const state = await s.connect();
    assert.deepEqual(state, { kind: 'ready', context: 'dev', namespace: 'team-a', contexts: ['dev', 'staging'], serverVersion: 'v1.32.4-stand-in' });
    const [ctx, ns] = model.roots();
    assert.equal(row(model, ctx!), 'dev | context · v1.32.4-stand-in | server-environment | cluster.context');
    assert.equal(row(model, ns!), 'team-a | namespace | symbol-namespace | cluster.namespace');
    assert.equal(model.item(ns!).collapsible, 'expanded');
    assert.equal(s.watching, false, 'nothing is watched before the namespace is shown');
  });

  test('pods with STATUS / READY / RESTARTS, containers, probes with live readiness (stand-in API server)', async () => {
    const s = session();
    const model = new ClusterTreeModel(s);
    const changes: string[] = [];
    s.onDidChange((c) => {
      changes.push(c);
      model.apply(c);
    });
    await s.connect();
    assert.equal(model.children(model.namespace)[0]!.type, 'message', 'not watching yet');
    s.watch();
    await until(() => s.pods().length > 0, 15_000, 'pods listed');
    await until(() => api.openWatches >= 2, 10_000, 'kubectl watching pods and events');
    const [pod] = model.children(model.namespace);
    assert.equal(row(model, pod!), 'api-0 | Running · 1/1 ready · 0 restarts | vm-running/testing.iconPassed | cluster.pod');
    assert.equal(model.item(model.namespace).description, 'namespace · 1 pod');
    const [container] = model.children(pod);
    assert.equal(row(model, container!), 'app | Running · ready · 0 restarts | package/testing.iconPassed | cluster.container');
    const probes = model.children(container);
    assert.deepEqual(
      probes.map((p) => row(model, p)),
      [
        'livenessProbe · TCP on 8080 | alive · every 10 s, timeout 1 s, 3 failures → restart after 30 s | pass/testing.iconPassed | cluster.probe.livenessProbe',
        'readinessProbe · HTTP GET /ready on http | ready · every 10 s, timeout 1 s, 3 failures → removed from Service endpoints after 30 s | pass/testing.iconPassed | cluster.probe.readinessProbe',
      ],
    );
    assert.equal(model.handlerOf(probes[1] as Extract<ClusterNode, { type: 'probe' }>)?.site, 'readinessProbe');

    // The pod crash-loops: the change arrives through the watch and the pod's rows follow.
    api.setPodStatus('team-a', 'api-0', {
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          started: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: { terminated: { exitCode: 137, reason: 'Error', finishedAt: new Date(Date.now() - 30_000).toISOString() } },
        },
      ],
    });
    await until(() => s.pod('api-0')?.summary.status === 'CrashLoopBackOff', 10_000, 'crash loop seen');
    const [again] = model.children(model.namespace);
    assert.equal(again, pod, 'the same node, refreshed');
    assert.match(row(model, pod!), /^api-0 \| CrashLoopBackOff · 0\/1 ready · 3 restarts \(\d+s ago\) \| error\/testing\.iconFailed \| cluster\.pod$/);
    assert.equal(model.item(model.namespace).description, 'namespace · 1 pod · 1 not ready');
    const [c2] = model.children(pod);
    assert.equal(row(model, c2!), 'app | CrashLoopBackOff · not ready · 3 restarts | error/testing.iconFailed | cluster.container');
    assert.match(row(model, model.children(c2)[0]!), /\| container CrashLoopBackOff · every 10 s/);

    // Probe failures: the kubelet's Unhealthy events, counted on the pod and the probe.
    api.addEvent({
      metadata: { namespace: 'team-a' },
      involvedObject: { kind: 'Pod', name: 'api-0', namespace: 'team-a', fieldPath: 'spec.containers{app}' },
      reason: 'Unhealthy',
      type: 'Warning',
      message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      count: 4,
      lastTimestamp: new Date(Date.now() - 5_000).toISOString(),
    });
    api.addEvent({
      metadata: { namespace: 'team-a' },
      involvedObject: { kind: 'Pod', name: 'api-0', namespace: 'team-a' },
      reason: 'Scheduled',
      type: 'Normal',
      message: 'Successfully assigned team-a/api-0 to stand-in-node',
    });
    await until(() => s.eventsOf('api-0').length > 0, 10_000, 'probe event seen');
    assert.match(row(model, pod!), /· 4 probe failures \|/);
    const events = model.children(pod).find((n) => n.type === 'events')!;
    assert.equal(row(model, events), 'Probe events | 1 · 1 warning | bell/problemsWarningIcon.foreground | cluster.events');
    const [event] = model.children(events);
    assert.match(row(model, event!), /^Unhealthy · app \| ×4 · \d+s ago · Readiness probe failed: HTTP probe failed with statuscode: 503 \| warning\/problemsWarningIcon\.foreground \| cluster\.event$/);
    const readiness = model.children(model.children(pod)[0]).find((n) => n.type === 'probe' && n.site === 'readinessProbe')!;
    assert.match(row(model, readiness), /\| container CrashLoopBackOff · failed 4× \(\d+s ago\) · every 10 s/);
    assert.ok(changes.includes('pods') && changes.includes('events') && changes.includes('watch'));

    // Collapsing the namespace stops both kubectl watches.
    const stopped = s.whenStopped();
    s.stopWatching();
    await stopped;
    await until(() => api.openWatches === 0, 10_000, 'watches closed');
    assert.equal(s.pods().length, 0);
  });

  test('the namespace remembered for a context, and run results / port-forwards on the rows (stand-in API server)', async () => {
    const s = session({ namespaceFor: (ctx) => (ctx === 'dev' ? 'team-b' : undefined) });
    const runs = new Map<string, { at: number; result: ProbeRunResult; target: string }>();
    const model = new ClusterTreeModel(s, {
      forwardsTo: (pod) => (pod === 'worker-0' ? 1 : 0),
      lastRun: (key) => runs.get(key),
    });
    s.onDidChange((c) => model.apply(c));
    const state = await s.connect();
    assert.equal(state.kind === 'ready' && state.namespace, 'team-b');
    s.watch();
    await until(() => s.pods().length > 0, 15_000, 'pods listed');
    assert.deepEqual(s.pods().map((p) => p.summary.name), ['worker-0']);
    runs.set(probeRunKey('dev', 'team-b', 'worker-0', 'app', 'livenessProbe'), {
      at: Date.now(),
      result: { result: 'failure', message: 'dial tcp 127.0.0.1:41000: connect: connection refused', durationMs: 2, probe: { type: 'tcpSocket', target: '127.0.0.1:41000' } },
      target: 'pod team-b/worker-0',
    });
    const [pod] = model.children(model.namespace);
    assert.match(row(model, pod!), /· port-forwarded \| vm-running\/testing\.iconPassed \| cluster\.pod\.forwarded$/);
    model.invalidatePod('worker-0');
    const liveness = model.children(model.children(pod)[0]).find((n) => n.type === 'probe' && n.site === 'livenessProbe')!;
    assert.match(row(model, liveness), /^livenessProbe · TCP on 8080 \| ✗ connection refused · alive · every 10 s.* \| error\/testing\.iconFailed \| cluster\.probe\.livenessProbe\.forwarded$/);
    const stopped = s.whenStopped();
    s.stopWatching();
    await stopped;
  });

  test('another context chosen inside the extension (stand-in API server)', async () => {
    const s = session({ context: 'staging' });
    const state = await s.connect();
    assert.equal(state.kind, 'ready');
    assert.equal(state.kind === 'ready' && state.context, 'staging');
    assert.equal(state.kind === 'ready' && state.namespace, 'default', 'the context sets none');
    assert.equal(s.kubectl?.context, 'staging');
  });

  test('a context that does not exist: one error node', async () => {
    const s = session({ context: 'gone' });
    const model = new ClusterTreeModel(s);
    const state = await s.connect();
    assert.equal(state.kind, 'error');
    const nodes = model.roots();
    assert.equal(nodes.length, 1);
    assert.match(row(model, nodes[0]!), /^The kubeconfig has no context named "gone"\. .* \| error\/problemsErrorIcon\.foreground \| cluster\.message$/);
  });

  test('no cluster reachable: state "unreachable", no nodes (the welcome view says it)', async () => {
    const port = await closedPort();
    const kc = writeKubeconfig(tmp.dir, [{ name: 'offline', server: `http://127.0.0.1:${port}` }], { file: 'offline.yaml' });
    const s = session({ kubeconfig: kc });
    const model = new ClusterTreeModel(s);
    const state = await s.connect();
    assert.equal(state.kind, 'unreachable');
    assert.match(state.kind === 'unreachable' ? state.message : '', new RegExp(`No Kubernetes cluster reachable at 127\\.0\\.0\\.1:${port}`));
    assert.deepEqual(model.roots(), []);
    s.watch(); // not ready: nothing starts
    assert.equal(s.watching, false);
  });

  test('no kubectl, no context: their own states', async () => {
    const none = await session({ kubectlPath: '/nonexistent/kubectl' }).connect();
    assert.equal(none.kind, 'noKubectl');
    assert.match(none.kind === 'noKubectl' ? none.message : '', /kubectl was not found at "\/nonexistent\/kubectl"/);
    const kc = writeKubeconfig(tmp.dir, [{ name: 'dev', server: api.url }], { file: 'no-current.yaml', current: null });
    const noContext = await session({ kubeconfig: kc }).connect();
    assert.equal(noContext.kind, 'noContext');
    const missing = await session({ kubeconfig: `${tmp.dir}/missing.yaml` }).connect();
    assert.equal(missing.kind, 'noContext');
  });
});
