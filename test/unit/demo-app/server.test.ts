// The demo app (examples/demo-app/server.mjs) as a user's probes see it: the real app in a child
// process on free ports, reached over HTTP, TCP and gRPC on 127.0.0.1.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { status as grpcStatus } from '@grpc/grpc-js';
import { SERVER, grpcCheck, http, rejects, setMode, startDemoApp, tcp, until, type DemoApp } from './helpers';

describe('demo app with default behaviour', () => {
  let app: DemoApp;
  before(async () => {
    app = await startDemoApp();
  });
  after(() => app.stop());

  test('prints the ports it got as a JSON line, after the banner', () => {
    const json = app.lines.findIndex((l) => l.startsWith('{"event":"listening"'));
    assert.ok(json > 0, app.lines.join('\n'));
    assert.match(app.lines[0], /^Kubernetes Probes demo app/);
    for (const port of Object.values(app.ports)) assert.ok(port > 0);
  });

  test('answers /healthz, /ready and /startup with 200', async () => {
    assert.deepEqual(await http(app.url('/healthz')).then((r) => [r.status, r.body]), [200, 'liveness: ok\n']);
    assert.deepEqual(await http(app.url('/ready')).then((r) => [r.status, r.body]), [200, 'readiness: ok\n']);
    assert.deepEqual(await http(app.url('/startup')).then((r) => [r.status, r.body]), [200, 'startup: ok\n']);
  });

  test('accepts connections on the TCP port', async () => {
    assert.equal(await tcp(app.ports.tcp), 'demo-app\n');
  });

  test('serves grpc.health.v1: SERVING for "" and "demo", NOT_FOUND for other services', async () => {
    assert.equal(await grpcCheck(app.ports.grpc, ''), 'SERVING');
    assert.equal(await grpcCheck(app.ports.grpc, 'demo'), 'SERVING');
    assert.equal(await grpcCheck(app.ports.grpc, 'payments'), `error:${grpcStatus.NOT_FOUND}`);
  });

  test('admin readiness=fail: /ready answers 503, /healthz stays 200; auto restores it', async () => {
    assert.equal((await setMode(app, 'readiness=fail')).status, 200);
    assert.deepEqual(await http(app.url('/ready')).then((r) => [r.status, r.body]), [503, 'readiness: failing (admin override)\n']);
    assert.equal((await http(app.url('/healthz'))).status, 200);
    await setMode(app, 'readiness=auto');
    assert.equal((await http(app.url('/ready'))).status, 200);
  });

  test('admin grpc=NOT_SERVING: service "" is NOT_SERVING, "demo" still SERVING', async () => {
    await setMode(app, 'grpc=NOT_SERVING');
    assert.equal(await grpcCheck(app.ports.grpc, ''), 'NOT_SERVING');
    assert.equal(await grpcCheck(app.ports.grpc, 'demo'), 'SERVING');
    await setMode(app, 'grpc.demo=fail');
    assert.equal(await grpcCheck(app.ports.grpc, 'demo'), 'NOT_SERVING');
    await setMode(app, 'grpc=SERVING&grpc.demo=auto');
    assert.equal(await grpcCheck(app.ports.grpc, ''), 'SERVING');
    assert.equal(await grpcCheck(app.ports.grpc, 'demo'), 'SERVING');
    await setMode(app, 'grpc=auto');
  });

  test('admin tcp=fail: connections are refused until tcp=ok', async () => {
    await setMode(app, 'tcp=fail');
    await assert.rejects(tcp(app.ports.tcp), /ECONNREFUSED/);
    await setMode(app, 'tcp=ok');
    await until(() => tcp(app.ports.tcp).then(() => true, () => false), 'the TCP port to accept again');
    await setMode(app, 'tcp=auto');
  });

  test('admin liveness=slow:2000: no answer within 1 s, then 200', async () => {
    await setMode(app, 'liveness=slow:2000');
    await assert.rejects(http(app.url('/healthz'), { timeoutMs: 1000 }), /no answer within 1000 ms/);
    assert.equal((await http(app.url('/healthz'), { timeoutMs: 10_000 })).status, 200);
    await setMode(app, 'liveness=auto');
  });

  test('admin: an unknown check or value is a 400 and changes nothing', async () => {
    const unknown = await setMode(app, 'readiness=fail&payments=fail');
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /unknown check 'payments'/);
    const badValue = await setMode(app, 'tcp=hang');
    assert.equal(badValue.status, 400);
    assert.match(badValue.body, /tcp=hang: expected ok\|fail\|auto/);
    assert.equal((await http(app.url('/ready'))).status, 200);
  });

  test('GET /admin/mode reports phase, checks and overrides as JSON', async () => {
    await setMode(app, 'startup=hang');
    const state = JSON.parse((await http(app.url('/admin/mode'))).body) as Record<string, unknown>;
    await setMode(app, 'startup=auto');
    assert.equal(state.phase, 'running');
    assert.deepEqual(state.checks, { liveness: 'ok', readiness: 'ok', startup: 'hang', tcp: 'ok', grpc: 'ok', 'grpc.demo': 'ok' });
    assert.deepEqual(state.overrides, { startup: 'hang' });
  });

  test('redirects to the same host and to another host, and answers /status/<code>', async () => {
    const local = await http(app.url('/redirect'));
    assert.equal(local.status, 302);
    assert.equal(local.headers.location, '/healthz');
    const external = await http(app.url('/redirect-external'));
    assert.equal(external.status, 302);
    assert.equal(external.headers.location, `http://127.0.0.2:${app.ports.http}/healthz`);
    assert.equal((await http(app.url('/status/418'))).status, 418);
    assert.equal((await http(app.url('/status/700'))).status, 404);
  });

  test('the status page shows every check with its buttons', async () => {
    const page = await http(app.url('/'));
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    for (const check of ['liveness', 'readiness', 'startup', 'tcp', 'grpc', 'grpc.demo']) {
      assert.ok(page.body.includes(`data-set="${check}=fail"`), check);
    }
  });
});

describe('demo app --start-delay', () => {
  let app: DemoApp;
  before(async () => {
    app = await startDemoApp(['--start-delay', '3']);
  });
  after(() => app.stop());

  test('fails and refuses until the delay is over, then serves', async () => {
    const early = await http(app.url('/startup'));
    assert.equal(early.status, 503);
    assert.match(early.body, /^startup: failing \(starting, --start-delay 3s/);
    assert.equal((await http(app.url('/healthz'))).status, 503);
    assert.equal((await http(app.url('/ready'))).status, 503);
    await assert.rejects(tcp(app.ports.tcp), /ECONNREFUSED/);
    assert.equal(await grpcCheck(app.ports.grpc, ''), 'NOT_SERVING');

    await until(async () => (await http(app.url('/startup'))).status === 200, '/startup to answer 200');
    await until(() => tcp(app.ports.tcp).then(() => true, () => false), 'the TCP port to accept');
    assert.equal((await http(app.url('/healthz'))).status, 200);
    assert.equal(await grpcCheck(app.ports.grpc, ''), 'SERVING');
  });
});

describe('demo app --fail-after', () => {
  let app: DemoApp;
  before(async () => {
    app = await startDemoApp(['--fail-after', '0.5']);
  });
  after(() => app.stop());

  test('probes fail after the given time, while the TCP port stays open', async () => {
    await until(async () => (await http(app.url('/healthz'))).status === 503, '/healthz to fail');
    assert.equal((await http(app.url('/ready'))).body, 'readiness: failing (--fail-after 0.5s)\n');
    assert.equal(await grpcCheck(app.ports.grpc, 'demo'), 'NOT_SERVING');
    assert.equal(await tcp(app.ports.tcp), 'demo-app\n');
  });
});

describe('demo app --hang', () => {
  let app: DemoApp;
  before(async () => {
    app = await startDemoApp(['--hang']);
  });
  after(() => app.stop());

  test('/healthz gets no answer within 1 s', async () => {
    await assert.rejects(http(app.url('/healthz'), { timeoutMs: 1000 }), /no answer within 1000 ms/);
  });

  test('gRPC Check gets no answer within 1 s', async () => {
    assert.equal(await grpcCheck(app.ports.grpc, '', 1000), `error:${grpcStatus.DEADLINE_EXCEEDED}`);
  });

  test('the TCP port, the status page and the admin API still answer; an override beats the hang', async () => {
    assert.equal(await tcp(app.ports.tcp), 'demo-app\n');
    assert.equal((await http(app.url('/'))).status, 200);
    await setMode(app, 'liveness=ok');
    assert.equal((await http(app.url('/healthz'))).status, 200);
  });

  test('SIGTERM stops it with exit code 0 even while a request hangs', async () => {
    const hangingRejected = rejects(http(app.url('/ready'), { timeoutMs: 60_000 }));
    await until(() => app.lines.some((l) => l.includes('GET /ready → no answer')), 'the request to arrive');
    assert.equal(await app.stop(), 0);
    assert.ok(await hangingRejected, 'the hung request was answered');
    assert.ok(app.lines.some((l) => l.endsWith('SIGTERM: shutting down')));
    assert.ok(app.lines.some((l) => l.endsWith('stopped')));
  });
});

describe('demo app shutdown and exit', () => {
  test('SIGTERM: exit code 0, and the ports are closed', async () => {
    const app = await startDemoApp();
    assert.equal((await http(app.url('/healthz'))).status, 200);
    assert.equal(await app.stop(), 0);
    await assert.rejects(http(app.url('/healthz')), /ECONNREFUSED/);
    await assert.rejects(tcp(app.ports.tcp), /ECONNREFUSED/);
  });

  test('--exit-after 0.5 --exit-code 3: the process exits with code 3', async () => {
    const app = await startDemoApp(['--exit-after', '0.5', '--exit-code', '3']);
    assert.equal(await app.exited, 3);
    assert.ok(app.lines.some((l) => l.endsWith('exiting with code 3 (--exit-after 0.5)')));
  });

  test('a bad flag: exit code 2 and a message naming it', () => {
    const r = spawnSync(process.execPath, [SERVER, '--http-port', 'eighty'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--http-port eighty: expected an integer from 0 to 65535/);
  });

  test('options come from DEMO_* environment variables too, and flags win', () => {
    const env = { ...process.env, DEMO_START_DELAY: 'soon' };
    const fromEnv = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8', env });
    assert.equal(fromEnv.status, 2);
    assert.match(fromEnv.stderr, /--start-delay soon: expected a number/);
    const flagWins = spawnSync(process.execPath, [SERVER, '--start-delay', '5', '--help'], { encoding: 'utf8', env });
    assert.equal(flagWins.status, 0);
    assert.match(flagWins.stdout, /^usage: node demo-app\/server.mjs/);
  });
});
