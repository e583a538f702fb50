// Re-linting a chart after an edit, as the editor does (UnitLintCache): a values edit that only
// changes a value reuses the previous source mapping (one helm run) and gives the same findings as a
// fresh lint; an edit that may change the mapping (a new key, a template edit, a value that now feeds
// a different field) renders the sentinel again. Real helm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderHelm, type HelmRendered } from '../../../src/core/render/helm';
import { lintRendered, type MappedFinding, type RenderUnit } from '../../../src/core/render';
import { UnitLintCache } from '../../../src/core/render/unit-cache';
import { TOOLS } from '../tools';

function copyChart(name: string, from = resolve(__dirname, '../../../examples/charts/web')): RenderUnit {
  const root = join(mkdtempSync(join(tmpdir(), `kp-reuse-${name}-`)), name);
  cpSync(from, root, { recursive: true });
  return { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
}

const shown = (fs: MappedFinding[], root: string) => fs.map((f) => `${f.file.slice(root.length + 1)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${f.message}`);

async function fresh(unit: RenderUnit): Promise<string[]> {
  const r = await renderHelm(unit, { helmPath: TOOLS.helm });
  return shown(await lintRendered(r), unit.root);
}

async function relint(cache: UnitLintCache, unit: RenderUnit, changed: string): Promise<{ findings: string[]; extra: number }> {
  cache.invalidate(changed);
  const r = await cache.lint(unit, { helmPath: TOOLS.helm });
  assert.equal(r.problem, undefined, r.problem?.message);
  return { findings: shown(r.findings, unit.root), extra: (r.rendered as HelmRendered).extraRenders() };
}

test('a values edit that changes a value: one helm run, the same findings as a fresh lint', async () => {
  const unit = copyChart('web');
  const cache = new UnitLintCache();
  const first = await cache.lint(unit, { helmPath: TOOLS.helm });
  assert.equal((first.rendered as HelmRendered).extraRenders(), 1);
  const values = join(unit.root, 'values.yaml');
  const before = readFileSync(values, 'utf8');
  assert.match(before, /^ {2}timeoutSeconds: 5$/m);

  writeFileSync(values, before.replace(/^ {2}timeoutSeconds: 5$/m, '  timeoutSeconds: 7'));
  const edited = await relint(cache, unit, values);
  assert.equal(edited.extra, 0, 'the mapping of the previous render was reused');
  assert.deepEqual(edited.findings, await fresh(unit));
  assert.ok(edited.findings.some((f) => f.startsWith('values.yaml:') && f.includes('timeoutSeconds 7')), edited.findings.join('\n'));

  // Back to 5 and a second edit in a row: still reused, still equal to a fresh lint.
  writeFileSync(values, before);
  const back = await relint(cache, unit, values);
  assert.equal(back.extra, 0);
  assert.deepEqual(back.findings, await fresh(unit));
  cache.dispose();
});

test('edits that may change the mapping render the sentinel again, and agree with a fresh lint', async () => {
  const unit = copyChart('web');
  const cache = new UnitLintCache();
  await cache.lint(unit, { helmPath: TOOLS.helm });
  const values = join(unit.root, 'values.yaml');
  const text = readFileSync(values, 'utf8');

  // A new key in values.yaml: the shape changed.
  writeFileSync(values, `${text}\nextraKey: 3\n`);
  const added = await relint(cache, unit, values);
  assert.equal(added.extra, 1);
  assert.deepEqual(added.findings, await fresh(unit));

  // A template edit (different content, size and time): the chart changed.
  const tplDir = join(unit.root, 'templates');
  const tpl = join(tplDir, 'deployment.yaml');
  const t = readFileSync(tpl, 'utf8');
  writeFileSync(tpl, `${t}\n`);
  utimesSync(tpl, new Date(), new Date(Date.now() + 5000));
  const templ = await relint(cache, unit, tpl);
  assert.equal(templ.extra, 1);
  assert.deepEqual(templ.findings, await fresh(unit));
  cache.dispose();
});

test('a value that now equals another field it does not feed is not attributed by reuse', async () => {
  // Two probes: liveness timeout from values, readiness timeout a literal 3 in the template.
  const root = join(mkdtempSync(join(tmpdir(), 'kp-reuse-lit-')), 'lit');
  cpSync(resolve(__dirname, '../../../examples/charts/web'), root, { recursive: true });
  writeFileSync(join(root, 'values.yaml'), 'lto: 5\nport: 8080\n');
  writeFileSync(
    join(root, 'templates', 'deployment.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: lit }
spec:
  selector: { matchLabels: { app: lit } }
  template:
    metadata: { labels: { app: lit } }
    spec:
      containers:
        - name: app
          image: nginx
          ports: [{ containerPort: {{ .Values.port }} }]
          livenessProbe:
            httpGet: { path: /, port: {{ .Values.port }} }
            periodSeconds: 3
            timeoutSeconds: {{ .Values.lto }}
          readinessProbe:
            httpGet: { path: /, port: {{ .Values.port }} }
            periodSeconds: 3
            timeoutSeconds: 3
`,
  );
  for (const f of ['service.yaml', 'tests']) rmSync(join(root, 'templates', f), { recursive: true, force: true });
  const unit: RenderUnit = { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
  const cache = new UnitLintCache();
  const first = await cache.lint(unit, { helmPath: TOOLS.helm });
  assert.equal(first.problem, undefined, first.problem?.message);
  const values = join(root, 'values.yaml');
  writeFileSync(values, 'lto: 3\nport: 8080\n');
  const edited = await relint(cache, unit, values);
  assert.equal(edited.extra, 0);
  assert.deepEqual(edited.findings, await fresh(unit));
  // The readiness timeout (3 = 3) is still the template's line, the liveness one is values.yaml's.
  const timeouts = edited.findings.filter((f) => f.includes('timeout-ge-period'));
  assert.ok(timeouts.some((f) => f.startsWith('values.yaml:1:')), timeouts.join('\n'));
  assert.ok(timeouts.some((f) => f.startsWith('templates/deployment.yaml:20:')), timeouts.join('\n'));
  cache.dispose();
});
