// The rule for tests that read reference data kept beside the repository: skipped with a reason in a
// plain clone, run (and so failing) under CI=true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { needsReferenceData, underCI } from './reference-data';

const ABSENT = join(tmpdir(), 'kube-probes-no-such-reference-data', 'labels.tsv');

test('absent data outside CI: skipped with a reason that names the path', () => {
  const skip = needsReferenceData(ABSENT, 'the labels', {});
  assert.equal(typeof skip, 'string');
  assert.ok((skip as string).includes(ABSENT) && (skip as string).includes('the labels'));
});

test('absent data under CI=true: not skipped (the test runs and fails on it)', () => {
  assert.equal(needsReferenceData(ABSENT, 'the labels', { CI: 'true' }), false);
  assert.equal(underCI({ CI: '1' }), true);
  assert.equal(underCI({ CI: 'false' }), false);
});

test('present data: not skipped', () => {
  assert.equal(needsReferenceData(__filename, 'this file', {}), false);
});
