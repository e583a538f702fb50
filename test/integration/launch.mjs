// Runs the integration suites in a real VS Code: code-server (VS Code 1.100.3's server and Node
// extension host) on 127.0.0.1, its web workbench in headless Chromium (playwright-core). This is
// `npm run test:integration`; build first (`npm test` does). See test/integration/README.md.
//
//   node test/integration/launch.mjs [FILTER…] [--grep TEXT] [--keep] [--timeout SECONDS]
//     FILTER       only suite files whose name contains it (e.g. `smoke`)
//     --grep TEXT  only tests whose full title contains TEXT (mocha's grep)
//     --keep       keep the throw-away profile folders (their paths are printed)
//     --timeout S  overall limit for all runs (default 600; env KUBE_PROBES_IT_TIMEOUT)
//   env KUBE_PROBES_IT_VERBOSE=1 also prints the workbench's console (extension host logs).
//
// Output: mocha's spec report, then one line `N passed, N failed[, N skipped]`; exit code 0 only if
// every run passed. Logs and screenshots: test-results/integration/, test-results/screenshots/.
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM, ProvisionError, REPO_ROOT, provision } from './provision.mjs';
import { forgetRuns, freePort, installExtensionFolders, killGroup, makeProfile, recordGroup, startCodeServer, sweepStaleRuns, workbenchSettings, workbenchUrl } from './codeserver.mjs';
import { SUITE_OUT_DIR, planRuns } from './runs.mjs';
import { ensureTools } from '../../scripts/tools.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const VIEWPORT = { width: 1440, height: 900 };
const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'integration');
const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

const say = (msg) => console.log(`[it] ${msg}`);
const rel = (p) => relative(process.cwd(), p) || '.';

// ---------- cleanup that runs on every way out (normal end, exception, SIGINT/SIGTERM) ----------
/** @type {Array<() => Promise<void>>} newest first */
const cleanups = [];
function onCleanup(fn) {
  let done = null;
  const once = () => (done ??= fn().catch((e) => say(`cleanup: ${e?.message ?? e}`)));
  cleanups.unshift(once);
  return once;
}
/** @type {Promise<void> | null} */
let cleaning = null;
/** Runs the registered cleanups; concurrent callers (a signal during a run's own cleanup) share one pass. */
function cleanupAll() {
  cleaning ??= (async () => {
    while (cleanups.length) await /** @type {() => Promise<void>} */ (cleanups.shift())();
    forgetRuns();
  })().finally(() => (cleaning = null));
  return cleaning;
}
let exiting = false;
async function die(code, why) {
  if (exiting) return;
  exiting = true;
  if (why) console.error(`[it] ${why}`);
  await cleanupAll();
  process.exit(code);
}
process.on('SIGINT', () => die(130, 'interrupted (SIGINT): stopping code-server and the browser'));
process.on('SIGTERM', () => die(143, 'terminated (SIGTERM): stopping code-server and the browser'));
process.on('SIGHUP', () => die(129, 'hang-up (SIGHUP): stopping code-server and the browser'));
process.on('uncaughtException', (e) => die(1, `launcher error: ${e?.stack ?? e}`));
process.on('unhandledRejection', (e) => die(1, `launcher error: ${/** @type {any} */ (e)?.stack ?? e}`));

// ---------- the report file the suite writes, printed as it grows ----------
function tailFile(file, write) {
  let offset = 0;
  let partial = '';
  const buf = Buffer.alloc(64 * 1024);
  const pump = () => {
    if (!existsSync(file)) return;
    const fd = openSync(file, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, offset);
        if (n <= 0) break;
        offset += n;
        partial += buf.subarray(0, n).toString('utf8');
      }
    } finally {
      closeSync(fd);
    }
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) write(l);
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
    if (partial) write(partial);
    partial = '';
  };
}

// ---------- screenshots: the suite POSTs to this loopback end point (helpers.ts → screenshot()) ----------
const safeName = (name) => String(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';

async function takeScreenshot(page, { name, waitFor, webviewWaitFor, settleMs = 500, selector, click }) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = join(SCREENSHOTS_DIR, `${safeName(name)}.png`);
  if (waitFor) await page.waitForSelector(waitFor, { state: 'visible', timeout: 20_000 });
  // A user's click (e.g. a link in the Problems panel), after the shot of what was clicked.
  if (click) {
    await page.locator(click).first().waitFor({ state: 'visible', timeout: 20_000 });
    if (settleMs > 0) await page.waitForTimeout(Math.min(settleMs, 10_000));
    await (selector ? page.locator(selector).first().screenshot({ path: file, timeout: 20_000 }) : page.screenshot({ path: file, timeout: 20_000 }));
    await page.locator(click).first().click({ timeout: 20_000 });
    return file;
  }
  if (webviewWaitFor) {
    // A webview is an iframe.webview whose document holds the extension's HTML in iframe#active-frame.
    const content = page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
    await content.locator(webviewWaitFor).first().waitFor({ state: 'visible', timeout: 20_000 });
  }
  if (settleMs > 0) await page.waitForTimeout(Math.min(settleMs, 10_000));
  if (selector) await page.locator(selector).first().screenshot({ path: file, timeout: 20_000 });
  else await page.screenshot({ path: file, timeout: 20_000 });
  return file;
}

/**
 * What a user sees of the elements matching `selector` in the newest webview: text, size and the
 * computed colours (helpers.ts → webviewQuery()). Waits until one is visible.
 */
async function queryWebview(page, { selector, timeoutMs = 20_000 }) {
  const content = page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
  const all = content.locator(selector);
  await all.first().waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 60_000) });
  return all.evaluateAll((els) =>
    els.map((el) => {
      const cs = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      let bg = 'rgba(0, 0, 0, 0)';
      for (let e = el; e && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent'); e = e.parentElement) bg = getComputedStyle(e).backgroundColor;
      return { text: el.textContent ?? '', color: cs.color, background: bg, width: box.width, height: box.height };
    }),
  );
}

/** A user's click on the first element matching `selector` in the newest webview (helpers.ts → webviewClick()). */
async function clickWebview(page, { selector, timeoutMs = 20_000 }) {
  const content = page.locator('iframe.webview.ready').last().contentFrame().locator('iframe#active-frame').contentFrame();
  const el = content.locator(selector).first();
  await el.waitFor({ state: 'visible', timeout: Math.min(timeoutMs, 60_000) });
  await el.click({ timeout: Math.min(timeoutMs, 60_000) });
  return { clicked: selector };
}

async function startControlServer(getPage, shots) {
  const token = randomBytes(12).toString('hex');
  const server = createServer((req, res) => {
    const reply = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || ![`/${token}/screenshot`, `/${token}/webview`, `/${token}/webview-click`].includes(req.url ?? '')) return reply(404, { error: 'not found' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      try {
        const opts = JSON.parse(body || '{}');
        const page = getPage();
        if (!page) throw new Error('no workbench page yet');
        if (req.url === `/${token}/webview`) return reply(200, { elements: await queryWebview(page, opts) });
        if (req.url === `/${token}/webview-click`) return reply(200, await clickWebview(page, opts));
        const file = await takeScreenshot(page, opts);
        shots.push(file);
        reply(200, { path: file });
      } catch (e) {
        reply(500, { error: String(e?.message ?? e) });
      }
    });
  });
  await new Promise((r, j) => server.once('error', j).listen(0, '127.0.0.1', r));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// ---------- one run: a fresh VS Code window with some suite files ----------
async function runOnce({ run, files }, { entry, grep, keep, deadline, timeoutS, chromium }) {
  const t0 = Date.now();
  const workspace = resolve(REPO_ROOT, run.workspace);
  if (!existsSync(workspace)) throw new Error(`run "${run.name}": workspace folder ${run.workspace} does not exist`);
  say(`run "${run.name}": ${rel(workspace)}/ ${run.trusted ? 'trusted' : 'in Restricted Mode'}; ${files.join(', ')}`);

  // The run writes into its throw-away folder (so parallel launchers in one checkout do not mix
  // their files); the report and logs are copied to test-results/integration/RUN.* at the end.
  const tmp = mkdtempSync(join(tmpdir(), 'kube-probes-it-'));
  const out = join(tmp, 'out');
  mkdirSync(out);
  const reportFile = join(out, 'report.txt');
  const resultFile = join(out, 'result.json');
  const workbenchLog = join(out, 'workbench.log');
  const serverLog = join(out, 'code-server.log');
  onCleanup(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    for (const f of ['report.txt', 'result.json', 'workbench.log', 'code-server.log']) {
      const target = join(RESULTS_DIR, `${run.name}.${f}`);
      rmSync(target, { force: true });
      if (existsSync(join(out, f))) copyFileSync(join(out, f), target);
    }
    if (keep) say(`kept profile: ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  });
  const profile = makeProfile(tmp, workbenchSettings({ trusted: run.trusted, extra: run.settings }));
  installExtensionFolders(profile, (run.extensions ?? []).map((p) => resolve(REPO_ROOT, p)));

  /** @type {import('playwright-core').Page | undefined} */
  let page;
  const shots = [];
  const control = await startControlServer(() => page, shots);
  onCleanup(control.close);

  const port = await freePort();
  const server = await startCodeServer({
    entry,
    port,
    profile,
    workspace,
    logFile: serverLog,
    marker: profile.userDataDir,
    tmp,
    env: {
      KUBE_PROBES_IT_RUN: run.name,
      KUBE_PROBES_IT_TRUSTED: run.trusted ? '1' : '0',
      KUBE_PROBES_IT_FILES: files.join(','),
      KUBE_PROBES_IT_GREP: grep ?? '',
      KUBE_PROBES_IT_REPORT: reportFile,
      KUBE_PROBES_IT_RESULT: resultFile,
      KUBE_PROBES_IT_CONTROL: control.url,
    },
  });
  const stopServer = onCleanup(server.stop);
  say(`code-server ready on 127.0.0.1:${port} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  let browserServer;
  try {
    browserServer = await chromium.launchServer({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      // Our own handlers stop the browser together with code-server (playwright's would exit first).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (e) {
    throw new Error(`could not start Chromium (${CHROMIUM}): ${e.message.split('\n')[0]}\n  is it installed? apt-get install chromium`);
  }
  const browserPid = browserServer.process()?.pid;
  if (browserPid) recordGroup(browserPid, '--remote-debugging-pipe', tmp);
  onCleanup(async () => {
    const closeBrowser = async () => {
      await Promise.race([browserServer.close(), new Promise((r) => setTimeout(r, 5000))]);
      if (browserPid) await killGroup(browserPid, 2000);
    };
    await Promise.all([closeBrowser(), stopServer()]); // both at once: each takes a second or two
  });
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();

  const wlog = createWriteStream(workbenchLog);
  onCleanup(() => new Promise((r) => wlog.end(r)));
  const verbose = process.env.KUBE_PROBES_IT_VERBOSE === '1';
  const wb = (line) => {
    wlog.write(line + '\n');
    if (verbose) console.log(`[workbench] ${line}`);
  };
  // Log-service lines ("%c INFO …") reach both the console and codeAutomationLog: keep one copy.
  page.on('console', (m) => {
    const text = m.text();
    if (!text.startsWith('%c')) wb(`${m.type()}: ${text}`);
  });
  page.on('pageerror', (e) => wb(`pageerror: ${e.stack ?? e.message}`));

  /** @type {(r: { code: number, why?: string }) => void} */
  let resolveFinished = () => {};
  /** @type {Promise<{ code: number, why?: string }>} */
  const finished = new Promise((r) => (resolveFinished = r));
  // The workbench calls these when they exist: the exit code once run() settled, and its log.
  await page.exposeFunction('codeAutomationExit', (code) => resolveFinished({ code: Number(code) || 0 }));
  await page.exposeFunction('codeAutomationLog', (type, args) => wb(`[${type}] ${Array.isArray(args) ? args.join(' ') : String(args)}`));
  {
    page.on('crash', () => resolveFinished({ code: 1, why: 'the workbench page crashed' }));
    server.proc.on('exit', (c, s) => resolveFinished({ code: 1, why: `code-server exited (${s ?? c}) during the run` }));
    const left = deadline - Date.now();
    setTimeout(() => resolveFinished({ code: 1, why: `timed out: the suites did not finish within the overall limit (${timeoutS} s; --timeout or KUBE_PROBES_IT_TIMEOUT to change)` }), Math.max(left, 0)).unref();
  }

  const extensionTestsPath = join(REPO_ROOT, SUITE_OUT_DIR, 'index.js');
  const url = workbenchUrl({ port, folder: workspace, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath });
  const stopTail = tailFile(reportFile, (l) => console.log(l));
  onCleanup(async () => stopTail());
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  const { code, why } = await finished;
  if (exiting) return new Promise(() => {}); // a signal arrived: die() cleans up and exits
  stopTail();
  if (why) say(`run "${run.name}": ${why}`);

  if (code !== 0) {
    try {
      shots.push(await takeScreenshot(page, { name: `failure-${run.name}`, settleMs: 0 }));
    } catch (e) {
      say(`no failure screenshot: ${e.message.split('\n')[0]}`);
    }
  }
  let result = null;
  try {
    result = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch {}
  const reported = existsSync(reportFile) && statSync(reportFile).size > 0;
  if (code !== 0 && !result && !reported) {
    // The suite never reached its end (load error, crash, timeout): show what the workbench said.
    const tail = existsSync(workbenchLog) ? readFileSync(workbenchLog, 'utf8').trim().split('\n').slice(-25) : [];
    if (tail.length) console.log(`[it] last lines of the workbench log (${rel(RESULTS_DIR)}/${run.name}.workbench.log):\n${tail.map((l) => '    ' + l.slice(0, 400)).join('\n')}`);
  }
  for (const f of shots) say(`screenshot: ${rel(f)}`);
  say(`run "${run.name}" ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s; logs: ${rel(RESULTS_DIR)}/${run.name}.*`);
  await cleanupAll();
  return { code, result, timedOut: /timed out/.test(why ?? '') };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { grep: { type: 'string' }, keep: { type: 'boolean' }, timeout: { type: 'string' } },
  });
  const timeoutS = Number(values.timeout ?? process.env.KUBE_PROBES_IT_TIMEOUT ?? 600);
  if (!(timeoutS > 0)) throw new Error(`bad --timeout: ${values.timeout}`);
  const deadline = Date.now() + timeoutS * 1000;
  const t0 = Date.now();

  sweepStaleRuns(say);
  const plan = planRuns(REPO_ROOT, positionals);
  if (!plan.length) {
    console.error(`[it] no suite file in ${SUITE_OUT_DIR} matches ${positionals.join(' ') || '(anything)'}`);
    console.log('0 passed, 0 failed');
    return 1;
  }
  const entry = await provision();
  // The real helm and kubectl in .tools/ (chart and overlay suites point kubeProbes.helm.path / kubectlPath at them).
  ensureTools();
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new Error('playwright-core is not installed: npm ci');
  }

  const totals = { passes: 0, failures: 0, pending: 0 };
  let exitCode = 0;
  for (const item of plan) {
    if (Date.now() >= deadline) {
      say(`run "${item.run.name}" not started: the overall limit of ${timeoutS} s is used up`);
      totals.failures += 1;
      exitCode = 1;
      continue;
    }
    const { code, result } = await runOnce(item, { entry, grep: values.grep, keep: values.keep, deadline, timeoutS, chromium });
    if (result) {
      totals.passes += result.passes;
      totals.failures += result.failures;
      totals.pending += result.pending;
    }
    if (code !== 0) {
      exitCode = 1;
      if (!result || result.failures === 0) totals.failures += 1; // the run itself failed
    }
  }
  say(`all runs took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  console.log(`${totals.passes} passed, ${totals.failures} failed${totals.pending ? `, ${totals.pending} skipped` : ''}`);
  return exitCode;
}

main().then(
  (code) => die(code),
  (err) => die(1, err instanceof ProvisionError ? `provisioning failed: ${err.message}` : (err?.message ?? String(err))),
);
