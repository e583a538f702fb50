// What the editor keeps of a probe's measurements (workspace state) and what the hover and the
// tree say about them: samples from Measure and Watch together, a Watch counted from its first
// success on, a live pod's start read from its status, the words shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest';
import {
  addAttempts, addStarts, analyze, failureFromMessage, KEEP_ATTEMPTS, measureLine, measureMarkdown, startFromPodStatus, validRecord, WatchSampler,
  type Attempt,
} from '../../../src/core/measure';
import type { WatchAttempt } from '../../../src/core/probe/watch';

const ok = (durationMs: number): Attempt => ({ at: 0, durationMs, ok: true });
const slowStart = () => parseManifest(readFileSync(join(__dirname, '../../../examples/manifests/slow-start/crashloop.yaml'), 'utf8'), 'crashloop.yaml').workloads[0].containers[0];

function watchAttempt(attempt: number, result: 'success' | 'failure', message = '', durationMs = 5): WatchAttempt {
  return { type: 'attempt', at: attempt * 1000, attempt, result, message, durationMs, counted: true, resultRun: 1, cached: result === 'success' ? 'Success' : 'Failure', next: '' } as unknown as WatchAttempt;
}

test('Measure and Watch samples add up in one record; the newest are kept', () => {
  let r = addAttempts(undefined, 'livenessProbe', [ok(3), ok(4)], 'measure', '127.0.0.1', 1);
  r = addAttempts(r, 'livenessProbe', [ok(9)], 'watch', '127.0.0.1', 2);
  assert.equal(r.attempts.length, 3);
  assert.equal(r.watched, 1);
  assert.equal(r.at, 2);
  r = addAttempts(r, 'livenessProbe', Array.from({ length: KEEP_ATTEMPTS }, () => ok(1)), 'measure', '127.0.0.1', 3);
  assert.equal(r.attempts.length, KEEP_ATTEMPTS);
  assert.equal(r.watched, 0, 'the watched sample was the oldest and was dropped');
  // A record of another probe is not mixed in.
  const other = addAttempts(r, 'readinessProbe', [ok(2)], 'measure', 'x', 4);
  assert.equal(other.attempts.length, 1);
});

test('cold starts are numbered on; a cancelled start is not kept; problems are said', () => {
  let r = addStarts(undefined, 'livenessProbe', [{ start: 1, attempts: 5, firstSuccessSeconds: 4.2 }, { start: 2, attempts: 1, problem: 'cancelled' }], 'h', 1);
  r = addStarts(r, 'livenessProbe', [{ start: 1, attempts: 3, problem: 'the app exited with code 1 0.2 s after launch' }], 'h', 2);
  assert.deepEqual(r.starts.map((s) => s.start), [1, 2]);
  assert.deepEqual(r.startProblems, ['the app exited with code 1 0.2 s after launch']);
});

test('a Watch counts from its first success on: the start-up failures before it are not latency samples', () => {
  const w = new WatchSampler();
  const got = [
    w.accept('k', watchAttempt(1, 'failure', 'dial tcp 127.0.0.1:8080: connect: connection refused')),
    w.accept('k', watchAttempt(2, 'success')),
    w.accept('k', watchAttempt(3, 'failure', 'HTTP probe failed with statuscode: 503')),
    w.accept('k', watchAttempt(1, 'failure', 'connection refused')), // a new watch of the same probe
  ];
  assert.equal(got[0], undefined);
  assert.equal(got[1]?.ok, true);
  assert.deepEqual({ failure: got[2]?.failure, code: got[2]?.code }, { failure: 'status', code: 503 });
  assert.equal(got[3], undefined);
});

test('failure kinds from the kubelet messages a Watch reports', () => {
  assert.equal(failureFromMessage('Get "http://127.0.0.1:1/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)').failure, 'timeout');
  assert.equal(failureFromMessage('dial tcp 127.0.0.1:1: connect: connection refused').failure, 'refused');
  assert.equal(failureFromMessage('something else').failure, 'other');
});

test("a live pod's start: startedAt → Ready, never guessed", () => {
  const pod = (ready: string | undefined, startedAt = '2026-01-01T00:00:10Z') => ({
    metadata: { name: 'web-1' },
    status: {
      containerStatuses: [{ name: 'app', state: { running: { startedAt } } }],
      conditions: ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: ready }] : [{ type: 'Ready', status: 'False' }],
    },
  });
  assert.equal(startFromPodStatus(pod('2026-01-01T00:01:12Z'), 'app').firstSuccessSeconds, 62);
  assert.match(startFromPodStatus(pod(undefined), 'app').problem ?? '', /has not become Ready since container app started/);
  assert.match(startFromPodStatus(pod('2026-01-01T00:00:05Z'), 'app').problem ?? '', /start time is unknown/);
  assert.match(startFromPodStatus({ metadata: { name: 'web-1' }, status: { containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } } }] } }, 'app').problem ?? '', /not running \(CrashLoopBackOff\)/);
  assert.match(startFromPodStatus({ status: {} }, 'app').problem ?? '', /no status for container app/);
});

test('the hover and the tree say the numbers and what they recommend (the slow start: a startupProbe)', () => {
  const c = slowStart();
  let r = addStarts(undefined, 'livenessProbe', [{ start: 1, attempts: 20, firstSuccessSeconds: 4.6 }, { start: 2, attempts: 19, firstSuccessSeconds: 61.2 }], '127.0.0.1', 1);
  r = addAttempts(r, 'livenessProbe', [ok(3), ok(4), ok(5), ok(6), ok(12)], 'measure', '127.0.0.1', 1);
  const a = analyze(c.spec, r);
  assert.equal(measureLine(a), 'measured: p99 12 ms · start ≤ 61.2 s · 1 change recommended');
  const md = measureMarkdown(r, a, (s) => s, 'just now');
  assert.match(md, /latency: p50 5 ms · p95 12 ms · p99 12 ms · max 12 ms over 5 attempts/);
  assert.match(md, /2 cold starts: 4\.6–61\.2 s to the first success/);
  assert.match(md, /add a startupProbe \(periodSeconds 10, failureThreshold 10\) — slowest of 2 starts 61\.2 s × 1\.5 = 92 s/);
  // Flapping: said in words, nothing recommended.
  const bad = addAttempts(undefined, 'livenessProbe', [ok(3), { at: 0, durationMs: 1, ok: false, failure: 'refused' }, { at: 0, durationMs: 1, ok: false, failure: 'refused' }, { at: 0, durationMs: 1, ok: false, failure: 'refused' }, ok(2), ok(2)], 'measure', 'h', 1);
  const b = analyze(c.spec, { ...bad, attempts: bad.attempts.concat([{ at: 0, durationMs: 1, ok: false, failure: 'refused' }]) });
  assert.match(measureLine(b), /cannot recommend/);
});

test('a stored record of another shape is ignored', () => {
  assert.equal(validRecord({ v: 2 }), undefined);
  assert.equal(validRecord(null), undefined);
  assert.ok(validRecord(addAttempts(undefined, 'livenessProbe', [], 'measure', 'h', 1)));
});
