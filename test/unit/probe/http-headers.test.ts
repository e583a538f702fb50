// HTTP request headers on the wire (docs/semantics §2.1–§2.2, acceptance B15–B33,
// TestHTTPProbeChecker), against real servers on 127.0.0.1 that see the headers as a Go server does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HTTPHeader } from '../../../src/core/k8s';
import { runHandler, type ProbeRunResult } from '../../../src/core/probe';
import { echoHeaders, goHeaders, http2Server, httpServer } from './helpers';

const T = { timeout: 20_000 };

async function probe(port: number, httpHeaders: HTTPHeader[] = [], extra: { host?: string; path?: string } = {}): Promise<ProbeRunResult> {
  return runHandler({ httpGet: { port, path: extra.path ?? '/', httpHeaders } }, {}, { host: extra.host }, { site: 'livenessProbe' });
}

test('B15 200 with body "ok body" → Success, output contains it', T, async () => {
  const port = await httpServer((_req, res) => res.end('ok body'));
  const r = await probe(port);
  assert.equal(r.result, 'success');
  assert.match(r.message, /ok body/);
});

test('B16 no custom headers → the server counts 3 headers; B17 their names are Accept, Connection, User-Agent', T, async () => {
  const count = await httpServer((req, res) => res.end(String(goHeaders(req).length)));
  assert.equal((await probe(count)).message, '3');
  const names = await httpServer((req, res) => res.end(goHeaders(req).map(([k]) => k).sort().join('\n')));
  assert.equal((await probe(names)).message, 'Accept\nConnection\nUser-Agent');
  const values = await httpServer((req, res) => res.end(JSON.stringify(goHeaders(req).sort())));
  assert.deepEqual(JSON.parse((await probe(values)).message), [['Accept', '*/*'], ['Connection', 'close'], ['User-Agent', 'kube-probe/1.35']]);
});

test('B18–B31 custom headers as the server sees them', T, async () => {
  const echo = await httpServer(echoHeaders);
  const out = async (headers: HTTPHeader[]) => (await probe(echo, headers)).message;
  assert.match(await out([{ name: 'Accept-Encoding', value: 'gzip' }]), /^Accept-Encoding: gzip$/m); // B18
  assert.match(await out([{ name: 'Accept-Encoding', value: 'foo' }]), /^Accept-Encoding: foo$/m); // B19
  assert.match(await out([{ name: 'Accept-Encoding', value: '' }]), /^Accept-Encoding: $/m); // B20: the empty value is sent
  assert.match(await out([{ name: 'X-Muffins-Or-Cupcakes', value: 'muffins' }]), /^X-Muffins-Or-Cupcakes: muffins$/m); // B21
  assert.match(await out([{ name: 'User-Agent', value: 'foo/1.0' }]), /^User-Agent: foo\/1\.0$/m); // B22
  assert.doesNotMatch(await out([{ name: 'User-Agent', value: '' }]), /User-Agent/); // B23
  assert.match(await out([]), /^User-Agent: kube-probe\//m); // B24
  assert.match(await out([{ name: 'User-Agent', value: 'foo/1.0' }, { name: 'Accept', value: 'text/html' }]), /^Accept: text\/html$/m); // B25
  assert.match(await out([{ name: 'User-Agent', value: 'foo/1.0' }, { name: 'Accept', value: 'foo/*' }]), /^User-Agent: foo\/1\.0$/m); // B26
  assert.match(await out([{ name: 'X-Muffins-Or-Cupcakes', value: 'muffins' }, { name: 'Accept', value: 'foo/*' }]), /^X-Muffins-Or-Cupcakes: muffins$/m); // B27
  assert.match(await out([{ name: 'Accept', value: 'foo/*' }]), /^Accept: foo\/\*$/m); // B28
  assert.doesNotMatch(await out([{ name: 'Accept', value: '' }]), /Accept:/); // B29
  assert.doesNotMatch(await out([{ name: 'User-Agent', value: 'foo/1.0' }, { name: 'Accept', value: '' }]), /Accept:/); // B30
  assert.match(await out([]), /^Accept: \*\/\*$/m); // B31
  assert.doesNotMatch(await out([]), /Accept-Encoding/); // no gzip negotiation (DisableCompression)
});

test('B32 a custom Host header sets the request host line', T, async () => {
  const port = await httpServer((req, res) => res.end(req.headers.host));
  const r = await probe(port, [{ name: 'Host', value: 'muffins.cupcakes.org' }]);
  assert.equal(r.message, 'muffins.cupcakes.org');
  assert.deepEqual(r.http?.headers?.Host, ['muffins.cupcakes.org']);
  const plain = await probe(port);
  assert.equal(plain.message, `127.0.0.1:${port}`);
});

test('B33 HTTP_PROXY/http_proxy set to a local proxy → the probe does not go through it', T, async () => {
  let proxied = 0;
  const proxy = await httpServer((_req, res) => {
    proxied++;
    res.end('proxied');
  });
  const real = await httpServer((_req, res) => res.end('direct'));
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
  process.env.HTTP_PROXY = process.env.http_proxy = `http://127.0.0.1:${proxy}`;
  try {
    const r = await probe(real);
    assert.equal(r.message, 'direct');
    assert.notEqual(r.message, 'proxied');
    assert.equal(proxied, 0);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test('a port-forwarded pod: the server sees Host "<podIP>:<containerPort>", not 127.0.0.1:<localPort>', T, async () => {
  const port = await httpServer((req, res) => res.end(req.headers.host));
  const r = await runHandler({ httpGet: { port: 'http', path: '/' } }, { ports: [{ name: 'http', containerPort: 8080 }] },
    { host: '127.0.0.1', podIP: '10.1.2.3', portMap: { 8080: port } }, { site: 'readinessProbe' });
  assert.equal(r.message, '10.1.2.3:8080');
  const given = await runHandler({ httpGet: { port: 8080 } }, {}, { portMap: { 8080: port }, hostHeader: 'web:8080' }, { site: 'readinessProbe' });
  assert.equal(given.message, 'web:8080');
});

test('HTTPS offers h2 by ALPN: an h2 server is probed over HTTP/2 with the same headers', T, async () => {
  const port = await http2Server((req, res) => res.end(`${req.httpVersion} ${JSON.stringify(goHeaders(req).sort())}`));
  const r = await runHandler({ httpGet: { port, scheme: 'HTTPS' } }, {}, {}, { site: 'livenessProbe' });
  assert.equal(r.result, 'success');
  assert.equal(r.message, '2.0 [["Accept","*/*"],["User-Agent","kube-probe/1.35"]]');
});

test('invalid header names or values → Failure with Go\'s net/http text', T, async () => {
  const port = await httpServer((_req, res) => res.end());
  const bad = await probe(port, [{ name: 'X-Bad', value: 'a\r\nb' }]);
  assert.equal(bad.result, 'failure');
  assert.equal(bad.message, `Get "http://127.0.0.1:${port}/": net/http: invalid header field value for "X-Bad"`);
  const badName = await probe(port, [{ name: 'bad name', value: 'x' }]);
  assert.equal(badName.message, `Get "http://127.0.0.1:${port}/": net/http: invalid header field name "bad name"`);
});

test('Upgrade, Keep-Alive and Expect headers are sent over HTTP/1.1 as Go sends them (net/http Request.write)', T, async () => {
  const port = await httpServer(echoHeaders);
  const r = await probe(port, [{ name: 'Upgrade', value: 'h2c' }, { name: 'Keep-Alive', value: 'timeout=5' }, { name: 'Expect', value: '100-continue' }, { name: 'X-Ok', value: '1' }]);
  assert.equal(r.result, 'success');
  assert.match(r.message, /^X-Ok: 1$/m);
  assert.match(r.message, /^Upgrade: h2c$/m);
  assert.match(r.message, /^Keep-Alive: timeout=5$/m);
  assert.match(r.message, /^Expect: 100-continue$/m);
  assert.equal(r.note, undefined);
});
