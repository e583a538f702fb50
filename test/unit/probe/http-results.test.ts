// HTTP results, redirects, TLS and hostile servers (docs/semantics §2.3–§2.5, acceptance
// C34–C60), against real servers on 127.0.0.1 / 127.0.0.2. Every hostile case must come back with
// the kubelet's verdict: the test timeouts are generous, nothing asserts on elapsed time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as http from 'node:http';
import type { HTTPHeader } from '../../../src/core/k8s';
import { runHandler, type ProbeRunResult } from '../../../src/core/probe';
import { freePort, httpServer, httpsServer, selfSigned, silentServer, sleep } from './helpers';

const T = { timeout: 30_000 };
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function probe(port: number, path = '/', opts: { headers?: HTTPHeader[]; scheme?: string; timeoutSeconds?: number } = {}): Promise<ProbeRunResult> {
  return runHandler({ httpGet: { port, path, scheme: opts.scheme, httpHeaders: opts.headers }, timeoutSeconds: opts.timeoutSeconds }, {}, {}, { site: 'livenessProbe' });
}

const redirect = (status: number, location: string, body = ''): Handler => (_req, res) => {
  res.writeHead(status, { Location: location });
  res.end(body);
};

/** A server with a route table; unknown paths answer 404. */
async function routes(table: Record<string, Handler>, host?: string): Promise<number> {
  return httpServer((req, res) => (table[req.url ?? ''] ?? ((_q, s) => { s.statusCode = 404; s.end(); }))(req, res), host);
}
const ok: Handler = (_req, res) => res.end('ok body');
const fail: Handler = (_req, res) => {
  res.statusCode = 500;
  res.end('server error body');
};

test('C34 the handler aborts the connection → Failure (Go: EOF)', T, async () => {
  const port = await httpServer((req) => req.socket.destroy());
  const r = await probe(port);
  assert.equal(r.result, 'failure');
  assert.equal(r.message, `Get "http://127.0.0.1:${port}/": EOF`);
  assert.equal(r.errored, undefined);
});

test('C35 500 → Failure "HTTP probe failed with statuscode: 500" (body not included)', T, async () => {
  const port = await httpServer(fail);
  const r = await probe(port);
  assert.equal(r.result, 'failure');
  assert.equal(r.message, 'HTTP probe failed with statuscode: 500');
  assert.equal(r.http?.status, 500);
  assert.equal(r.event, 'Liveness probe failed: HTTP probe failed with statuscode: 500');
});

test('C36 a handler that sleeps 3 s with timeout 1 s → Failure (a server that never answers)', T, async () => {
  const port = await httpServer((_req, res) => void sleep(3000).then(() => res.end('late')));
  const r = await probe(port);
  assert.equal(r.result, 'failure');
  assert.equal(r.message, `Get "http://127.0.0.1:${port}/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
  const never = await httpServer(() => undefined);
  const n = await probe(never, '/', { timeoutSeconds: 1 });
  assert.equal(n.result, 'failure');
  assert.match(n.message, /context deadline exceeded \(Client\.Timeout exceeded while awaiting headers\)$/);
});

test('C37–C44 301/302/307/308 to /new → follows; /new 200 → Success, /new 500 → Failure', T, async () => {
  for (const code of [301, 302, 307, 308]) {
    const good = await routes({ '/': redirect(code, '/new'), '/new': ok });
    const r = await probe(good);
    assert.equal(r.result, 'success', `${code} → 200`);
    assert.equal(r.message, 'ok body');
    assert.deepEqual(r.http?.redirects, [`http://127.0.0.1:${good}/new`]);
    const bad = await routes({ '/': redirect(code, '/new'), '/new': fail });
    assert.equal((await probe(bad)).result, 'failure', `${code} → 500`);
  }
  const see = await routes({ '/': redirect(303, '/new'), '/new': ok });
  assert.equal((await probe(see)).result, 'success', '303 → 200');
});

test('C45–C46 308 → /new answering 308 with no Location → Warning "Probe terminated redirects, Response body: …"', T, async () => {
  const noLoc = (body: string): Handler => (_req, res) => {
    res.statusCode = 308;
    res.end(body);
  };
  const empty = await routes({ '/': redirect(308, '/new'), '/new': noLoc('') });
  const r45 = await probe(empty);
  assert.equal(r45.result, 'warning');
  assert.ok(r45.message.startsWith('Probe terminated redirects, Response body:'));
  const withBody = await routes({ '/': redirect(308, '/new'), '/new': noLoc('ok body') });
  const r46 = await probe(withBody);
  assert.equal(r46.result, 'warning');
  assert.equal(r46.message, 'Probe terminated redirects, Response body: ok body');
});

test('C47–C52 RedirectChecker(false) — the kube prober (the kubelet never uses the nonlocal one)', T, async () => {
  const other = await routes({ '/success': ok, '/fail': fail });
  const port = await routes({
    '/to-success': redirect(302, '/success'),
    '/to-fail': redirect(302, '/fail'),
    '/success': ok,
    '/fail': fail,
    '/port-success': redirect(302, `http://127.0.0.1:${other}/success`),
    '/port-fail': redirect(302, `http://127.0.0.1:${other}/fail`),
    '/zero': redirect(302, 'http://0.0.0.0/fail', 'moved'),
    '/loop': redirect(302, '/loop'),
  });
  assert.equal((await probe(port, '/to-success')).result, 'success'); // C47
  assert.equal((await probe(port, '/to-fail')).result, 'failure'); // C48
  assert.equal((await probe(port, '/port-success')).result, 'success'); // C49: same host, other port: followed
  assert.equal((await probe(port, '/port-fail')).result, 'failure'); // C50
  const r51 = await probe(port, '/zero'); // C51: another host name → the 3xx is final
  assert.equal(r51.result, 'warning');
  assert.equal(r51.message, 'Probe terminated redirects, Response body: moved');
  assert.equal(r51.cached, 'Success');
  const r52 = await probe(port, '/loop'); // C52
  assert.equal(r52.result, 'failure');
  assert.equal(r52.message, 'Get "/loop": stopped after 10 redirects');
  assert.equal(r52.http?.redirects.length, 9);
});

test('C53–C54 a custom Host header is kept across a relative redirect', T, async () => {
  const port = await routes({
    '/redirect': redirect(302, '/success'),
    '/success': (req, res) => {
      res.statusCode = req.headers.host === 'www.success.com' ? 200 : 500;
      res.end();
    },
    '/absolute': redirect(302, '/success'),
  });
  const host = (h: string) => [{ name: 'Host', value: h }];
  assert.equal((await probe(port, '/redirect', { headers: host('www.success.com') })).result, 'success'); // C53
  assert.equal((await probe(port, '/redirect', { headers: host('www.fail.com') })).result, 'failure'); // C54
  // An absolute Location to the same host: Go drops the custom Host, the new URL's authority is sent.
  const abs = await routes({ '/seen': (req, res) => res.end(req.headers.host) });
  const absolute = await routes({ '/': redirect(302, `http://127.0.0.1:${abs}/seen`) });
  const r = await probe(absolute, '/', { headers: host('www.success.com') });
  assert.equal(r.message, `127.0.0.1:${abs}`);
});

test('redirects: the hop carries Referer and the first request\'s headers; to 127.0.0.2 → Warning', T, async () => {
  const far = await routes({ '/x': ok }, '127.0.0.2');
  const port = await routes({
    '/': redirect(302, '/echo'),
    '/echo': (req, res) => res.end(`${req.headers.referer} ${req.headers['x-a']}`),
    '/far': redirect(302, `http://127.0.0.2:${far}/x`, 'elsewhere'),
  });
  const r = await probe(port, '/', { headers: [{ name: 'X-A', value: 'kept' }] });
  assert.equal(r.message, `http://127.0.0.1:${port}/ kept`);
  const f = await probe(port, '/far');
  assert.equal(f.result, 'warning');
  assert.equal(f.message, 'Probe terminated redirects, Response body: elsewhere');
  assert.deepEqual(f.http?.redirects, []);
});

test('C55–C56 body capped at 10240 bytes: 10241 → exactly 10240, 10239 → all', T, async () => {
  const big = await httpServer((_req, res) => res.end('a'.repeat(10241)));
  const r55 = await probe(big);
  assert.equal(r55.result, 'success');
  assert.equal(r55.errored, undefined);
  assert.equal(Buffer.byteLength(r55.message), 10240);
  const small = await httpServer((_req, res) => res.end('b'.repeat(10239)));
  assert.equal((await probe(small)).message, 'b'.repeat(10239));
});

test('C57 connection refused → Failure with Go\'s dial error, not errored', T, async () => {
  const port = await freePort();
  const r = await probe(port, '/healthz');
  assert.equal(r.result, 'failure');
  assert.equal(r.errored, undefined);
  assert.equal(r.message, `Get "http://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused`);
  assert.equal(r.attempts, 1);
});

test('C58 HTTPS with self-signed, expired and wrong-host certificates → accepted; the status decides', T, async () => {
  for (const cert of [selfSigned('wrong.example'), selfSigned('expired.example', true)]) {
    const okPort = await httpsServer(ok, cert);
    const r = await probe(okPort, '/', { scheme: 'HTTPS' });
    assert.equal(r.result, 'success');
    assert.equal(r.message, 'ok body');
    const failPort = await httpsServer(fail, cert);
    assert.equal((await probe(failPort, '/', { scheme: 'https' })).message, 'HTTP probe failed with statuscode: 500');
  }
});

test('C59 204 → Success ""; 399 → Warning; 400 → Failure; 199 then nothing → Failure', T, async () => {
  const status = (code: number): Handler => (_req, res) => {
    res.statusCode = code;
    res.end();
  };
  const port = await routes({ '/204': status(204), '/399': status(399), '/400': status(400) });
  const r204 = await probe(port, '/204');
  assert.deepEqual([r204.result, r204.message], ['success', '']);
  assert.equal((await probe(port, '/399')).result, 'warning');
  assert.equal((await probe(port, '/400')).message, 'HTTP probe failed with statuscode: 400');
  const info = await silentServer((s) => s.once('data', () => s.end('HTTP/1.1 199 Early\r\n\r\n')));
  assert.equal((await probe(info)).result, 'failure');
});

test('C60 a Warning is cached as Success with a ProbeWarning event', T, async () => {
  const port = await httpServer((_req, res) => {
    res.statusCode = 302;
    res.end('see other');
  });
  const r = await runHandler({ httpGet: { port } }, {}, {}, { site: 'readinessProbe' });
  assert.equal(r.result, 'warning');
  assert.equal(r.cached, 'Success');
  assert.equal(r.event, 'Readiness probe warning: Probe terminated redirects, Response body: see other');
});

test('hostile: a 100 MB streaming body → Success with 10240 bytes, the rest is never read', T, async () => {
  let sent = 0;
  let closed: Promise<void> = Promise.resolve();
  const port = await httpServer((_req, res) => {
    closed = new Promise((resolve) => res.once('close', () => resolve()));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    res.writeHead(200, { 'Content-Length': String(100 * 1024 * 1024) });
    const pump = () => {
      while (sent < 100 * 1024 * 1024 && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  const r = await probe(port);
  assert.equal(r.result, 'success');
  assert.equal(Buffer.byteLength(r.message), 10240);
  await closed;
  assert.ok(sent < 50 * 1024 * 1024, `the server got to write ${sent} bytes`);
});

test('hostile: a body that stalls after the headers → errored probe (§2.4.2), retried 3 times', T, async () => {
  const port = await httpServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': '100' });
    res.write('partial');
  });
  const r = await probe(port);
  assert.equal(r.result, 'failure');
  assert.equal(r.errored, 'context deadline exceeded (Client.Timeout or context cancellation while reading body)');
  assert.equal(r.attempts, 3);
  assert.equal(r.event, 'Liveness probe errored and resulted in failure state: context deadline exceeded (Client.Timeout or context cancellation while reading body)');
});

test('hostile: a body cut short → errored "unexpected EOF"', T, async () => {
  const port = await httpServer((req, res) => {
    res.writeHead(200, { 'Content-Length': '100' });
    res.write('partial', () => setTimeout(() => req.socket.destroy(), 20));
  });
  const r = await probe(port);
  assert.equal(r.errored, 'unexpected EOF');
});

test('hostile: a TLS handshake that hangs → Failure within the timeout', T, async () => {
  const port = await silentServer();
  const r = await probe(port, '/', { scheme: 'HTTPS' });
  assert.equal(r.result, 'failure');
  assert.equal(r.message, `Get "https://127.0.0.1:${port}/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`);
});

test('hostile: a connection reset after the request → Failure "connection reset by peer"', T, async () => {
  const port = await silentServer((s) => s.once('data', () => s.resetAndDestroy()));
  const r = await probe(port);
  assert.equal(r.result, 'failure');
  assert.match(r.message, new RegExp(`^Get "http://127\\.0\\.0\\.1:${port}/": read tcp 127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${port}: read: connection reset by peer$`));
});

test('HTTPS against a plain HTTP server → Failure "server gave HTTP response to HTTPS client"', T, async () => {
  const port = await httpServer(ok);
  const r = await probe(port, '/', { scheme: 'HTTPS' });
  assert.equal(r.message, `Get "https://127.0.0.1:${port}/": http: server gave HTTP response to HTTPS client`);
});

test('an unsupported scheme → Failure with Go\'s text; an unresolvable port → errored', T, async () => {
  const r = await probe(80, '/', { scheme: 'ftp' });
  assert.equal(r.message, 'Get "ftp://127.0.0.1:80/": unsupported protocol scheme "ftp"');
  const named = await runHandler({ httpGet: { port: 'metrics' } }, { ports: [] }, {}, { site: 'livenessProbe' });
  assert.equal(named.result, 'unknown');
  assert.equal(named.errored, 'port "metrics" not found');
  assert.equal(named.cached, 'Failure');
});

test('a cancelled probe stops at once and is errored (not counted)', T, async () => {
  const port = await httpServer(() => undefined);
  const ac = new AbortController();
  const p = runHandler({ httpGet: { port }, timeoutSeconds: 30 }, {}, {}, { site: 'livenessProbe', signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  const r = await p;
  assert.equal(r.result, 'unknown');
  assert.equal(r.errored, 'context canceled');
  assert.equal(r.attempts, 1);
});

test('interim 1xx responses (100 Continue unasked, 102, 103, split across packets) are skipped; the final response decides', T, async () => {
  const final = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
  const all = await silentServer((s) => s.once('data', () => s.end(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.0 102 Processing\r\n\r\n${final}`)));
  const r = await probe(all);
  assert.deepEqual([r.result, r.message, r.http?.status], ['success', 'ok', 200]);
  const split = await silentServer((s) =>
    s.once('data', async () => {
      for (const piece of ['HTTP/1.1 1', '00 Continue\r', '\n\r\n', 'HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n']) {
        s.write(piece);
        await sleep(20);
      }
      s.end();
    }),
  );
  const r2 = await probe(split);
  assert.deepEqual([r2.result, r2.message, r2.http?.status], ['failure', 'HTTP probe failed with statuscode: 500', 500]);
  // A response shorter than a status line still reaches the parser (Go: EOF-ish malformed response → Failure).
  const short = await silentServer((s) => s.once('data', () => s.end('HTTP/1.1')));
  assert.equal((await probe(short)).result, 'failure');
});
