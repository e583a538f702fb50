// What a user sees when an overlay cannot be rendered: kubectl missing, a kustomization kubectl
// rejects (its own message), a kubectl that never answers (a stand-in script: timeout, cancel).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKustomize } from '../../../src/core/render/kustomize';
import { RenderError, type RenderUnit } from '../../../src/core/render/types';
import { TOOLS } from '../tools';

function overlay(files: Record<string, string>): RenderUnit {
  const root = mkdtempSync(join(tmpdir(), 'kp-kust-err-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return { kind: 'kustomize', root, anchorFile: join(root, 'kustomization.yaml') };
}

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox\n';

async function renderError(p: Promise<unknown>): Promise<RenderError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RenderError, String(e));
    return e;
  }
  assert.fail('expected a RenderError');
}

test('kubectl missing at the given path: a not-found error naming it', async () => {
  const u = overlay({ 'kustomization.yaml': 'resources: [pod.yaml]\n', 'pod.yaml': POD });
  const e = await renderError(renderKustomize(u, { kubectlPath: join(u.root, 'no-such-kubectl') }));
  assert.equal(e.reason, 'not-found');
  assert.match(e.message, /kubectl was not found at .*no-such-kubectl/);
});

test('kubectl missing on PATH: a not-found error, nothing spawned', async () => {
  const u = overlay({ 'kustomization.yaml': 'resources: [pod.yaml]\n', 'pod.yaml': POD });
  const e = await renderError(renderKustomize(u, { env: { PATH: u.root } }));
  assert.equal(e.reason, 'not-found');
  assert.match(e.message, /kubectl was not found on PATH/);
});

test('a kustomization that does not render: a failed error with kubectl’s own message', async () => {
  const u = overlay({ 'kustomization.yaml': 'resources:\n  - missing.yaml\n' });
  const e = await renderError(renderKustomize(u, { kubectlPath: TOOLS.kubectl }));
  assert.equal(e.reason, 'failed');
  assert.match(e.message, /accumulating resources.*missing\.yaml/s);
});

test('a patch whose JSON 6902 path does not exist: kubectl’s message', async () => {
  const u = overlay({
    'kustomization.yaml':
      'resources: [pod.yaml]\npatches:\n  - target: {kind: Pod, name: p}\n    patch: |-\n      - op: replace\n        path: /spec/containers/3/image\n        value: x\n',
    'pod.yaml': POD,
  });
  const e = await renderError(renderKustomize(u, { kubectlPath: TOOLS.kubectl }));
  assert.equal(e.reason, 'failed');
  assert.match(e.message, /replace operation does not apply/);
});

test('a folder without a kustomization, and a folder that does not exist: input errors', async () => {
  const u = overlay({ 'pod.yaml': POD });
  assert.equal((await renderError(renderKustomize(u, { kubectlPath: TOOLS.kubectl }))).reason, 'input');
  const gone = { ...u, root: join(u.root, 'gone') };
  assert.equal((await renderError(renderKustomize(gone, { kubectlPath: TOOLS.kubectl }))).reason, 'input');
});

/** A stand-in kubectl that never answers (a hung credential plugin, a stuck file system). */
function hangingKubectl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kp-kubectl-standin-'));
  const file = join(dir, 'kubectl');
  writeFileSync(file, `#!${process.execPath}\nsetInterval(() => {}, 1000);\n`);
  chmodSync(file, 0o755);
  return file;
}

test('stand-in kubectl that never answers: stopped after the timeout with a timeout error', async () => {
  const u = overlay({ 'kustomization.yaml': 'resources: [pod.yaml]\n', 'pod.yaml': POD });
  const e = await renderError(renderKustomize(u, { kubectlPath: hangingKubectl(), timeoutMs: 300 }));
  assert.equal(e.reason, 'timeout');
  assert.match(e.message, /did not finish within 300 ms/);
});

test('stand-in kubectl that never answers: an abort cancels the render', async () => {
  const u = overlay({ 'kustomization.yaml': 'resources: [pod.yaml]\n', 'pod.yaml': POD });
  const ac = new AbortController();
  const p = renderKustomize(u, { kubectlPath: hangingKubectl(), signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  const e = await renderError(p);
  assert.equal(e.reason, 'cancelled');
});

test('kubectl names the file and line: a resource of a base that is not valid YAML, a kustomization that is not', async () => {
  const u = overlay({
    'kustomization.yaml': 'resources:\n  - base\n',
    'base/kustomization.yaml': 'resources:\n  - pod.yaml\n',
    'base/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [\n',
  });
  const e = await renderError(renderKustomize(u, { kubectlPath: TOOLS.kubectl }));
  assert.equal(e.reason, 'failed');
  assert.match(e.message, /MalformedYAMLError/);
  assert.deepEqual([e.file, e.line], [join(u.root, 'base/pod.yaml'), 6]);

  const k = overlay({ 'kustomization.yaml': 'resources:\n  - pod.yaml\n bad: [\n', 'pod.yaml': POD });
  const ke = await renderError(renderKustomize(k, { kubectlPath: TOOLS.kubectl }));
  assert.match(ke.message, /invalid Kustomization/);
  assert.deepEqual([ke.file, ke.line], [join(k.root, 'kustomization.yaml'), 2]);
});
