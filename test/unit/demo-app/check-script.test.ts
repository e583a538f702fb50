// examples/demo-app/check.mjs, the exec-probe script of the example manifests, run for real
// against the real demo app: its exit code is what an exec probe's result depends on.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CHECK_SCRIPT, setMode, startDemoApp, type DemoApp } from './helpers';

function runCheck(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [CHECK_SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('check.mjs against the demo app', () => {
  let app: DemoApp;
  let base: string;
  before(async () => {
    app = await startDemoApp();
    base = `http://127.0.0.1:${app.ports.http}`;
  });
  after(() => app.stop());

  test('exit 0 and the answer on stdout when the endpoint answers 200', async () => {
    const r = await runCheck(['readiness', '--url', base]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${base}/ready → 200 readiness: ok\n`);
  });

  test('exit 1 when the endpoint answers 503', async () => {
    await setMode(app, 'startup=fail');
    const r = await runCheck(['startup', '--url', base]);
    await setMode(app, 'startup=auto');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\/startup → 503 startup: failing \(admin override\)/);
  });

  test('exit 1 when the endpoint does not answer within --timeout', async () => {
    await setMode(app, 'liveness=hang');
    const r = await runCheck(['liveness', '--url', base, '--timeout', '0.5']);
    await setMode(app, 'liveness=auto');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\/healthz → no answer within 0.5s/);
  });

  test('checks liveness on 127.0.0.1:$DEMO_HTTP_PORT by default', async () => {
    const r = await runCheck([], { ...process.env, DEMO_HTTP_PORT: String(app.ports.http) });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${base}/healthz → 200 liveness: ok\n`);
  });
});

describe('check.mjs without the demo app', () => {
  test('exit 1 when the connection is refused', async () => {
    const app = await startDemoApp();
    await app.stop(); // a port that was just free, and is closed again
    const r = await runCheck(['readiness', '--url', `http://127.0.0.1:${app.ports.http}`]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /→ ECONNREFUSED/);
  });

  test('exit 2 on a usage error', async () => {
    const r = await runCheck(['healthy']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unexpected arguments: healthy/);
  });
});
