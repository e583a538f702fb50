// "Run probe" on a probe the API server rejects: the linter's error findings inside that probe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../src/core/manifest/parse';
import { handlerErrors, rejectionLines } from '../../../src/core/probe/admission';

const EXAMPLE = readFileSync(join(__dirname, '../../../examples/manifests/broken-api-validation.yaml'), 'utf8');

test('a lowercase scheme: the API server rejects the probe; its sibling probe is fine', () => {
  const file = parseManifest(EXAMPLE, 'broken-api-validation.yaml');
  const pod = file.workloads.find((w) => w.name === 'scheme-lowercase')!;
  const [app] = pod.containers;
  const liveness = app!.handlers.find((h) => h.site === 'livenessProbe')!;
  const readiness = app!.handlers.find((h) => h.site === 'readinessProbe')!;
  const lines = rejectionLines(handlerErrors(file, liveness));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /scheme "https", but the scheme is case-sensitive and must be HTTP or HTTPS.*\(api\/httpget-scheme-unsupported\)$/);
  assert.deepEqual(handlerErrors(file, readiness), []);
});

test('a rule turned off is not said; warnings are not rejections', () => {
  const file = parseManifest(EXAMPLE, 'broken-api-validation.yaml');
  const liveness = file.workloads.find((w) => w.name === 'scheme-lowercase')!.containers[0]!.handlers.find((h) => h.site === 'livenessProbe')!;
  assert.deepEqual(handlerErrors(file, liveness, { rules: { 'api/httpget-scheme-unsupported': 'off' } }), []);
  assert.deepEqual(handlerErrors(file, liveness, { rules: { 'api/httpget-scheme-unsupported': 'warning' } }), []);
});
