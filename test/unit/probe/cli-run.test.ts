// `kube-probes run` (cli.md "run") with memoryIO, a manifest in a temp dir and real servers on 127.0.0.1.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { runCommand } from '../../../src/cli/run';
import { memoryIO } from '../../../src/cli/io';
import { freePort, httpServer } from './helpers';

const T = { timeout: 30_000 };
const dir = mkdtempSync(join(tmpdir(), 'probe-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: busybox
      containers:
        - name: app
          image: web
          ports: [{ name: http, containerPort: 8080 }]
          env: [{ name: GREETING, value: hello }]
          livenessProbe:
            httpGet: { path: /healthz, port: http }
          readinessProbe:
            httpGet: { path: /ready, port: http }
            periodSeconds: 1
          startupProbe:
            exec: { command: [sh, -c, 'printf "$(GREETING)"'] }
          lifecycle:
            preStop:
              sleep: { seconds: 0 }
---
apiVersion: v1
kind: Pod
metadata: { name: other }
spec:
  containers:
    - name: app
      image: web
      livenessProbe:
        tcpSocket: { port: 1 }
`;
const file = join(dir, 'web.yaml');
writeFileSync(file, MANIFEST);

async function run(args: string[], stdin = '') {
  const io = memoryIO(dir, stdin);
  const code = await runCommand(args, io);
  return { code, out: io.out, err: io.err };
}

async function app(): Promise<number> {
  return httpServer((req, res) => {
    res.statusCode = req.url === '/healthz' ? 200 : 503;
    res.end(req.url === '/healthz' ? 'fine' : 'not yet');
  });
}

test('run --format json prints exactly the cli.md shape; exit 0 on success', T, async () => {
  const port = await app();
  const r = await run(['web.yaml', '--container', 'app', '--probe', 'livenessProbe', '--port-map', `8080:${port}`, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  assert.deepEqual(Object.keys(json), ['result', 'message', 'durationMs', 'probe', 'http']);
  assert.deepEqual({ ...json, durationMs: 0 }, {
    result: 'success',
    message: 'fine',
    durationMs: 0,
    probe: { type: 'httpGet', target: `http://127.0.0.1:${port}/healthz` },
    http: { status: 200, redirects: [] },
  });
  assert.equal(typeof json.durationMs, 'number');
});

test('run: failure → exit 1; text format gives a verdict line and the kubelet\'s event', T, async () => {
  const port = await app();
  const r = await run(['web.yaml', '--container=app', '--probe=readinessProbe', `--port-map=8080:${port}`]);
  assert.equal(r.code, 1);
  assert.match(r.out, /^FAILURE  Readiness httpGet http:\/\/127\.0\.0\.1:\d+\/ready  \(\d+ ms\)$/m);
  assert.match(r.out, /^ {2}output: HTTP probe failed with statuscode: 503$/m);
  assert.match(r.out, /^ {2}event: Readiness probe failed: HTTP probe failed with statuscode: 503$/m);
});

test('run: exec probe locally with $(VAR) expansion; a lifecycle hook; --workload picks the workload', T, async () => {
  const exec = await run(['web.yaml', '--container', 'app', '--probe', 'startupProbe', '--format', 'json']);
  assert.equal(exec.code, 0, exec.err);
  assert.deepEqual(JSON.parse(exec.out).probe, { type: 'exec', target: 'sh -c printf "hello"' });
  assert.equal(JSON.parse(exec.out).message, 'hello');
  assert.equal(JSON.parse(exec.out).http, undefined);
  const hook = await run(['web.yaml', '--container', 'app', '--probe', 'preStop']);
  assert.equal(hook.code, 0);
  assert.match(hook.out, /^SUCCESS  PreStop sleep 0s/);
  const port = await freePort();
  const other = await run(['web.yaml', '--workload', 'Pod/other', '--container', 'app', '--probe', 'livenessProbe', '--host', '127.0.0.1', '--port-map', `1:${port}`, '--format', 'json']);
  assert.equal(other.code, 1);
  assert.equal(JSON.parse(other.out).message, `dial tcp 127.0.0.1:${port}: connect: connection refused`);
});

test('run: a manifest on stdin with "-"', T, async () => {
  const r = await run(['-', '--container', 'app', '--probe', 'startupProbe', '--format', 'json'], MANIFEST);
  assert.equal(r.code, 0, r.err);
});

test('run --watch prints one JSON object per line for each attempt and state change', T, async () => {
  const port = await app();
  const r = await run(['web.yaml', '--container', 'app', '--probe', 'readinessProbe', '--port-map', `8080:${port}`, '--watch', '1.5']);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { type: 'state', at: lines[0].at, from: null, to: 'Failure', action: 'start', verdict: lines[0].verdict });
  const attempts = lines.filter((l) => l.type === 'attempt');
  assert.ok(attempts.length >= 1);
  assert.equal(attempts[0].result, 'failure');
  assert.equal(attempts[0].message, 'HTTP probe failed with statuscode: 503');
  assert.equal(r.code, 1); // never ready
});

test('usage errors → exit 2 with a message on stderr that lists what exists', T, async () => {
  const missing = await run(['nope.yaml', '--container', 'app', '--probe', 'livenessProbe']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read nope\.yaml: no such file/);
  const container = await run(['web.yaml', '--container', 'db', '--probe', 'livenessProbe']);
  assert.equal(container.code, 2);
  assert.match(container.err, /container 'db' not found in web\.yaml; containers: Deployment\/web: migrate \(init\); Deployment\/web: app; Pod\/other: app/);
  const probe = await run(['web.yaml', '--container', 'migrate', '--probe', 'livenessProbe']);
  assert.equal(probe.code, 2);
  assert.match(probe.err, /container 'migrate' has no livenessProbe; it has: no probes or lifecycle handlers/);
  const hooks = await run(['web.yaml', '--container', 'app', '--probe', 'postStart']);
  assert.match(hooks.err, /has no postStart; it has: livenessProbe, readinessProbe, startupProbe, preStop/);
  const workload = await run(['web.yaml', '--workload', 'Job/x', '--container', 'app', '--probe', 'livenessProbe']);
  assert.match(workload.err, /workload 'Job\/x' not found in web\.yaml; workloads: Deployment\/web, Pod\/other/);
  for (const args of [
    ['web.yaml', '--container', 'app'],
    ['web.yaml', '--container', 'app', '--probe', 'nonsense'],
    ['web.yaml', '--container', 'app', '--probe', 'livenessProbe', '--port-map', '8080'],
    ['web.yaml', '--container', 'app', '--probe', 'livenessProbe', '--bogus', 'x'],
    ['web.yaml', '--container', 'app', '--probe', 'preStop', '--watch', '5'],
    ['web.yaml', '--container', 'app', '--probe', 'livenessProbe', '--format', 'yaml'],
    ['web.yaml', '--container', 'app', '--probe', 'startupProbe', '--exec', 'kubectl'],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /^kube-probes run: .+\n\nusage: kube-probes run FILE/, args.join(' '));
  }
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /^usage: kube-probes run FILE/);
});

test('--exec docker without docker on the machine → exit 2 with the cluster layer\'s message', T, async () => {
  const saved = process.env.PATH;
  process.env.PATH = dir; // nothing there: neither docker nor podman
  try {
    const r = await run(['web.yaml', '--container', 'app', '--probe', 'startupProbe', '--exec', 'docker', '--pod', 'web-1']);
    assert.equal(r.code, 2);
    assert.match(r.err, /Neither docker nor podman was found on the PATH/);
  } finally {
    process.env.PATH = saved;
  }
});

test('--exec kubectl runs the exec probe with kubectl exec in the pod (stand-in kubectl)', T, async () => {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(resolve(__dirname, '../../fixtures/cluster/stand-in-kubectl'), join(bin, 'kubectl'));
  const saved = process.env.PATH;
  process.env.PATH = `${bin}${delimiter}${saved}`;
  try {
    const r = await run(['web.yaml', '--container', 'app', '--probe', 'startupProbe', '--exec', 'kubectl', '--pod', 'web-1', '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.probe.target, 'sh -c printf "hello" (kubectl exec pod/web-1 -c app)');
    // The stand-in echoes what kubectl was asked to run: the expanded argv, in the manifest's namespace.
    assert.deepEqual(JSON.parse(json.message), { standIn: 'kubectl', pod: 'web-1', container: 'app', namespace: 'shop', argv: ['sh', '-c', 'printf "hello"'] });
  } finally {
    process.env.PATH = saved;
  }
});
