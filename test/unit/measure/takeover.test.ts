// "Start the task anyway": the probe already succeeds before the launch because something else
// answers at the port, and the starter (the user's task) may take the port over. Against real child
// processes on 127.0.0.1: the real demo app replaced by a second one started with --replace, a slow
// replacement that lets the old process answer for a while after its own start, a declined
// question, a starter that may not take over, an exec probe, a launch that never takes the port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandStarter, measureStarts, MeasureError, type AppStarter, type ProbeUnderTest, type StartedApp, type TakeOverQuestion } from '../../../src/core/measure';
import { SERVER, startDemoApp, http } from '../demo-app/helpers';

const T = { timeout: 60_000 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createTcpServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const probeAt = (port: number): ProbeUnderTest => ({
  probe: { httpGet: { path: '/healthz', port: 'http' }, timeoutSeconds: 1 },
  container: { name: 'app', ports: [{ name: 'http', containerPort: 8080 }] },
  target: { host: '127.0.0.1', portMap: { 8080: port } },
  site: 'livenessProbe',
});

/** A starter as the editor's task glue makes it (the user's task, may take the port over), around real child processes. */
function taskStarter(argv: string[]): AppStarter & { calls: number; last(): StartedApp | undefined } {
  const inner = commandStarter({ argv });
  let last: StartedApp | undefined;
  const s = {
    label: 'task "demo"',
    kind: 'process' as const,
    mayTakeOverPort: true,
    leaveRunning: true,
    portHint: 'start the app only through task "demo".',
    calls: 0,
    last: () => last,
    start: async (n: number) => {
      s.calls++;
      last = await inner.start(n);
      return last;
    },
  };
  return s;
}

function asker(answer: boolean) {
  const asked: TakeOverQuestion[] = [];
  return { asked, confirmTakeOver: async (q: TakeOverQuestion) => (asked.push(q), answer) };
}

test('the demo app already answers; its task (--replace, --start-delay 2) started anyway is timed on the new process: never before its delay', T, async () => {
  const old = await startDemoApp();
  const { ports } = old;
  const starter = taskStarter([process.execPath, SERVER, '--replace', '--http-port', String(ports.http), '--tcp-port', String(ports.tcp), '--grpc-port', String(ports.grpc), '--start-delay', '2']);
  const a = asker(true);
  try {
    const records = await measureStarts(probeAt(ports.http), { starts: 1, starter, pollMs: 50, maxWaitSeconds: 30, ...a });
    assert.equal(a.asked.length, 1);
    assert.equal(a.asked[0]!.message, `The probe already succeeds before task "demo" is launched: something else answers at 127.0.0.1:${ports.http}.`);
    assert.match(a.asked[0]!.detail, /timed from its own process start, and a success counts only once the process answering now has stopped answering\. Otherwise stop that process first, or start the app only through task "demo"\.$/);
    assert.equal(records.length, 1);
    const r = records[0]!;
    // The old app answered 200 until it was replaced; the new one answers 503 for its first 2 s.
    assert.equal(r.problem, undefined, JSON.stringify(r));
    assert.ok(r.firstSuccessSeconds! >= 2 && r.firstSuccessSeconds! < 2 + 15, JSON.stringify(r));
    assert.equal(await old.exited, 0, 'the old demo app was replaced (it stopped on the request)');
    assert.equal(starter.last()!.exited(), undefined, 'the task is left running');
    assert.equal((await http(`http://127.0.0.1:${ports.http}/healthz`)).status, 200);
  } finally {
    await old.stop();
    await starter.last()?.stop();
  }
});

/** A process that answers 200 at `port` at once; killed, it exits. */
function answerer(port: number): Promise<{ exited: Promise<unknown>; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['-e', `require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1', () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve({ exited, pid: child.pid!, stop: () => child.kill('SIGKILL') }));
    child.once('exit', (c) => reject(new Error(`the answerer exited (${c}) before listening`)));
  });
}

test('a replacement that answers at once but only takes the port over after 1.5 s: the old process\'s successes before then are not counted', T, async () => {
  const port = await freePort();
  const old = await answerer(port);
  // The new app: after 1.5 s it stops the old one, then binds as soon as the port is free and answers 200 at once.
  const script = `setTimeout(() => { process.kill(${old.pid}, 'SIGTERM'); const http = require('http');
    const bind = () => { const s = http.createServer((q, r) => r.end('new')); s.once('error', () => setTimeout(bind, 10)); s.listen(${port}, '127.0.0.1'); }; bind(); }, 1500);`;
  const starter = taskStarter([process.execPath, '-e', script]);
  const a = asker(true);
  try {
    const records = await measureStarts(probeAt(port), { starts: 1, starter, pollMs: 50, maxWaitSeconds: 30, ...a });
    const r = records[0]!;
    assert.equal(r.problem, undefined, JSON.stringify(r));
    // Polled every 50 ms, the old process answered 200 many times during the first 1.5 s.
    assert.ok(r.firstSuccessSeconds! >= 1.5, JSON.stringify(r));
    assert.ok(r.attempts > 3, JSON.stringify(r));
  } finally {
    old.stop();
    await starter.last()?.stop();
  }
});

test('declined: nothing is launched, no start is returned, the process there still answers', T, async () => {
  const port = await freePort();
  const old = await answerer(port);
  const marker = join(mkdtempSync(join(tmpdir(), 'measure-')), 'launched');
  const starter = taskStarter([process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]);
  const a = asker(false);
  try {
    const records = await measureStarts(probeAt(port), { starts: 2, starter, pollMs: 50, maxWaitSeconds: 5, ...a });
    assert.deepEqual(records, []);
    assert.equal(a.asked.length, 1);
    assert.equal(starter.calls, 0);
    assert.equal(existsSync(marker), false, 'the launch never ran');
    assert.equal((await http(`http://127.0.0.1:${port}/`)).body, 'ok');
  } finally {
    old.stop();
  }
});

test('refused as before (nothing asked, nothing launched): a starter that may not take the port over, no one to ask, or an exec probe', T, async () => {
  const port = await freePort();
  const old = await answerer(port);
  const marker = join(mkdtempSync(join(tmpdir(), 'measure-')), 'launched');
  const argv = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`];
  const a = asker(true);
  const exec: ProbeUnderTest = { probe: { exec: { command: [process.execPath, '-e', ''] } }, container: { name: 'app' }, target: {}, site: 'livenessProbe' };
  const refused = (e: unknown) => e instanceof MeasureError && /^the probe already succeeds before the app is launched: something else answers at the target — stop it first/.test(e.message);
  try {
    await assert.rejects(measureStarts(probeAt(port), { starts: 1, starter: commandStarter({ argv }), pollMs: 50, maxWaitSeconds: 5, ...a }), refused);
    await assert.rejects(measureStarts(probeAt(port), { starts: 1, starter: taskStarter(argv), pollMs: 50, maxWaitSeconds: 5 }), refused);
    await assert.rejects(measureStarts(exec, { starts: 1, starter: taskStarter(argv), pollMs: 50, maxWaitSeconds: 5, ...a }), refused);
    assert.equal(a.asked.length, 0);
    assert.equal(existsSync(marker), false, 'the launch never ran');
  } finally {
    old.stop();
  }
});

test('started anyway, but the task never takes the port over: the start says so', T, async () => {
  const port = await freePort();
  const old = await answerer(port);
  const starter = taskStarter([process.execPath, '-e', 'setInterval(() => {}, 1000)']);
  try {
    const records = await measureStarts(probeAt(port), { starts: 1, starter, pollMs: 100, maxWaitSeconds: 2, ...asker(true) });
    assert.equal(records[0]!.firstSuccessSeconds, undefined);
    assert.equal(records[0]!.problem, `the process that answered at 127.0.0.1:${port} before launch still answered 2 s after it: the app did not take that port over`);
  } finally {
    old.stop();
    await starter.last()?.stop();
  }
});
