// gRPC probes (docs/semantics §4, acceptance E66–E73, TestGrpcProber_Probe) against real
// grpc-js servers on 127.0.0.1 with the grpc-health-check service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHandler, type ProbeRunResult } from '../../../src/core/probe';
import { decodeHealthCheckResponse, doGRPCProbe, encodeHealthCheckRequest } from '../../../src/core/probe/grpc';
import { freePort, httpServer, httpsServer, grpcServer } from './helpers';

const T = { timeout: 30_000 };
const grpcProbe = (port: number, service?: string, timeoutSeconds?: number): Promise<ProbeRunResult> =>
  runHandler({ grpc: { port, service }, timeoutSeconds }, {}, {}, { site: 'livenessProbe' });

test('E66 nothing listening, timeout 1 s → Failure "timeout: failed to connect service … within 1s: context deadline exceeded"', T, async () => {
  const port = await freePort();
  const r = await grpcProbe(port);
  assert.equal(r.result, 'failure');
  assert.equal(r.errored, undefined);
  assert.equal(r.message, `timeout: failed to connect service "127.0.0.1:${port}" within 1s: context deadline exceeded`);
});

test('E67 a plain HTTP/1 server → Failure, not errored', T, async () => {
  const port = await httpServer((_req, res) => res.end('hello'));
  const r = await grpcProbe(port);
  assert.equal(r.result, 'failure');
  assert.equal(r.errored, undefined);
});

test('E68 NOT_SERVING → Failure "service unhealthy (responded with \\"NOT_SERVING\\")"', T, async () => {
  const port = await grpcServer({ '': 'NOT_SERVING' });
  const r = await grpcProbe(port);
  assert.equal(r.result, 'failure');
  assert.equal(r.message, 'service unhealthy (responded with "NOT_SERVING")');
});

test('E69 a health server that answers after 4 s, timeout 2 s → "timeout: health rpc did not complete within 2s"', T, async () => {
  const port = await grpcServer(undefined, (_service, reply) => setTimeout(() => reply('SERVING'), 4000));
  const r = await grpcProbe(port, '', 2);
  assert.equal(r.result, 'failure');
  assert.equal(r.message, 'timeout: health rpc did not complete within 2s');
});

test('E70 SERVING → Success "service healthy"; a named service is asked for by name', T, async () => {
  const port = await grpcServer({ '': 'SERVING', 'api.v1': 'SERVING', 'db': 'NOT_SERVING' });
  const r = await grpcProbe(port);
  assert.deepEqual([r.result, r.message, r.errored], ['success', 'service healthy', undefined]);
  assert.equal((await grpcProbe(port, 'api.v1')).result, 'success');
  assert.equal((await grpcProbe(port, 'db')).message, 'service unhealthy (responded with "NOT_SERVING")');
  const unknown = await grpcProbe(port, 'nope');
  assert.equal(unknown.result, 'failure');
  assert.match(unknown.message, /^error: health rpc probe failed: rpc error: code = NotFound desc = /);
});

test('E71 a server without the health service → "error: this server does not implement the grpc health protocol …"', T, async () => {
  const port = await grpcServer(undefined);
  const r = await grpcProbe(port);
  assert.equal(r.result, 'failure');
  assert.ok(r.message.startsWith('error: this server does not implement the grpc health protocol (grpc.health.v1.Health): '), r.message);
});

test('E72 a TLS-only server → Failure (plaintext only)', T, async () => {
  const port = await httpsServer((_req, res) => res.end());
  const r = await grpcProbe(port);
  assert.equal(r.result, 'failure');
  assert.match(r.message, /^timeout: failed to connect service/);
});

test('E73 gRPC never errors and never returns Unknown', T, async () => {
  const results = [await grpcProbe(await freePort()), await grpcProbe(await grpcServer(undefined)), await grpcProbe(await grpcServer({ '': 'UNKNOWN' }))];
  for (const r of results) {
    assert.equal(r.errored, undefined);
    assert.notEqual(r.result, 'unknown');
    assert.equal(r.attempts, 1);
  }
  assert.equal(results[2].message, 'service unhealthy (responded with "UNKNOWN")');
});

test('gRPC goes to the pod address with the port through portMap; the user agent is kube-probe', T, async () => {
  let seen = { service: '', userAgent: '' };
  const port = await grpcServer(undefined, (service, reply, userAgent) => {
    seen = { service, userAgent };
    reply('SERVING');
  });
  const r = await runHandler({ grpc: { port: 9090, service: 'api' } }, {}, { portMap: { 9090: port } }, { site: 'startupProbe' });
  assert.equal(r.result, 'success');
  assert.equal(r.probe.target, `127.0.0.1:${port} (service "api")`);
  assert.equal(seen.service, 'api');
  assert.match(seen.userAgent, /^kube-probe\/1\.35 grpc-node-js\//);
  const named = await runHandler({ grpc: { port: 'grpc' as never } }, {}, {}, { site: 'livenessProbe' });
  assert.deepEqual([named.result, named.errored], ['unknown', 'grpc.port must be a number, got "grpc"']);
  const cancelled = new AbortController();
  cancelled.abort();
  const c = await doGRPCProbe('127.0.0.1', '', port, 1000, cancelled.signal);
  assert.deepEqual([c.result, c.error], ['unknown', 'context canceled']);
});

test('HealthCheckRequest/Response wire format', () => {
  assert.deepEqual([...encodeHealthCheckRequest('')], []);
  assert.deepEqual([...encodeHealthCheckRequest('ab')], [0x0a, 2, 0x61, 0x62]);
  assert.equal(decodeHealthCheckResponse(Buffer.from([0x08, 1])), 'SERVING');
  assert.equal(decodeHealthCheckResponse(Buffer.from([])), 'UNKNOWN');
  assert.equal(decodeHealthCheckResponse(Buffer.from([0x12, 1, 0x41, 0x08, 3])), 'SERVICE_UNKNOWN'); // unknown field skipped
  assert.equal(decodeHealthCheckResponse(Buffer.from([0x08, 7])), '7');
  assert.throws(() => decodeHealthCheckResponse(Buffer.from([0x08])));
});
