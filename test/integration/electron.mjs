// The same integration suites with @vscode/test-electron, for machines with a desktop VS Code (or
// that may download one). Not used on the project's headless machines, where the download fails:
// there `npm run test:integration` (launch.mjs, code-server + Chromium) runs them.
//
//   npm run build && node test/integration/electron.mjs [FILTER…] [--grep TEXT]
//   env VSCODE_EXECUTABLE=/path/to/code   use this VS Code instead of downloading 1.100.3
//
// Runs are planned as in launch.mjs (test/integration/runs.mjs): one VS Code per run, trusted
// runs with --disable-workspace-trust. Screenshots are skipped here (helpers.ts → screenshot()
// returns undefined), and mocha's report goes straight to this process's output.
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { REPO_ROOT } from './provision.mjs';
import { SUITE_OUT_DIR, planRuns } from './runs.mjs';
import { makeProfile, workbenchSettings } from './codeserver.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { grep: { type: 'string' } } });
const plan = planRuns(REPO_ROOT, positionals);
if (!plan.length) {
  console.error(`no suite file in ${SUITE_OUT_DIR} matches ${positionals.join(' ') || '(anything)'}`);
  process.exit(1);
}

let failed = 0;
for (const { run, files } of plan) {
  console.log(`[electron] run "${run.name}": ${run.workspace}/ ${run.trusted ? 'trusted' : 'in Restricted Mode'}; ${files.join(', ')}`);
  const tmp = mkdtempSync(join(tmpdir(), 'kube-probes-electron-'));
  const profile = makeProfile(tmp, workbenchSettings({ trusted: run.trusted, extra: run.settings }));
  try {
    await runTests({
      version: '1.100.3',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      // Ours first, then the run's other extensions (e.g. a stand-in), loaded the same way.
      extensionDevelopmentPath: [REPO_ROOT, ...(run.extensions ?? []).map((p) => resolve(REPO_ROOT, p))],
      extensionTestsPath: join(REPO_ROOT, SUITE_OUT_DIR, 'index.js'),
      extensionTestsEnv: {
        KUBE_PROBES_IT_RUN: run.name,
        KUBE_PROBES_IT_TRUSTED: run.trusted ? '1' : '0',
        KUBE_PROBES_IT_FILES: files.join(','),
        KUBE_PROBES_IT_GREP: values.grep ?? '',
      },
      launchArgs: [
        resolve(REPO_ROOT, run.workspace),
        '--disable-extensions',
        `--user-data-dir=${profile.userDataDir}`,
        `--extensions-dir=${profile.extensionsDir}`,
        ...(run.trusted ? ['--disable-workspace-trust'] : []),
      ],
    });
  } catch (err) {
    failed += 1;
    console.error(`[electron] run "${run.name}" failed: ${err instanceof Error ? err.message : err}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
