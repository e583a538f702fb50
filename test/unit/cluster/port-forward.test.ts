// Port-forward lifecycle through the STAND-IN kubectl (a node script that behaves like
// `kubectl port-forward`: prints the Forwarding lines, forwards TCP to a local server, exits on
// signal). Real HTTP servers sit behind it; child processes are counted through /proc.
import { test, describe, before, after, afterEach } from 'node:test';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { Kubectl } from '../../../src/core/cluster/kubectl';
import {
  PortForwardManager,
  freeLocalPort,
  parseForwardingLine,
  portForwardArgs,
  type PortForwardEvent,
} from '../../../src/core/cluster/port-forward';
import { ClusterError } from '../../../src/core/cluster/errors';
import { FIXTURES, STAND_IN_KUBECTL, describeDescendants, descendantPids, get, nameServer, tempDir, until } from './helpers';

function standInKubectl(env: NodeJS.ProcessEnv, log: string, context?: string): Kubectl {
  return new Kubectl({ path: STAND_IN_KUBECTL, context, env: { ...process.env, STAND_IN_KUBECTL_LOG: log, ...env } });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The port-forward kubectls started (the kubeconfig reads of Kubectl.ensureContext left out). */
function invocations(log: string): string[][] {
  try {
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { argv: string[] }).argv)
      .filter((argv) => !argv.includes('config'));
  } catch {
    return [];
  }
}

describe('parseForwardingLine', () => {
  test('reads kubectl lines for IPv4 and IPv6', () => {
    assert.deepEqual(parseForwardingLine('Forwarding from 127.0.0.1:43211 -> 8080'), { address: '127.0.0.1', localPort: 43211, remotePort: 8080 });
    assert.deepEqual(parseForwardingLine('Forwarding from [::1]:43211 -> 8080'), { address: '::1', localPort: 43211, remotePort: 8080 });
    assert.equal(parseForwardingLine('Handling connection for 43211'), undefined);
  });
  test('argv: pod/<name>, local:remote, loopback only, the namespace given', () => {
    assert.deepEqual(portForwardArgs({ pod: 'web-1', namespace: 'team-a', remotePort: 8080 }, 40000), [
      'port-forward',
      'pod/web-1',
      '40000:8080',
      '--address',
      '127.0.0.1',
      '-n',
      'team-a',
    ]);
  });
  test('freeLocalPort returns a bindable port', async () => {
    const port = await freeLocalPort();
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
    await new Promise<void>((r) => srv.close(() => r()));
  });
});

describe('PortForwardManager (stand-in kubectl)', () => {
  const tmp = tempDir();
  // Every manager of a test is stopped after it, also when an assertion failed.
  const managers: PortForwardManager[] = [];
  const track = (m: PortForwardManager) => (managers.push(m), m);
  afterEach(async () => {
    await Promise.all(managers.map((m) => m.stopAll()));
    managers.length = 0;
  });
  let web1: Awaited<ReturnType<typeof nameServer>>;
  let web2: Awaited<ReturnType<typeof nameServer>>;
  let targets: string;

  before(async () => {
    web1 = await nameServer('web-1');
    web2 = await nameServer('web-2');
    targets = JSON.stringify({ 'web-1': web1.port, 'web-2': web2.port });
  });
  after(async () => {
    await web1.close();
    await web2.close();
    tmp.cleanup();
  });

  test('a request through the forward reaches the server behind it (stand-in kubectl)', async () => {
    const log = join(tmp.dir, 'a.log');
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, log, 'kind-dev')));
    const events: PortForwardEvent[] = [];
    m.onDidChange((e) => events.push(e));
    const lease = await m.start({ pod: 'web-1', namespace: 'team-a', remotePort: 8080 });
    assert.ok(lease.localPort > 0);
    assert.equal(lease.authority, `127.0.0.1:${lease.localPort}`);
    const r = await get(lease.localPort, '/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.body.name, 'web-1');

    const argv = invocations(log)[0]!;
    assert.deepEqual(argv, ['--context', 'kind-dev', 'port-forward', 'pod/web-1', `${lease.localPort}:8080`, '--address', '127.0.0.1', '-n', 'team-a']);
    assert.ok(!argv.includes('default'), 'never a hard-coded default namespace');

    const [active] = m.list();
    assert.equal(active!.pod, 'web-1');
    assert.equal(active!.state, 'ready');
    assert.equal(active!.users, 1);
    assert.equal(active!.localPort, lease.localPort);

    lease.dispose();
    await until(() => m.list().length === 0 && descendantPids().length === 0, 5000, 'forward stopped');
    assert.deepEqual(
      events.map((e) => e.type),
      ['started', 'stopped'],
    );
  });

  test('users are counted: two starts share one kubectl, the last release stops it (stand-in kubectl)', async () => {
    const log = join(tmp.dir, 'b.log');
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, log)));
    const t = { pod: 'web-1', namespace: 'team-a', remotePort: 8080 };
    const [a, b] = await Promise.all([m.start(t), m.start(t)]);
    assert.equal(a.localPort, b.localPort);
    assert.equal(invocations(log).length, 1);
    assert.equal(m.list()[0]!.users, 2);
    a.dispose();
    a.dispose(); // idempotent
    assert.equal(m.list()[0]!.users, 1);
    assert.equal((await get(b.localPort)).body.name, 'web-1');
    b.dispose();
    await until(() => descendantPids().length === 0, 5000, 'kubectl gone');
    assert.equal(m.list().length, 0);
  });

  test('100 start/stop cycles leave 0 child processes (stand-in kubectl)', async () => {
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, join(tmp.dir, 'c.log'))));
    assert.equal(descendantPids().length, 0);
    for (let i = 0; i < 100; i++) {
      const lease = await m.start({ pod: i % 2 ? 'web-1' : 'web-2', namespace: 'team-a', remotePort: 8080 });
      assert.ok(lease.localPort > 0);
      if (i % 10 === 0) assert.equal((await get(lease.localPort)).body.name, i % 2 ? 'web-1' : 'web-2');
      lease.dispose();
      if (i % 3 === 0) await m.stopAll();
    }
    await m.stopAll();
    await until(() => descendantPids().length === 0, 5000, 'all children gone');
    assert.deepEqual(descendantPids(), []);
    assert.equal(m.list().length, 0);
  });

  test('when the pod goes away kubectl exits; the forward restarts on the pod resolvePod names (stand-in kubectl)', async () => {
    const log = join(tmp.dir, 'd.log');
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, log), { restartBackoffMs: 10 }));
    const events: PortForwardEvent[] = [];
    m.onDidChange((e) => events.push(e));
    const resolved: string[] = [];
    const lease = await m.start(
      { pod: 'web-1', namespace: 'team-a', remotePort: 8080 },
      {
        resolvePod: async (t, exit) => {
          resolved.push(`${t.pod}: ${exit.error.kind}`);
          return 'web-2';
        },
      },
    );
    const port = lease.localPort;
    assert.equal((await get(port)).body.name, 'web-1');
    const pid = m.list()[0]!.pid!;
    process.kill(pid, 'SIGUSR1'); // the stand-in's "pod deleted"
    await until(() => events.some((e) => e.type === 'restarted'), 10_000, 'restart');
    const exited = events.find((e) => e.type === 'exited') as Extract<PortForwardEvent, { type: 'exited' }>;
    assert.equal(exited.reason, 'error: lost connection to pod');
    assert.equal(exited.willRestart, true);
    assert.match(exited.error.message, /connection to pod team-a\/web-1 was lost/);
    assert.deepEqual(resolved, ['web-1: port-forward-failed']);
    const restarted = events.find((e) => e.type === 'restarted') as Extract<PortForwardEvent, { type: 'restarted' }>;
    assert.equal(restarted.previousPod, 'web-1');
    assert.equal(restarted.forward.pod, 'web-2');
    assert.equal(lease.localPort, port, 'the local port is kept');
    assert.equal((await get(lease.localPort)).body.name, 'web-2');
    assert.equal(m.list()[0]!.restarts, 1);
    lease.dispose();
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });

  test('restart(id) — e.g. the pod watch saw a new UID — moves the forward to the resolved pod (stand-in kubectl)', async () => {
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, join(tmp.dir, 'd2.log')), { restartBackoffMs: 10 }));
    const events: PortForwardEvent[] = [];
    m.onDidChange((e) => events.push(e));
    const lease = await m.start({ pod: 'web-1', namespace: 'team-a', remotePort: 8080 }, { resolvePod: async () => 'web-2' });
    assert.equal(m.restart('pf-unknown'), false);
    assert.equal(m.restart(lease.id), true);
    await until(() => events.some((e) => e.type === 'restarted'), 10_000, 'restart');
    const exited = events.find((e) => e.type === 'exited') as Extract<PortForwardEvent, { type: 'exited' }>;
    assert.equal(exited.reason, 'restart requested');
    assert.equal((await get(lease.localPort)).body.name, 'web-2');
    await m.stopAll();
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });

  test('restarting gives up after a bounded number of attempts (stand-in kubectl)', async () => {
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, join(tmp.dir, 'e.log')), {
      restartBackoffMs: 5,
      maxRestarts: 3,
    }));
    const events: PortForwardEvent[] = [];
    m.onDidChange((e) => events.push(e));
    let calls = 0;
    const lease = await m.start(
      { pod: 'web-1', namespace: 'team-a', remotePort: 8080 },
      {
        resolvePod: async () => {
          calls++;
          return 'gone-pod'; // the stand-in answers NotFound for it
        },
      },
    );
    process.kill(m.list()[0]!.pid!, 'SIGUSR1');
    await until(() => events.some((e) => e.type === 'failed'), 10_000, 'give up');
    const failed = events.find((e) => e.type === 'failed') as Extract<PortForwardEvent, { type: 'failed' }>;
    assert.equal(failed.error.kind, 'not-found');
    assert.match(failed.error.message, /Not found: pods "gone-pod" not found/);
    assert.equal(calls, 3);
    assert.equal(m.list().length, 0);
    lease.dispose(); // harmless after give-up
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });

  test('a pod that does not exist: a clear error, no process left (stand-in kubectl)', async () => {
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, join(tmp.dir, 'f.log'))));
    await assert.rejects(m.start({ pod: 'nope', namespace: 'team-a', remotePort: 80 }), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'not-found');
      assert.equal(e.message, 'Not found: pods "nope" not found.');
      assert.ok(!e.message.includes('    at '), 'no stack in the message');
      return true;
    });
    assert.equal(m.list().length, 0);
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });

  test('no cluster reachable: a friendly message (stand-in kubectl)', async () => {
    const m = track(new PortForwardManager(
      standInKubectl(
        { STAND_IN_PF_FAIL: 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?' },
        join(tmp.dir, 'g.log'),
      ),
    ));
    await assert.rejects(m.start({ pod: 'web-1', namespace: 'team-a', remotePort: 80 }), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'no-cluster');
      assert.equal(e.message, 'No Kubernetes cluster reachable at 127.0.0.1:6443. Start the cluster, check your network/VPN, or switch to another context.');
      return true;
    });
  });

  test('kubectl that never prints the Forwarding line: timeout error, process killed (stand-in kubectl)', async () => {
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets, STAND_IN_PF_DELAY_MS: '60000' }, join(tmp.dir, 'h.log')), {
      readyTimeoutMs: 300,
    }));
    await assert.rejects(m.start({ pod: 'web-1', namespace: 'team-a', remotePort: 80 }), (e: unknown) => {
      assert.ok(e instanceof ClusterError);
      assert.equal(e.kind, 'timeout');
      assert.equal(e.message, 'kubectl port-forward to team-a/web-1:80 did not become ready within 0.3 s.');
      return true;
    });
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });

  test('a requested local port that is taken: another free port is used (stand-in kubectl)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, join(tmp.dir, 'i.log'))));
    const lease = await m.start({ pod: 'web-2', namespace: 'team-a', remotePort: 8080 }, { localPort: taken });
    assert.notEqual(lease.localPort, taken);
    assert.equal((await get(lease.localPort)).body.name, 'web-2');
    await m.stopAll();
    await new Promise<void>((r) => blocker.close(() => r()));
    await until(() => descendantPids().length === 0, 5000, 'children gone');
  });

  for (const how of ['returns', 'throw']) {
    test(`a process that ends (${how}) without stopping its forward leaves no orphan (stand-in kubectl)`, () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(FIXTURES, 'forward-and-exit.ts'), how], {
        env: { ...process.env, STAND_IN_KUBECTL_PATH: STAND_IN_KUBECTL, STAND_IN_TARGET_PORT: String(web1.port) },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(r.error, undefined);
      const pid = Number(r.stdout.trim().split(' ')[0]);
      assert.ok(pid > 0, r.stdout + r.stderr);
      if (how === 'throw') assert.notEqual(r.status, 0);
      else assert.equal(r.status, 0, 'the forward does not keep the process alive');
      return until(() => !alive(pid), 5000, 'the stand-in to exit');
    });
  }

  test('stopAll (deactivate) stops every forward; stop(id) stops one regardless of users (stand-in kubectl)', async () => {
    const m = track(new PortForwardManager(standInKubectl({ STAND_IN_TARGETS: targets }, join(tmp.dir, 'j.log'))));
    const a = await m.start({ pod: 'web-1', namespace: 'team-a', remotePort: 8080 });
    await m.start({ pod: 'web-2', namespace: 'team-a', remotePort: 8080 });
    await m.start({ pod: 'web-2', namespace: 'team-b', remotePort: 9090 });
    assert.equal(m.list().length, 3);
    assert.equal(descendantPids().length, 3, describeDescendants());
    await m.stop(m.list().find((f) => f.pod === 'web-1')!.id);
    assert.equal(m.list().length, 2);
    a.dispose(); // already stopped: no effect
    await m.stopAll();
    assert.equal(m.list().length, 0);
    await until(() => descendantPids().length === 0, 5000, 'children gone');
    m.dispose();
    await assert.rejects(m.start({ pod: 'web-1', namespace: 'team-a', remotePort: 8080 }), /shut down/);
  });
});
