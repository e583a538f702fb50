// postStart / preStop handlers as pkg/kubelet/lifecycle/handlers.go runs them, against real
// servers and processes on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runHandler } from '../../../src/core/probe';
import { freePort, goHeaders, httpServer, silentServer } from './helpers';

const T = { timeout: 20_000 };
const hook = (handler: Parameters<typeof runHandler>[0], site: 'postStart' | 'preStop' = 'postStart', signal?: AbortSignal) =>
  runHandler(handler, { name: 'app', env: [{ name: 'A', value: 'x' }] }, { pod: 'web-1' }, { site, signal });

test('httpGet hook: user agent kube-lifecycle, gzip offered, any status is a success', T, async () => {
  const port = await httpServer((req, res) => {
    res.statusCode = req.url === '/fail' ? 500 : 200;
    res.end(JSON.stringify(goHeaders(req).filter(([k]) => k !== 'Connection').sort()));
  });
  const r = await hook({ httpGet: { port, path: '/ok' } });
  assert.equal(r.result, 'success');
  assert.equal(r.message, 'HTTP 200');
  assert.equal(r.cached, undefined);
  const failing = await hook({ httpGet: { port, path: '/fail' } }, 'preStop');
  assert.equal(failing.result, 'success');
  assert.equal(failing.message, 'HTTP 500 (the kubelet does not look at the status code of a lifecycle hook)');
  assert.deepEqual(failing.http?.headers?.['User-Agent'], ['kube-lifecycle/1.35']);
  assert.deepEqual(failing.http?.headers?.['Accept-Encoding'], ['gzip']);
});

test('httpGet hook: a transport error fails it with the kubelet\'s event text', T, async () => {
  const port = await freePort();
  const r = await hook({ httpGet: { port, path: '/pre' } }, 'preStop');
  assert.equal(r.result, 'failure');
  assert.equal(r.message, `Get "http://127.0.0.1:${port}/pre": dial tcp 127.0.0.1:${port}: connect: connection refused`);
  assert.equal(r.event, `HTTP lifecycle hook (/pre) for Container "app" in Pod "web-1" failed - error: ${r.message}`);
});

test('httpGet hook: HTTPS answered in plain HTTP is retried over HTTP (LifecycleHTTPFallback)', T, async () => {
  const port = await httpServer((_req, res) => res.end('plain'));
  const r = await hook({ httpGet: { port, scheme: 'HTTPS', path: '/' } });
  assert.equal(r.result, 'success');
  assert.equal(r.note, `LifecycleHTTPFallback: request to HTTPS lifecycle hook 127.0.0.1:${port} got HTTP response, retry with HTTP succeeded`);
});

test('httpGet hook: the kubelet sets no timeout; ours is reported as our own', T, async () => {
  const port = await httpServer(() => undefined);
  const r = await runHandler({ httpGet: { port } }, { name: 'app' }, {}, { site: 'postStart', timeoutSeconds: 1 });
  assert.equal(r.result, 'failure');
  assert.equal(r.note, 'The kubelet sets no timeout on lifecycle hooks; we stopped waiting after 1s.');
});

test('exec hook: argv as written (no $(VAR) expansion); a non-zero exit fails with the kubelet\'s text', T, async () => {
  const good = await hook({ exec: { command: ['sh', '-c', 'printf "%s" "$0"', '$(A)'] } });
  assert.deepEqual([good.result, good.message], ['success', '$(A)']);
  const bad = await hook({ exec: { command: ['sh', '-c', 'printf out; printf err >&2; exit 3'] } }, 'preStop');
  assert.equal(bad.result, 'failure');
  assert.equal(bad.message, "command 'sh -c printf out; printf err >&2; exit 3' exited with 3: err");
  assert.equal(bad.event, `Exec lifecycle hook ([sh -c printf out; printf err >&2; exit 3]) for Container "app" in Pod "web-1" failed - error: ${bad.message}, message: "outerr"`);
});

test('sleep hook: waits, succeeds; cancelled → "container terminated before sleep hook finished"', T, async () => {
  const r = await hook({ sleep: { seconds: 0 } }, 'preStop');
  assert.deepEqual([r.result, r.probe.type, r.probe.target], ['success', 'sleep', '0s']);
  const ac = new AbortController();
  const pending = hook({ sleep: { seconds: 60 } }, 'preStop', ac.signal);
  setTimeout(() => ac.abort(), 30);
  const c = await pending;
  assert.equal(c.result, 'failure');
  assert.equal(c.event, 'Sleep lifecycle hook (60) for Container "app" in Pod "web-1" failed - error: container terminated before sleep hook finished');
});

test('tcpSocket hook: the kubelet fails it at runtime; we say so, and report the connect we tried', T, async () => {
  const port = await silentServer();
  const r = await hook({ tcpSocket: { port } });
  assert.equal(r.result, 'failure');
  assert.equal(r.message, 'Cannot run handler: invalid handler: tcpSocket is not supported in lifecycle hooks. The kubelet fails this postStart hook at runtime.');
  assert.equal(r.note, `For information only, we tried a TCP connection to 127.0.0.1:${port}: it succeeded.`);
  const none = await hook({});
  assert.deepEqual([none.result, none.probe.type], ['failure', 'none']);
});
