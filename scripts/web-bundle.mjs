// The esbuild options of the browser entry (dist/web/extension.js, package.json "browser"): one
// place for the build (scripts/build.mjs) and the size-budget test (test/unit/web-bundle.test.ts).
// A web worker in vscode.dev / github.dev: CommonJS, `vscode` external, no node built-ins (esbuild
// fails the build if one is imported), always minified since the budget is for what ships.

/** The budget for the browser entry, in bytes. */
export const WEB_BUNDLE_BUDGET = 300 * 1024;

export const WEB_BUNDLE = {
  bundle: true,
  entryPoints: { extension: 'src/extension/web-extension.ts' },
  outdir: 'dist/web',
  platform: 'browser',
  mainFields: ['browser', 'module', 'main'],
  format: 'cjs',
  target: 'es2022',
  external: ['vscode'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};
