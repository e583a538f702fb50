// `kube-probes measure` end to end: the real demo app launched as a child process, the measured
// start turned into a startupProbe, written into the manifest, and the result linted and simulated.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import { memoryIO } from '../../../src/cli/io';
import { freePort } from '../probe/helpers';
import { startDemoApp, SERVER } from '../demo-app/helpers';

const dir = mkdtempSync(join(tmpdir(), 'measure-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A liveness probe that kills after 0 + 1 × 2 = 2 s: too little for an app that needs 3 s.
const MANIFEST = `# a comment that must survive --apply
apiVersion: apps/v1
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

async function demoArgs(...extra: string[]) {
  const http = await freePort();
  return { http, launch: [process.execPath, SERVER, '--http-port', String(http), '--tcp-port', '0', '--grpc-port', '0', ...extra].map((a) => JSON.stringify(a)).join(' ') };
}

test('measure --starts --launch --apply: slow start measured, startupProbe recommended with its numbers, proven and written', async () => {
  const file = join(dir, 'quick.yaml');
  writeFileSync(file, MANIFEST);
  const { http, launch } = await demoArgs('--start-delay', '3');
  const io = memoryIO(dir);
  const code = await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--port-map', `8080:${http}`, '--samples', '5', '--interval', '20', '--starts', '2', '--launch', launch, '--poll', '100', '--max-wait', '30', '--apply', '--format', 'json'], io);
  assert.equal(code, 0, io.err);
  const r = JSON.parse(io.out);
  assert.equal(r.probe.type, 'httpGet');
  assert.equal(r.probe.target, `http://127.0.0.1:${http}/healthz`);
  assert.equal(r.starts.measured, 2);
  // From the launch: the 3 s delay plus node's own start-up (seconds on a busy machine).
  assert.ok(r.starts.slowest >= 3 && r.starts.slowest < 3 + 15, `slowest start ${r.starts.slowest} s`);
  assert.equal(r.latency.samples, 5);
  assert.equal(r.latency.successes, 5, 'latency is sampled while the last start runs');
  const need = Math.ceil(r.starts.slowest * 1.5);
  const ft = Math.ceil(need / 2);
  assert.deepEqual(r.recommendation.add, {
    probe: 'startupProbe',
    copyHandlerFrom: 'livenessProbe',
    fields: { periodSeconds: 2, failureThreshold: ft },
    why: `slowest of 2 starts ${r.starts.slowest} s × 1.5 = ${need} s, but liveness kills after 2 s → add a startupProbe (the liveness check) with failureThreshold ${ft} × periodSeconds 2 = ${ft * 2} s; liveness then starts only once the app has started`,
  });
  assert.match(r.proof.current.summary, /^restart loop, CrashLoopBackOff at/);
  assert.match(r.proof.recommended.summary, /^Ready at [\d.]+ s, no restart$/);
  assert.deepEqual(r.applied, { file, edits: 1, skipped: [] });

  const written = readFileSync(file, 'utf8');
  assert.ok(written.startsWith('# a comment that must survive --apply\n'));
  assert.ok(written.endsWith(`          startupProbe:\n            httpGet:\n              path: /healthz\n              port: http\n            periodSeconds: 2\n            failureThreshold: ${ft}\n`), written);
  // The fixed manifest: the linter has no new error, and the simulation of the measured start agrees.
  const lint = memoryIO(dir);
  await main(['lint', file, '--format', 'json'], lint);
  assert.deepEqual(JSON.parse(lint.out).filter((f: { severity: string }) => f.severity === 'error'), []);
  const scenario = join(dir, 'measured.yaml');
  writeFileSync(scenario, `until: 120\ncontainers:\n  app:\n    runs:\n      - healthyAfter: ${Math.ceil(r.starts.slowest)}\n`);
  const sim = memoryIO(dir);
  assert.equal(await main(['simulate', file, '--scenario', scenario, '--format', 'json', '--fail-on-unhealthy'], sim), 0, sim.out);
  assert.equal(JSON.parse(sim.out).final.containers.app.restartCount, 0);
});

test('measure against an app that is not running: exit 1 with "cannot recommend"', async () => {
  const file = join(dir, 'down.yaml');
  writeFileSync(file, MANIFEST);
  const port = await freePort();
  const io = memoryIO(dir);
  assert.equal(await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--port-map', `8080:${port}`, '--samples', '3', '--interval', '0'], io), 1);
  assert.match(io.out, /cannot recommend: the probe never succeeded in 3 attempts \(refused ×3\) — is the app running and healthy at the target\?/);
  assert.equal(readFileSync(file, 'utf8'), MANIFEST, 'nothing written');
});

test('measure a flaky app: failureThreshold from the failure rate, text output', async () => {
  const file = join(dir, 'flaky.yaml');
  writeFileSync(file, MANIFEST.replace('failureThreshold: 1', 'failureThreshold: 3'));
  const app = await startDemoApp(['--flaky', '4']);
  try {
    const io = memoryIO(dir);
    assert.equal(await main(['measure', file, '--container', 'app', '--probe', 'livenessProbe', '--port-map', `8080:${app.ports.http}`, '--samples', '20', '--interval', '0'], io), 0, io.err);
    // 5 of 20 fail, never two in a row: ceil(ln 1e-6 / ln 0.25) = 10.
    assert.match(io.out, /latency over 20 attempts: p50 \d+ ms, p95 \d+ ms, p99 \d+ ms, max \d+ ms; 5 failed \(status ×5\)/);
    assert.match(io.out, /livenessProbe\.failureThreshold: 3 → 10 {3}5 of 20 attempts failed while the app was up \(25 %, up to 1 in a row\)/);
  } finally {
    await app.stop();
  }
});

test('usage errors exit 2 and say what is wrong', async () => {
  const file = join(dir, 'usage.yaml');
  writeFileSync(file, MANIFEST);
  const cases: [string[], RegExp][] = [
    [[file, '--container', 'app', '--probe', 'livenessProbe', '--starts', '2'], /--starts needs --launch/],
    [[file, '--container', 'nope', '--probe', 'livenessProbe'], /container 'nope' not found/],
    [[file, '--container', 'app', '--probe', 'readinessProbe'], /container 'app' has no readinessProbe/],
    [[file, '--container', 'app', '--probe', 'postStart'], /--probe must be one of livenessProbe, readinessProbe, startupProbe/],
    [[file, '--container', 'app', '--probe', 'livenessProbe', '--samples', 'x'], /--samples wants a whole number ≥ 0, got 'x'/],
    [[file, '--container', 'app', '--probe', 'livenessProbe', '--bogus'], /unknown option '--bogus'/],
    [[join(dir, 'missing.yaml'), '--container', 'app', '--probe', 'livenessProbe'], /cannot read .*missing\.yaml: no such file/],
    [[file, '--container', 'app', '--probe', 'livenessProbe', '--starts', '1', '--launch', 'node "oops'], /unterminated " quote/],
  ];
  for (const [args, message] of cases) {
    const io = memoryIO(dir);
    assert.equal(await main(['measure', ...args], io), 2, args.join(' '));
    assert.match(io.err, message);
  }
});
