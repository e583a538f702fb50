// kubectl's STATUS / READY / RESTARTS columns (spec §13, acceptance cases §P 229–235) and the
// tree summaries of pods and probe events.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { humanDurationMs, podColumns, podStatusText } from '../../../src/core/cluster/pod-status';
import { probeEvents, summarizePod } from '../../../src/core/cluster/pod-summary';
import type { ContainerStatus, PodObject } from '../../../src/core/cluster/api-types';

const NOW = new Date('2025-06-01T12:00:00Z');

function pod(p: {
  phase?: string;
  init?: { name: string; sidecar?: boolean }[];
  containers?: string[];
  initStatuses?: ContainerStatus[];
  statuses?: ContainerStatus[];
  conditions?: { type: string; status: string; reason?: string }[];
  deletion?: boolean;
  reason?: string;
}): PodObject {
  return {
    metadata: { name: 'p', namespace: 'ns', deletionTimestamp: p.deletion ? '2025-06-01T11:59:00Z' : undefined },
    spec: {
      initContainers: (p.init ?? []).map((c) => ({ name: c.name, restartPolicy: c.sidecar ? 'Always' : undefined })),
      containers: (p.containers ?? ['a']).map((name) => ({ name })),
    },
    status: {
      phase: p.phase ?? 'Running',
      reason: p.reason,
      conditions: p.conditions,
      initContainerStatuses: p.initStatuses,
      containerStatuses: p.statuses,
    },
  };
}

const running = (name: string, ready = true, restartCount = 0): ContainerStatus => ({ name, ready, restartCount, started: true, state: { running: { startedAt: '2025-06-01T11:00:00Z' } } });

describe('podColumns (kubectl printPod)', () => {
  test('229 init container 0 of 2 running → Init:0/2', () => {
    const p = pod({ phase: 'Pending', init: [{ name: 'i1' }, { name: 'i2' }], initStatuses: [running('i1', false), { name: 'i2', state: { waiting: { reason: 'PodInitializing' } } }] });
    assert.equal(podStatusText(p), 'Init:0/2');
  });
  test('230 init container terminated with a reason / with only an exit code', () => {
    const p = pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [{ name: 'i1', state: { terminated: { exitCode: 1, reason: 'Error' } } }] });
    assert.equal(podStatusText(p), 'Init:Error');
    const q = pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [{ name: 'i1', state: { terminated: { exitCode: 2 } } }] });
    assert.equal(podStatusText(q), 'Init:ExitCode:2');
    const r = pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [{ name: 'i1', state: { terminated: { exitCode: 137, signal: 9 } } }] });
    assert.equal(podStatusText(r), 'Init:Signal:9');
  });
  test('231 init container waiting CrashLoopBackOff → Init:CrashLoopBackOff', () => {
    const p = pod({ phase: 'Pending', init: [{ name: 'i1' }], initStatuses: [{ name: 'i1', restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] });
    const c = podColumns(p, NOW);
    assert.equal(c.status, 'Init:CrashLoopBackOff');
    assert.equal(c.restarts, '3');
  });
  test('232 regular container waiting CrashLoopBackOff; RESTARTS with the age of the last termination', () => {
    const p = pod({
      statuses: [
        { name: 'a', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2025-06-01T11:55:00Z' } } },
      ],
    });
    const c = podColumns(p, NOW);
    assert.equal(c.status, 'CrashLoopBackOff');
    assert.equal(c.ready, '0/1');
    assert.equal(c.restarts, '5 (5m ago)');
    assert.equal(c.restartCount, 5);
  });
  test('233 OOMKilled; Completed with another container running → Running / NotReady', () => {
    assert.equal(podStatusText(pod({ statuses: [{ name: 'a', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }] })), 'OOMKilled');
    const two = (ready: string) =>
      pod({
        containers: ['a', 'b'],
        conditions: [{ type: 'Ready', status: ready }],
        statuses: [running('a'), { name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      });
    assert.equal(podStatusText(two('True')), 'Running');
    assert.equal(podStatusText(two('False')), 'NotReady');
  });
  test('234 deletionTimestamp: Terminating, NodeLost → Unknown, terminal phase kept', () => {
    assert.equal(podStatusText(pod({ deletion: true, statuses: [running('a')] })), 'Terminating');
    assert.equal(podStatusText(pod({ deletion: true, reason: 'NodeLost', statuses: [running('a')] })), 'Unknown');
    assert.equal(podStatusText(pod({ deletion: true, phase: 'Succeeded', statuses: [] })), 'Succeeded');
  });
  test('235 READY counts ready running containers plus started ready sidecars', () => {
    const p = pod({
      init: [{ name: 'init' }, { name: 'proxy', sidecar: true }],
      containers: ['a', 'b'],
      conditions: [{ type: 'Initialized', status: 'True' }],
      initStatuses: [
        { name: 'init', state: { terminated: { exitCode: 0, reason: 'Completed' } }, restartCount: 1 },
        { ...running('proxy', true, 2), lastState: { terminated: { exitCode: 1, finishedAt: '2025-06-01T10:00:00Z' } } },
      ],
      statuses: [running('a'), running('b', false, 1)],
    });
    const c = podColumns(p, NOW);
    assert.equal(c.status, 'Running');
    assert.equal(c.ready, '2/3');
    // sidecar restarts + regular restarts (plain init restarts are dropped once initialized)
    assert.equal(c.restarts, '3 (120m ago)', 'Go prints minutes up to 3h');
  });
  test('SchedulingGated and status.reason', () => {
    assert.equal(podStatusText(pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] })), 'SchedulingGated');
    assert.equal(podStatusText(pod({ phase: 'Failed', reason: 'Evicted', statuses: [] })), 'Evicted');
  });
  test('humanDuration matches Go', () => {
    const s = 1000;
    assert.equal(humanDurationMs(-5 * s), '<invalid>');
    assert.equal(humanDurationMs(-1 * s), '0s');
    assert.equal(humanDurationMs(119 * s), '119s');
    assert.equal(humanDurationMs(150 * s), '2m30s');
    assert.equal(humanDurationMs(600 * s), '10m');
    assert.equal(humanDurationMs(3 * 3600 * s + 5 * 60 * s), '3h5m');
    assert.equal(humanDurationMs(30 * 3600 * s), '30h');
    assert.equal(humanDurationMs(50 * 3600 * s), '2d2h');
    assert.equal(humanDurationMs(400 * 86400 * s), '400d');
    assert.equal(humanDurationMs(800 * 86400 * s), '2y70d');
  });
});

describe('summaries', () => {
  test('summarizePod: containers in spec order with roles, probes and state', () => {
    const p: PodObject = {
      metadata: { name: 'web-1', namespace: 'team-a', uid: 'u1' },
      spec: {
        initContainers: [{ name: 'proxy', restartPolicy: 'Always', startupProbe: { tcpSocket: { port: 15000 } } }],
        containers: [{ name: 'app', image: 'app:1', readinessProbe: { httpGet: { path: '/ready', port: 8080 } }, ports: [{ containerPort: 8080 }] }],
      },
      status: {
        phase: 'Running',
        podIP: '10.0.0.1',
        initContainerStatuses: [running('proxy')],
        containerStatuses: [{ name: 'app', ready: false, started: false, restartCount: 0, state: { running: {} } }],
      },
    };
    const s = summarizePod(p, NOW);
    assert.equal(s.status, 'Running');
    assert.equal(s.ready, '1/2');
    assert.deepEqual(s.containers.map((c) => [c.name, c.role, c.state, c.ready, c.started]), [
      ['proxy', 'sidecar', 'running', true, true],
      ['app', 'container', 'running', false, false],
    ]);
    assert.deepEqual(Object.keys(s.containers[1]!.probes), ['readinessProbe']);
    assert.equal(s.podIP, '10.0.0.1');
  });

  test('probeEvents keeps Unhealthy, ProbeWarning, BackOff, Killing, newest first', () => {
    const ev = (reason: string, t: string, message = '') => ({ reason, message, lastTimestamp: t, involvedObject: { name: 'p', fieldPath: 'spec.containers{app}' } });
    const out = probeEvents([
      ev('Scheduled', '2025-01-01T00:00:00Z'),
      ev('Unhealthy', '2025-01-01T00:01:00Z', 'Startup probe failed: connection refused'),
      ev('BackOff', '2025-01-01T00:03:00Z', 'Back-off restarting failed container app'),
      ev('ProbeWarning', '2025-01-01T00:02:00Z', 'Readiness probe warning: redirect'),
      ev('Killing', '2025-01-01T00:04:00Z', 'Container app failed liveness probe, will be restarted'),
      ev('Pulled', '2025-01-01T00:05:00Z'),
    ]);
    assert.deepEqual(out.map((e) => e.reason), ['Killing', 'BackOff', 'ProbeWarning', 'Unhealthy']);
    assert.equal(out[3]!.probe, 'startupProbe');
    assert.equal(out[2]!.probe, 'readinessProbe');
    assert.equal(out[0]!.container, 'app');
  });
});
