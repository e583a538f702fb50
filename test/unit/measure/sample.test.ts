// Measurements against the real demo app on 127.0.0.1: latency of a slow endpoint, time to first
// success over cold starts launched as child processes, and the clear refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { latencyStats, measureStarts, MeasureError, sampleLatency, splitCommandLine, startStats, type ProbeUnderTest } from '../../../src/core/measure';
import { startDemoApp, SERVER } from '../demo-app/helpers';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const probeAt = (port: number, path = '/healthz', timeoutSeconds = 1): ProbeUnderTest => ({
  probe: { httpGet: { path, port: 8080 }, timeoutSeconds },
  container: { name: 'app', ports: [{ containerPort: 8080 }] },
  target: { host: '127.0.0.1', portMap: { 8080: port } },
  site: 'livenessProbe',
});

const launchDemo = async (...args: string[]) => {
  const http = await freePort();
  const [tcp, grpc] = [await freePort(), await freePort()];
  return { http, argv: [process.execPath, SERVER, '--http-port', String(http), '--tcp-port', String(tcp), '--grpc-port', String(grpc), ...args] };
};

test('latency: the demo app with --slow 150 answers in ≥ 150 ms; every attempt counted', async () => {
  const app = await startDemoApp(['--slow', '150']);
  try {
    const attempts = await sampleLatency(probeAt(app.ports.http), { samples: 6, intervalMs: 20 });
    const L = latencyStats(attempts);
    assert.equal(L.samples, 6);
    assert.equal(L.successes, 6);
    assert.ok(L.p50! >= 150, `p50 ${L.p50}`);
    assert.ok(L.max! >= L.p50!);
  } finally {
    await app.stop();
  }
});

test('latency: a hung app gives timeouts and no latency figures', async () => {
  const app = await startDemoApp(['--hang']);
  try {
    const L = latencyStats(await sampleLatency(probeAt(app.ports.http), { samples: 2, intervalMs: 0 }));
    assert.deepEqual({ successes: L.successes, kinds: L.failuresByKind, p50: L.p50 }, { successes: 0, kinds: { timeout: 2 }, p50: undefined });
  } finally {
    await app.stop();
  }
});

test('cold starts: --start-delay 2 is measured as the time from launch to the first success (never before the 2 s, and then soon)', async () => {
  const { http, argv } = await launchDemo('--start-delay', '2');
  const records = await measureStarts(probeAt(http), { starts: 2, launch: { argv }, pollMs: 100, maxWaitSeconds: 20 });
  assert.equal(records.length, 2);
  for (const r of records) {
    assert.equal(r.problem, undefined);
    // The delay counts from the app's own start, which comes after node's start-up (seconds on a busy
    // machine): at least 2 s, and not more than a generous bound for that start-up.
    assert.ok(r.firstSuccessSeconds! >= 2 && r.firstSuccessSeconds! < 2 + 15, `first success at ${r.firstSuccessSeconds} s`);
    assert.ok(r.attempts > 1, 'failed attempts came first');
  }
  assert.equal(startStats(records).measured, 2);
});

test('cold starts: an app that exits before it is healthy is reported with its exit code', async () => {
  const { http, argv } = await launchDemo('--start-delay', '30', '--exit-after', '1', '--exit-code', '3');
  const [r] = await measureStarts(probeAt(http), { starts: 1, launch: { argv }, pollMs: 100, maxWaitSeconds: 20 });
  assert.equal(r.firstSuccessSeconds, undefined);
  assert.match(r.problem!, /^the app exited with code 3 \d+\.\d s after launch, before the probe succeeded/);
});

test('cold starts: an app that never answers in time gives up after the wait', async () => {
  const { http, argv } = await launchDemo('--start-delay', '60');
  const [r] = await measureStarts(probeAt(http), { starts: 1, launch: { argv }, pollMs: 200, maxWaitSeconds: 1.5 });
  assert.equal(r.problem, 'the probe did not succeed within 1.5 s of launch');
});

test('cold starts refuse to measure when something already answers at the target', async () => {
  const app = await startDemoApp();
  try {
    await assert.rejects(
      measureStarts(probeAt(app.ports.http), { starts: 1, launch: { argv: [process.execPath, '-e', ''] }, pollMs: 100, maxWaitSeconds: 5 }),
      (e: Error) => e instanceof MeasureError && /already succeeds before the app is launched/.test(e.message),
    );
  } finally {
    await app.stop();
  }
});

test('cold starts: a launch command that does not exist says so', async () => {
  const port = await freePort();
  await assert.rejects(
    measureStarts(probeAt(port), { starts: 1, launch: { argv: [join(__dirname, 'no-such-program')] }, pollMs: 50, maxWaitSeconds: 5 }),
    (e: Error) => e instanceof MeasureError && /cannot launch .*no-such-program: .*ENOENT/.test(e.message),
  );
});

test('launch command lines split like a shell splits words, without running one', () => {
  assert.deepEqual(splitCommandLine(`node demo-app/server.mjs --start-delay 60`), ['node', 'demo-app/server.mjs', '--start-delay', '60']);
  assert.deepEqual(splitCommandLine(`sh -c 'echo $HOME; ls' "a \\"b\\"" c\\ d ''`), ['sh', '-c', 'echo $HOME; ls', 'a "b"', 'c d', '']);
  assert.throws(() => splitCommandLine(`node "unterminated`), /unterminated " quote/);
});
