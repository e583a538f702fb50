// Cold starts of a local container: `docker restart`, timed from the container's State.StartedAt to
// the first success. No container engine can exist here: the STAND-IN docker restarts a "container"
// that is a real local process (the demo app with --start-delay) and inspects it as docker would.
// The real docker CLI of this machine (no daemon) is asked too: its "cannot connect" message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { inspectContainer, locateContainerTool, portMapOf, publishedPorts, type ContainerTool } from '../../../src/core/cluster/docker';
import { containerStarter } from '../../../src/core/measure/container-starts';
import { measureStarts, MeasureError, type ProbeUnderTest } from '../../../src/core/measure';
import { runProcess } from '../../../src/core/util/process';
import { STAND_IN_DOCKER, tempDir } from '../cluster/helpers';
import { SERVER } from '../demo-app/helpers';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A stand-in docker whose container `name` runs the demo app with `args`, its 8080 published on a free port. */
async function standInContainer(name: string, args: string[]) {
  const { dir, cleanup } = tempDir('kp-docker-');
  const http = await freePort();
  const argv = [process.execPath, SERVER, '--http-port', String(http), '--tcp-port', String(await freePort()), '--grpc-port', String(await freePort()), ...args];
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ argv, ports: { 8080: http } }));
  const tool: ContainerTool = { kind: 'docker', path: STAND_IN_DOCKER, env: { ...process.env, STAND_IN_DOCKER_STATE: dir } };
  return {
    tool,
    async dispose() {
      await runProcess(STAND_IN_DOCKER, ['stop', '-t', '1', name], { env: tool.env, timeoutMs: 15_000 });
      cleanup();
    },
  };
}

const probeVia = (portMap: Record<number, number>): ProbeUnderTest => ({
  probe: { httpGet: { path: '/healthz', port: 'http' }, timeoutSeconds: 1 },
  container: { name: 'app', ports: [{ name: 'http', containerPort: 8080 }] },
  target: { host: '127.0.0.1', portMap },
  site: 'livenessProbe',
});

test('docker restart, timed from State.StartedAt to the first success: --start-delay 2 over 2 starts; left running (stand-in docker)', async () => {
  const c = await standInContainer('demo', ['--start-delay', '2']);
  try {
    const portMap = portMapOf(await publishedPorts(c.tool, 'demo'));
    const records = await measureStarts(probeVia(portMap), { starts: 2, starter: containerStarter(c.tool, 'demo', { stopSeconds: 5 }), pollMs: 100, maxWaitSeconds: 30 });
    assert.equal(records.length, 2);
    for (const r of records) {
      // From the container's start: never before the 2 s the app waits, and then soon.
      assert.ok(r.problem === undefined && r.firstSuccessSeconds! >= 2 && r.firstSuccessSeconds! < 2 + 15, JSON.stringify(r));
      assert.ok(r.attempts > 1, 'failed attempts came first');
    }
    const state = await inspectContainer(c.tool, 'demo');
    assert.equal(state.running, true, 'the container keeps running after the last start');
  } finally {
    await c.dispose();
  }
});

test('a container that exits while starting: the start says so, with its exit code (stand-in docker)', async () => {
  const c = await standInContainer('dies', ['--start-delay', '30', '--exit-after', '1', '--exit-code', '3']);
  try {
    const portMap = portMapOf(await publishedPorts(c.tool, 'dies'));
    const [r] = await measureStarts(probeVia(portMap), { starts: 1, starter: containerStarter(c.tool, 'dies', { stopSeconds: 1 }), pollMs: 100, maxWaitSeconds: 30 });
    assert.equal(r!.firstSuccessSeconds, undefined);
    assert.match(r!.problem!, /^the app stopped \(exited, exit code 3\) \d+\.\d s after the restart, before the probe succeeded$/);
  } finally {
    await c.dispose();
  }
});

test('an unknown container: "There is no container named …" before anything is timed (stand-in docker)', async () => {
  const c = await standInContainer('demo', []);
  try {
    await assert.rejects(
      measureStarts(probeVia({}), { starts: 1, starter: containerStarter(c.tool, 'nope'), pollMs: 100, maxWaitSeconds: 5 }),
      (e: Error) => e instanceof MeasureError && e.message === 'There is no container named "nope".',
    );
  } finally {
    await c.dispose();
  }
});

test('the daemon is down: "Docker is not available" with what to do (stand-in docker)', async () => {
  const tool: ContainerTool = { kind: 'docker', path: STAND_IN_DOCKER, env: { ...process.env, STAND_IN_DOCKER_DAEMON: 'down' } };
  await assert.rejects(
    measureStarts(probeVia({}), { starts: 1, starter: containerStarter(tool, 'web'), pollMs: 100, maxWaitSeconds: 5 }),
    (e: Error) => e instanceof MeasureError && e.message === 'Docker is not available: the daemon is not running or not reachable. Start Docker (Docker Desktop or the docker service) and try again.',
  );
});

test('the real docker CLI of this machine, without a daemon: the same clear "cannot connect" message', async (t) => {
  let tool: ContainerTool;
  try {
    tool = locateContainerTool({ kind: 'docker' });
  } catch {
    t.skip('no docker CLI on this machine');
    return;
  }
  await assert.rejects(
    measureStarts(probeVia({}), { starts: 1, starter: containerStarter(tool, 'web', { stopSeconds: 1 }), pollMs: 100, maxWaitSeconds: 5 }),
    (e: Error) => e instanceof MeasureError && /^Docker is not available: the daemon is not running or not reachable\./.test(e.message),
  );
});
