// Request building (docs/semantics §2.1, acceptance A1–A14), port resolution (§6.1,
// H97–H102) and the Go text formats the messages are made of.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote, joinHostPort } from '../../../src/core/probe/go';
import { goDuration } from '../../../src/core/util/duration';
import { findPortByName, resolveContainerPort } from '../../../src/core/probe/ports';
import { canonicalMIMEHeaderKey, newRequestForHTTPGetAction, v1HeaderToHTTPHeader, wireHeaders } from '../../../src/core/probe/request';
import { planHttp, planTcp } from '../../../src/core/probe/target';
import { formatURL, requestURI, urlString } from '../../../src/core/probe/url';

const fmt = (scheme: string, host: string, port: number, path: string) => urlString(formatURL(scheme, host, port, path));
const obj = (h: Map<string, string[]>) => Object.fromEntries(h);

test('A1–A4 formatURL keeps the path and query exactly (TestFormatURL)', () => {
  assert.equal(fmt('http', 'localhost', 93, ''), 'http://localhost:93');
  assert.equal(fmt('https', 'localhost', 93, '/path'), 'https://localhost:93/path');
  assert.equal(fmt('http', 'localhost', 93, '?foo'), 'http://localhost:93?foo');
  assert.equal(fmt('https', 'localhost', 93, '/path?bar'), 'https://localhost:93/path?bar');
});

test('formatURL: request targets and Go escaping of odd paths', () => {
  assert.equal(requestURI(formatURL('http', 'h', 1, '')), '/');
  assert.equal(requestURI(formatURL('http', 'h', 1, '?foo')), '/?foo');
  assert.equal(requestURI(formatURL('http', 'h', 1, '/a b')), '/a%20b');
  assert.equal(requestURI(formatURL('http', 'h', 1, '/ok!%41')), '/ok!%41'); // valid encoding kept as is
  assert.equal(requestURI(formatURL('http', 'h', 1, '/a b!')), '/a%20b%21'); // else re-escaped, as Go does
  assert.equal(requestURI(formatURL('http', 'h', 1, '/%zz')), '/%25zz'); // parse error → raw path, escaped
  assert.equal(requestURI(formatURL('http', 'h', 1, '/x#frag')), '/x'); // the fragment is not sent
  assert.equal(fmt('http', 'h', 1, '/x#frag'), 'http://h:1/x#frag');
  assert.equal(requestURI(formatURL('http', 'h', 1, 'healthz')), '/healthz');
  assert.equal(fmt('http', 'h', 1, 'healthz'), 'http://h:1/healthz');
  assert.equal(requestURI(formatURL('http', 'h', 1, '/é')), '/%C3%A9');
});

test('A5–A9 v1HeaderToHTTPHeader canonicalises names and accumulates values in order', () => {
  assert.deepEqual(obj(v1HeaderToHTTPHeader([
    { name: 'Connection', value: 'Keep-Alive' },
    { name: 'Content-Type', value: 'text/html' },
    { name: 'Accept-Ranges', value: 'bytes' },
  ])), { Connection: ['Keep-Alive'], 'Content-Type': ['text/html'], 'Accept-Ranges': ['bytes'] }); // A5
  assert.deepEqual([...v1HeaderToHTTPHeader([{ name: 'HOST', value: 'example.com' }, { name: 'FOO-bAR', value: 'value' }]).keys()], ['Host', 'Foo-Bar']); // A6
  assert.deepEqual(obj(v1HeaderToHTTPHeader([])), {}); // A7
  assert.deepEqual(obj(v1HeaderToHTTPHeader([{ name: 'accept', value: 'application/json' }])), { Accept: ['application/json'] }); // A8
  assert.deepEqual(obj(v1HeaderToHTTPHeader([
    { name: 'accept', value: 'application/json' },
    { name: 'Accept', value: '*/*' },
    { name: 'pragma', value: 'no-cache' },
    { name: 'X-forwarded-for', value: 'username' },
  ])), { Accept: ['application/json', '*/*'], Pragma: ['no-cache'], 'X-Forwarded-For': ['username'] }); // A9
  assert.equal(canonicalMIMEHeaderKey('bad name'), 'bad name');
});

test('A10 scheme: empty → http, HTTPS → https', () => {
  const c = {};
  assert.equal(newRequestForHTTPGetAction({ port: 80 }, c, 'h', 'probe').request!.url.scheme, 'http');
  assert.equal(newRequestForHTTPGetAction({ port: 80, scheme: 'HTTPS' }, c, 'h', 'probe').request!.url.scheme, 'https');
});

test('A11 empty host → the pod IP', () => {
  const r = newRequestForHTTPGetAction({ port: 8080, path: '/healthz' }, {}, '10.1.2.3', 'probe');
  assert.equal(urlString(r.request!.url), 'http://10.1.2.3:8080/healthz');
  const own = newRequestForHTTPGetAction({ port: 8080, host: 'svc.local' }, {}, '10.1.2.3', 'probe');
  assert.equal(own.request!.url.hostname, 'svc.local');
});

test('A12 named port "http" → the container port 8080', () => {
  const r = newRequestForHTTPGetAction({ port: 'http' }, { ports: [{ name: 'http', containerPort: 8080, hostPort: 80 }] }, '10.1.2.3', 'probe');
  assert.equal(r.request!.url.port, 8080);
});

test('A13 named port not among the container ports → an error (the probe is errored)', () => {
  const r = newRequestForHTTPGetAction({ port: 'abc' }, { ports: [{ name: 'http', containerPort: 8080 }] }, '10.1.2.3', 'probe');
  assert.equal(r.error, 'port "abc" not found');
});

test('A14 IPv6 pod IP → [fd00::5]:80', () => {
  const r = newRequestForHTTPGetAction({ port: 80 }, {}, 'fd00::5', 'probe');
  assert.equal(urlString(r.request!.url), 'http://[fd00::5]:80');
  assert.equal(wireHeaders(r.request!, undefined).host, '[fd00::5]:80');
  assert.equal(joinHostPort('::1', 9), '[::1]:9');
});

test('§2.1.7–9 User-Agent, Accept and Host defaults and their empty-value rules', () => {
  const req = (headers: { name: string; value: string }[], purpose: 'probe' | 'lifecycle' = 'probe') =>
    newRequestForHTTPGetAction({ port: 80, httpHeaders: headers }, {}, '10.0.0.1', purpose).request!;
  const lines = (r: ReturnType<typeof req>) => wireHeaders(r, undefined).lines;
  assert.deepEqual(lines(req([])), [['User-Agent', 'kube-probe/1.35'], ['Accept', '*/*']]);
  assert.deepEqual(lines(req([], 'lifecycle'))[0], ['User-Agent', 'kube-lifecycle/1.35']);
  assert.deepEqual(lines(req([{ name: 'User-Agent', value: '' }])), [['Accept', '*/*']]); // empty UA: none sent
  assert.deepEqual(lines(req([{ name: 'accept', value: '' }, { name: 'Accept', value: 'x/y' }])), [['User-Agent', 'kube-probe/1.35']]); // first value empty: deleted
  assert.deepEqual(lines(req([{ name: 'Accept', value: 'x/y' }, { name: 'Accept', value: '' }])), [['User-Agent', 'kube-probe/1.35'], ['Accept', 'x/y'], ['Accept', '']]);
  const host = req([{ name: 'host', value: 'muffins.cupcakes.org' }]);
  assert.equal(host.host, 'muffins.cupcakes.org');
  assert.equal(wireHeaders(host, undefined).host, 'muffins.cupcakes.org');
  assert.equal(wireHeaders(req([]), undefined).host, '10.0.0.1:80'); // URL authority, port always included
  assert.deepEqual(wireHeaders(req([{ name: 'Upgrade', value: 'h2c' }]), undefined).lines, [['User-Agent', 'kube-probe/1.35'], ['Accept', '*/*'], ['Upgrade', 'h2c']]);
});

test('§17 a port-forwarded target: port through portMap, Host "<podIP>:<containerPort>"', () => {
  const plan = planHttp({ port: 'http', path: '/h' }, { ports: [{ name: 'http', containerPort: 8080 }] }, { host: '127.0.0.1', podIP: '10.1.2.3', portMap: { 8080: 18080 } }, 'probe');
  assert.ok(!('error' in plan));
  assert.equal(urlString(plan.request.url), 'http://127.0.0.1:18080/h');
  assert.equal(plan.options.defaultHost, '10.1.2.3:8080');
  assert.deepEqual(plan.options.route!('10.1.2.3', 8080), { host: '127.0.0.1', port: 18080 });
  const own = planHttp({ port: 80, host: 'example.org' }, {}, { host: '127.0.0.1', podIP: '10.1.2.3', portMap: { 80: 18080 } }, 'probe');
  assert.ok(!('error' in own));
  assert.equal(urlString(own.request.url), 'http://example.org:80'); // its own host: no port map, no Host override
  assert.equal(own.options.defaultHost, undefined);
});

test('H97–H102 ResolveContainerPort / findPortByName', () => {
  const foobar = { ports: [{ name: 'foo', containerPort: 8080 }, { name: 'bar', containerPort: 9000 }] };
  assert.deepEqual(findPortByName(foobar, 'foo'), { port: 8080 }); // H97
  const h98 = findPortByName(foobar, 'http'); // H98
  assert.equal(h98.port, 0);
  assert.ok(h98.error);
  assert.deepEqual(resolveContainerPort(443, foobar), { port: 443 }); // H99
  assert.deepEqual(resolveContainerPort(66666, foobar), { port: 66666, error: 'invalid port number: 66666' }); // H100
  const h101 = resolveContainerPort('foo', { ports: [{ name: 'bar', containerPort: 9000 }] }); // H101
  assert.equal(h101.port, 0);
  assert.ok(h101.error);
  const h102 = resolveContainerPort({ weird: true }, foobar); // H102
  assert.equal(h102.port, -1);
  assert.match(h102.error!, /intOrString had no kind/);
  assert.deepEqual(resolveContainerPort(undefined, foobar), { port: 0, error: 'invalid port number: 0' });
});

test('Go formats: durations, %q', () => {
  assert.deepEqual([500, 1000, 2000, 1500, 90_000, 3_600_000].map((ms) => goDuration(ms / 1000)), ['500ms', '1s', '2s', '1.5s', '1m30s', '1h0m0s']);
  assert.equal(goQuote('a "b"\n\t\x01é'), '"a \\"b\\"\\n\\t\\x01é"');
});

test('a handler with its own loopback host (127.0.0.0/8, ::1, localhost): the port goes through portMap, no Host override', () => {
  for (const host of ['127.0.0.2', 'localhost', '::1']) {
    const plan = planHttp({ port: 8080, host, path: '/h' }, {}, { portMap: { 8080: 18080 } }, 'probe');
    assert.ok(!('error' in plan));
    assert.equal(plan.request.url.port, 18080, host);
    assert.equal(plan.options.defaultHost, undefined);
    assert.deepEqual(planTcp({ port: 8080, host }, {}, { portMap: { 8080: 18080 } }), { host, port: 18080 });
  }
  assert.deepEqual(planTcp({ port: 8080, host: '10.0.0.9' }, {}, { portMap: { 8080: 18080 } }), { host: '10.0.0.9', port: 8080 });
});
