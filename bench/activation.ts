// Activation time and bundle sizes. Builds the production bundles into a temp folder, then loads
// dist/extension.js in fresh node processes with a stand-in `vscode` module (a do-nothing API: no
// VS Code runs here) and times require + activate(). Baseline, in the same run: a fresh process
// that only requires the `yaml` package (the one library activation cannot do without).
// Goals: activation < 30 ms, extension.js < 400 KB.
import { build } from 'esbuild';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { median } from './util';

const ROOT = resolve(__dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'kp-bench-'));

async function bundle(name: string, entry: string, platform: 'node' | 'browser', external: string[] = []) {
  await build({
    entryPoints: { [name]: join(ROOT, entry) },
    outdir: out,
    bundle: true,
    minify: true,
    platform,
    format: platform === 'node' ? 'cjs' : 'iife',
    target: platform === 'node' ? 'node20' : 'es2022',
    external,
    logLevel: 'error',
  });
  return statSync(join(out, `${name}.js`)).size;
}

// A stand-in for the VS Code API: every member is a callable, constructible no-op. The names the
// extension uses are listed (esbuild's interop copies own properties).
const NAMES = [...new Set(
  spawnSync('grep', ['-rhoE', 'vscode\\.[A-Za-z]+', join(ROOT, 'src/extension')], { encoding: 'utf8' }).stdout
    .split('\n').filter(Boolean).map((s) => s.slice('vscode.'.length)),
)];
const STAND_IN = `const NAMES = ${JSON.stringify(NAMES)};
const handler = {
  get(t, p) {
    if (p === 'then') return undefined;
    if (p === Symbol.iterator) return function* () {};
    if (p === Symbol.toPrimitive) return () => '';
    if (p === 'dispose') return () => {};
    return stub();
  },
  set() { return true; },
  apply() { return stub(); },
  construct() { return stub(); },
};
function stub() { return new Proxy(function () {}, handler); }
for (const name of NAMES) exports[name] = stub();
`;

function timeChild(script: string): number {
  const r = spawnSync(process.execPath, ['-e', script], { cwd: out, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Number(r.stdout.trim());
}

async function main() {
  const sizes = {
    'extension.js': await bundle('extension', 'src/extension/extension.ts', 'node', ['vscode', './runner.js']),
    'runner.js (first probe run)': await bundle('runner', 'src/extension/runner-entry.ts', 'node', ['vscode']),
    'webview.js': await bundle('webview', 'src/webview/main.ts', 'browser'),
    'cli.js': await bundle('cli', 'src/cli.ts', 'node'),
  };
  writeFileSync(join(out, 'node_modules_vscode.js'), STAND_IN);
  const resolveHook = `const M=require('module');const o=M._resolveFilename;M._resolveFilename=function(r,...a){return r==='vscode'?require.resolve('./node_modules_vscode.js'):o.call(this,r,...a)};`;
  const activation = `${resolveHook}const t=performance.now();const e=require('./extension.js');e.activate({subscriptions:[],extensionUri:{},workspaceState:{get(){},update(){}},globalState:{get(){},update(){}}});console.log(performance.now()-t)`;
  const yamlPath = require.resolve('yaml', { paths: [ROOT] });
  const baseline = `const t=performance.now();require(${JSON.stringify(yamlPath)});console.log(performance.now()-t)`;
  const runs = 9;
  const act: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    act.push(timeChild(activation));
    base.push(timeChild(baseline));
  }
  console.log('Bundle sizes (production, minified):');
  for (const [k, v] of Object.entries(sizes)) console.log(`  ${k.padEnd(30)} ${(v / 1024).toFixed(1).padStart(8)} KB${k === 'extension.js' ? `   (goal < 400 KB: ${v < 400 * 1024 ? 'met' : 'NOT met'})` : ''}`);
  const a = median(act);
  const b = median(base);
  console.log(`Activation (require + activate(), stand-in vscode API, median of ${runs} fresh processes): ${a.toFixed(1)} ms   (goal < 30 ms: ${a < 30 ? 'met' : 'NOT met'})`);
  console.log(`Baseline (require('yaml') alone, same run): ${b.toFixed(1)} ms   → activation / baseline = ${(a / b).toFixed(2)}×`);
}

void main();
