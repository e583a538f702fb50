// The recommendation formulas of docs/measure.md on measured numbers, and their proof by simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest';
import { latencyStats, recommend, prove, startStats, type Attempt } from '../../../src/core/measure';
import type { Container } from '../../../src/core/k8s';

const EXAMPLES = join(__dirname, '../../../examples');
const crashloop = () => parseManifest(readFileSync(join(EXAMPLES, 'manifests/slow-start/crashloop.yaml'), 'utf8'), 'crashloop.yaml');

const ok = (ms: number, at = 0): Attempt => ({ at, durationMs: ms, ok: true });
const fail = (failure: Attempt['failure'], ms = 1000): Attempt => ({ at: 0, durationMs: ms, ok: false, failure });

test('slow start: liveness kills before the slowest start → a startupProbe over it, and the simulation proves it', () => {
  const file = crashloop();
  const c = file.workloads[0].containers[0];
  const starts = startStats([{ start: 1, attempts: 60, firstSuccessSeconds: 60.4 }, { start: 2, attempts: 61, firstSuccessSeconds: 61.2 }]);
  const latency = latencyStats(Array.from({ length: 20 }, (_, i) => ok(3 + (i % 4))));
  const rec = recommend(c.spec, { probe: 'livenessProbe', latency, starts });
  assert.ok(rec.add, 'a startup probe is recommended');
  assert.equal(rec.add.probe, 'startupProbe');
  // ceil(61.2 × 1.5) = 92 s; liveness period 10 → failureThreshold 10 (100 s).
  assert.deepEqual(rec.add.fields, { periodSeconds: 10, failureThreshold: 10 });
  assert.match(rec.add.why, /slowest of 2 starts 61\.2 s × 1\.5 = 92 s/);
  assert.match(rec.add.why, /liveness kills after 40 s/);
  assert.deepEqual(rec.cannot, []);

  const proof = prove({ spec: c.workload.podSpec, name: 'slow-start', namespace: 'demo', containerName: 'app', recommendation: rec, starts, latency });
  assert.match(proof.current.summary, /^restart loop, CrashLoopBackOff at \d+/);
  assert.ok(proof.current.restarts >= 3);
  assert.equal(proof.recommended.restarts, 0);
  assert.ok(proof.recommended.readyAt !== undefined && proof.recommended.readyAt >= 62 && proof.recommended.readyAt <= 75, `Ready at ${proof.recommended.readyAt}`);
  assert.match(proof.recommended.summary, /^Ready at \d+(\.\d)? s, no restart$/);
});

test('timeoutSeconds from p99 × margin, kept below periodSeconds', () => {
  const attempts = [...Array.from({ length: 49 }, () => ok(300)), ok(840)];
  const L = latencyStats(attempts);
  assert.equal(L.p99, 840);
  const c: Container = { name: 'app', readinessProbe: { httpGet: { port: 80 }, periodSeconds: 2 } };
  const rec = recommend(c, { probe: 'readinessProbe', latency: L });
  const t = rec.changes.find((x) => x.field === 'timeoutSeconds');
  assert.deepEqual(t && { from: t.from, to: t.to }, { from: undefined, to: 2 });
  assert.equal(t?.why, 'p99 840 ms over 50 attempts × 2 → timeoutSeconds 2');
  const p = rec.changes.find((x) => x.field === 'periodSeconds');
  assert.deepEqual(p && { from: p.from, to: p.to }, { from: 2, to: 3 });
});

test('a timeout that already covers p99 is left alone and said to be fine', () => {
  const c: Container = { name: 'app', livenessProbe: { tcpSocket: { port: 80 }, timeoutSeconds: 5 } };
  const rec = recommend(c, { probe: 'livenessProbe', latency: latencyStats(Array.from({ length: 10 }, () => ok(120))) });
  assert.deepEqual(rec.changes, []);
  assert.match(rec.fine.join('\n'), /liveness timeoutSeconds 5 covers p99 120 ms over 10 attempts × 2/);
});

test('flaky answers of a healthy app raise failureThreshold past the observed runs', () => {
  const attempts: Attempt[] = [];
  for (let i = 0; i < 50; i++) attempts.push(i % 10 === 3 || i === 4 ? fail('status', 5) : ok(5));
  const L = latencyStats(attempts);
  assert.equal(L.maxConsecutiveFailures, 2);
  const c: Container = { name: 'app', livenessProbe: { httpGet: { port: 80 } } };
  const rec = recommend(c, { probe: 'livenessProbe', latency: L });
  const ft = rec.changes.find((x) => x.field === 'failureThreshold');
  // r = 6/50 = 0.12 → ceil(ln 1e-6 / ln 0.12) = 7
  assert.equal(ft?.to, 7);
  assert.match(ft!.why, /6 of 50 attempts failed while the app was up \(12 %, up to 2 in a row\)/);
});

test('cannot recommend: a hung app, an app that never answers, a flapping app, an app that never starts', () => {
  const c: Container = { name: 'app', livenessProbe: { httpGet: { port: 80 } }, readinessProbe: { httpGet: { port: 80 } } };
  const hung = recommend(c, { probe: 'livenessProbe', latency: latencyStats(Array.from({ length: 5 }, () => fail('timeout'))) });
  assert.match(hung.cannot[0], /all 5 attempts timed out — the app does not answer \(hung\?\)/);
  const refused = recommend(c, { probe: 'livenessProbe', latency: latencyStats(Array.from({ length: 5 }, () => fail('refused', 1))) });
  assert.match(refused.cannot[0], /never succeeded in 5 attempts \(refused ×5\)/);
  const flapping = recommend(c, { probe: 'livenessProbe', latency: latencyStats(Array.from({ length: 10 }, (_, i) => (i % 3 ? fail('status', 4) : ok(4)))) });
  assert.match(flapping.cannot[0], /failed 60 % of 10 attempts while the app was up \(flapping\)/);
  const never = recommend(c, { probe: 'livenessProbe', starts: startStats([{ start: 1, attempts: 300, problem: 'the probe did not succeed within 300 s of launch' }]), startProblems: ['the probe did not succeed within 300 s of launch'] });
  assert.match(never.cannot[0], /cannot recommend a start-up budget: the app never answered in 1 start \(the probe did not succeed within 300 s of launch\)/);
  assert.deepEqual(never.changes, []);
});

test('liveness never less tolerant than readiness', () => {
  const c: Container = {
    name: 'app',
    livenessProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 1 },
    readinessProbe: { httpGet: { port: 80 }, periodSeconds: 10, failureThreshold: 2 },
  };
  const rec = recommend(c, { probe: 'readinessProbe' });
  const ft = rec.changes.find((x) => x.probe === 'livenessProbe' && x.field === 'failureThreshold');
  assert.deepEqual(ft && { from: ft.from, to: ft.to }, { from: 1, to: 4 });
  assert.match(ft!.why, /liveness would restart after 5 s, before readiness takes the pod out of traffic after 20 s/);
});

test('an existing startupProbe gets the budget through its failureThreshold', () => {
  const c: Container = { name: 'app', startupProbe: { httpGet: { port: 80 }, periodSeconds: 5, failureThreshold: 6 }, livenessProbe: { httpGet: { port: 80 } } };
  const rec = recommend(c, { probe: 'startupProbe', starts: startStats([{ start: 1, attempts: 9, firstSuccessSeconds: 44 }]) });
  const ft = rec.changes.find((x) => x.probe === 'startupProbe');
  // ceil(44 × 1.5) = 66 s → ceil(66 / 5) = 14
  assert.deepEqual(ft && { field: ft.field, from: ft.from, to: ft.to }, { field: 'failureThreshold', from: 6, to: 14 });
  assert.equal(rec.add, undefined);
});

test('percentiles are nearest-rank over answered attempts only (a refusal is not a latency)', () => {
  const L = latencyStats([ok(10), ok(20), ok(30), ok(40), fail('refused', 1), fail('status', 50)]);
  assert.deepEqual({ p50: L.p50, p95: L.p95, max: L.max, failures: L.failures, kinds: L.failuresByKind }, { p50: 30, p95: 50, max: 50, failures: 2, kinds: { refused: 1, status: 1 } });
});
