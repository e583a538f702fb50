// Rendering charts and overlays with unsaved editor buffers, with the real helm and kubectl: the
// findings follow the buffer's text and lines, sit on the ORIGINAL files, the files on disk are never
// written, and the temporary mirror is removed (after dispose, on failure, on cancellation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintRendered, renderUnit, type RenderUnit } from '../../../src/core/render';
import { mirrorsRemoved, renderWithBuffers } from '../../../src/core/render/buffers';
import { UnitLintCache } from '../../../src/core/render/unit-cache';
import { RenderError } from '../../../src/core/render/types';
import type { HelmRendered } from '../../../src/core/render/helm';
import { TOOLS } from '../tools';

const EXAMPLES = resolve(__dirname, '../../../examples');

// Mirrors go to os.tmpdir(): a private one, so that "nothing left behind" is exact.
const privateTmp = mkdtempSync(join(tmpdir(), 'kp-buffers-tmp-'));
process.env.TMPDIR = privateTmp;
const inMirror = (p: string) => p.startsWith(join(realpathSync(privateTmp), 'kube-probes-buffers-'));
const mirrorsLeft = () => readdirSync(privateTmp).filter((n) => n.startsWith('kube-probes-buffers-'));
/** Mirrors moved aside to be deleted in the background (a render replaced theirs). */
const beingRemoved = () => readdirSync(privateTmp).filter((n) => n.startsWith('kube-probes-removing-'));

function copy(from: string, name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'kp-buffers-src-')), name);
  cpSync(from, dir, { recursive: true });
  return dir;
}

function chart(): RenderUnit {
  const root = copy(join(EXAMPLES, 'charts/web'), 'web');
  return { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
}

const lines = (fs: Array<{ file: string; range: { start: { line: number } }; rule: string }>, file: string) =>
  fs.filter((f) => f.file === file).map((f) => `${f.range.start.line + 1} ${f.rule}`);

test('an unsaved values.yaml: findings at the buffer lines of the original file; disk untouched; mirror removed', async () => {
  const unit = chart();
  const values = join(unit.root, 'values.yaml');
  const saved = readFileSync(values, 'utf8');
  // Two comment lines on top (every line moves by 2) and the liveness timeout fixed.
  const buffer = '# edited\n# not saved\n' + saved.replace('  timeoutSeconds: 5\n', '  timeoutSeconds: 2\n');
  const b = await renderWithBuffers(unit, { helmPath: TOOLS.helm }, new Map([[values, buffer]]), renderUnit);
  assert.ok(b.mirror && b.mirror.written === 1 && b.mirror.linked + b.mirror.copied === b.mirror.files - 1, JSON.stringify(b.mirror));
  const found = await lintRendered(b.rendered);
  // On disk: 12 and 22 timeout-ge-period, 25 port-not-declared; in the buffer liveness is fixed and lines moved by 2.
  assert.deepEqual(lines(found, values), ['24 probe/timeout-ge-period', '27 probe/port-not-declared']);
  assert.ok(found.every((f) => f.file.startsWith(unit.root + '/')), found.map((f) => f.file).join(', '));
  const f = found.find((x) => x.file === values && x.rule === 'probe/timeout-ge-period')!;
  assert.equal(buffer.slice(f.span.start, f.span.end), '10');
  assert.equal(await b.rendered.sourceText!(values), buffer);
  assert.ok(b.rendered.inputs.includes(values) && b.rendered.inputs.every((i) => !inMirror(i)));
  assert.ok(b.rendered.objects.filter((o) => o.sourceFile).every((o) => o.sourceFile!.startsWith(unit.root + '/')));
  assert.equal(readFileSync(values, 'utf8'), saved);
  assert.equal(mirrorsLeft().length, 1);
  b.dispose();
  assert.deepEqual(mirrorsLeft(), []);
});

test('an unsaved template: its findings at the buffer lines; a buffer of another chart is ignored', async () => {
  const unit = chart();
  const tpl = join(unit.root, 'templates/deployment.yaml');
  const saved = readFileSync(tpl, 'utf8');
  // The readiness timeout written literally in the template (1 s → 30 s on a 10 s default period… 0 here, see values).
  const buffer = saved.replace('timeoutSeconds: {{ .Values.readiness.timeoutSeconds }}', 'timeoutSeconds: 30\n            successThreshold: 1');
  const other = join(tmpdir(), 'elsewhere/values.yaml');
  const b = await renderWithBuffers(unit, { helmPath: TOOLS.helm }, new Map([[tpl, buffer], [other, 'x: [']]), renderUnit);
  const found = await lintRendered(b.rendered);
  const at = found.filter((x) => x.file === tpl && x.rule === 'probe/timeout-ge-period');
  assert.equal(at.length, 1, JSON.stringify(found.map((x) => [x.file, x.rule])));
  assert.equal(buffer.slice(at[0].span.start, at[0].span.end), '30');
  assert.equal(at[0].range.start.line, buffer.split('\n').findIndex((l) => l.includes('timeoutSeconds: 30')));
  b.dispose();
  assert.deepEqual(mirrorsLeft(), []);
});

test('a chosen values file outside the chart, unsaved: rendered from its buffer, mapped to its own path', async () => {
  const unit = chart();
  const outside = join(unit.root, '..', 'prod-values.yaml');
  writeFileSync(outside, 'readiness:\n  timeoutSeconds: 1\n');
  const buffer = '# unsaved\nreadiness:\n  periodSeconds: 3\n  timeoutSeconds: 7\n';
  const b = await renderWithBuffers(unit, { helmPath: TOOLS.helm, valuesFiles: [outside] }, new Map([[outside, buffer]]), renderUnit);
  const found = await lintRendered(b.rendered);
  assert.deepEqual(lines(found, outside), ['4 probe/timeout-ge-period']);
  assert.ok(b.rendered.inputs.includes(outside));
  b.dispose();
  // Not dirty: passed as is.
  const plain = await renderWithBuffers(unit, { helmPath: TOOLS.helm, valuesFiles: [outside] }, new Map([[join(unit.root, 'values.yaml'), readFileSync(join(unit.root, 'values.yaml'), 'utf8')]]), renderUnit);
  assert.deepEqual(lines(await lintRendered(plain.rendered), outside), []);
  plain.dispose();
  assert.deepEqual(mirrorsLeft(), []);
});

test('a linked template and a linked folder in the chart are followed; a dangling link is left out', async () => {
  const unit = chart();
  const shared = join(unit.root, '..', 'shared-templates');
  mkdirSync(shared);
  writeFileSync(join(shared, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: linked\n');
  symlinkSync(shared, join(unit.root, 'templates/linked'));
  const svc = join(unit.root, 'templates/service.yaml');
  const svcText = readFileSync(svc, 'utf8');
  unlinkSync(svc);
  writeFileSync(join(shared, 'service.yaml'), svcText);
  symlinkSync(join(shared, 'service.yaml'), svc);
  symlinkSync(join(shared, 'missing.yaml'), join(unit.root, 'templates/dangling.yaml'));
  const values = join(unit.root, 'values.yaml');
  const b = await renderWithBuffers(unit, { helmPath: TOOLS.helm }, new Map([[values, readFileSync(values, 'utf8')]]), renderUnit);
  const names = b.rendered.objects.map((o) => `${o.kind}/${o.name}`);
  assert.ok(names.includes('ConfigMap/linked') && names.includes('Service/release-name-web'), names.join(', '));
  b.dispose();
});

test('a half-typed template: one problem at helm\'s line on the original file, mirror removed', async () => {
  const unit = chart();
  const tpl = join(unit.root, 'templates/deployment.yaml');
  const buffer = readFileSync(tpl, 'utf8').replace('{{ .Values.replicaCount }}', '{{ .Values.replicaCount ');
  await assert.rejects(
    renderWithBuffers(unit, { helmPath: TOOLS.helm }, new Map([[tpl, buffer]]), renderUnit),
    (e: unknown) => e instanceof RenderError && e.file === tpl && e.line === 9 && !e.message.includes('kube-probes-buffers-'),
  );
  assert.deepEqual(mirrorsLeft(), []);
});

test('a cancelled render removes its mirror', async () => {
  const unit = chart();
  const values = join(unit.root, 'values.yaml');
  const abort = new AbortController();
  const p = renderWithBuffers(unit, { helmPath: TOOLS.helm, signal: abort.signal }, new Map([[values, readFileSync(values, 'utf8') + '\n']]), renderUnit);
  abort.abort();
  await assert.rejects(p, (e: unknown) => e instanceof RenderError && e.reason === 'cancelled');
  assert.deepEqual(mirrorsLeft(), []);
});

test('an overlay whose base is outside its folder: an unsaved base and patch, mapped to the original files', async () => {
  const top = copy(join(EXAMPLES, 'kustomize'), 'kustomize');
  const overlay = join(top, 'overlays/staging');
  const unit: RenderUnit = { kind: 'kustomize', root: overlay, anchorFile: join(overlay, 'kustomization.yaml') };
  const base = join(top, 'base/deployment.yaml');
  const patch = join(overlay, 'liveness-timing.yaml');
  const baseBuffer = '# unsaved line\n' + readFileSync(base, 'utf8').replace('        - name: log-shipper\n          image: fluent/fluent-bit:3.0\n', '');
  const patchBuffer = readFileSync(patch, 'utf8').replace('timeoutSeconds: 15', 'timeoutSeconds: 12');
  const disk = await lintRendered(await renderUnit(unit, { kubectlPath: TOOLS.kubectl }));
  assert.ok(disk.some((f) => f.file === base && f.rule === 'probe/missing-liveness'));
  const b = await renderWithBuffers(unit, { kubectlPath: TOOLS.kubectl }, new Map([[base, baseBuffer], [patch, patchBuffer]]), renderUnit);
  const found = await lintRendered(b.rendered);
  assert.ok(!found.some((f) => f.rule === 'probe/missing-liveness'), 'the log shipper was removed in the buffer');
  const t = found.find((f) => f.file === patch && f.rule === 'probe/timeout-ge-period');
  assert.ok(t, JSON.stringify(found.map((f) => [f.file, f.rule])));
  assert.equal(patchBuffer.slice(t.span.start, t.span.end), '12');
  assert.ok(found.every((f) => !inMirror(f.file)));
  b.dispose();
  assert.deepEqual(mirrorsLeft(), []);
});

test('an unsaved kustomization that names a new folder outside the overlay: that folder rendered, its findings on its own file', async () => {
  const top = copy(join(EXAMPLES, 'kustomize'), 'kustomize');
  const overlay = join(top, 'overlays/staging');
  const unit: RenderUnit = { kind: 'kustomize', root: overlay, anchorFile: join(overlay, 'kustomization.yaml') };
  // A folder the saved overlay does not read: a worker Deployment whose liveness probe times out after its period.
  const extra = join(top, 'worker');
  mkdirSync(extra);
  writeFileSync(join(extra, 'kustomization.yaml'), 'resources:\n  - worker.yaml\n');
  const workerText = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels: { app: worker }
  template:
    metadata:
      labels: { app: worker }
    spec:
      containers:
        - name: worker
          image: busybox
          livenessProbe:
            exec: { command: [cat, /tmp/ok] }
            periodSeconds: 5
            timeoutSeconds: 9
`;
  writeFileSync(join(extra, 'worker.yaml'), workerText);
  const file = join(overlay, 'kustomization.yaml');
  const buffer = readFileSync(file, 'utf8').replace('  - ../../base\n', '  - ../../base\n  - ../../worker\n');
  const saved = await lintRendered(await renderUnit(unit, { kubectlPath: TOOLS.kubectl }));
  assert.ok(!saved.some((f) => f.name === 'staging-worker'));
  const b = await renderWithBuffers(unit, { kubectlPath: TOOLS.kubectl }, new Map([[file, buffer]]), renderUnit);
  assert.ok(b.rendered.objects.some((o) => o.kind === 'Deployment' && o.name === 'staging-worker'), JSON.stringify(b.rendered.objects));
  const found = await lintRendered(b.rendered);
  const t = found.find((f) => f.name === 'staging-worker' && f.rule === 'probe/timeout-ge-period');
  assert.ok(t, JSON.stringify(found.map((f) => [f.file, f.rule, f.name])));
  assert.equal(t.file, join(extra, 'worker.yaml'));
  assert.equal(workerText.slice(t.span.start, t.span.end), '9');
  assert.ok(b.rendered.inputs.includes(join(extra, 'worker.yaml')), 'a later save of the new folder\'s file invalidates the result');
  b.dispose();
  assert.deepEqual(mirrorsLeft(), []);
});

test('an unsaved patch that removes a probe: the missing-probe finding on the removal, in the original file at the buffer line', async () => {
  const top = copy(join(EXAMPLES, 'kustomize'), 'kustomize');
  const overlay = join(top, 'overlays/staging');
  const unit: RenderUnit = { kind: 'kustomize', root: overlay, anchorFile: join(overlay, 'kustomization.yaml') };
  const file = join(overlay, 'kustomization.yaml');
  const removal = '  - target: {kind: Deployment, name: shop}\n    patch: |-\n      - op: remove\n        path: /spec/template/spec/containers/0/readinessProbe\n';
  const buffer = '# unsaved\n' + readFileSync(file, 'utf8').replace(/\n?$/, '\n') + removal;
  const b = await renderWithBuffers(unit, { kubectlPath: TOOLS.kubectl }, new Map([[file, buffer]]), renderUnit);
  const found = await lintRendered(b.rendered);
  const f = found.find((x) => x.rule === 'probe/missing-readiness' && x.container === 'web');
  assert.ok(f, JSON.stringify(found.map((x) => [x.file, x.rule, x.container])));
  assert.equal(f.file, file);
  assert.equal(buffer.slice(f.span.start, f.span.end), '/spec/template/spec/containers/0/readinessProbe');
  b.dispose();
  assert.deepEqual(mirrorsLeft(), []);
});

test('the cache: unsaved text re-renders; a half-typed template is provisional and keeps the other files\' findings', async () => {
  const unit = chart();
  const cache = new UnitLintCache();
  const opts = { helmPath: TOOLS.helm };
  const values = join(unit.root, 'values.yaml');
  const tpl = join(unit.root, 'templates/deployment.yaml');
  const saved = await cache.lint(unit, opts);
  assert.deepEqual(lines(saved.findings, values), ['12 probe/timeout-ge-period', '22 probe/timeout-ge-period', '25 probe/port-not-declared']);
  const valuesBuffer = readFileSync(values, 'utf8').replace('  timeoutSeconds: 5\n', '  timeoutSeconds: 2\n');
  const dirty = await cache.lint(unit, opts, {}, new Map([[values, valuesBuffer]]));
  assert.deepEqual(lines(dirty.findings, values), ['22 probe/timeout-ge-period', '25 probe/port-not-declared']);
  assert.deepEqual(dirty.buffers, [values]);
  // Only a value changed: the saved render's source mapping is reused (no second helm run for the mapping).
  assert.equal((saved.rendered as HelmRendered).extraRenders(), 1);
  assert.equal((dirty.rendered as HelmRendered).extraRenders(), 0);
  assert.equal(await cache.lint(unit, opts, {}, new Map([[values, valuesBuffer]])), dirty, 'same buffers: same result');
  assert.equal(mirrorsLeft().length, 1, 'the settled result keeps its mirror for locate');
  // Now the template is half typed too.
  const broken = readFileSync(tpl, 'utf8').replace('{{ .Values.replicaCount }}', '{{ .Values.replicaCount ');
  const half = await cache.lint(unit, opts, {}, new Map([[values, valuesBuffer], [tpl, broken]]));
  assert.equal(half.provisional, true);
  assert.equal(half.problem?.file, tpl);
  assert.equal(half.problem?.range.start.line, 8); // helm: "parse error at (web/templates/deployment.yaml:9)"
  assert.deepEqual(lines(half.findings, values), ['22 probe/timeout-ge-period', '25 probe/port-not-declared'], 'values.yaml unchanged since the good render');
  assert.deepEqual(mirrorsLeft(), [], 'the failed render left nothing, and the older mirror is no longer read');
  // values.yaml typed further while the template is broken: its findings can no longer be placed.
  const half2 = await cache.lint(unit, opts, {}, new Map([[values, valuesBuffer + '\n# more\n'], [tpl, broken]]));
  assert.deepEqual(lines(half2.findings, values), []);
  // Undo everything: the saved files render again, as at first.
  const back = await cache.lint(unit, opts);
  assert.deepEqual(lines(back.findings, values), ['12 probe/timeout-ge-period', '22 probe/timeout-ge-period', '25 probe/port-not-declared']);
  assert.equal(back.provisional, undefined);
  // A broken SAVED template is not provisional: the problem alone, as before.
  writeFileSync(tpl, broken);
  cache.invalidate(tpl);
  const savedBroken = await cache.lint(unit, opts);
  assert.equal(savedBroken.provisional, undefined);
  assert.deepEqual(savedBroken.findings, []);
  cache.dispose();
  assert.deepEqual(mirrorsLeft(), []);
  assert.ok(existsSync(values));
});

test('the cache: a newer keystroke cancels the render still running; only the newest result settles and keeps a mirror', async () => {
  const unit = chart();
  const cache = new UnitLintCache();
  const opts = { helmPath: TOOLS.helm };
  const values = join(unit.root, 'values.yaml');
  const saved = readFileSync(values, 'utf8');
  const older = cache.lint(unit, opts, {}, new Map([[values, saved.replace('  timeoutSeconds: 5\n', '  timeoutSeconds: 3\n')]]));
  const newer = cache.lint(unit, opts, {}, new Map([[values, saved.replace('  timeoutSeconds: 5\n', '  timeoutSeconds: 2\n')]]));
  const [a, b] = await Promise.all([older, newer]);
  assert.equal(a.problem?.reason, 'cancelled');
  assert.equal(b.problem, undefined);
  assert.equal(cache.settled(unit.root), b);
  assert.deepEqual(lines(b.findings, values), ['22 probe/timeout-ge-period', '25 probe/port-not-declared']);
  assert.equal(mirrorsLeft().length, 1, 'the cancelled render left nothing');
  await mirrorsRemoved();
  assert.deepEqual(beingRemoved(), [], 'what was moved aside is deleted in the background');
  // Keystroke after keystroke: the mirror of the result replaced is moved aside at once, then deleted.
  for (const t of [4, 6, 7]) {
    const r = await cache.lint(unit, opts, {}, new Map([[values, saved.replace('  timeoutSeconds: 5\n', `  timeoutSeconds: ${t}\n`)]]));
    assert.equal(r.problem, undefined);
    assert.equal(mirrorsLeft().length, 1, 'only the mirror of the result on screen');
  }
  cache.dispose();
  assert.deepEqual(mirrorsLeft(), []);
  assert.deepEqual(beingRemoved(), [], 'disposing the cache deletes what was still being deleted');
  await mirrorsRemoved();
});
