// Lint speed against the YAML parser alone, measured in the same run (node --import tsx bench/lint.ts).
// Both run from one esbuild bundle of the linter and `yaml`, like the shipped extension.
//  1. Large real-world files: median of our full lint (parse + every rule, parse cache cleared before each
//     run) vs `yaml`'s parseAllDocuments on the same text. Goal ≤ 1.3×, stretch < 0.5×.
//  2. Editing: re-lint of a ~2,000-line multi-document file after a one-character edit, cache warm.
//     Goal < 10 ms. Baselines: a cold lint and parseAllDocuments of the same file.
// Prints figures; never fails on a goal.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { lintText as LintText } from '../src/core/lint/engine';
import type { Rule, LintConfig, SeveritySetting } from '../src/core/lint/types';
import type { clearParseCache as ClearParseCache } from '../src/core/manifest/parse';
import type { parseAllDocuments as ParseAllDocuments } from 'yaml';
import { loadBundle as loadBundleFrom, median, timeRuns } from './util';

const REPO = resolve(__dirname, '..');

/** The linter and the yaml library as the extension runs them: one esbuild bundle (no tsx transform). */
interface Bundle {
  lintText: typeof LintText;
  ALL_RULES: readonly Rule[];
  clearParseCache: typeof ClearParseCache;
  parseAllDocuments: typeof ParseAllDocuments;
}
function loadBundle(): Bundle {
  return loadBundleFrom<Bundle>([
    "export { lintText } from './src/core/lint/engine';",
    "export { ALL_RULES } from './src/core/lint/rules';",
    "export { clearParseCache } from './src/core/manifest/parse';",
    "export { parseAllDocuments } from 'yaml';",
  ], 'bench-entry');
}

const { lintText, ALL_RULES, clearParseCache, parseAllDocuments } = loadBundle();
const CORPUS = resolve(REPO, '..', 'shared', 'corpus', 'real-world');
const LARGE_BYTES = 200 * 1024;
const EDIT_LINES = 2000;

/** Every rule on, the ones that are off by default included. */
const ALL_ON: LintConfig = {
  rules: Object.fromEntries(ALL_RULES.map((r) => [r.id, (r.defaultSeverity === 'off' ? 'warning' : r.defaultSeverity) as SeveritySetting])),
};

/** Median wall time of `fn` in ms, after one warm-up call; `before` runs untimed before each call. */
function time(runs: number, fn: (i: number) => void, before: () => void = () => {}): number {
  return median(timeRuns(runs, fn, { before }));
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} ms`;
const pad = (s: string, n: number) => (s.length >= n ? s.slice(0, n) : s + ' '.repeat(n - s.length));

function largeFiles(): void {
  const files = readdirSync(CORPUS)
    .map((name) => ({ name, size: statSync(join(CORPUS, name)).size }))
    .filter((f) => f.size >= LARGE_BYTES)
    .sort((a, b) => b.size - a.size);
  console.log(`\nFull lint (parse + ${ALL_RULES.length} rules, cache cleared) vs yaml parseAllDocuments, median of runs`);
  console.log(`${pad('file', 58)} ${pad('size', 9)} ${pad('lint', 10)} ${pad('parse', 10)} ratio`);
  const ratios: number[] = [];
  for (const { name, size } of files) {
    const text = readFileSync(join(CORPUS, name), 'utf8');
    const runs = size > 1_000_000 ? 5 : 9;
    let findings = 0;
    const lint = time(runs, () => (findings = lintText(text, name, ALL_ON).findings.length), clearParseCache);
    const parse = time(runs, () => parseAllDocuments(text));
    ratios.push(lint / parse);
    const short = name.replace(/^[^_]+__/, '').replace(/\.ya?ml$|\.json$/, '');
    console.log(`${pad(short, 58)} ${pad(`${(size / 1024).toFixed(0)} KB`, 9)} ${pad(ms(lint), 10)} ${pad(ms(parse), 10)} ${(lint / parse).toFixed(2)}×  (${findings} findings)`);
  }
  console.log(`median ratio ${median(ratios).toFixed(2)}× (goal ≤ 1.3×, stretch < 0.5×)`);
}

/** Realistic multi-document manifests from the corpus, concatenated until about EDIT_LINES lines. */
function editFile(): string {
  const sources = [
    'GoogleCloudPlatform__microservices-demo__release_kubernetes-manifests.yaml',
    'Azure-Samples__aks-store-demo__aks-store-all-in-one.yaml',
    'kubernetes__ingress-nginx__deploy_static_provider_cloud_deploy.yaml',
    'argoproj__argo-cd__manifests_ha_base_redis-ha_chart_upstream.yaml',
    'linkerd__linkerd2__cli_cmd_testdata_install_ha_output.golden.yaml',
  ];
  const docs: string[] = [];
  let lines = 0;
  for (const name of sources) {
    for (const doc of readFileSync(join(CORPUS, name), 'utf8').split(/^---[ \t]*\r?\n/m)) {
      if (lines >= EDIT_LINES || !doc.trim()) continue;
      docs.push(doc.endsWith('\n') ? doc : doc + '\n');
      lines += doc.split('\n').length;
    }
  }
  return docs.join('---\n');
}

function editing(): void {
  const text = editFile();
  const lineCount = text.split('\n').length;
  // The edit: one digit of a `periodSeconds` value. Every run edits a different (value, digit) pair,
  // so the edited document is new to the parse cache while the rest of the file is cached.
  const edits = [...text.matchAll(/periodSeconds: \d+/g)].flatMap((m) => {
    const at = m.index! + m[0].length - 1;
    return [...'0123456789'].filter((d) => d !== text[at]).map((d) => text.slice(0, at) + d + text.slice(at + 1));
  });
  const runs = Math.min(12, Math.floor((edits.length - 2) / 2));
  const relintWith = (config: LintConfig, offset: number) =>
    time(runs, (i) => lintText(edits[offset + i + 1], 'edit.yaml', config), () => lintText(text, 'edit.yaml', config));
  const relintDefaults = relintWith({}, 0);
  const relint = relintWith(ALL_ON, runs + 1);
  const cold = time(9, () => lintText(text, 'edit.yaml', ALL_ON), clearParseCache);
  const parse = time(9, () => parseAllDocuments(text));
  console.log(`\nRe-lint after a one-character edit (${lineCount} lines, ${(text.length / 1024).toFixed(0)} KB, ${text.split(/^---/m).length} documents, cache warm)`);
  console.log(`  re-lint, default rules  ${ms(relintDefaults)}  (goal < 10 ms)`);
  console.log(`  re-lint, every rule on  ${ms(relint)}`);
  console.log(`  cold lint, every rule   ${ms(cold)}  → re-lint is ${(relint / cold).toFixed(2)}× of it`);
  console.log(`  parseAllDocuments       ${ms(parse)}  → re-lint is ${(relint / parse).toFixed(2)}× of it`);
}

if (!existsSync(CORPUS)) {
  console.log(`skipped: ${CORPUS} is absent`);
} else {
  largeFiles();
  editing();
}
