// Planning the cold starts against real things on 127.0.0.1: a port already held by a process
// Measure did not start is refused before anything is launched (a real HTTP server answering 503,
// like an app still starting); an app already running (as a VS Code task the user started) is timed
// from its own start, or restarted after saying why; the launch setting's two forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandStarter, measureStarts, MeasureError, parseLaunchSetting, portHeld, probeEndpoint, type AppStarter, type ProbeUnderTest, type StartedApp } from '../../../src/core/measure';
import { SERVER } from '../demo-app/helpers';

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

async function listen503(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => res.writeHead(503).end('starting'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

const demoArgv = async (http: number, delay: number) => [process.execPath, SERVER, '--http-port', String(http), '--tcp-port', String(await freePort()), '--grpc-port', String(await freePort()), '--start-delay', String(delay)];

test('a port held by a process Measure did not start (an app still starting, answering 503) is refused before anything is launched', async () => {
  const { server, port } = await listen503();
  const marker = join(mkdtempSync(join(tmpdir(), 'measure-')), 'launched');
  try {
    const launch = { argv: [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`] };
    await assert.rejects(
      measureStarts(probeAt(port), { starts: 1, starter: commandStarter(launch, 'name its task in the setting.'), pollMs: 50, maxWaitSeconds: 5 }),
      (e: Error) => {
        assert.ok(e instanceof MeasureError);
        assert.match(e.message, new RegExp(`^port ${port} \\(127\\.0\\.0\\.1:${port}, where the probe connects\\) is already in use by a process Measure did not start`));
        assert.match(e.message, /Nothing was launched.*Stop that process and measure again, or name its task in the setting\.$/);
        return true;
      },
    );
    assert.equal(existsSync(marker), false, 'the launch command never ran');
  } finally {
    server.close();
  }
});

test('portHeld: a listening port is held, and free once it is closed', async () => {
  const port = await freePort();
  const holder = createTcpServer();
  await new Promise<void>((r) => holder.listen({ host: '127.0.0.1', port }, r));
  try {
    assert.equal(await portHeld({ host: '127.0.0.1', port }), true);
  } finally {
    holder.close();
  }
  assert.equal(await portHeld({ host: '127.0.0.1', port }), false, 'free once closed');
});

/** A starter like the editor's task glue, around real child processes: `already` is a run the user started earlier. */
function processStarter(argv: string[], already?: { app: StartedApp; knownStart: boolean }) {
  const calls: number[] = [];
  const inner = commandStarter({ argv });
  let current: StartedApp | undefined = already?.app;
  const s: AppStarter & { calls: number[]; current(): StartedApp | undefined } = {
    label: 'task "demo"',
    kind: 'process',
    leaveRunning: true,
    running: () => (current && !current.exited() ? { ...current, t0: already?.knownStart || current !== already?.app ? current.t0 : undefined } : undefined),
    start: async (n) => {
      calls.push(n);
      current = await inner.start(n);
      return current;
    },
    calls,
    current: () => current,
  };
  return s;
}

test('an app already starting (a task the user started) is timed as start 1 from its own start, then restarted for start 2 and left running', async () => {
  const http = await freePort();
  const argv = await demoArgv(http, 2);
  const first = await commandStarter({ argv }).start(1);
  const starter = processStarter(argv, { app: first, knownStart: true });
  const notices: string[] = [];
  try {
    const records = await measureStarts(probeAt(http), { starts: 2, starter, pollMs: 100, maxWaitSeconds: 30, onNotice: (t) => notices.push(t) });
    assert.deepEqual(notices, []);
    assert.deepEqual(starter.calls, [2], 'only the second start was launched');
    assert.equal(records.length, 2);
    for (const r of records) assert.ok(r.problem === undefined && r.firstSuccessSeconds! >= 2 && r.firstSuccessSeconds! < 2 + 15, JSON.stringify(r));
    assert.ok(first.exited(), 'the first run was stopped before the restart');
    assert.equal(starter.current()!.exited(), undefined, 'the last start is left running (the user\'s task)');
  } finally {
    await first.stop();
    await starter.current()?.stop();
  }
});

test('an app already up (its probe succeeds) cannot be timed: Measure says so and restarts it', async () => {
  const http = await freePort();
  const argv = await demoArgv(http, 1);
  const first = await commandStarter({ argv }).start(1);
  const starter = processStarter(argv, { app: first, knownStart: true });
  const notices: string[] = [];
  try {
    // Wait until it is up.
    await measureStarts(probeAt(http), { starts: 1, starter: processStarter(argv, { app: first, knownStart: true }), pollMs: 100, maxWaitSeconds: 30 });
    const records = await measureStarts(probeAt(http), { starts: 1, starter, pollMs: 100, maxWaitSeconds: 30, onNotice: (t) => notices.push(t) });
    assert.deepEqual(notices, ['task "demo" was already running and its probe already succeeds, so its start cannot be timed: restarting it.']);
    assert.deepEqual(starter.calls, [1]);
    assert.ok(records[0]!.firstSuccessSeconds! >= 1, JSON.stringify(records));
    assert.ok(first.exited());
  } finally {
    await first.stop();
    await starter.current()?.stop();
  }
});

test('an app running since before Measure could note its start is restarted, said first', async () => {
  const http = await freePort();
  const argv = await demoArgv(http, 1);
  const first = await commandStarter({ argv }).start(1);
  const starter = processStarter(argv, { app: first, knownStart: false });
  const notices: string[] = [];
  try {
    const records = await measureStarts(probeAt(http), { starts: 1, starter, pollMs: 100, maxWaitSeconds: 30, onNotice: (t) => notices.push(t) });
    assert.deepEqual(notices, ['task "demo" was already running, started before Measure could note when: restarting it to time its start.']);
    assert.deepEqual(starter.calls, [1]);
    assert.equal(records[0]!.problem, undefined);
  } finally {
    await first.stop();
    await starter.current()?.stop();
  }
});

test('a launched command is stopped after its last start (nothing is left holding the port)', async () => {
  const http = await freePort();
  const records = await measureStarts(probeAt(http), { starts: 1, launch: { argv: await demoArgv(http, 0) }, pollMs: 100, maxWaitSeconds: 30 });
  assert.equal(records[0]!.problem, undefined);
  assert.equal(await portHeld({ host: '127.0.0.1', port: http }), false);
});

test('where the probe connects: a named port through the port map, tcp, grpc; none for exec', () => {
  const c = { name: 'app', ports: [{ name: 'http', containerPort: 8080 }] };
  const target = { host: '127.0.0.1', portMap: { 8080: 18080, 9090: 19090 } };
  assert.deepEqual(probeEndpoint({ probe: { httpGet: { path: '/', port: 'http' } }, container: c, target }), { host: '127.0.0.1', port: 18080 });
  assert.deepEqual(probeEndpoint({ probe: { tcpSocket: { port: 7000 } }, container: c, target }), { host: '127.0.0.1', port: 7000 });
  assert.deepEqual(probeEndpoint({ probe: { grpc: { port: 9090 } }, container: c, target }), { host: '127.0.0.1', port: 19090 });
  assert.equal(probeEndpoint({ probe: { exec: { command: ['true'] } }, container: c, target }), undefined);
  assert.equal(probeEndpoint({ probe: { httpGet: { path: '/', port: 'nope' } }, container: c, target }), undefined);
});

test('the launch setting: a command line, {"command"}, {"task"}; anything else is explained', () => {
  assert.deepEqual(parseLaunchSetting('node app.js'), { command: 'node app.js' });
  assert.deepEqual(parseLaunchSetting({ command: 'node app.js' }), { command: 'node app.js' });
  assert.deepEqual(parseLaunchSetting({ task: ' Start demo app (slow start, 60 s) ' }), { task: 'Start demo app (slow start, 60 s)' });
  for (const bad of ['  ', { task: '' }, { task: 'a', command: 'b' }, 42, ['node']]) {
    const r = parseLaunchSetting(bad);
    assert.ok('error' in r, JSON.stringify(bad));
  }
  assert.match((parseLaunchSetting({ tsk: 'x' }) as { error: string }).error, /^expected a command line \("node app\.js"\) or \{"task": "<label of a task in tasks\.json>"\}, got \{"tsk":"x"\}$/);
});
