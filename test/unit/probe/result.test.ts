// The kubelet's mapping of prober results (docs/semantics §1.3–§1.4, acceptance G86–G96,
// TestProbe), over real probes where the case names a probe type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHandler, type ProbeResult } from '../../../src/core/probe';
import { kubeletVerdict, MAX_PROBE_RETRIES, runProbeWithRetries } from '../../../src/core/probe/result';
import { freePort, grpcServer, httpServer, silentServer } from './helpers';

const T = { timeout: 30_000 };
const outcome = (result: string, output = '', error?: string) => ({ result: result as ProbeResult, output, ...(error !== undefined && { error }) });

test('G86 no probe spec → Success, no error', async () => {
  assert.deepEqual(kubeletVerdict('livenessProbe', undefined), { cached: 'Success' });
  const r = await runHandler(undefined, {}, {}, { site: 'readinessProbe' });
  assert.equal(r.cached, 'Success');
  assert.equal(r.errored, undefined);
});

test('G87 a probe with no handler → Failure + error (missing probe handler)', async () => {
  const r = await runHandler({ periodSeconds: 5 }, { name: 'app' }, {}, { site: 'livenessProbe' });
  assert.equal(r.cached, 'Failure');
  assert.equal(r.errored, 'missing probe handler for app');
  assert.equal(r.probe.type, 'none');
});

test('G88–G91 exec Failure → Failure, Success → Success, Warning → Success, Unknown without error → Failure', T, async () => {
  assert.equal((await runHandler({ exec: { command: ['false'] } }, {}, {}, { site: 'livenessProbe' })).cached, 'Failure'); // G88
  assert.equal((await runHandler({ exec: { command: ['true'] } }, {}, {}, { site: 'livenessProbe' })).cached, 'Success'); // G89
  assert.deepEqual(kubeletVerdict('livenessProbe', outcome('warning', 'w')), {
    cached: 'Success',
    event: { type: 'Warning', reason: 'ProbeWarning', message: 'Liveness probe warning: w' },
  }); // G90
  assert.deepEqual(kubeletVerdict('livenessProbe', outcome('unknown')), { cached: 'Failure' }); // G91
});

test('G92 exec Unknown with error → Failure + error, "errored and resulted in unknown state" event', () => {
  assert.deepEqual(kubeletVerdict('startupProbe', outcome('unknown', '', 'boom')), {
    cached: 'Failure',
    errored: 'boom',
    event: { type: 'Warning', reason: 'Unhealthy', message: 'Startup probe errored and resulted in unknown state: boom' },
  });
});

test('G93 an unsupported probe type → Failure + error', async () => {
  assert.deepEqual(kubeletVerdict('bogusProbe', outcome('success')), { cached: 'Failure', errored: 'unknown probe type: "bogusProbe"' });
  const r = await runHandler({ tcpSocket: { port: 1 } }, {}, {}, { site: 'bogusProbe' as never });
  assert.deepEqual([r.cached, r.errored], ['Failure', 'unknown probe type: "bogusProbe"']);
});

test('G94 a custom result value (CustomUnsupportedResult) → Failure', () => {
  assert.deepEqual(kubeletVerdict('readinessProbe', outcome('CustomUnsupportedResult')), { cached: 'Failure' });
});

test('G95 HTTP / TCP / gRPC: Success → Success, Failure → Failure, Warning → Success', T, async () => {
  const http = await httpServer((req, res) => {
    res.statusCode = req.url === '/ok' ? 200 : req.url === '/redirect' ? 302 : 500;
    res.end();
  });
  const cached = async (p: Parameters<typeof runHandler>[0]) => (await runHandler(p, {}, {}, { site: 'livenessProbe' })).cached;
  assert.equal(await cached({ httpGet: { port: http, path: '/ok' } }), 'Success');
  assert.equal(await cached({ httpGet: { port: http, path: '/500' } }), 'Failure');
  assert.equal(await cached({ httpGet: { port: http, path: '/redirect' } }), 'Success');
  assert.equal(await cached({ tcpSocket: { port: await silentServer() } }), 'Success');
  assert.equal(await cached({ tcpSocket: { port: await freePort() } }), 'Failure');
  assert.equal(await cached({ grpc: { port: await grpcServer({ '': 'SERVING' }) } }), 'Success');
  assert.equal(await cached({ grpc: { port: await grpcServer({ '': 'NOT_SERVING' }) } }), 'Failure');
  assert.deepEqual(kubeletVerdict('livenessProbe', outcome('unknown')), { cached: 'Failure' });
});

test('G96 an errored probe is tried up to 3 times in one attempt; a plain Failure once', async () => {
  let runs = 0;
  const errored = await runProbeWithRetries(async () => (runs++, outcome('unknown', '', 'e')));
  assert.deepEqual([errored.attempts, runs, MAX_PROBE_RETRIES], [3, 3, 3]);
  runs = 0;
  const flaky = await runProbeWithRetries(async () => (++runs < 2 ? outcome('unknown', '', 'e') : outcome('success')));
  assert.deepEqual([flaky.attempts, flaky.outcome.result], [2, 'success']);
  runs = 0;
  const failed = await runProbeWithRetries(async () => (runs++, outcome('failure', 'f')));
  assert.deepEqual([failed.attempts, runs], [1, 1]);
  const real = await runHandler({ exec: { command: ['false'] } }, {}, {}, { site: 'livenessProbe' });
  assert.equal(real.attempts, 1);
});
