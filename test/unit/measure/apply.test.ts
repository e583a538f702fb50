// Writing a recommendation into the manifest keeps its comments and style, and the result lints
// and simulates as promised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest';
import { lintText } from '../../../src/core/lint/engine';
import { applyEdits, prove, recommend, recommendationEdits, startStats } from '../../../src/core/measure';
import { simulate } from '../../../src/core/lifecycle/simulate';

const EXAMPLES = join(__dirname, '../../../examples');

test('slow start: the recommended startupProbe is written into crashloop.yaml; comments kept; it lints clean and simulates to Ready with no restart', () => {
  const text = readFileSync(join(EXAMPLES, 'manifests/slow-start/crashloop.yaml'), 'utf8');
  const file = parseManifest(text, 'crashloop.yaml');
  const c = file.workloads[0].containers[0];
  const starts = startStats([{ start: 1, attempts: 61, firstSuccessSeconds: 61.2 }]);
  const rec = recommend(c.spec, { probe: 'livenessProbe', starts });
  const { edits, skipped } = recommendationEdits(text, c, rec);
  assert.deepEqual(skipped, []);
  const fixed = applyEdits(text, edits);
  assert.ok(fixed.startsWith(text.slice(0, text.indexOf('apiVersion'))), 'the header comment is untouched');
  assert.match(fixed, /\n {10}startupProbe:\n {12}httpGet:\n {14}path: \/healthz\n {14}port: http\n {12}periodSeconds: 10\n {12}failureThreshold: 10\n/);
  const again = parseManifest(fixed, 'crashloop.yaml');
  const spec = again.workloads[0].containers[0].spec;
  assert.deepEqual(spec.startupProbe, { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10, failureThreshold: 10 });
  const before = lintText(text, 'crashloop.yaml').findings.map((f) => f.rule);
  const after = lintText(fixed, 'crashloop.yaml').findings.map((f) => f.rule);
  assert.deepEqual(after.filter((r) => !before.includes(r)), [], 'no new finding');
  const sim = simulate({ spec: again.workloads[0].podSpec, name: 'slow-start', scenario: prove({ spec: c.workload.podSpec, containerName: 'app', recommendation: rec, starts }).scenario });
  assert.equal(sim.final.containers.app.restartCount, 0);
  assert.equal(sim.final.conditions.Ready, 'True');
});

test('a changed field is replaced in place; a missing one is added to its probe', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: { name: p }',
    'spec:',
    '  containers:',
    '    - name: app',
    '      image: x',
    '      readinessProbe:',
    '        httpGet: { path: /ready, port: 80 }',
    '        periodSeconds: 2 # keep this comment',
    '',
  ].join('\n');
  const file = parseManifest(text, 'p.yaml');
  const c = file.workloads[0].containers[0];
  const rec = { changes: [
    { probe: 'readinessProbe' as const, field: 'periodSeconds' as const, from: 2, to: 3, why: '' },
    { probe: 'readinessProbe' as const, field: 'timeoutSeconds' as const, to: 2, why: '' },
  ], cannot: [], fine: [] };
  const out = applyEdits(text, recommendationEdits(text, c, rec).edits);
  assert.equal(out, text.replace('periodSeconds: 2 # keep this comment\n', 'periodSeconds: 3 # keep this comment\n        timeoutSeconds: 2\n'));
});

test('JSON (flow-style) containers: the added probe is written as JSON and the file stays JSON', () => {
  const text = readFileSync(join(EXAMPLES, 'manifests/deployment.json'), 'utf8');
  const file = parseManifest(text, 'deployment.json');
  const c = file.workloads[0].containers.find((x) => x.spec.livenessProbe)!;
  const rec = { changes: [], cannot: [], fine: [], add: { probe: 'startupProbe' as const, copyHandlerFrom: 'livenessProbe' as const, fields: { periodSeconds: 10, failureThreshold: 12 }, why: '' } };
  const r = recommendationEdits(text, c, rec);
  assert.deepEqual(r.skipped, []);
  const out = JSON.parse(applyEdits(text, r.edits));
  const written = out.spec.template.spec.containers.find((x: { name: string }) => x.name === c.name);
  assert.deepEqual(written.startupProbe, { ...Object.fromEntries(Object.entries(c.spec.livenessProbe!).filter(([k]) => ['exec', 'httpGet', 'tcpSocket', 'grpc'].includes(k))), periodSeconds: 10, failureThreshold: 12 });
});
