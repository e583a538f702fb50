// exec probes (docs/semantics §5, acceptance F74–F85, TestExec / TestNewExecInContainer)
// with real child processes; the ExecTarget that only records argv is a stand-in for a container runtime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnvVar } from '../../../src/core/k8s';
import { runHandler, type ExecRunOptions, type ExecRunResult, type ExecTarget } from '../../../src/core/probe';
import { combinedOutput, execProberResult, expand, expandCommand, LocalExecTarget } from '../../../src/core/probe/exec';
import { processGone, sleep } from './helpers';

const T = { timeout: 30_000 };
const run = (command: string[], env?: EnvVar[], timeoutSeconds?: number) =>
  runHandler({ exec: { command }, timeoutSeconds }, { name: 'app', env }, {}, { site: 'livenessProbe' });

/** Stand-in for a container runtime: records argv, answers with a canned result. */
class RecordingTarget implements ExecTarget {
  readonly name = 'stand-in runtime';
  calls: string[][] = [];
  constructor(private readonly answer: ExecRunResult) {}
  async run(argv: readonly string[], _opts: ExecRunOptions): Promise<ExecRunResult> {
    this.calls.push([...argv]);
    return this.answer;
  }
}
const ok = (stdout = '', stderr = '', exitCode = 0): ExecRunResult => ({ exitCode, stdout, stderr, timedOut: false });

test('F74 output "OK", exit 0 → Success, output "OK" (real process)', T, async () => {
  const r = await run(['sh', '-c', 'printf OK']);
  assert.deepEqual([r.result, r.message, r.errored], ['success', 'OK', undefined]);
});

test('F75 output "OK" with an exit status 0 → Success', () => {
  assert.deepEqual(execProberResult(ok('OK'), ['x'], 1000), { result: 'success', output: 'OK' });
});

test('F76 11264 bytes of output → Success, the first 10240 bytes', T, async () => {
  const r = await run(['sh', '-c', 'head -c 11264 /dev/zero | tr "\\0" a']);
  assert.equal(r.result, 'success');
  assert.equal(r.message, 'a'.repeat(10240));
});

test('F77 a non-exit error → Unknown, error set, output "" (errored); a missing binary is one', T, async () => {
  assert.deepEqual(execProberResult({ ...ok('partial'), exitCode: null, error: 'test error' }, ['x'], 1000), { result: 'unknown', output: '', error: 'test error' });
  const r = await run(['/nonexistent/probe-binary']);
  assert.equal(r.result, 'unknown');
  assert.equal(r.errored, 'fork/exec /nonexistent/probe-binary: no such file or directory');
  assert.equal(r.attempts, 3);
  assert.equal(r.cached, 'Failure');
  const onPath = await run(['no-such-probe-command']);
  assert.equal(onPath.errored, 'exec: "no-such-probe-command": executable file not found in $PATH');
});

test('F78 exit status 1 with output "Fail" → Failure, not errored', T, async () => {
  const r = await run(['sh', '-c', 'printf Fail; exit 1']);
  assert.deepEqual([r.result, r.message, r.errored], ['failure', 'Fail', undefined]);
  assert.equal(r.event, 'Liveness probe failed: Fail');
});

test('F79 a timeout (ExecProbeTimeout on) → Failure with the timeout text; the whole process tree is killed', T, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-exec-'));
  try {
    const pidFile = join(dir, 'pid');
    const r = await run(['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`], undefined, 1);
    assert.equal(r.result, 'failure');
    assert.equal(r.errored, undefined);
    assert.equal(r.message, `command timed out: "sh -c sleep 30 & echo $! > ${pidFile}; wait" timed out after 1s`);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    for (let i = 0; i < 100 && !processGone(grandchild); i++) await sleep(20);
    assert.ok(processGone(grandchild), 'the background sleep was killed with its parent');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('F80 the same timeout with ExecProbeTimeout off → Unknown + error', () => {
  const r = execProberResult({ exitCode: null, stdout: 'x', stderr: '', timedOut: true }, ['testcmd'], 1000, false);
  assert.equal(r.result, 'unknown');
  assert.equal(r.error, 'command timed out: "testcmd" timed out after 1s');
});

test('F81 the runtime receives exactly the argv (no shell); F82 $(VAR) from the literal env, undefined left as is', T, async () => {
  const target = new RecordingTarget(ok());
  const container = { env: [{ name: 'A', value: 'script' }] };
  await runHandler({ exec: { command: ['/bin/bash', '-c', 'some script'] } }, container, { exec: target }, { site: 'livenessProbe' });
  await runHandler({ exec: { command: ['/bin/bash', '-c', 'some $(A) $(B)'] } }, container, { exec: target }, { site: 'livenessProbe' });
  assert.deepEqual(target.calls, [['/bin/bash', '-c', 'some script'], ['/bin/bash', '-c', 'some script $(B)']]);
  const real = await run(['sh', '-c', 'printf "%s|" "$@"', 'sh', 'a b', '$(A)', ';', '*'], [{ name: 'A', value: 'x y' }]);
  assert.equal(real.message, 'a b|x y|;|*|');
  // Run locally, the command also sees the container's literal env, as it would in the container.
  const env = await run(['sh', '-c', 'printf "%s/%s" "$A" "${P-unset}"'], [{ name: 'A', value: 'lit' }, { name: 'P', valueFrom: {} }]);
  assert.equal(env.message, 'lit/unset');
});

test('$(VAR) expansion follows Kubernetes: $$ escapes, incomplete references stay, valueFrom counts as ""', () => {
  const env = [{ name: 'A', value: '1' }, { name: 'P', valueFrom: { fieldRef: {} } }, { name: 'A', value: '2' }];
  assert.deepEqual(expandCommand(['$(A)', '$$(A)', '$(A', '$A', 'x$', '$(P)', '$(NOPE)', '$$$(A)'], env), ['2', '$(A)', '$(A', '$A', 'x$', '', '$(NOPE)', '$2']);
  assert.equal(expand('some $(A) $(B)', (n) => (n === 'A' ? 'script' : `$(${n})`)), 'some script $(B)');
});

test('F83 the runner returns stdout "foo" and error "bad" → output captured, the probe errored with "bad"', T, async () => {
  const res: ExecRunResult = { exitCode: null, stdout: 'foo', stderr: '', timedOut: false, error: 'bad' };
  assert.equal(combinedOutput(res), 'foo');
  const r = await runHandler({ exec: { command: ['x'] } }, {}, { exec: new RecordingTarget(res) }, { site: 'readinessProbe' });
  assert.deepEqual([r.result, r.errored], ['unknown', 'bad']);
});

test('F84 10240 bytes through a 1024-byte limit → the first 1024', () => {
  assert.equal(combinedOutput({ stdout: 'z'.repeat(10240), stderr: '' }, 1024), 'z'.repeat(1024));
});

test('F85 exit non-zero with stdout "a" and stderr "b" → output "ab" (stdout then stderr)', T, async () => {
  const r = await run(['sh', '-c', 'printf b >&2; sleep 0.05; printf a; exit 2']);
  assert.deepEqual([r.result, r.message], ['failure', 'ab']);
});

test('LocalExecTarget: huge output does not block the child; a cancel kills it', T, async () => {
  const local = new LocalExecTarget();
  const big = await local.run(['sh', '-c', 'head -c 5000000 /dev/zero; echo done >&2'], { timeoutMs: 20_000, maxOutputBytes: 10240 });
  assert.equal(big.exitCode, 0);
  assert.equal(Buffer.from(big.stdout).length, 10240);
  assert.equal(Buffer.from(big.stderr).toString(), 'done\n');
  const ac = new AbortController();
  const pending = local.run(['sleep', '30'], { timeoutMs: 20_000, maxOutputBytes: 10, signal: ac.signal });
  setTimeout(() => ac.abort(), 50);
  const cancelled = await pending;
  assert.deepEqual([cancelled.exitCode, cancelled.error, cancelled.timedOut], [null, 'context canceled', false]);
  assert.equal((await local.run([], { timeoutMs: 1000, maxOutputBytes: 10 })).error, 'exec: no command');
});
