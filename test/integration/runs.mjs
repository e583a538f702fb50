// Which suite files run in which VS Code window. Each run is one fresh VS Code (own profile, own
// server, own browser) with a workspace folder and a workspace-trust state.
//
// A suite file (dist-test/integration/NAME.test.js, built from test/integration/suite/NAME.test.ts)
// goes to the first run below whose `match` accepts its file name; files no run claims go to the
// DEFAULT_RUN (examples/, trusted). A run that gets no file (after command-line filters) is skipped,
// so an extra run costs nothing until it has tests.
//
// To give your tests another workspace or Restricted Mode, name the file to match a run here or
// add a run:  { name: 'helm', workspace: 'test/fixtures/helm', trusted: true, match: /^helm\./ }
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `extensions`: folders (relative to the repo) of other extensions loaded next to ours, e.g. a stand-in.
 * @typedef {{ name: string, workspace: string, trusted: boolean, match?: RegExp, settings?: Record<string, unknown>, extensions?: string[] }} RunSpec
 */

/** @type {RunSpec} */
export const DEFAULT_RUN = { name: 'trusted', workspace: 'examples', trusted: true };

/** @type {RunSpec[]} */
export const RUNS = [
  // Workspace trust on and the folder not trusted: VS Code's Restricted Mode.
  { name: 'restricted', workspace: 'examples', trusted: false, match: /\.restricted\.test\.js$/ },
  // With a STAND-IN of the Kubernetes extension (its published API; the real one cannot be installed here).
  {
    name: 'kubernetes-extension',
    workspace: 'examples',
    trusted: true,
    match: /^kubernetes-extension\./,
    extensions: ['test/integration/fixtures/stand-in-kubernetes-tools'],
  },
  // A fresh profile, so no walkthrough step is complete yet (other suites apply quick fixes).
  { name: 'walkthrough', workspace: 'examples', trusted: true, match: /^walkthrough\./ },
];

export const SUITE_OUT_DIR = 'dist-test/integration';
export const SUITE_SRC_DIR = 'test/integration/suite';

/**
 * @param {string} repoRoot
 * @param {string[]} filters  substrings of file names (command line); empty = all
 * @returns {{ run: RunSpec, files: string[] }[]}
 */
export function planRuns(repoRoot, filters = []) {
  const dir = join(repoRoot, SUITE_OUT_DIR);
  if (!existsSync(join(dir, 'index.js'))) {
    throw new Error(`${SUITE_OUT_DIR}/index.js not found: run \`npm run build\` first (it bundles test/integration/suite/*.ts)`);
  }
  // Only bundles whose source still exists (the build does not delete the output of a removed suite).
  let files = readdirSync(dir)
    .filter((f) => f.endsWith('.test.js') && existsSync(join(repoRoot, SUITE_SRC_DIR, f.replace(/\.js$/, '.ts'))))
    .sort((a, b) => Number(!a.startsWith('smoke.')) - Number(!b.startsWith('smoke.')) || a.localeCompare(b)); // smoke first
  if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
  const byRun = new Map();
  for (const f of files) {
    const run = RUNS.find((r) => r.match?.test(f)) ?? DEFAULT_RUN;
    if (!byRun.has(run)) byRun.set(run, []);
    byRun.get(run).push(f);
  }
  return [DEFAULT_RUN, ...RUNS].filter((r) => byRun.has(r)).map((run) => ({ run, files: byRun.get(run) }));
}
