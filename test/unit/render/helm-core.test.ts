// The Helm renderer's core: units found in folders, objects and hooks of a real render, the number
// of extra renders the mapping costs, and a helm that never answers (a stand-in script) stopped by
// the timeout or by cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderHelm } from '../../../src/core/render/helm';
import { lintRendered, RenderError, unitAt, unitContaining, type RenderUnit } from '../../../src/core/render';
import { TOOLS } from '../tools';

const WEB = resolve(__dirname, '../../../examples/charts/web');
const unit = (root: string): RenderUnit => ({ kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') });

test('units: a chart folder, an overlay folder, none; a subchart file belongs to the outer chart', async () => {
  assert.deepEqual(await unitAt(WEB), unit(WEB));
  assert.equal(await unitAt(join(WEB, 'templates')), undefined);
  const ov = mkdtempSync(join(tmpdir(), 'kp-overlay-'));
  writeFileSync(join(ov, 'Kustomization'), 'resources: []\n');
  assert.deepEqual(await unitAt(ov), { kind: 'kustomize', root: ov, anchorFile: join(ov, 'Kustomization') });
  assert.deepEqual(await unitContaining(join(WEB, 'charts/worker/templates/deployment.yaml')), unit(WEB));
  assert.deepEqual(await unitContaining(join(WEB, 'values.yaml')), unit(WEB));
});

test('a real render: objects in output order with their template, names and hooks', async () => {
  const r = await renderHelm(unit(WEB), { helmPath: TOOLS.helm, release: 'rel' });
  const objs = r.objects.map((o) => `${o.kind}/${o.name} ${o.sourceFile?.slice(WEB.length + 1)}${o.hook ? ` hook=${o.hook}` : ''}`);
  assert.deepEqual(objs, [
    'Service/rel-web templates/service.yaml',
    'Deployment/rel-worker charts/worker/templates/deployment.yaml',
    'Deployment/rel-web templates/deployment.yaml',
    'Pod/rel-web-test templates/tests/test-connection.yaml hook=test',
  ]);
  assert.ok(r.inputs.includes(join(WEB, 'values.yaml')) && r.inputs.includes(join(WEB, 'charts/worker/values.yaml')));
});

test('the mapping costs one extra render, and none when nothing is reported', async () => {
  const r = await renderHelm(unit(WEB), { helmPath: TOOLS.helm });
  assert.ok((await lintRendered(r, {})).length >= 4);
  assert.equal(r.extraRenders(), 1);
  const off = Object.fromEntries(['probe/timeout-ge-period', 'probe/zero-is-default', 'probe/port-not-declared'].map((id) => [id, 'off' as const]));
  const quiet = await renderHelm(unit(WEB), { helmPath: TOOLS.helm });
  assert.deepEqual(await lintRendered(quiet, { rules: off }), []);
  assert.equal(quiet.extraRenders(), 0);
});

test('an unmappable finding goes on Chart.yaml and names the rendered object', async () => {
  const r = await renderHelm(unit(WEB), { helmPath: TOOLS.helm });
  // A renderer that can name no source: every finding lands on the anchor file.
  const findings = await lintRendered({ ...r, locate: async () => undefined }, {});
  assert.ok(findings.length > 0);
  for (const f of findings) {
    assert.equal(f.file, join(WEB, 'Chart.yaml'));
    assert.equal(f.unmapped, true);
    assert.deepEqual(f.range.start, { line: 0, character: 0 });
    assert.match(f.message, /\(in the rendered Deployment\/release-name-(web|worker), container (web|worker)\)$/);
  }
});

function slowHelm(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-slow-helm-'));
  const bin = join(dir, 'helm');
  writeFileSync(bin, '#!/bin/sh\nexec sleep 30\n');
  chmodSync(bin, 0o755);
  return bin;
}

test('a helm that never answers is stopped at the timeout (stand-in helm)', async () => {
  await assert.rejects(renderHelm(unit(WEB), { helmPath: slowHelm(), timeoutMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof RenderError);
    assert.equal(e.reason, 'timeout');
    assert.match(e.message, /helm did not finish within 0\.3 s and was stopped/);
    return true;
  });
});

test('a render can be cancelled (stand-in helm)', async () => {
  const ac = new AbortController();
  const p = renderHelm(unit(WEB), { helmPath: slowHelm(), signal: ac.signal, timeoutMs: 60_000 });
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(p, (e: unknown) => e instanceof RenderError && e.reason === 'cancelled');
});

test('a broken template: RenderError with helm\'s message, the template file and line', async () => {
  const broken = resolve(__dirname, '../../fixtures/charts/broken');
  await assert.rejects(renderHelm(unit(broken), { helmPath: TOOLS.helm }), (e: unknown) => {
    assert.ok(e instanceof RenderError);
    assert.equal(e.reason, 'failed');
    assert.equal(e.file, join(broken, 'templates/pod.yaml'));
    assert.equal(e.line, 10);
    assert.match(e.message, /nil pointer evaluating/);
    return true;
  });
});

test('a chart that validates its values: the sentinel render is split until the leaves that can vary are settled', async () => {
  // `scheme` must be HTTP or HTTPS (`fail` otherwise) and `replicas` bounds a loop: the batch with
  // every sentinel fails, its halves are rendered on their own, and timeoutSeconds still maps to values.yaml.
  const root = resolve(__dirname, '../../fixtures/charts/guarded');
  const r = await renderHelm(unit(root), { helmPath: TOOLS.helm });
  const findings = await lintRendered(r, {});
  const t = findings.find((f) => f.rule === 'probe/timeout-ge-period');
  assert.ok(t, JSON.stringify(findings.map((f) => f.rule)));
  assert.equal(t.file, join(root, 'values.yaml'));
  assert.deepEqual([t.range.start.line + 1, t.range.start.character + 1], [6, 19]);
  assert.ok(r.extraRenders() >= 3 && r.extraRenders() <= 7, String(r.extraRenders()));
});
