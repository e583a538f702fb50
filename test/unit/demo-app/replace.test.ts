// `--replace`: a demo app started on ports another demo app holds (the one `npm start` runs, or an
// earlier task) asks it to stop and takes its ports; without the flag it says how, and a port held
// by something else is never touched. Real demo apps in child processes on 127.0.0.1.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { SERVER, grpcCheck, http, startDemoApp, tcp } from './helpers';

/** Runs the demo app to its exit (or until `stopAfterListening` kills it once it listens); stdout+stderr. */
function runToEnd(args: string[], { stopAfterListening = false } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer) => {
      out += d.toString();
      if (stopAfterListening && out.includes('"event":"listening"')) child.kill('SIGTERM');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, out });
    });
  });
}

const portArgs = (p: { http: number; tcp: number; grpc: number }) =>
  ['--http-port', String(p.http), '--tcp-port', String(p.tcp), '--grpc-port', String(p.grpc)];

describe('demo app --replace', () => {
  test('takes over the ports of a running demo app, which stops cleanly', async () => {
    const old = await startDemoApp();
    try {
      const next = await startDemoApp([...portArgs(old.ports), '--replace', '--start-delay', '30']);
      try {
        assert.equal(await old.exited, 0, 'the old demo app exits with 0, as on SIGTERM');
        assert.ok(old.lines.some((l) => /POST \/admin\/stop: shutting down/.test(l)), old.lines.join('\n'));
        assert.deepEqual(next.ports, old.ports);
        // The new app answers on the same ports, with its own behaviour (starting: 503).
        assert.equal((await http(next.url('/healthz'))).status, 503);
        await assert.rejects(tcp(next.ports.tcp), /ECONNREFUSED/);
        assert.equal(await grpcCheck(next.ports.grpc, ''), 'NOT_SERVING');
      } finally {
        await next.stop();
      }
    } finally {
      await old.stop();
    }
  });

  test('without --replace, a held port is an error that names the flag', async () => {
    const old = await startDemoApp();
    try {
      const { code, out } = await runToEnd(portArgs(old.ports));
      assert.equal(code, 1);
      assert.match(out, /cannot listen for HTTP on 127\.0\.0\.1:\d+: .*EADDRINUSE.*--replace stops it and takes its ports/);
      assert.equal((await http(old.url('/healthz'))).status, 200, 'the old app still runs');
    } finally {
      await old.stop();
    }
  });

  test('a port held by something that is not a demo app is left alone, even with --replace', async () => {
    let stopAsked = 0;
    const other = createServer((req, res) => {
      if (req.url === '/admin/stop') stopAsked++;
      res.writeHead(404, { server: 'other' }).end();
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as { port: number }).port;
    try {
      const { code, out } = await runToEnd(['--http-port', String(port), '--tcp-port', '0', '--grpc-port', '0', '--replace']);
      assert.equal(code, 1);
      assert.match(out, /cannot listen for HTTP on 127\.0\.0\.1:\d+/);
      assert.equal(stopAsked, 1, 'it asked once, got no demo-app answer, and gave up');
    } finally {
      other.close();
    }
  });

  test('POST /admin/stop answers 202 and stops the app; GET is refused', async () => {
    const app = await startDemoApp();
    try {
      assert.equal((await http(app.url('/admin/stop'))).status, 405);
      const stop = await http(app.url('/admin/stop'), { method: 'POST' });
      assert.equal(stop.status, 202);
      assert.equal(stop.headers.server, 'kube-probes-demo-app');
      assert.equal(await app.exited, 0);
    } finally {
      await app.stop();
    }
  });

  test('--replace with free ports just starts', async () => {
    const { out } = await runToEnd(['--http-port', '0', '--tcp-port', '0', '--grpc-port', '0', '--replace'], { stopAfterListening: true });
    assert.match(out, /"event":"listening"/);
  });
});
