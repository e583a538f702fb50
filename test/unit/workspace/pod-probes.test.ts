// The rows we contribute under a pod of the Kubernetes extension's Cluster Explorer (core model,
// src/core/workspace/pod-probes.ts): one per probe with the kubelet's live view, our last run (a
// real probe run against a real HTTP server on 127.0.0.1) and our watch (a real watch, virtual
// clock), the port-forwards we keep to that pod, and the messages when there is nothing to show.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { PodObject } from '../../../src/core/cluster/api-types';
import { summarizeEvent } from '../../../src/core/cluster/pod-summary';
import type { Probe } from '../../../src/core/k8s';
import { runHandler } from '../../../src/core/probe';
import { EMPTY_TALLY, tallyWatch, watchProbe, type WatchTally } from '../../../src/core/probe/watch';
import { podProbeKey, podProbeMessage, podProbeRows, type ForwardInfo, type PodProbeRow } from '../../../src/core/workspace/pod-probes';
import type { LastRun } from '../../../src/core/workspace/run-status';
import { makePod } from '../../fixtures/cluster/stand-in-api-server';
import { httpServer } from '../probe/helpers';

const pod = (p: ReturnType<typeof makePod>) => p as PodObject;

/** "label | description | icon/color | contextValue", as the Cluster Explorer shows a row. */
const row = (r: PodProbeRow) =>
  `${r.item.label} | ${r.item.description ?? ''} | ${r.item.icon.id}${r.item.icon.color ? `/${r.item.icon.color}` : ''} | ${r.item.contextValue}`;

describe('probe rows under a pod of the Cluster Explorer (core model)', () => {
  test('one row per probe with the kubelet’s live view and the timing, in liveness/readiness/startup order', () => {
    const rows = podProbeRows({ context: 'dev', pod: pod(makePod('web-0', 'demo', { ip: '10.1.0.10' })) });
    assert.deepEqual(rows.map(row), [
      'livenessProbe · TCP on 8080 | alive · every 10 s, timeout 1 s, 3 failures → restart after 30 s | pass/testing.iconPassed | kubeProbes.explorer.probe.livenessProbe',
      'readinessProbe · HTTP GET /ready on http | ready · every 10 s, timeout 1 s, 3 failures → removed from Service endpoints after 30 s | pass/testing.iconPassed | kubeProbes.explorer.probe.readinessProbe',
    ]);
    assert.deepEqual(rows[1]!.kind === 'probe' && rows[1]!.ref, { context: 'dev', namespace: 'demo', pod: 'web-0', container: 'app', site: 'readinessProbe' });
    assert.equal(new Set(rows.map((r) => r.item.id)).size, rows.length, 'row ids are unique');
    assert.match(rows[1]!.item.id, /^kubeProbes:dev\/demo\/web-0#app#readinessProbe$/);
  });

  test('a pod that is not ready, with recent Unhealthy events: "not ready", "failing", "failed N×"', () => {
    const p = pod(makePod('web-1', 'demo', { ready: false }));
    const now = Date.parse('2026-01-01T12:00:00Z');
    const events = [
      summarizeEvent({
        metadata: { namespace: 'demo', name: 'e1' },
        involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'demo', fieldPath: 'spec.containers{app}' },
        reason: 'Unhealthy',
        type: 'Warning',
        message: 'Liveness probe failed: dial tcp 10.1.0.11:8080: connect: connection refused',
        count: 4,
        lastTimestamp: new Date(now - 20_000).toISOString(),
      }),
    ];
    const rows = podProbeRows({ context: 'dev', pod: p, events, now });
    assert.match(row(rows[0]!), /^livenessProbe · TCP on 8080 \| failing · failed 4× \(20s ago\) · every 10 s.* \| warning\/problemsWarningIcon\.foreground \| /);
    assert.match(row(rows[1]!), /^readinessProbe · HTTP GET \/ready on http \| not ready · every 10 s.* \| error\/testing\.iconFailed \| /);
    assert.match(rows[0]!.item.tooltip ?? '', /Latest failure: Liveness probe failed: dial tcp/);
  });

  test('our last run (a real HTTP probe against 127.0.0.1) and our watch (a real watch) show on the row', async () => {
    const port = await httpServer((req, res) => {
      res.statusCode = req.url === '/ready' ? 200 : 503;
      res.end();
    });
    const readiness: Probe = { httpGet: { path: '/ready', port }, timeoutSeconds: 1, periodSeconds: 1, failureThreshold: 3 };
    const result = await runHandler(readiness, { name: 'app' }, { host: '127.0.0.1' }, { site: 'readinessProbe' });
    const runs = new Map<string, LastRun>([[podProbeKey('dev', 'demo', 'web-0', 'app', 'readinessProbe'), { at: Date.now(), result, target: 'pod demo/web-0' }]]);

    let tally: WatchTally = EMPTY_TALLY;
    const stop = new AbortController();
    const liveness: Probe = { httpGet: { path: '/healthz', port }, timeoutSeconds: 1, periodSeconds: 1, failureThreshold: 3 };
    let t = 0;
    await watchProbe(liveness, { name: 'app' }, { host: '127.0.0.1' }, {
      site: 'livenessProbe',
      signal: stop.signal,
      clock: { now: () => t, sleep: async (ms) => void ((t += ms) > 1500 && stop.abort()) },
      onEvent: (e) => (tally = tallyWatch(tally, e)),
    });
    const watches = new Map([[podProbeKey('dev', 'demo', 'web-0', 'app', 'livenessProbe'), tally]]);

    const rows = podProbeRows({ context: 'dev', pod: pod(makePod('web-0', 'demo')), lastRun: (k) => runs.get(k), watching: (k) => watches.get(k) });
    assert.match(row(rows[0]!), /^livenessProbe · TCP on 8080 \| watching: 2 of 3 failures · alive · every 10 s.* \| error\/testing\.iconFailed \| kubeProbes\.explorer\.probe\.livenessProbe\.watching$/);
    assert.match(row(rows[1]!), /^readinessProbe · HTTP GET \/ready on http \| ✓ 200 in \d+ ms · ready · every 10 s.* \| pass\/testing\.iconPassed \| kubeProbes\.explorer\.probe\.readinessProbe$/);
    assert.match(rows[1]!.item.tooltip ?? '', /\*\*Last run\*\* 200 in \d+ ms against pod demo\/web\\-0/);
    // Another context's run of the same pod name is not this pod's.
    const other = podProbeRows({ context: 'prod', pod: pod(makePod('web-0', 'demo')), lastRun: (k) => runs.get(k) });
    assert.doesNotMatch(row(other[1]!), /✓/);
  });

  test('port-forwards we keep to this pod (and only those) are listed after the probes', () => {
    const f = (o: Partial<ForwardInfo>): ForwardInfo => ({ id: 'f1', pod: 'web-0', namespace: 'demo', context: 'dev', remotePort: 8080, localPort: 41234, localAddress: '127.0.0.1', state: 'ready', users: 1, ...o });
    const forwards = [f({}), f({ id: 'f2', pod: 'web-1' }), f({ id: 'f3', namespace: 'other' }), f({ id: 'f4', context: 'prod' }), f({ id: 'f5', localPort: 0, state: 'starting', users: 2, context: undefined })];
    const rows = podProbeRows({ context: 'dev', pod: pod(makePod('web-0', 'demo')), forwards });
    const fw = rows.filter((r) => r.kind === 'forward');
    assert.deepEqual(fw.map((r) => r.kind === 'forward' && r.forwardId), ['f1', 'f5']);
    assert.deepEqual(fw.map(row), [
      'port-forward 127.0.0.1:41234 → 8080 | Kubernetes Probes · 1 user | plug/testing.iconPassed | kubeProbes.explorer.forward',
      'port-forward starting… → 8080 | Kubernetes Probes · starting · 2 users | sync~spin/problemsWarningIcon.foreground | kubeProbes.explorer.forward',
    ]);
    assert.equal(rows.at(-1)!.kind, 'forward', 'forwards come last');
  });

  test('several containers with probes: each row says whose; a container without probes adds none', () => {
    const probe = { httpGet: { path: '/h', port: 9000 } };
    const p = pod(makePod('multi-0', 'demo', { containers: [{ name: 'api', readinessProbe: probe }, { name: 'sidecar' }, { name: 'worker', livenessProbe: { exec: { command: ['true'] } } }] }));
    const rows = podProbeRows({ context: 'dev', pod: p });
    assert.deepEqual(rows.map((r) => r.item.label), ['api › readinessProbe · HTTP GET /h on 9000', 'worker › livenessProbe · exec true']);
  });

  test('a pod without probes: one "No probes" row; a failure to read it: one error row', () => {
    const rows = podProbeRows({ context: 'dev', pod: pod(makePod('plain-0', 'demo', { containers: [{ name: 'app', image: 'busybox' }] })) });
    assert.deepEqual(rows.map(row), ['No probes | Kubernetes Probes | info | kubeProbes.explorer.message']);
    const err = podProbeMessage('dev', 'demo', 'gone-0', 'pods "gone-0" not found\nmore detail');
    assert.equal(row(err), 'pods "gone-0" not found | Kubernetes Probes | error/problemsErrorIcon.foreground | kubeProbes.explorer.message');
  });
});
