// The test set-up unpacks real helm and kubectl from the devDependency; their versions are the ones
// the chart and overlay tests are written against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { TOOLS } from '../tools';

test('helm from the devDependency is v4.1.4', () => {
  const out = execFileSync(TOOLS.helm, ['version', '--short'], { encoding: 'utf8', timeout: 20000 });
  assert.match(out, /^v4\.1\.4\b/);
});

test('kubectl from the devDependency is v1.35.2 with kustomize', () => {
  const out = execFileSync(TOOLS.kubectl, ['version', '--client'], { encoding: 'utf8', timeout: 20000 });
  assert.match(out, /Client Version: v1\.35\.2/);
  assert.match(out, /Kustomize Version: v5\./);
});
