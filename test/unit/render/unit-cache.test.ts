// The editor's per-unit cache over real helm renders: one render until a file of the chart changes,
// findings per file, a render failure as one problem at the template line helm names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderUnit, type RenderOptions, type RenderUnit } from '../../../src/core/render';
import { UnitLintCache } from '../../../src/core/render/unit-cache';
import { TOOLS } from '../tools';

function copyChart(name: string, from = resolve(__dirname, '../../../examples/charts/web')): RenderUnit {
  const root = join(mkdtempSync(join(tmpdir(), `kp-cache-${name}-`)), name);
  cpSync(from, root, { recursive: true });
  return { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
}

test('one render per unit until a file under it changes; findings follow the edit', async () => {
  const unit = copyChart('web');
  let renders = 0;
  const cache = new UnitLintCache((u: RenderUnit, o: RenderOptions) => (renders++, renderUnit(u, o)));
  const opts = { helmPath: TOOLS.helm };
  const first = await cache.lint(unit, opts);
  await cache.lint(unit, opts);
  assert.equal(renders, 1);
  const values = join(unit.root, 'values.yaml');
  assert.deepEqual(cache.on(values).findings.map((f) => `${f.range.start.line + 1} ${f.rule}`), ['12 probe/timeout-ge-period', '22 probe/timeout-ge-period', '25 probe/port-not-declared']);
  assert.ok(first.inputs.includes(values));
  assert.equal(cache.settled(unit.root), first);
  assert.deepEqual(first.rendered?.objects.map((o) => `${o.kind}/${o.name}`).filter((n) => n.startsWith('Deployment/')).sort(), ['Deployment/release-name-web', 'Deployment/release-name-worker']);

  // Fix the liveness timeout in values.yaml: the unit is dropped and the next lint renders again.
  writeFileSync(values, readFileSync(values, 'utf8').replace('  timeoutSeconds: 5\n', '  timeoutSeconds: 2\n'));
  assert.deepEqual(cache.invalidate(values).map((u) => u.root), [unit.root]);
  await cache.lint(unit, opts);
  assert.equal(renders, 2);
  assert.deepEqual(cache.on(values).findings.map((f) => `${f.range.start.line + 1} ${f.rule}`), ['22 probe/timeout-ge-period', '25 probe/port-not-declared']);
  assert.deepEqual(cache.invalidate('/somewhere/else.yaml'), []);
  cache.dispose();
});

test('a template that does not render: one problem at the line helm names, none elsewhere', async () => {
  const unit = copyChart('broken', resolve(__dirname, '../../fixtures/charts/broken'));
  const cache = new UnitLintCache();
  const r = await cache.lint(unit, { helmPath: TOOLS.helm });
  assert.deepEqual(r.findings, []);
  const tpl = join(unit.root, 'templates/pod.yaml');
  const { problems } = cache.on(tpl);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].range.start.line, 9);
  assert.match(problems[0].message, /nil pointer evaluating interface \{\}\.period/);
  assert.equal(cache.on(unit.anchorFile).problems.length, 0);
  // helm missing: the problem goes on Chart.yaml.
  const missing = await new UnitLintCache().lint(unit, { helmPath: join(unit.root, 'no-helm') });
  assert.equal(missing.problem?.file, unit.anchorFile);
  assert.equal(missing.problem?.reason, 'not-found');
});
