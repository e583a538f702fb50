// Writing a measured recommendation into a chart or overlay, with the real helm and kubectl: each
// field goes where its rendered value comes from (the values key, the chosen values file that sets it,
// the template literal, the patch, the base), a default is added next to a sibling or as the values key
// a template reads; every edit is checked by a render, comments are kept, and what cannot be written
// is said exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { applyEdits } from '../../../src/core/measure/apply';
import { unitRecommendationEdits, type UnitEdit } from '../../../src/core/measure/apply-unit';
import type { Change, Recommendation } from '../../../src/core/measure/recommend';
import { parseManifest } from '../../../src/core/manifest/parse';
import { renderUnit, type RenderOptions, type RenderUnit, type Rendered } from '../../../src/core/render';
import { TOOLS } from '../tools';

const EXAMPLES = resolve(__dirname, '../../../examples');

function copy(from: string, name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kp-apply-unit-')), name);
  cpSync(from, dir, { recursive: true });
  return dir;
}

const rec = (...changes: Array<Omit<Change, 'why'>>): Recommendation => ({ changes: changes.map((c) => ({ ...c, why: 'measured' })), cannot: [], fine: [] });

function containerOf(r: Rendered, workload: string, container: string) {
  const file = parseManifest(r.text, r.unit.anchorFile, { cache: false });
  const w = file.workloads.find((x) => x.name === workload);
  const c = w?.containers.find((x) => x.name === container);
  assert.ok(c, `${workload}/${container} in the render`);
  return c;
}

function write(edits: UnitEdit[]): void {
  const byFile = new Map<string, UnitEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [f, es] of byFile) writeFileSync(f, applyEdits(readFileSync(f, 'utf8'), es));
}

async function probeAfter(unit: RenderUnit, opts: RenderOptions, workload: string, container: string, probe: string): Promise<Record<string, unknown>> {
  const r = await renderUnit(unit, opts);
  return containerOf(r, workload, container).spec[probe as 'livenessProbe'] as Record<string, unknown>;
}

test('a chart: values key, chosen values file, template default via its .Values key, toYaml block and literal template probe', async () => {
  const root = copy(join(EXAMPLES, 'charts/web'), 'web');
  const unit: RenderUnit = { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
  const opts: RenderOptions = { helmPath: TOOLS.helm, valuesFiles: [join(root, 'values-prod.yaml')] };
  const values = join(root, 'values.yaml');
  const prod = join(root, 'values-prod.yaml');
  const valuesBefore = readFileSync(values, 'utf8');
  const rendered = await renderUnit(unit, opts);

  const web = containerOf(rendered, 'release-name-web', 'web');
  const r = await unitRecommendationEdits({
    rendered,
    container: web,
    opts,
    recommendation: rec(
      { probe: 'livenessProbe', field: 'timeoutSeconds', from: 8, to: 2 }, // set by values-prod.yaml (chosen, wins)
      { probe: 'livenessProbe', field: 'initialDelaySeconds', to: 4 }, // not written: into the toYaml'd block
      { probe: 'readinessProbe', field: 'timeoutSeconds', from: 1, to: 3 }, // values.yaml readiness.timeoutSeconds
      { probe: 'readinessProbe', field: 'periodSeconds', from: 0, to: 5 }, // `{{ .Values.readiness.periodSeconds | default 0 }}`
    ),
  });
  assert.deepEqual(r.skipped, []);
  assert.equal(r.written.length, 4, r.written.join('\n'));
  assert.ok(r.written.some((w) => /livenessProbe\.timeoutSeconds 8 → 2 in values-prod\.yaml line 3/.test(w)), r.written.join('\n'));
  assert.ok(r.written.some((w) => /readinessProbe\.periodSeconds 0 → 5 in values\.yaml: readiness\.periodSeconds \(read by templates\/deployment\.yaml line 29\)/.test(w)), r.written.join('\n'));
  assert.deepEqual([...new Set(r.edits.map((e) => e.file))].sort(), [prod, values].sort());
  write(r.edits);
  // Comments and every untouched line kept; one new line per added key.
  const after = readFileSync(values, 'utf8');
  assert.ok(after.includes('# A whole probe, written into the Deployment with toYaml | nindent.\n'));
  assert.equal(after.split('\n').length, valuesBefore.split('\n').length + 2);
  assert.match(after, /livenessProbe:\n {2}initialDelaySeconds: 4\n {2}httpGet:|livenessProbe:\n(?: {2}.*\n)* {2}initialDelaySeconds: 4\n/);
  assert.match(after, /readiness:\n {2}periodSeconds: 5\n {2}path: \/ready\n {2}timeoutSeconds: 3\n/);
  assert.equal(readFileSync(prod, 'utf8'), 'replicaCount: 4\nlivenessProbe:\n  timeoutSeconds: 2\nworker:\n  probePeriod: 30\n');
  const live = await probeAfter(unit, opts, 'release-name-web', 'web', 'livenessProbe');
  assert.equal(live.timeoutSeconds, 2);
  assert.equal(live.initialDelaySeconds, 4);
  const ready = await probeAfter(unit, opts, 'release-name-web', 'web', 'readinessProbe');
  assert.deepEqual([ready.timeoutSeconds, ready.periodSeconds], [3, 5]);

  // The subchart: a value fed by the parent's values (worker.probeTimeout), one by the chosen file
  // (worker.probePeriod), and a probe written literally in the subchart's template with no timings.
  const again = await renderUnit(unit, opts);
  const worker = containerOf(again, 'release-name-worker', 'worker');
  const tpl = join(root, 'charts/worker/templates/deployment.yaml');
  const w = await unitRecommendationEdits({
    rendered: again,
    container: worker,
    opts,
    recommendation: rec(
      { probe: 'livenessProbe', field: 'timeoutSeconds', from: 10, to: 6 },
      { probe: 'livenessProbe', field: 'periodSeconds', from: 30, to: 20 },
      { probe: 'readinessProbe', field: 'failureThreshold', to: 2 },
    ),
  });
  assert.deepEqual(w.skipped, []);
  write(w.edits);
  assert.match(readFileSync(tpl, 'utf8'), / {10}readinessProbe:\n {12}failureThreshold: 2\n {12}tcpSocket:\n/);
  assert.match(readFileSync(values, 'utf8'), /worker:\n {2}probeTimeout: 6\n/);
  assert.match(readFileSync(prod, 'utf8'), /worker:\n {2}probePeriod: 20\n/);
  const wl = await probeAfter(unit, opts, 'release-name-worker', 'worker', 'livenessProbe');
  assert.deepEqual([wl.timeoutSeconds, wl.periodSeconds], [6, 20]);
  assert.equal((await probeAfter(unit, opts, 'release-name-worker', 'worker', 'readinessProbe')).failureThreshold, 2);
});

test('a chart: what cannot be written for certain is said exactly, and nothing unchecked is written', async () => {
  const root = copy(join(EXAMPLES, 'charts/web'), 'web');
  const unit: RenderUnit = { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
  const tpl = join(root, 'templates/deployment.yaml');
  // replicas-like arithmetic: the rendered value comes from an expression that is not a plain .Values key.
  writeFileSync(tpl, readFileSync(tpl, 'utf8').replace('timeoutSeconds: {{ .Values.readiness.timeoutSeconds }}', 'timeoutSeconds: {{ add .Values.readiness.timeoutSeconds 1 }}'));
  const opts: RenderOptions = { helmPath: TOOLS.helm };
  const rendered = await renderUnit(unit, opts);
  const web = containerOf(rendered, 'release-name-web', 'web');
  const r = await unitRecommendationEdits({
    rendered,
    container: web,
    opts,
    recommendation: { ...rec({ probe: 'readinessProbe', field: 'timeoutSeconds', from: 2, to: 4 }), add: { probe: 'startupProbe', copyHandlerFrom: 'livenessProbe', fields: { periodSeconds: 5, failureThreshold: 24 }, why: 'slow start' } },
  });
  assert.deepEqual(r.edits, []);
  assert.equal(r.skipped.length, 2);
  assert.match(r.skipped[0], /^readinessProbe\.timeoutSeconds: 4 — templates\/deployment\.yaml line 30 writes it with a template expression \(\{\{ add \.Values\.readiness\.timeoutSeconds 1 \}\}\)/);
  assert.match(r.skipped[1], /add a startupProbe to container web .*periodSeconds: 5, failureThreshold: 24/);
});

test('an overlay: the patch that sets the field, else the base; a default added next to a sibling', async () => {
  const top = copy(join(EXAMPLES, 'kustomize'), 'kustomize');
  const overlay = join(top, 'overlays/staging');
  const unit: RenderUnit = { kind: 'kustomize', root: overlay, anchorFile: join(overlay, 'kustomization.yaml') };
  const opts: RenderOptions = { kubectlPath: TOOLS.kubectl };
  const base = join(top, 'base/deployment.yaml');
  const patch = join(overlay, 'liveness-timing.yaml');
  const rendered = await renderUnit(unit, opts);
  const web = containerOf(rendered, 'staging-shop', 'web');
  const r = await unitRecommendationEdits({
    rendered,
    container: web,
    opts,
    recommendation: rec(
      { probe: 'livenessProbe', field: 'timeoutSeconds', from: 15, to: 3 }, // the strategic-merge patch
      { probe: 'livenessProbe', field: 'periodSeconds', from: 10, to: 12 }, // the base
      { probe: 'livenessProbe', field: 'initialDelaySeconds', to: 5 }, // nowhere: next to a sibling
    ),
  });
  assert.deepEqual(r.skipped, []);
  assert.deepEqual([...new Set(r.edits.map((e) => e.file))].sort(), [base, patch].sort());
  write(r.edits);
  assert.match(readFileSync(patch, 'utf8'), /timeoutSeconds: 3\n/);
  assert.ok(readFileSync(patch, 'utf8').startsWith('# Strategic merge:'), 'comment kept');
  assert.match(readFileSync(base, 'utf8'), /periodSeconds: 12\n/);
  const live = await probeAfter(unit, opts, 'staging-shop', 'web', 'livenessProbe');
  assert.deepEqual([live.timeoutSeconds, live.periodSeconds, live.initialDelaySeconds], [3, 12, 5]);
});
