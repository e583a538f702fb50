// Kustomize overlays rendered with the real kubectl (v1.35.2 from the devDependency): every finding
// of examples/kustomize lands on the exact file and line the user edits (the patch that last set
// the field, else the base resource), with names as rendered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderKustomize } from '../../../src/core/render/kustomize';
import type { RenderUnit } from '../../../src/core/render/types';
import { TOOLS } from '../tools';
import { lintAndLocate } from './kustomize-helpers';

const EX = resolve(__dirname, '../../../examples/kustomize');
const unit = (dir: string): RenderUnit => ({ kind: 'kustomize', root: join(EX, dir), anchorFile: join(EX, dir, 'kustomization.yaml') });
const opts = { kubectlPath: TOOLS.kubectl };

/** The 1-based line of the first line of `file` containing `needle` (after `after`, if given). */
function lineOf(file: string, needle: string, after?: string): number {
  const lines = readFileSync(join(EX, file), 'utf8').split('\n');
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const i = lines.findIndex((l, k) => k >= from && l.includes(needle));
  assert.ok(i >= 0, `${needle} in ${file}`);
  return i + 1;
}

const brief = (fs: Awaited<ReturnType<typeof lintAndLocate>>) => fs.map((f) => `${f.rule} ${f.file}:${f.line} ${f.text}`).sort();

test('staging overlay: SMP file, JSON 6902 file and inline patch findings land on the patches; the base keeps its own', async () => {
  const r = await renderKustomize(unit('overlays/staging'), opts);
  const deploy = r.objects.find((o) => o.kind === 'Deployment');
  assert.equal(deploy?.name, 'staging-shop');
  assert.equal(deploy?.sourceFile, join(EX, 'base/deployment.yaml'));
  const found = await lintAndLocate(r, EX);
  assert.deepEqual(brief(found), [
    `probe/missing-liveness base/deployment.yaml:${lineOf('base/deployment.yaml', '- name: log-shipper')} log-shipper`,
    `probe/missing-readiness base/deployment.yaml:${lineOf('base/deployment.yaml', '- name: log-shipper')} log-shipper`,
    `probe/named-port-not-found overlays/staging/kustomization.yaml:${lineOf('overlays/staging/kustomization.yaml', 'port: htpp')} htpp`,
    `probe/port-not-declared overlays/staging/readiness-port.yaml:${lineOf('overlays/staging/readiness-port.yaml', 'value: 8081')} 8081`,
    `probe/timeout-ge-period overlays/staging/liveness-timing.yaml:${lineOf('overlays/staging/liveness-timing.yaml', 'timeoutSeconds: 15')} 15`,
  ]);
  assert.ok(found.every((f) => f.name === 'staging-shop'));
});

test('production overlay on staging: suffix and namespace applied, an inline JSON 6902 op addressed by the staging name', async () => {
  const r = await renderKustomize(unit('overlays/production'), opts);
  const deploy = r.objects.find((o) => o.kind === 'Deployment');
  assert.deepEqual([deploy?.name, deploy?.namespace], ['staging-shop-prod', 'shop-prod']);
  const found = await lintAndLocate(r, EX);
  const liveness = found.find((f) => f.rule === 'probe/liveness-less-tolerant-than-readiness');
  assert.deepEqual(
    [liveness?.file, liveness?.line, liveness?.text],
    ['overlays/production/kustomization.yaml', lineOf('overlays/production/kustomization.yaml', 'value: 1', 'failureThreshold'), '1'],
  );
  // The staging findings map through the second layer unchanged.
  const timing = found.find((f) => f.rule === 'probe/timeout-ge-period');
  assert.deepEqual([timing?.file, timing?.line], ['overlays/staging/liveness-timing.yaml', lineOf('overlays/staging/liveness-timing.yaml', 'timeoutSeconds: 15')]);
  assert.equal(found.length, 6, JSON.stringify(found, null, 1));
  assert.ok(found.every((f) => f.name === 'staging-shop-prod'));
});

test('inputs: every kustomization, resource and patch file the render read', async () => {
  const r = await renderKustomize(unit('overlays/production'), opts);
  assert.deepEqual(
    r.inputs.map((f) => f.slice(EX.length + 1)).sort(),
    [
      'base/deployment.yaml',
      'base/kustomization.yaml',
      'base/service.yaml',
      'overlays/production/kustomization.yaml',
      'overlays/staging/kustomization.yaml',
      'overlays/staging/liveness-timing.yaml',
      'overlays/staging/readiness-port.yaml',
    ],
  );
  assert.match(r.text, /name: staging-shop-prod/);
});

test('locate on a field no source holds (a defaulted field) falls back to the nearest key the resource has', async () => {
  const r = await renderKustomize(unit('overlays/staging'), opts);
  const d = r.objects.find((o) => o.kind === 'Deployment')!;
  // The rendered Deployment has no strategy; the nearest the base holds is `spec`.
  const loc = await r.locate(d.docIndex, ['spec', 'strategy'], 'key');
  assert.equal(loc?.file, join(EX, 'base/deployment.yaml'));
  assert.equal(readFileSync(loc!.file, 'utf8').slice(loc!.span.start, loc!.span.end), 'spec');
});
