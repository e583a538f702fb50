// tcpSocket probes (docs/semantics §3, acceptance D61–D65) against real listeners on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHandler } from '../../../src/core/probe';
import { doTCPProbe } from '../../../src/core/probe/tcp';
import { app, freePort, silentServer } from './helpers';

const T = { timeout: 20_000 };

test('D61 a listening port → Success, output "", not errored (TestTcpHealthChecker)', T, async () => {
  let accepted = 0;
  const port = await silentServer(() => accepted++);
  const r = await runHandler({ tcpSocket: { port } }, {}, {}, { site: 'livenessProbe' });
  assert.deepEqual([r.result, r.message, r.errored], ['success', '', undefined]);
  assert.equal(r.probe.target, `127.0.0.1:${port}`);
  assert.equal(accepted, 1);
});

test('D62 port −1 → Failure, not errored (the prober itself, as TestTcpHealthChecker calls it)', T, async () => {
  const r = await doTCPProbe('127.0.0.1', -1, 1000);
  assert.equal(r.result, 'failure');
  assert.equal(r.error, undefined);
  assert.equal(r.output, 'dial tcp: address -1: invalid port');
});

test('D63 a closed port → Failure, output has "connection refused"', T, async () => {
  const port = await freePort();
  const r = await runHandler({ tcpSocket: { port } }, {}, {}, { site: 'readinessProbe' });
  assert.equal(r.result, 'failure');
  assert.equal(r.message, `dial tcp 127.0.0.1:${port}: connect: connection refused`);
  assert.equal(r.event, `Readiness probe failed: dial tcp 127.0.0.1:${port}: connect: connection refused`);
});

test('D64 empty host → the pod address (target host / pod IP); a host set → that host', T, async () => {
  const port = await silentServer();
  const onTwo = await silentServer(undefined);
  const viaPod = await runHandler({ tcpSocket: { port: 'http' } }, app, { podIP: '127.0.0.1', portMap: { 8080: port } }, { site: 'livenessProbe' });
  assert.equal(viaPod.result, 'success');
  assert.equal(viaPod.probe.target, `127.0.0.1:${port}`);
  const own = await runHandler({ tcpSocket: { port: onTwo, host: '127.0.0.1' } }, app, { host: '127.0.0.2' }, { site: 'livenessProbe' });
  assert.equal(own.result, 'success');
  assert.equal(own.probe.target, `127.0.0.1:${onTwo}`);
  const wrongHost = await runHandler({ tcpSocket: { port: onTwo } }, app, { host: '127.0.0.2' }, { site: 'livenessProbe' });
  assert.equal(wrongHost.result, 'failure'); // dialed 127.0.0.2, where nothing listens
  assert.match(wrongHost.message, /^dial tcp 127\.0\.0\.2:\d+: connect: connection refused$/);
});

test('D65 port "abc" unresolvable → errored, cached result unchanged (TestProbe "TCP probe resolution malformed")', T, async () => {
  const r = await runHandler({ tcpSocket: { port: 'abc' } }, app, {}, { site: 'livenessProbe' });
  assert.equal(r.result, 'unknown');
  assert.equal(r.errored, 'port "abc" not found');
  assert.equal(r.attempts, 3);
  assert.equal(r.event, 'Liveness probe errored and resulted in unknown state: port "abc" not found');
});

test('a server that accepts and resets at once → Success: the handshake completed (ECONNRESET on connect is not a refusal)', T, async () => {
  // Another process, so that the reset can land before our poller sees the connect (as in a real pod).
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', "const s=require('net').createServer(c=>c.resetAndDestroy());s.listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    for (let i = 0; i < 10; i++) {
      const r = await doTCPProbe('127.0.0.1', port, 1000);
      assert.deepEqual(r, { result: 'success', output: '' });
    }
  } finally {
    child.kill();
  }
});
