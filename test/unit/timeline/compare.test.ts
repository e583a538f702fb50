// "Current vs recommended" for the Pod Timeline: the slow-start manifest measured at a 61 s start
// turns from a restart loop into a clean start, in the words the side-by-side shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest';
import { addAttempts, addStarts, analyze, applyToContainer, prove } from '../../../src/core/measure';
import { comparisonLine, comparisonOf } from '../../../src/core/timeline/compare';

test('slow start: current is a restart loop, recommended is Ready with no restart; the numbers are said', () => {
  const text = readFileSync(join(__dirname, '../../../examples/manifests/slow-start/crashloop.yaml'), 'utf8');
  const w = parseManifest(text, 'crashloop.yaml').workloads[0];
  const c = w.containers[0];
  let rec = addStarts(undefined, 'livenessProbe', [{ start: 1, attempts: 240, firstSuccessSeconds: 61.2 }], '127.0.0.1', 1);
  rec = addAttempts(rec, 'livenessProbe', [3, 4, 5, 4, 6].map((d) => ({ at: 0, durationMs: d, ok: true })), 'measure', '127.0.0.1', 1);
  const analysis = analyze(c.spec, rec);
  const proof = prove({ spec: w.podSpec, name: 'slow-start', containerName: 'app', recommendation: analysis.recommendation, starts: analysis.starts, latency: analysis.latency });
  const recommendedSpec = { ...w.podSpec, containers: [applyToContainer(c.spec, analysis.recommendation)] };
  const cmp = comparisonOf({ probe: 'liveness probe of app', analysis, proof, containerName: 'app', recommendedSpec, apply: { possible: true } });
  assert.equal(cmp.current.level, 'error');
  assert.match(cmp.current.summary, /^restart loop, CrashLoopBackOff at \d+(\.\d)? s/);
  assert.equal(cmp.recommended.level, 'ok');
  assert.match(cmp.recommended.summary, /^Ready at (6\d|7\d)(\.\d)? s, no restart$/);
  assert.match(comparisonLine(cmp), /^current: restart loop, .* — recommended: Ready at .*, no restart$/);
  assert.deepEqual(cmp.measured, ['latency: p50 4 ms · p95 6 ms · p99 6 ms · max 6 ms over 5 attempts', '1 cold start: 61.2 s to the first success']);
  assert.match(cmp.changes[0]!, /^add a startupProbe \(periodSeconds 10, failureThreshold 10\) — slowest of 1 start 61\.2 s × 1\.5 = 92 s/);
  assert.match(cmp.scenario, /from 62 s after each start/);
  assert.ok(cmp.recommended.podSpec.containers?.[0]?.startupProbe, 'the recommended spec has the startupProbe');
  assert.ok(cmp.current.verdicts.some((v) => v.level === 'error'));
});
