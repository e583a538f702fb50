// The core's one process runner (src/core/util/process.ts) and the two runners built on it — render's
// runTool and the local exec target of probes — against real child processes (node itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProcess, liveChildCount } from '../../src/core/util/process';
import { runTool } from '../../src/core/render/run-tool';
import { RenderError } from '../../src/core/render/types';
import { LocalExecTarget } from '../../src/core/probe/exec';

const NODE = process.execPath;
const FOREVER_STDOUT = 'const b = Buffer.alloc(65536, 120); (function w() { process.stdout.write(b, w); })();';

test('no shell: arguments reach the program as written', async () => {
  const r = await runProcess(NODE, ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', '$(echo hi)', 'a b;c', '*'], { timeoutMs: 20_000 });
  assert.equal(r.exitCode, 0);
  assert.deepEqual(JSON.parse(r.stdout.toString()), ['$(echo hi)', 'a b;c', '*']);
});

test("stdout over its cap with onOverflow 'kill' stops the process and says so", async () => {
  const r = await runProcess(NODE, ['-e', FOREVER_STDOUT], { timeoutMs: 60_000, maxOutputBytes: 100_000, onOverflow: 'kill', killGraceMs: 0 });
  assert.equal(r.stdoutTruncated, true);
  assert.equal(r.stdout.length, 100_000);
  assert.equal(r.timedOut, false);
  assert.equal(liveChildCount(), 0);
});

test('stderr has its own cap: over it the output is cut, the process runs to its end', async () => {
  const r = await runProcess(NODE, ['-e', "process.stderr.write('e'.repeat(50000)); process.stdout.write('done')"], {
    timeoutMs: 20_000, maxErrorBytes: 1000, onOverflow: 'kill', onErrorOverflow: 'truncate',
  });
  assert.equal(r.exitCode, 0);
  assert.equal(r.stdout.toString(), 'done');
  assert.equal(r.stderr.length, 1000);
  assert.equal(r.truncated, true);
  assert.equal(r.stdoutTruncated, false);
});

test('killGraceMs 0: a process that ignores SIGTERM is killed at the timeout all the same', async () => {
  const r = await runProcess(NODE, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { timeoutMs: 300, killGraceMs: 0 });
  assert.equal(r.timedOut, true);
  assert.equal(r.exitSignal, 'SIGKILL');
});

test('runTool: too much output is a render failure naming the tool, not a buffer', async () => {
  await assert.rejects(runTool(NODE, ['-e', FOREVER_STDOUT], 'stand-in helm', { maxOutputBytes: 1024 * 1024, timeoutMs: 60_000 }), (e: unknown) => {
    assert.ok(e instanceof RenderError);
    assert.equal(e.reason, 'failed');
    assert.match(e.message, /^stand-in helm printed more than 1 MiB; not linted$/);
    return true;
  });
});

test('runTool: a missing program is not-found with the hint; a non-zero exit is returned, not thrown', async () => {
  await assert.rejects(runTool('/nonexistent/helm', ['version'], 'helm', { notFoundHint: 'pass --helm PATH' }), (e: unknown) => {
    assert.ok(e instanceof RenderError);
    assert.equal(e.reason, 'not-found');
    assert.equal(e.message, "helm not found: '/nonexistent/helm' does not exist; pass --helm PATH");
    return true;
  });
  const r = await runTool(NODE, ['-e', "process.stderr.write('bad chart'); process.exit(3)"], 'helm');
  assert.deepEqual(r, { code: 3, stdout: '', stderr: 'bad chart' });
});

test('local exec target: a command killed by a signal exits 128 + the signal; a missing one is Go\'s start error', async () => {
  const target = new LocalExecTarget();
  const killed = await target.run([NODE, '-e', "process.kill(process.pid, 'SIGTERM')"], { timeoutMs: 20_000, maxOutputBytes: 10_240 });
  assert.equal(killed.exitCode, 143);
  assert.equal(killed.error, undefined);
  const missing = await target.run(['no-such-command-kube-probes'], { timeoutMs: 20_000, maxOutputBytes: 10_240 });
  assert.equal(missing.exitCode, null);
  assert.equal(missing.error, 'exec: "no-such-command-kube-probes": executable file not found in $PATH');
  const slow = await target.run([NODE, '-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300, maxOutputBytes: 10_240 });
  assert.equal(slow.timedOut, true);
  assert.equal(slow.exitCode, null);
});
