// `kube-probes measure` and the ways it starts the app: --launch refused on a port another process
// holds (nothing launched); --restart-container through the STAND-IN docker (a "container" that is
// the real demo app, restarted and inspected as docker does); --pod / --restart-pod --yes through the
// real kubectl (devDependency) against the STAND-IN API server. PATH, KUBECONFIG and the stand-in's
// state folder are set for this test process only (node --test runs each file in its own process).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';
import { runProcess } from '../../../src/core/util/process';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { STAND_IN_DOCKER, tempDir } from '../cluster/helpers';
import { SERVER } from '../demo-app/helpers';
import { freePort } from '../probe/helpers';
import { TOOLS } from '../tools';

const tmp = tempDir('kp-measure-cli-');
const bin = join(tmp.dir, 'bin');
const state = join(tmp.dir, 'docker-state');
let api: StandInApiServer;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: { name: quick, namespace: demo }
spec:
  template:
    spec:
      containers:
        - name: app
          image: demo
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 2
            failureThreshold: 1
`;
const file = join(tmp.dir, 'quick.yaml');

before(async () => {
  writeFileSync(file, MANIFEST);
  for (const d of [bin, state]) mkdirSync(d);
  symlinkSync(STAND_IN_DOCKER, join(bin, 'docker'));
  symlinkSync(TOOLS.kubectl, join(bin, 'kubectl'));
  api = await new StandInApiServer().start();
  process.env.PATH = `${bin}:${dirname(process.execPath)}:${process.env.PATH}`;
  process.env.STAND_IN_DOCKER_STATE = state;
  process.env.KUBECONFIG = writeKubeconfig(tmp.dir, [{ name: 'stand-in', server: api.url, namespace: 'demo' }]);
  process.env.KUBECACHEDIR = join(tmp.dir, 'kube-cache');
});

after(async () => {
  await runProcess(STAND_IN_DOCKER, ['stop', '-t', '1', 'quick'], { timeoutMs: 15_000 });
  await api.close();
  tmp.cleanup();
});

test('--launch while another process holds the probe\'s port: exit 2 naming the port and what to do; nothing launched', async () => {
  const server: Server = createServer((_q, res) => res.writeHead(503).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const marker = join(tmp.dir, 'launched');
  try {
    const io = memoryIO(tmp.dir);
    const launch = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`].map((a) => JSON.stringify(a)).join(' ');
    assert.equal(await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--port-map', `8080:${port}`, '--starts', '1', '--launch', launch], io), 2);
    assert.match(io.err, new RegExp(`^kube-probes measure: port ${port} \\(127\\.0\\.0\\.1:${port}, where the probe connects\\) is already in use by a process Measure did not start .* Stop that process and measure again, or measure the running app without --launch\\.\\n$`));
    assert.equal(existsSync(marker), false);
  } finally {
    server.close();
  }
});

test('--restart-container: docker restart for each start, timed from State.StartedAt; probe through the published port (stand-in docker)', async () => {
  const http = await freePort();
  writeFileSync(join(state, 'quick.json'), JSON.stringify({ argv: [process.execPath, SERVER, '--http-port', String(http), '--tcp-port', '0', '--grpc-port', '0', '--start-delay', '3'], ports: { 8080: http } }));
  const io = memoryIO(tmp.dir);
  const code = await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--restart-container', 'quick', '--container-engine', 'docker', '--starts', '2', '--samples', '3', '--interval', '20', '--poll', '100', '--max-wait', '30', '--format', 'json'], io);
  assert.equal(code, 0, io.err);
  const r = JSON.parse(io.out);
  assert.equal(r.probe.target, `http://127.0.0.1:${http}/healthz`, 'the published port');
  assert.equal(r.starts.measured, 2);
  assert.ok(r.starts.fastest >= 3 && r.starts.slowest < 3 + 15, JSON.stringify(r.starts));
  assert.equal(r.latency.successes, 3, 'sampled while the last start runs');
  assert.equal(r.recommendation.add.probe, 'startupProbe');
  assert.match(r.proof.current.summary, /^restart loop/);
});

test('--pod: the start read from the pod\'s status; --restart-pod needs --yes; with it the pod is deleted and its replacement timed (stand-in API server)', async () => {
  const t = Date.parse('2026-01-01T10:00:00Z');
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const pod = makePod('quick-6d5f-x1', 'demo', { labels: { app: 'quick', 'pod-template-hash': '6d5f' } });
  pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'quick-6d5f', uid: 'rs', controller: true }];
  pod.status.containerStatuses[0].state = { running: { startedAt: iso(t) } };
  pod.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: iso(t + 61_000) }];
  api.upsertPod(pod);

  const io = memoryIO(tmp.dir);
  assert.equal(await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--pod', 'quick-6d5f-x1', '--format', 'json'], io), 0, io.err);
  const r = JSON.parse(io.out);
  assert.deepEqual(r.starts.records, [{ start: 1, attempts: 0, firstSuccessSeconds: 61 }]);
  assert.equal(r.latency, undefined, 'no latency without --samples');
  assert.equal(r.recommendation.add.probe, 'startupProbe');

  const refused = memoryIO(tmp.dir);
  assert.equal(await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--pod', 'quick-6d5f-x1', '--restart-pod', '--starts', '2'], refused), 2);
  assert.match(refused.err, /--restart-pod deletes the pod \(its controller makes a new one\): add --yes to confirm/);
  assert.ok(api.pod('demo', 'quick-6d5f-x1'), 'not deleted');

  api.replaceDeletedPods({ startMs: 100, readyMs: 2000 });
  const io2 = memoryIO(tmp.dir);
  assert.equal(await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--pod', 'quick-6d5f-x1', '--restart-pod', '--yes', '--starts', '2', '--max-wait', '30'], io2), 0, io2.err);
  assert.match(io2.err, /deleted pod demo\/quick-6d5f-x1; waiting for its ReplicaSet quick-6d5f to replace it/);
  assert.match(io2.out, /cold starts: 2 of 2 measured: fastest [123](\.\d)? s, median [\d.]+ s, slowest 61 s to the first success/);
  assert.equal(api.pod('demo', 'quick-6d5f-x1'), undefined, 'deleted');
});

test('one way to start the app at a time; a bad engine name', async () => {
  for (const [args, message] of [
    [['--launch', 'node x', '--pod', 'p'], /--launch, --pod: one way to start the app, please/],
    [['--restart-container', 'c', '--container-engine', 'lxc'], /--container-engine must be docker or podman/],
    [['--restart-pod'], /--restart-pod needs --pod/],
  ] as [string[], RegExp][]) {
    const io = memoryIO(tmp.dir);
    assert.equal(await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', ...args], io), 2, args.join(' '));
    assert.match(io.err, message);
  }
});
