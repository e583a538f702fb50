// HTTP responses as Go's client reads them, and requests as Go writes them (docs/semantics/
// http-probes.md), against raw TCP servers on 127.0.0.1 that write exact bytes. Each test names
// the Go or Kubernetes source (file and function) whose rule it checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { runHandler, type ProbeRunResult } from '../../../src/core/probe';
import * as tls from 'node:tls';
import { http2Server, listen, rawHttpServer, selfSigned } from './helpers';

const T = { timeout: 30_000 };
const BROKEN = 'net/http: HTTP/1.x transport connection broken: ';

function probe(port: number, path = '/', host?: string, timeoutSeconds?: number): Promise<ProbeRunResult> {
  return runHandler({ httpGet: { port, path, host } }, {}, {}, { site: 'livenessProbe', timeoutSeconds });
}
/** Serves `bytes` and probes it (timeoutSeconds: generous for large answers; nothing here asserts on time). */
async function serve(bytes: string | Buffer, timeoutSeconds?: number): Promise<{ r: ProbeRunResult; url: string }> {
  const { port } = await rawHttpServer(bytes);
  return { r: await probe(port, '/', undefined, timeoutSeconds), url: `http://127.0.0.1:${port}/` };
}

// ---- what Go accepts -------------------------------------------------------------------------

test('bare-LF line endings (bufio.Reader.ReadLine via textproto.Reader.readLineSlice) → Success', T, async () => {
  const { r } = await serve('HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 2\n\nok');
  assert.deepEqual([r.result, r.message, r.http?.status], ['success', 'ok', 200]);
  const mixed = await serve('HTTP/1.1 200 OK\r\nContent-Length: 5\n\r\nmixed');
  assert.deepEqual([mixed.r.result, mixed.r.message], ['success', 'mixed']);
});

test('obs-fold continuation lines are joined (textproto.Reader.readContinuedLineSlice) → Success', T, async () => {
  // The folded Content-Length proves the value was read across the fold: "2" frames the body.
  const { r } = await serve('HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\n\tthird\r\nContent-Length:\r\n 2\r\n\r\nokEXTRA');
  assert.deepEqual([r.result, r.message], ['success', 'ok']);
});

test('response headers up to 10 MiB are read (Transport.maxHeaderResponseSize, default MaxResponseHeaderBytes 10<<20)', T, async () => {
  const filler = (bytes: number) => {
    const line = `X-Filler: ${'a'.repeat(8180)}\r\n`;
    return line.repeat(Math.floor(bytes / line.length));
  };
  const big = await serve(`HTTP/1.1 200 OK\r\n${filler(9 * 1024 * 1024)}Content-Length: 2\r\n\r\nok`, 30);
  assert.deepEqual([big.r.result, big.r.message], ['success', 'ok']);
  // transport.go readLoop: past the limit the read fails with this text, and the connection is broken.
  const over = await serve(`HTTP/1.1 200 OK\r\n${filler(10 * 1024 * 1024 + 16 * 1024)}\r\nok`, 30);
  assert.equal(over.r.result, 'failure');
  assert.equal(over.r.message, `Get "${over.url}": ${BROKEN}net/http: server response headers exceeded 10485760 bytes; aborted`);
});

test('repeated identical Content-Length headers are one (transfer.go fixLength); differing ones fail', T, async () => {
  const same = await serve('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length:  2 \r\n\r\nok');
  assert.deepEqual([same.r.result, same.r.message], ['success', 'ok']);
  const differ = await serve('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!');
  assert.equal(differ.r.result, 'failure');
  assert.equal(differ.r.message, `Get "${differ.url}": ${BROKEN}http: message cannot contain multiple Content-Length headers; got ["2" "3"]`);
  assert.equal(differ.r.errored, undefined);
});

test('204 and 304 have no body whatever Content-Length or chunked says (transfer.go fixLength, bodyAllowedForStatus)', T, async () => {
  const noContent = await serve('HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello');
  assert.deepEqual([noContent.r.result, noContent.r.message, noContent.r.http?.status], ['success', '', 204]);
  const notModified = await serve('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\nleftovers');
  assert.deepEqual([notModified.r.result, notModified.r.message], ['warning', 'Probe terminated redirects, Response body: ']);
  const chunked = await serve('HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\nnot a chunk');
  assert.deepEqual([chunked.r.result, chunked.r.message], ['success', '']);
});

test('Content-Length beside Transfer-Encoding: chunked → chunked wins (transfer.go fixLength)', T, async () => {
  const { r } = await serve('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n3;ext=1\r\n!!!\r\n0\r\n\r\n');
  assert.deepEqual([r.result, r.message], ['success', 'ok!!!']);
  const caseless = await serve('HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\nX-Trailer: t\r\n\r\n');
  assert.deepEqual([caseless.r.result, caseless.r.message], ['success', 'ok']);
});

test('status lines Go takes: no reason phrase, extra spaces, any 3-digit code (http.ReadResponse)', T, async () => {
  const bare = await serve('HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok');
  assert.deepEqual([bare.r.result, bare.r.message], ['success', 'ok']);
  const spaced = await serve('HTTP/1.1   201   Created  \r\nContent-Length: 2\r\n\r\nok');
  assert.deepEqual([spaced.r.result, spaced.r.http?.status], ['success', 201]);
  const odd = await serve('HTTP/1.1 599 Whatever\r\nContent-Length: 0\r\n\r\n');
  assert.equal(odd.r.message, 'HTTP probe failed with statuscode: 599');
  const old = await serve('HTTP/1.0 200 OK\r\n\r\nread to the end');
  assert.deepEqual([old.r.result, old.r.message], ['success', 'read to the end']);
});

test('HTTP/1.0 ignores Transfer-Encoding; a name with a space is not Content-Length (transfer.go parseTransferEncoding, textproto canonicalMIMEHeaderKey)', T, async () => {
  const old = await serve('HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n');
  assert.deepEqual([old.r.result, old.r.message], ['success', '2\r\nok\r\n0\r\n\r\n']);
  const spaced = await serve('HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nall of it');
  assert.deepEqual([spaced.r.result, spaced.r.message], ['success', 'all of it']);
});

test('the same reader over TLS (ALPN http/1.1) and to an IPv6 host (Transport.dialConn, persistConn.readLoop)', T, async () => {
  const server = tls.createServer({ ...selfSigned('raw.example'), ALPNProtocols: ['http/1.1'] }, (s) => {
    s.on('error', () => undefined);
    s.once('data', () => s.end('HTTP/1.1 200\nX-Fold: a\n  b\nContent-Length: 5\nContent-Length: 5\n\nsecure'));
  });
  const port = await listen(server);
  const r = await runHandler({ httpGet: { port, scheme: 'HTTPS' } }, {}, {}, { site: 'livenessProbe' });
  assert.deepEqual([r.result, r.message], ['success', 'secur']);
  const v6 = await rawHttpServer('HTTP/1.1 204\n\n', '::1');
  const r6 = await probe(v6.port, '/v6', '::1');
  assert.deepEqual([r6.result, r6.http?.status, r6.probe.target], ['success', 204, `http://[::1]:${v6.port}/v6`]);
  assert.match(v6.requests[0], new RegExp(`^GET /v6 HTTP/1\\.1\\r\\nHost: \\[::1\\]:${v6.port}\\r\\n`));
});

// ---- what Go rejects -------------------------------------------------------------------------

test('malformed status lines fail with Go\'s text (http.ReadResponse, ParseHTTPVersion)', T, async () => {
  const cases: [string, string][] = [
    ['http/1.1 200 OK\r\n\r\n', 'malformed HTTP version "http/1.1"'],
    ['HTTP/1.1 2000 OK\r\n\r\n', 'malformed HTTP status code "2000"'],
    ['HTTP/1.1 -12 OK\r\n\r\n', 'malformed HTTP status code "-12"'],
    ['HTTP/1.1\r\n\r\n', 'malformed HTTP response "HTTP/1.1"'],
    ['HTTP/12 200 OK\r\n\r\n', 'malformed HTTP version "HTTP/12"'],
  ];
  for (const [bytes, text] of cases) {
    const { r, url } = await serve(bytes);
    assert.equal(r.result, 'failure', bytes);
    assert.equal(r.message, `Get "${url}": ${BROKEN}${text}`);
  }
});

test('malformed header lines fail (textproto readMIMEHeader, mustHaveFieldNameColon, validHeaderValueByte)', T, async () => {
  const cases: [string, string][] = [
    ['HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n', 'malformed MIME header: missing colon: "NoColonHere"'],
    ['HTTP/1.1 200 OK\r\nBad/Name: x\r\n\r\n', 'malformed MIME header line: Bad/Name: x'],
    ['HTTP/1.1 200 OK\r\nX-Ctl: a\x01b\r\n\r\n', 'malformed MIME header line: X-Ctl: a\x01b'],
    ['HTTP/1.1 200 OK\r\nX-Cr: a\rb\r\n\r\n', 'malformed MIME header line: X-Cr: a\rb'],
    ['HTTP/1.1 200 OK\r\n: empty name\r\n\r\n', 'malformed MIME header line: : empty name'],
    ['HTTP/1.1 200 OK\r\n folded-first: x\r\n\r\n', 'malformed MIME header initial line:  folded-first: x'],
  ];
  for (const [bytes, text] of cases) {
    const { r, url } = await serve(bytes);
    assert.equal(r.message, `Get "${url}": ${BROKEN}${text}`, JSON.stringify(bytes));
  }
});

test('framing errors (transfer.go parseTransferEncoding, fixLength, parseContentLength, fixTrailer)', T, async () => {
  const cases: [string, string][] = [
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n', 'unsupported transfer encoding: "gzip"'],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n', 'too many transfer encodings: ["chunked" "chunked"]'],
    ['HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n', 'bad Content-Length "abc"'],
    ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', 'bad Content-Length "-1"'],
    ['HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n', 'invalid empty Content-Length ""'],
    ['HTTP/1.1 204 No Content\r\nContent-Length: x\r\n\r\n', 'bad Content-Length "x"'],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: Content-Length\r\n\r\n0\r\n\r\n', 'bad trailer key "Content-Length"'],
  ];
  for (const [bytes, text] of cases) {
    const { r, url } = await serve(bytes);
    assert.equal(r.message, `Get "${url}": ${BROKEN}${text}`, JSON.stringify(bytes));
  }
});

test('the connection closing inside the head → "unexpected EOF"; before any byte → "EOF" (transport.go readLoop, mapRoundTripError)', T, async () => {
  const cut = await serve('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n');
  assert.equal(cut.r.message, `Get "${cut.url}": ${BROKEN}unexpected EOF`);
  // bufio hands over a last line without its newline: a partial name is then a line with no colon.
  const partial = await serve('HTTP/1.1 200 OK\r\nContent-Le');
  assert.equal(partial.r.message, `Get "${partial.url}": ${BROKEN}malformed MIME header: missing colon: "Content-Le"`);
  const interim = await serve('HTTP/1.1 100 Continue\r\n\r\n');
  assert.equal(interim.r.message, `Get "${interim.url}": ${BROKEN}unexpected EOF`);
  const nothing = await serve('');
  assert.equal(nothing.r.message, `Get "${nothing.url}": EOF`);
});

test('chunked body errors make the probe errored (internal/chunked.go readChunkLine, parseHexUint; DoHTTPProbe body read)', T, async () => {
  const cases: [string, string][] = [
    ['2\nok\r\n0\r\n\r\n', 'chunked line ends with bare LF'],
    ['2\r\r\nok\r\n0\r\n\r\n', 'invalid CR in chunked line'],
    ['zz\r\nok\r\n0\r\n\r\n', 'invalid byte in chunk length'],
    ['\r\nok\r\n0\r\n\r\n', 'empty hex number for chunk length'],
    ['2\r\nokXX0\r\n\r\n', 'malformed chunked encoding'],
    ['5\r\nok', 'unexpected EOF'],
    ['2\r\nok\r\n0\r\n', 'http: unexpected EOF reading trailer'],
  ];
  for (const [body, text] of cases) {
    const { r } = await serve(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}`);
    assert.equal(r.result, 'failure', JSON.stringify(body));
    assert.equal(r.errored, text, JSON.stringify(body));
    assert.equal(r.attempts, 3); // runProbeWithRetries: an errored probe is tried three times
  }
  // A trailer is read as soon as its blank line is there, even on a connection left open (body.readTrailer).
  const open = await rawHttpServer((_head, s) => s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n'));
  const trailer = await probe(open.port);
  assert.deepEqual([trailer.result, trailer.message, trailer.errored], ['success', 'ok', undefined]);
  const short = await serve('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort');
  assert.equal(short.r.errored, 'unexpected EOF'); // transfer.go body.readLocked: EOF before Content-Length
});

// ---- what Go sends ---------------------------------------------------------------------------

test('the request bytes: Go\'s line, Host, User-Agent, sorted headers, then Connection: close (Request.write, persistConn.roundTrip)', T, async () => {
  const srv = await rawHttpServer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  await runHandler({ httpGet: { port: srv.port, path: '/h', httpHeaders: [{ name: 'x-b', value: ' two ' }, { name: 'X-A', value: 'one' }] } }, {}, {}, { site: 'livenessProbe' });
  assert.equal(srv.requests[0], `GET /h HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nUser-Agent: kube-probe/1.35\r\nAccept: */*\r\nX-A: one\r\nX-B: two\r\nConnection: close\r\n\r\n`);
});

test('the query goes out exactly as written, not re-encoded (url.URL.RequestURI: RawQuery)', T, async () => {
  const srv = await rawHttpServer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  const r = await probe(srv.port, '/q?a=é&b=%zz|x&c="q"');
  assert.equal(r.result, 'success');
  const line = Buffer.from(srv.requests[0].split('\r\n')[0], 'latin1');
  assert.deepEqual(line, Buffer.from('GET /q?a=é&b=%zz|x&c="q" HTTP/1.1', 'utf8'));
  // The path is still escaped as Go's URL.EscapedPath does; only the query is raw.
  const p = await rawHttpServer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  await probe(p.port, '/a b?x y');
  assert.equal(p.requests[0].split('\r\n')[0], 'GET /a%20b?x y HTTP/1.1');
});

test('over HTTP/2 (h2 by ALPN) the :path carries the same raw query bytes (http2 transport: URL.RequestURI)', T, async () => {
  const port = await http2Server((req, res) => res.end(Buffer.from(req.url, 'latin1').toString('hex')));
  const r = await runHandler({ httpGet: { port, scheme: 'HTTPS', path: '/q?a=é|b' } }, {}, {}, { site: 'livenessProbe' });
  assert.equal(r.result, 'success');
  assert.equal(r.message, Buffer.from('/q?a=é|b', 'utf8').toString('hex'));
});

test('a redirect\'s Location keeps its query bytes and resolves like url.URL.ResolveReference (net/http Client.Do)', T, async () => {
  const srv = await rawHttpServer((head, s) => {
    if (head.startsWith('GET /start ')) s.end('HTTP/1.1 302 Found\r\nLocation: ../next/./x?k=é|v#frag\r\nContent-Length: 0\r\n\r\n');
    else s.end('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone');
  });
  const r = await probe(srv.port, '/start');
  assert.deepEqual([r.result, r.message], ['success', 'done']);
  assert.deepEqual(Buffer.from(srv.requests[1].split('\r\n')[0], 'latin1'), Buffer.from('GET /next/x?k=é|v HTTP/1.1'));
  assert.deepEqual(r.http?.redirects, [`http://127.0.0.1:${srv.port}/next/x?k=é|v#frag`]);
  assert.match(srv.requests[1], new RegExp(`\\r\\nReferer: http://127\\.0\\.0\\.1:${srv.port}/start\\r\\n`));
});

test('redirects compare URL.Hostname() exactly, without case folding (pkg/probe/http/http.go RedirectChecker)', T, async () => {
  const { address } = await lookup('localhost');
  const to = (location: string) => (head: string, s: import('node:net').Socket) =>
    s.end(head.startsWith('GET /ok ') ? 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' : `HTTP/1.1 302 Found\r\nLocation: ${location}\r\nContent-Length: 5\r\n\r\nmoved`);
  const upper = await rawHttpServer((head, s) => to(`http://LocalHost:${upper.port}/ok`)(head, s), address);
  const r = await probe(upper.port, '/', 'localhost');
  assert.deepEqual([r.result, r.message], ['warning', 'Probe terminated redirects, Response body: moved']);
  assert.equal(upper.requests.length, 1);
  const same = await rawHttpServer((head, s) => to(`http://localhost:${same.port}/ok`)(head, s), address);
  const followed = await probe(same.port, '/', 'localhost');
  assert.deepEqual([followed.result, followed.message], ['success', 'ok']);
});

test('a Location Go cannot parse fails the probe with url.Parse\'s text (net/http Client.Do)', T, async () => {
  const { r, url } = await serve('HTTP/1.1 302 Found\r\nLocation: http://bad host/x\r\nContent-Length: 0\r\n\r\n');
  assert.equal(r.result, 'failure');
  assert.equal(r.message, `Get "${url}": failed to parse Location header "http://bad host/x": parse "http://bad host/x": invalid character " " in host name`);
});

test('Connection and Upgrade headers are sent as given; no Connection: close when switching protocols (persistConn.roundTrip, isProtocolSwitchHeader)', T, async () => {
  const srv = await rawHttpServer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  await runHandler({ httpGet: { port: srv.port, httpHeaders: [{ name: 'Upgrade', value: 'h2c' }, { name: 'Connection', value: 'Upgrade' }] } }, {}, {}, { site: 'livenessProbe' });
  assert.equal(srv.requests[0], `GET / HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nUser-Agent: kube-probe/1.35\r\nAccept: */*\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n`);
  const keep = await rawHttpServer('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  await runHandler({ httpGet: { port: keep.port, httpHeaders: [{ name: 'Connection', value: 'keep-alive' }] } }, {}, {}, { site: 'livenessProbe' });
  // The header map's Connection, then the transport's own (it is added unless the request asks to close).
  assert.equal(keep.requests[0], `GET / HTTP/1.1\r\nHost: 127.0.0.1:${keep.port}\r\nUser-Agent: kube-probe/1.35\r\nAccept: */*\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n`);
});

// ---- lifecycle hooks follow the same reader ---------------------------------------------------

test('httpGet lifecycle hooks read responses with the same rules (pkg/kubelet/lifecycle/handlers.go runHTTPHandler)', T, async () => {
  const good = await rawHttpServer('HTTP/1.1 204\nContent-Length: 3\nX-Fold: a\n b\n\nxyz');
  const r = await runHandler({ httpGet: { port: good.port, path: '/pre' } }, { name: 'app' }, { pod: 'web-1' }, { site: 'preStop' });
  assert.deepEqual([r.result, r.message], ['success', 'HTTP 204']);
  const bad = await rawHttpServer('http/1.1 200 OK\r\n\r\n');
  const f = await runHandler({ httpGet: { port: bad.port, path: '/pre' } }, { name: 'app' }, { pod: 'web-1' }, { site: 'preStop' });
  assert.equal(f.result, 'failure');
  assert.equal(f.event, `HTTP lifecycle hook (/pre) for Container "app" in Pod "web-1" failed - error: Get "http://127.0.0.1:${bad.port}/pre": ${BROKEN}malformed HTTP version "http/1.1"`);
});

// ---- the CLI: `kube-probes run … --format json` ------------------------------------------------

test('kube-probes run --format json gives the kubelet\'s verdicts for responses only Go accepts, and Go\'s errors for the rest', T, async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runCommand } = await import('../../../src/cli/run');
  const { memoryIO } = await import('../../../src/cli/io');
  const dir = mkdtempSync(join(tmpdir(), 'probe-go-wire-'));
  try {
    writeFileSync(join(dir, 'pod.yaml'), `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: web
      ports: [{ name: http, containerPort: 8080 }]
      readinessProbe:
        httpGet: { path: '/ready?x=é|y', port: http }
`);
    const run = async (port: number) => {
      const io = memoryIO(dir, '');
      const code = await runCommand(['pod.yaml', '--container', 'app', '--probe', 'readinessProbe', '--port-map', `8080:${port}`, '--format', 'json'], io);
      return { code, json: JSON.parse(io.out) };
    };
    // Bare LF, a folded header, a repeated Content-Length, no reason phrase.
    const tolerant = await rawHttpServer('HTTP/1.1 200\nX-Fold: a\n  b\nContent-Length: 2\nContent-Length: 2\n\nok');
    const good = await run(tolerant.port);
    assert.equal(good.code, 0);
    assert.deepEqual({ ...good.json, durationMs: 0 }, {
      result: 'success',
      message: 'ok',
      durationMs: 0,
      probe: { type: 'httpGet', target: `http://127.0.0.1:${tolerant.port}/ready?x=é|y` },
      http: { status: 200, redirects: [] },
    });
    assert.deepEqual(Buffer.from(tolerant.requests[0].split('\r\n')[0], 'latin1'), Buffer.from('GET /ready?x=é|y HTTP/1.1'));
    const differing = await rawHttpServer('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\nokok');
    const bad = await run(differing.port);
    assert.equal(bad.code, 1);
    assert.equal(bad.json.result, 'failure');
    assert.equal(bad.json.message, `Get "http://127.0.0.1:${differing.port}/ready?x=é|y": ${BROKEN}http: message cannot contain multiple Content-Length headers; got ["2" "4"]`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
