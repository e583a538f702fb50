// What the chart pipeline keeps between renders (parsed values files by content, the templates'
// key-line index, the parse of rendered documents, the previous mapping) never changes a finding:
// after each edit in a row — a value of the same length, a longer value that moves every line below
// it, a new key, a values file of a subchart, a template — the editor's re-lint (UnitLintCache,
// caches warm) gives exactly the findings, files, ranges and fixes of a lint with every cache
// cleared. Real helm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clearParseCache } from '../../../src/core/manifest/parse';
import { clearChartCaches, renderHelm, type HelmRendered } from '../../../src/core/render/helm';
import { lintRendered, type MappedFinding, type RenderUnit } from '../../../src/core/render';
import { UnitLintCache } from '../../../src/core/render/unit-cache';
import { TOOLS } from '../tools';

const shown = (fs: MappedFinding[], root: string) =>
  fs.map((f) => {
    const fixes = (f.fixes ?? []).map((x) => `${x.title}: ${x.edits.map((e) => `${e.span.start}-${e.span.end}=${JSON.stringify(e.newText)}`).join(',')}`);
    return `${f.file.slice(root.length + 1)}:${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1} ${f.rule} ${f.message}${fixes.length ? ` [${fixes.join('; ')}]` : ''}`;
  });

async function cold(unit: RenderUnit): Promise<string[]> {
  clearParseCache();
  clearChartCaches();
  const r = await renderHelm(unit, { helmPath: TOOLS.helm });
  return shown(await lintRendered(r), unit.root);
}

test('re-lints with warm caches after a series of edits equal a lint with every cache cleared', async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'kp-caches-')), 'web');
  cpSync(resolve(__dirname, '../../../examples/charts/web'), root, { recursive: true });
  const unit: RenderUnit = { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
  const values = join(root, 'values.yaml');
  const sub = join(root, 'charts', 'worker', 'values.yaml');
  const tpl = join(root, 'templates', 'deployment.yaml');
  const cache = new UnitLintCache();
  const lint = async (changed?: string) => {
    if (changed) cache.invalidate(changed);
    const r = await cache.lint(unit, { helmPath: TOOLS.helm });
    assert.equal(r.problem, undefined, r.problem?.message);
    return { findings: shown(r.findings, root), extra: (r.rendered as HelmRendered).extraRenders() };
  };
  const edit = (file: string, from: RegExp, to: string) => {
    const text = readFileSync(file, 'utf8');
    assert.match(text, from);
    writeFileSync(file, text.replace(from, to));
  };

  const first = await lint();
  assert.deepEqual(first.findings, await cold(unit));
  assert.ok(first.findings.some((f) => f.startsWith('values.yaml:')), first.findings.join('\n'));

  // A value of the same length: the previous mapping is reused.
  edit(values, /^ {2}timeoutSeconds: 5$/m, '  timeoutSeconds: 7');
  const same = await lint(values);
  assert.equal(same.extra, 0);
  assert.deepEqual(same.findings, await cold(unit));
  assert.ok(same.findings.some((f) => f.startsWith('values.yaml:') && f.includes('timeoutSeconds 7')), same.findings.join('\n'));

  // Longer text and a comment above the mapped keys: every later line and offset moves.
  edit(values, /^replicaCount: 2$/m, '# edited\nreplicaCount: 22');
  edit(values, /^ {2}timeoutSeconds: 7$/m, '  timeoutSeconds: 1234');
  const moved = await lint(values);
  assert.equal(moved.extra, 0);
  assert.deepEqual(moved.findings, await cold(unit));
  assert.notDeepEqual(moved.findings, same.findings);

  // A new key: the shape changed, the mapping is rendered again.
  edit(values, /^replicaCount: 22$/m, 'replicaCount: 22\nextra: { a: 1 }');
  const added = await lint(values);
  assert.equal(added.extra, 1);
  assert.deepEqual(added.findings, await cold(unit));

  // A subchart's values file: the worker's period (its timeout comes from the parent's values).
  edit(sub, /^probePeriod: 10$/m, 'probePeriod: 9');
  const subEdit = await lint(sub);
  assert.deepEqual(subEdit.findings, await cold(unit));
  assert.ok(subEdit.findings.some((f) => f.includes('timeoutSeconds 10 ≥ periodSeconds 9')), subEdit.findings.join('\n'));

  // A template: a line added above the probes moves the template-mapped findings.
  edit(tpl, /^spec:$/m, '# a comment line\nspec:');
  const templ = await lint(tpl);
  assert.equal(templ.extra, 1);
  assert.deepEqual(templ.findings, await cold(unit));
  cache.dispose();
});
