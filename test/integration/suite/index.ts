// The tests module the extension host loads (extensionTestsPath → dist-test/integration/index.js).
// VS Code awaits run(); when it settles, the workbench reports the exit code to the launcher
// (0 = resolved). Mocha runs with the BDD interface (describe / it / before / afterEach …) over the
// *.test.js files next to this file, or the ones the launcher lists in KUBE_PROBES_IT_FILES.
//
// Environment (set by test/integration/launch.mjs; all optional):
//   KUBE_PROBES_IT_FILES    comma-separated suite files of this run
//   KUBE_PROBES_IT_GREP     only tests whose full title contains this (mocha --grep)
//   KUBE_PROBES_IT_REPORT   file that receives mocha's report; the launcher prints it as it grows
//   KUBE_PROBES_IT_RESULT   file that receives {passes, failures, pending} as JSON at the end
//   KUBE_PROBES_IT_CONTROL  the launcher's screenshot end point (see helpers.ts)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import { screenshot } from './helpers';

/** Thrown when tests failed: mocha's report already says which, so it is not printed again. */
class TestsFailed extends Error {}

export async function run(): Promise<void> {
  const restoreConsole = teeConsole(process.env.KUBE_PROBES_IT_REPORT);
  try {
    await runMocha();
  } catch (err) {
    if (err instanceof TestsFailed) throw err;
    // Also into the report, so the launcher shows why (e.g. a suite file that throws on load).
    const report = process.env.KUBE_PROBES_IT_REPORT;
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    if (report) fs.appendFileSync(report, `\n[suite] ${text}\n`);
    throw err;
  } finally {
    restoreConsole();
  }
}

/**
 * The extension host's console goes to the browser's devtools (the launcher keeps it in
 * test-results/integration/RUN.workbench.log). During the run, also append it to the report, so
 * what a test logs shows in the launcher's output between mocha's lines. VS Code locks the methods
 * of `console` (getters with no-op setters), so the global `console` is swapped for a wrapper.
 */
function teeConsole(report: string | undefined): () => void {
  if (!report) return () => {};
  const original = globalThis.console;
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'console');
  const tee = Object.create(original) as Console;
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    Object.defineProperty(tee, m, {
      value: (...args: unknown[]) => {
        original[m](...args);
        try {
          fs.appendFileSync(report, format(...args) + '\n');
        } catch {
          // the report folder is gone (the launcher stopped): nothing to do
        }
      },
    });
  }
  try {
    Object.defineProperty(globalThis, 'console', { value: tee, writable: true, configurable: true });
  } catch {
    return () => {}; // not replaceable here: the console stays in the workbench log only
  }
  return () => {
    if (descriptor) Object.defineProperty(globalThis, 'console', descriptor);
  };
}

async function runMocha(): Promise<void> {
  const dir = __dirname;
  const listed = process.env.KUBE_PROBES_IT_FILES?.split(',').filter(Boolean);
  const files = listed ?? fs.readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort();

  const report = process.env.KUBE_PROBES_IT_REPORT;
  if (report) {
    // Mocha's reporters write every line through Base.consoleLog; the extension host's own console
    // goes to the browser's devtools, so send the report to a file the launcher prints.
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
      fs.appendFileSync(report, format(...args) + '\n');
    };
  }

  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 30_000,
    grep: process.env.KUBE_PROBES_IT_GREP || undefined,
  });
  mocha.rootHooks({
    // A screenshot of the workbench at the moment a test failed: test-results/screenshots/failed-….png
    async afterEach(this: Mocha.Context) {
      const t = this.currentTest;
      if (t?.state !== 'failed') return;
      this.timeout(70_000);
      try {
        const p = await screenshot(`failed-${t.fullTitle()}`);
        if (p) Mocha.reporters.Base.consoleLog(`      screenshot: ${p}`);
      } catch (err) {
        Mocha.reporters.Base.consoleLog(`      (no screenshot: ${err instanceof Error ? err.message : String(err)})`);
      }
    },
  });
  for (const f of files) {
    const full = path.join(dir, f);
    if (!fs.existsSync(full)) throw new Error(`suite file not found: ${full}`);
    mocha.addFile(full);
  }

  const result = await new Promise<{ passes: number; failures: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        const s = runner.stats;
        resolve({ passes: s?.passes ?? 0, failures: s?.failures ?? 0, pending: s?.pending ?? 0 });
      });
    } catch (err) {
      reject(err);
    }
  });
  if (process.env.KUBE_PROBES_IT_RESULT) fs.writeFileSync(process.env.KUBE_PROBES_IT_RESULT, JSON.stringify(result));
  if (result.failures > 0) throw new TestsFailed(`${result.failures} integration test(s) failed`);
  if (result.passes + result.pending === 0) throw new Error('no integration test ran');
}
