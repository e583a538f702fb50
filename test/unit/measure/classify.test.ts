// measure's failure kinds come from the probers as data (ProbeRunResult.failure), not from words in
// Go's message: real probes against real servers and processes on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { runHandler } from '../../../src/core/probe';
import { classify } from '../../../src/core/measure/stats';

const NODE = process.execPath;

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('refused, by TCP and by HTTP: the prober says so', async () => {
  const port = await closedPort();
  const tcp = await runHandler({ tcpSocket: { port } }, {}, { host: '127.0.0.1' }, { site: 'livenessProbe' });
  assert.equal(tcp.failure, 'refused');
  assert.deepEqual(classify(tcp), { ok: false, failure: 'refused' });
  const get = await runHandler({ httpGet: { port, path: '/' } }, {}, { host: '127.0.0.1' }, { site: 'livenessProbe' });
  assert.deepEqual(classify(get), { ok: false, failure: 'refused' });
});

test('an HTTP status, a server that never answers, a connection closed mid-response', async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/500') res.writeHead(500).end('no');
    else if (req.url === '/cut') req.socket.destroy();
    // '/hang': never answers
  });
  const port = await listen(server);
  try {
    const status = await runHandler({ httpGet: { port, path: '/500' } }, {}, { host: '127.0.0.1' }, { site: 'livenessProbe' });
    assert.deepEqual(classify(status), { ok: false, failure: 'status', code: 500 });
    const hang = await runHandler({ httpGet: { port, path: '/hang' }, timeoutSeconds: 1 }, {}, { host: '127.0.0.1' }, { site: 'livenessProbe' });
    assert.deepEqual(classify(hang), { ok: false, failure: 'timeout' });
    const cut = await runHandler({ httpGet: { port, path: '/cut' } }, {}, { host: '127.0.0.1' }, { site: 'livenessProbe' });
    assert.deepEqual(classify(cut), { ok: false, failure: 'reset' }, cut.message);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('an exec probe that prints "connection refused" and exits 1 failed by its exit code, not by a refused connection', async () => {
  const r = await runHandler({ exec: { command: [NODE, '-e', "console.log('dial tcp 127.0.0.1:5432: connect: connection refused'); process.exit(1)"] }, timeoutSeconds: 20 }, {}, {}, { site: 'livenessProbe' });
  assert.equal(r.result, 'failure');
  assert.match(r.message, /connection refused/);
  assert.deepEqual(classify(r), { ok: false, failure: 'exit-code' });
  const slow = await runHandler({ exec: { command: [NODE, '-e', 'setTimeout(() => {}, 60000)'] }, timeoutSeconds: 1 }, {}, {}, { site: 'livenessProbe' });
  assert.deepEqual(classify(slow), { ok: false, failure: 'timeout' });
});
