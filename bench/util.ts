// What every benchmark under bench/ shares: the median of a series, the timing of repeated calls, and
// loading the code under test as the shipped bundle.
// Benchmarks print figures and ratios against a baseline measured in the same run; none asserts.
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { YAML_ESM_ALIAS } from '../scripts/yaml-esm.mjs';

/** The median (the mean of the two middle values for an even count); NaN for no values. */
export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall times in ms of `runs` calls of `fn` after `warmup` untimed ones; `before` runs untimed before each call. */
export function timeRuns(runs: number, fn: (i: number) => unknown, { warmup = 1, before }: { warmup?: number; before?: () => void } = {}): number[] {
  const out: number[] = [];
  for (let i = -warmup; i < runs; i++) {
    before?.();
    const t = process.hrtime.bigint();
    fn(i);
    if (i >= 0) out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

/**
 * Loads `exports` (lines of `export … from './src/…'`, paths from the repository root) as one esbuild
 * bundle, the way the extension and the CLI ship (yaml's ES-module build: scripts/yaml-esm.mjs), so
 * no tsx transform skews the figures.
 */
export function loadBundle<T>(exports: readonly string[], name: string): T {
  const root = resolve(__dirname, '..');
  const out = buildSync({
    stdin: { contents: exports.join('\n'), resolveDir: root, loader: 'ts', sourcefile: `${name}.ts` },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    alias: YAML_ESM_ALIAS,
  });
  const file = join(root, `${name}.js`);
  const m = new Module(file) as Module & { _compile(code: string, file: string): void };
  m._compile(out.outputFiles[0]!.text, file);
  return m.exports as T;
}
