// The browser entry (package.json "browser", built with scripts/web-bundle.mjs): it bundles for a
// web worker without node built-ins, stays under its size budget, and lints with the same core as
// the desktop. The bundle is built here (in memory) with the build's own options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as esbuild from 'esbuild';

const ROOT = resolve(__dirname, '../..');

async function buildWeb() {
  const { WEB_BUNDLE, WEB_BUNDLE_BUDGET } = await import(resolve(ROOT, 'scripts/web-bundle.mjs'));
  const r = await esbuild.build({ ...WEB_BUNDLE, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent' });
  const out = (r.outputFiles ?? []).find((f) => f.path.endsWith('extension.js'));
  assert.ok(out, 'the build wrote extension.js');
  assert.ok(r.metafile);
  return { code: out.text, bytes: out.contents.byteLength, budget: WEB_BUNDLE_BUDGET as number, meta: r.metafile };
}

test('package.json points "browser" at the web bundle and "main" at the node one', () => {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.browser, './dist/web/extension.js');
  assert.equal(pkg.main, './dist/extension.js');
});

test('the browser entry is under its 300 KB budget and needs nothing but vscode', async () => {
  const { code, bytes, budget, meta } = await buildWeb();
  console.log(`dist/web/extension.js: ${(bytes / 1024).toFixed(1)} KB of ${(budget / 1024).toFixed(0)} KB`);
  assert.ok(bytes < budget, `the web bundle is ${bytes} bytes, over the budget of ${budget}`);
  const required = new Set([...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
  assert.deepEqual([...required], ['vscode']);
  // The core lint is in it; the node-only parts of the extension are not.
  const inputs = Object.keys(meta.inputs);
  assert.ok(inputs.some((i) => i.includes('src/core/lint/engine')), 'the core lint engine is bundled');
  for (const nodeOnly of ['src/extension/lint-runner.ts', 'src/extension/ctx.ts', 'src/extension/probe-runs.ts', 'src/extension/config.ts', 'src/core/probe/http', 'src/core/probe/grpc', 'src/core/probe/exec', 'src/core/probe/tcp', 'src/core/cluster/', 'node_modules/@grpc']) {
    assert.ok(!inputs.some((i) => i.includes(nodeOnly)), `${nodeOnly} must not be in the browser bundle`);
  }
});
