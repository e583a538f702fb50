// Exec probes through `kubectl exec` and `docker exec`, using the STAND-IN kubectl and STAND-IN
// docker (node scripts that echo the argv they received as JSON and exit with a chosen code).
// The point: argv reaches the tool as separate arguments, never through a shell.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Kubectl } from '../../../src/core/cluster/kubectl';
import { ContainerExecTarget, KubectlExecTarget, kubectlExecArgs } from '../../../src/core/cluster/exec-targets';
import type { ExecRunResult } from '../../../src/core/probe/types';
import { STAND_IN_DOCKER, STAND_IN_KUBECTL, descendantPids, until } from './helpers';

const NASTY: string[] = [
  'sh',
  '-c',
  'echo "hello world" && cat /etc/passwd; rm -rf / # not run by us',
  '$(touch /tmp/kube-probes-pwned)',
  '`id`',
  "it's quoted",
  'a b\tc\nd',
  ';',
  '|',
  '>',
  '*',
  '--',
  '-c',
  '',
  'ünïcødé ✓',
];

const text = (b: string | Uint8Array) => (typeof b === 'string' ? b : Buffer.from(b).toString('utf8'));
const OPTS = { timeoutMs: 10_000, maxOutputBytes: 10240 };

function echoed(r: ExecRunResult): { argv: string[]; pod?: string; container?: string; namespace?: string } {
  return JSON.parse(text(r.stdout).split('\n')[0]!);
}

describe('KubectlExecTarget (stand-in kubectl)', () => {
  const kubectl = new Kubectl({ path: STAND_IN_KUBECTL, context: 'kind-dev' });
  const target = new KubectlExecTarget(kubectl, { pod: 'web-1', namespace: 'team-a', container: 'app' });

  test('argv: exec <pod> -c <container> -n <ns> [--context] -- argv', () => {
    assert.deepEqual(kubectlExecArgs({ pod: 'p', namespace: 'n', container: 'c' }, ['cat', '/tmp/ready']), [
      'exec', 'p', '-c', 'c', '-n', 'n', '--', 'cat', '/tmp/ready',
    ]);
    assert.equal(target.name, 'kubectl exec pod/web-1 -c app');
  });

  test('spaces, quotes, $(…), backticks, ; and newlines reach kubectl untouched (stand-in kubectl)', async () => {
    const r = await target.run(NASTY, OPTS);
    assert.equal(r.exitCode, 0);
    assert.equal(r.error, undefined);
    const e = echoed(r);
    assert.deepEqual(e.argv, NASTY);
    assert.equal(e.pod, 'web-1');
    assert.equal(e.container, 'app');
    assert.equal(e.namespace, 'team-a');
  });

  test("the command's exit code; kubectl's own 'command terminated' line is removed (stand-in kubectl)", async () => {
    const r = await target.run(['exit', '3'], OPTS);
    assert.equal(r.exitCode, 3);
    assert.equal(r.timedOut, false);
    assert.equal(r.error, undefined);
    assert.equal(text(r.stderr), 'stderr of the command');
  });

  test('a timeout kills kubectl and says so (stand-in kubectl)', async () => {
    const r = await target.run(['sleep', '30'], { timeoutMs: 200, maxOutputBytes: 10240 });
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    await until(() => descendantPids().length === 0, 5000, 'kubectl gone');
  });

  test('cancellation through AbortSignal (stand-in kubectl)', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const r = await target.run(['sleep', '30'], { ...OPTS, signal: ac.signal });
    assert.equal(r.error, 'cancelled');
    assert.equal(r.exitCode, null);
    await until(() => descendantPids().length === 0, 5000, 'kubectl gone');
  });

  test('output is capped like the kubelet (10 KiB kept), the command still completes (stand-in kubectl)', async () => {
    const r = await target.run(['flood', '50000'], OPTS);
    assert.equal(r.exitCode, 0);
    assert.equal(Buffer.byteLength(text(r.stdout)), 10240);
  });

  test('kubectl failing by itself is an error, not an exit code (stand-in kubectl)', async () => {
    const missing = new KubectlExecTarget(kubectl, { pod: 'missing', namespace: 'team-a', container: 'app' });
    const r = await missing.run(['true'], OPTS);
    assert.equal(r.exitCode, null);
    assert.equal(r.error, 'Not found: pods "missing" not found.');
  });

  test('a kubectl that does not exist: a friendly error', async () => {
    const t = new KubectlExecTarget(new Kubectl({ path: '/nonexistent/kubectl' }), { pod: 'p', namespace: 'n', container: 'c' });
    const r = await t.run(['true'], OPTS);
    assert.equal(r.exitCode, null);
    assert.match(r.error!, /kubectl was not found at "\/nonexistent\/kubectl"\. Install kubectl or set "kubeProbes.kubectlPath"\./);
  });
});

describe('ContainerExecTarget (stand-in docker)', () => {
  const tool = { kind: 'docker' as const, path: STAND_IN_DOCKER };
  const target = new ContainerExecTarget({ container: 'web', tool });

  test('argv reaches docker exec untouched (stand-in docker)', async () => {
    const r = await target.run(NASTY, OPTS);
    assert.equal(r.exitCode, 0);
    const e = JSON.parse(text(r.stdout).split('\n')[0]!);
    assert.deepEqual(e, { standIn: 'docker', container: 'web', argv: NASTY });
    assert.equal(target.name, 'docker exec web');
  });

  test("the command's exit code (stand-in docker)", async () => {
    const r = await target.run(['exit', '2'], OPTS);
    assert.equal(r.exitCode, 2);
    assert.equal(r.error, undefined);
  });

  test('no such container / daemon down: errors, not exit codes (stand-in docker)', async () => {
    const r = await new ContainerExecTarget({ container: 'missing', tool }).run(['true'], OPTS);
    assert.equal(r.exitCode, null);
    assert.equal(r.error, 'There is no container named "missing".');
    const down = new ContainerExecTarget({ container: 'web', tool: { ...tool, env: { ...process.env, STAND_IN_DOCKER_DAEMON: 'down' } } });
    const r2 = await down.run(['true'], OPTS);
    assert.equal(r2.exitCode, null);
    assert.match(r2.error!, /^Docker is not available: the daemon is not running or not reachable\./);
  });

  test('timeout (stand-in docker)', async () => {
    const r = await target.run(['sleep', '30'], { timeoutMs: 200, maxOutputBytes: 100 });
    assert.equal(r.timedOut, true);
    await until(() => descendantPids().length === 0, 5000, 'docker gone');
  });
});
