// Charts and overlays in the Workspace Probes tree, rendered with the real helm and kubectl: one
// entry per unit, named as its folder, in its folder's parent; rendered workloads → containers →
// probes, each opening where it is written (values key, template line, patch, base); the chart's own
// template files are shown through it, and come back when the unit goes; a unit that does not render
// is one row with the tool's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderUnit, RenderError, type RenderUnit } from '../../../src/core/render';
import { problemOf } from '../../../src/core/render/unit-cache';
import { WorkspaceIndex } from '../../../src/core/workspace';
import { summarizeUnit } from '../../../src/core/workspace/unit-summary';
import { WorkspaceTreeModel, type WorkspaceNode } from '../../../src/core/workspace/tree-model';
import { TOOLS } from '../tools';

const EXAMPLES = resolve(__dirname, '../../../examples');

function copy(rel: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-unit-tree-'));
  cpSync(join(EXAMPLES, rel), join(dir, rel), { recursive: true });
  return dir;
}

function setup(root: string) {
  const index = new WorkspaceIndex();
  const model = new WorkspaceTreeModel(index, {
    displayPath: (p) => {
      const rel = p.slice(root.length + 1);
      const i = rel.lastIndexOf('/');
      return { name: rel.slice(i + 1), folder: rel.slice(0, Math.max(i, 0)) };
    },
  });
  const refreshed: (WorkspaceNode | undefined)[] = [];
  index.onDidChange((c) => refreshed.push(model.apply(c)));
  return { index, model, refreshed };
}

/** Every row under `node` as "label — description", indented, with where it opens. */
function rows(model: WorkspaceTreeModel, root: string, node?: WorkspaceNode, depth = 0): string[] {
  return model.children(node).flatMap((n) => {
    const item = model.item(n);
    const at = model.location(n);
    const where = at ? ` @ ${at.path.slice(root.length + 1)}:${at.at.line + 1}` : '';
    return [`${'  '.repeat(depth)}${item.label}${where}`, ...rows(model, root, n, depth + 1)];
  });
}

const line = (file: string, re: RegExp) => readFileSync(file, 'utf8').split('\n').findIndex((l) => re.test(l)) + 1;

test('a Helm chart is one entry: rendered workloads, containers and probes, each opening its values key or template line', async () => {
  const ws = copy('charts/web');
  const root = join(ws, 'charts/web');
  const unit: RenderUnit = { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
  const { index, model } = setup(ws);
  // The chart's template is indexed as a file first (masked), as the workspace scan finds it.
  const tpl = join(root, 'templates/deployment.yaml');
  index.update(tpl, readFileSync(tpl, 'utf8'));
  assert.ok(rows(model, ws).some((r) => r.trim().startsWith('deployment.yaml')), rows(model, ws).join('\n'));

  const rendered = await renderUnit(unit, { helmPath: TOOLS.helm });
  const summary = await summarizeUnit({ unit, rendered }, (f) => f);
  index.setUnit(unit.anchorFile, `${root}/`, summary);
  const shown = rows(model, ws);
  if (process.env.KP_SHOW) console.error(shown.join('\n'));
  const values = join(root, 'values.yaml');
  const liveness = line(values, /^livenessProbe:/);
  const readinessTpl = line(tpl, /^\s+readinessProbe:/);
  // The chart sits in its folder's parent, named as its folder; its template file is no longer a row.
  assert.equal(shown[0], 'charts');
  assert.equal(shown[1], '  web');
  assert.ok(!shown.some((r) => r.includes('deployment.yaml') && !r.includes('@')), shown.join('\n'));
  const web = shown.findIndex((r) => r.trim().startsWith('Deployment release-name-web '));
  assert.ok(web > 0, shown.join('\n'));
  assert.match(shown[web], new RegExp(`@ charts/web/templates/deployment.yaml:${line(tpl, /^\s+name: \{\{ include "web.fullname"/)}$`));
  assert.match(shown[web + 1], new RegExp(`^\\s+web @ charts/web/templates/deployment.yaml:${line(tpl, /- name: web/)}$`));
  // The toYaml'd liveness probe opens its values key; the readiness probe written in the template, its line.
  assert.ok(shown.some((r) => new RegExp(`livenessProbe · HTTP GET /healthz on http @ charts/web/values.yaml:${liveness}$`).test(r)), shown.join('\n'));
  assert.ok(shown.some((r) => new RegExp(`readinessProbe · HTTP GET /ready on http @ charts/web/templates/deployment.yaml:${readinessTpl}$`).test(r)), shown.join('\n'));
  // The subchart's workload is in the chart's render too.
  assert.ok(shown.some((r) => /charts\/web\/charts\/worker\/templates\/deployment.yaml/.test(r)), shown.join('\n'));

  const chartNode = model.children(model.children()[0]).find((n) => n.type === 'file')!;
  const item = model.item(chartNode);
  assert.equal(item.contextValue, 'unit.helm');
  assert.equal(item.icon.id, 'package');
  assert.match(item.description ?? '', /^Helm chart · /);
  assert.equal(index.totals().files, 1);

  // The unit goes: the template is a row of its own again.
  index.removeUnit(unit.anchorFile);
  assert.ok(rows(model, ws).some((r) => r.trim() === 'deployment.yaml'), rows(model, ws).join('\n'));
});

test('a Kustomize overlay: workloads open the patch that set the probe, else the base', async () => {
  const ws = copy('kustomize');
  const overlays = join(ws, 'kustomize/overlays');
  const { readdirSync } = await import('node:fs');
  const root = join(overlays, 'production');
  const kfile = readdirSync(root).find((f) => /^kustomization\.ya?ml$|^Kustomization$/.test(f))!;
  const unit: RenderUnit = { kind: 'kustomize', root, anchorFile: join(root, kfile) };
  const rendered = await renderUnit(unit, { kubectlPath: TOOLS.kubectl });
  const summary = await summarizeUnit({ unit, rendered }, (f) => f);
  const { index, model } = setup(ws);
  index.setUnit(unit.anchorFile, `${root}/`, summary);
  const shown = rows(model, ws);
  if (process.env.KP_SHOW) console.error(shown.join('\n'));
  const probes = shown.filter((r) => /Probe · /.test(r));
  assert.ok(probes.length > 0, shown.join('\n'));
  // Every probe row opens a file of the overlay or of its base, never the rendered output.
  for (const p of probes) assert.match(p, /@ kustomize\/[\w./-]+\.ya?ml:\d+$/);
  // production's own patch sets the liveness probe (kustomization.yaml's inline patch).
  assert.ok(probes.some((p) => /livenessProbe · .* @ kustomize\/overlays\/production\/kustomization\.yaml:\d+$/.test(p)), probes.join('\n'));
  assert.equal(model.item(model.children(model.children()[0]).find((n) => n.type === 'file') ?? model.children(model.children(model.children()[0])[0]!).find((n) => n.type === 'file')!).contextValue, 'unit.kustomize');
});

test('a chart that does not render: one row with helm\'s message, opening the template line helm names', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'kp-unit-tree-broken-'));
  const root = join(ws, 'broken');
  cpSync(resolve(__dirname, '../../fixtures/charts/broken'), root, { recursive: true });
  const unit: RenderUnit = { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
  let problem;
  try {
    await renderUnit(unit, { helmPath: TOOLS.helm });
    assert.fail('the broken chart rendered');
  } catch (e) {
    assert.ok(e instanceof RenderError);
    problem = problemOf(e, unit);
  }
  const { index, model } = setup(ws);
  index.setUnit(unit.anchorFile, `${root}/`, await summarizeUnit({ unit, problem }, (f) => f));
  const chart = model.children().find((n) => n.type === 'file')!;
  assert.equal(model.item(chart).label, 'broken');
  assert.match(model.item(chart).description ?? '', /does not render/);
  const kids = model.children(chart);
  assert.equal(kids.length, 1);
  const row = model.item(kids[0]!);
  assert.match(row.label, /nil pointer evaluating interface \{\}\.period/);
  assert.equal(row.contextValue, 'problem.render');
  assert.deepEqual(model.location(kids[0]!), { path: join(root, 'templates/pod.yaml'), at: { line: 9, character: 0 } });

  // helm missing: the row opens Chart.yaml.
  const missing = problemOf(new RenderError("helm not found: 'x' does not exist", undefined, undefined, 'not-found'), unit);
  index.setUnit(unit.anchorFile, `${root}/`, await summarizeUnit({ unit, problem: missing }, (f) => f));
  const again = model.children(model.children().find((n) => n.type === 'file')!);
  assert.equal(model.location(again[0]!)?.path, unit.anchorFile);
});
