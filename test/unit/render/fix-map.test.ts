// Quick fixes of a rendered chart carried to the values file (real helm): a fix that replaces a
// value written in values.yaml edits values.yaml and the re-render no longer has the finding; a fix
// whose value comes from a template expression (`default 0`) is not offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintRendered, renderUnit, type RenderUnit } from '../../../src/core/render';
import type { TextEdit } from '../../../src/core/lint/types';
import { TOOLS } from '../tools';

function copyChart(): RenderUnit {
  const root = join(mkdtempSync(join(tmpdir(), 'kp-fixmap-')), 'web');
  cpSync(resolve(__dirname, '../../../examples/charts/web'), root, { recursive: true });
  return { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
}

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

test('a values-file value fix edits values.yaml; after it the chart renders without the finding', async () => {
  const unit = copyChart();
  const values = join(unit.root, 'values.yaml');
  const lint = async () => lintRendered(await renderUnit(unit, { helmPath: TOOLS.helm }));
  const findings = await lint();
  const liveness = findings.find((f) => f.file === values && f.rule === 'probe/timeout-ge-period' && f.range.start.line === 11);
  assert.ok(liveness, 'timeout-ge-period on values.yaml line 12 (livenessProbe.timeoutSeconds: 5)');
  assert.deepEqual(liveness.fixes?.map((f) => f.title), ['Set timeoutSeconds to 4', 'Set periodSeconds to 6']);
  const text = readFileSync(values, 'utf8');
  const lines = apply(text, liveness.fixes![0].edits).split('\n');
  assert.equal(lines[11], '  timeoutSeconds: 4');
  assert.equal(lines[10], '  periodSeconds: 5');
  assert.equal(apply(text, liveness.fixes![1].edits).split('\n')[10], '  periodSeconds: 6');
  writeFileSync(values, apply(text, liveness.fixes![0].edits));
  const after = await lint();
  assert.equal(after.filter((f) => f.file === values && f.rule === 'probe/timeout-ge-period' && f.range.start.line === 11).length, 0);
  assert.equal(after.length, findings.length - 1);
});

test('no fix where it cannot be carried: a template default, an insertion, a value in another file', async () => {
  const unit = copyChart();
  const findings = await lintRendered(await renderUnit(unit, { helmPath: TOOLS.helm }));
  const at = (file: string, line: number, rule: string) => {
    const f = findings.find((x) => x.file === join(unit.root, file) && x.range.start.line === line - 1 && x.rule === rule);
    assert.ok(f, `${rule} at ${file}:${line}`);
    return (f.fixes ?? []).map((x) => x.title);
  };
  // `periodSeconds: {{ … | default 0 }}`: removing the rendered 0 cannot be done in the template.
  assert.deepEqual(at('templates/deployment.yaml', 29, 'probe/zero-is-default'), []);
  // "Declare containerPort 9090" inserts into the rendered container: no place to insert in a source.
  assert.deepEqual(at('values.yaml', 25, 'probe/port-not-declared'), []);
  // The worker's timeout (values.yaml worker.probeTimeout: 10) is lowered here; its period lives in
  // the subchart's own values.yaml, so "Set periodSeconds to 11" is not offered on this file.
  assert.deepEqual(at('values.yaml', 22, 'probe/timeout-ge-period'), ['Set timeoutSeconds to 9']);
  const values = join(unit.root, 'values.yaml');
  const f = findings.find((x) => x.file === values && x.range.start.line === 21)!;
  assert.equal(apply(readFileSync(values, 'utf8'), f.fixes![0].edits).split('\n')[21], '  probeTimeout: 9');
});
