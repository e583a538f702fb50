// Builds the bundles: dist/extension.js (node, vscode external), dist/cli.js (node, with a
// shebang), dist/webview.js (browser, iife) and dist/web/extension.js (the browser entry for
// vscode.dev / github.dev: a web worker, cjs, vscode external, no node built-ins).
// Integration-test suites are bundled to dist-test/ so they run inside the extension host.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_BUNDLE } from './web-bundle.mjs';
import { YAML_ESM_ALIAS } from './yaml-esm.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};
/** The node bundles take yaml's ES-module build (yaml-esm.mjs). */
const node = { platform: 'node', format: 'cjs', target: 'node20', alias: YAML_ESM_ALIAS };

const targets = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts', lintWorker: 'src/extension/lint-worker.ts' },
    outdir: 'dist',
    ...node,
    // The HTTP client, gRPC and kubectl handling live in dist/runner.js, loaded on first use (src/extension/lazy.ts).
    external: ['vscode', './runner.js'],
  },
  {
    ...common,
    entryPoints: { runner: 'src/extension/runner-entry.ts' },
    outdir: 'dist',
    ...node,
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    ...node,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts', workload: 'src/webview/workload-main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  { ...common, ...WEB_BUNDLE, sourcemap: common.sourcemap },
];

// Integration suites (mocha, run inside the VS Code extension host).
if (existsSync('test/integration/suite')) {
  // index.ts (mocha's entry) and the *.test.ts suites; other modules (helpers.ts) are bundled into them.
  const entries = readdirSync('test/integration/suite').filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  if (entries.length) {
    targets.push({
      ...common,
      minify: false,
      sourcemap: 'inline',
      entryPoints: entries.map((f) => join('test/integration/suite', f)),
      outdir: 'dist-test/integration',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
    });
  }
}

mkdirSync('dist', { recursive: true });
// The codicon font for the webviews (the Workload Timeline's icons), served from dist/ like the bundles.
{
  const from = 'node_modules/@vscode/codicons/dist';
  if (existsSync(join(from, 'codicon.css'))) {
    mkdirSync('dist/codicons', { recursive: true });
    for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(from, f), join('dist/codicons', f));
  }
}
const present = targets.filter((t) => Object.values(t.entryPoints).every((e) => existsSync(e)));
if (watch) {
  for (const t of present) (await esbuild.context(t)).watch();
  console.log('watching…');
} else {
  await Promise.all(present.map((t) => esbuild.build(t)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
