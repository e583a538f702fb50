// What users install, in a real VS Code (code-server 4.100.3 = VS Code 1.100.3, web workbench in
// headless Chromium, as test/integration/launch.mjs): `npm test` runs this after the suites.
//
//   1. vsix:    `npm run package` builds the .vsix; `code-server --install-extension` installs it
//               into an empty extensions folder; a workbench with a broken manifest open activates
//               it (the extension host's log of the installed extension says so) and underlines
//               the manifest's errors.
//   2. browser: the extension under development in VS Code's web worker extension host (setting
//               remote.extensionKind = web: the "browser" entry, dist/web/extension.js, as in
//               vscode.dev): a broken manifest is underlined, a hover describes a probe, a
//               quick fix from the light bulb menu applies, the Problems rows come from
//               kube-probes, and a desktop-only command says so.
//
//   node test/integration/packaged.mjs [vsix] [browser] [--keep]
// Build first (`npm run build`). Prints one line per check and `N passed, N failed`; exit code 0
// only if all passed. Screenshots: test-results/screenshots/packaged-*.png.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM, CODE_SERVER_ENTRY, REPO_ROOT, provision } from './provision.mjs';
import { forgetRuns, freePort, killGroup, makeProfile, recordGroup, startCodeServer, sweepStaleRuns, workbenchSettings } from './codeserver.mjs';

const EXTENSION_ID = 'kube-probes.kube-probes';
const BROKEN = 'manifests/broken-api-validation.yaml';
const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const say = (m) => console.log(`[packaged] ${m}`);

const { values, positionals } = parseArgs({ allowPositionals: true, options: { keep: { type: 'boolean' } } });
const wanted = (name) => positionals.length === 0 || positionals.includes(name);

/** Runs a command without a shell, with a timeout; resolves with its output, rejects on failure. */
function run(cmd, args, { cwd = REPO_ROOT, timeoutMs = 300_000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      void killGroup(/** @type {number} */ (child.pid), 1000);
      reject(new Error(`${cmd} ${args.join(' ')}: no answer within ${timeoutMs / 1000} s\n${out.slice(-2000)}`));
    }, timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out.slice(-3000)}`));
    });
  });
}

function filesUnder(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** One code-server + headless Chromium with a workbench open; `check(page, ctx)` does the rest. */
async function withWorkbench({ tmp, profile, workspace, payload, name }, check) {
  const port = await freePort();
  const server = await startCodeServer({ entry: CODE_SERVER_ENTRY, port, profile, workspace, logFile: join(tmp, 'code-server.log'), marker: profile.userDataDir, tmp });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const pid = browser.process?.()?.pid;
  if (pid) recordGroup(pid, '--remote-debugging-pipe', tmp);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const q = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload(remote)) });
    await page.goto(`http://127.0.0.1:${port}/?${q}`, { waitUntil: 'domcontentloaded', timeout: 180_000 });
    try {
      await check(page);
    } catch (e) {
      mkdirSync(SCREENSHOTS_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS_DIR, `packaged-${name}-failed.png`) }).catch(() => {});
      throw e;
    }
  } finally {
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
    await server.stop();
  }
}

async function shot(page, name, selector) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `packaged-${name}.png`);
  await (selector ? page.locator(selector).first().screenshot({ path }) : page.screenshot({ path }));
  return path;
}

// ---------- 1. the .vsix ----------
async function checkVsix(tmp) {
  const vsix = join(tmp, 'kube-probes.vsix');
  await run('npm', ['run', 'package', '--', '--out', vsix]);
  if (!existsSync(vsix)) throw new Error('npm run package wrote no .vsix');
  say(`packaged: ${(statSync(vsix).size / 1024).toFixed(0)} KB`);

  const profile = makeProfile(tmp, workbenchSettings({ trusted: true }));
  const out = await run(process.execPath, [CODE_SERVER_ENTRY, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix], { timeoutMs: 120_000 });
  if (!/was successfully installed/.test(out)) throw new Error(`code-server --install-extension said:\n${out}`);
  const installed = readdirSync(profile.extensionsDir).find((d) => d.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error(`no ${EXTENSION_ID}-* folder in the extensions folder: ${readdirSync(profile.extensionsDir).join(', ')}`);
  const root = join(profile.extensionsDir, installed);
  const files = filesUnder(root).map((f) => f.slice(root.length + 1));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const need of [pkg.main.replace(/^\.\//, ''), pkg.browser.replace(/^\.\//, ''), 'dist/runner.js', 'dist/lintWorker.js', 'dist/webview.js', pkg.icon, 'walkthrough/example.yaml', 'docs/images/lint.png', 'docs/rules/probe/zero-is-default.md']) {
    if (!files.includes(need)) throw new Error(`the installed extension lacks ${need}`);
  }
  // The installer lower-cases the README and CHANGELOG (the details page shows them from there).
  for (const need of ['readme.md', 'changelog.md']) {
    if (!files.some((f) => f.toLowerCase() === need)) throw new Error(`the installed extension lacks ${need}`);
  }
  for (const f of files) if (/^(src|test|node_modules|examples|bench)\//.test(f) || f.endsWith('.map')) throw new Error(`the .vsix carries ${f}, which users do not need`);
  say(`installed ${installed}: ${files.length} files`);

  const workspace = join(tmp, 'ws');
  mkdirSync(join(workspace, 'manifests'), { recursive: true });
  cpSync(join(REPO_ROOT, 'examples', BROKEN), join(workspace, BROKEN));
  await withWorkbench({ tmp, profile, workspace, name: 'vsix', payload: (remote) => [['openFile', remote(join(workspace, BROKEN))]] }, async (page) => {
    // The extension host's own log of the installed extension (its LogOutputChannel's file).
    // The manifest open: onLanguage:yaml activates the installed extension; its host logs it.
    const deadline = Date.now() + 180_000;
    let log;
    while (!log && Date.now() < deadline) {
      log = filesUnder(profile.userDataDir).find((f) => f.endsWith('Kubernetes Probes.log') && /Kubernetes Probes activated/.test(readFileSync(f, 'utf8')));
      if (!log) await new Promise((r) => setTimeout(r, 250));
    }
    if (!log) throw new Error(`the extension host logged no "Kubernetes Probes activated" (log files: ${filesUnder(profile.userDataDir).filter((f) => f.endsWith('.log')).join(', ')})`);
    if (!log.includes(EXTENSION_ID)) throw new Error(`the activation was logged by something else: ${log}`);
    say(`activated (${log.slice(profile.userDataDir.length + 1)})`);
    // ...and underlines the manifest's errors (below the comment that fills the first screen).
    await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.type('45');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 180_000 });
    await shot(page, 'vsix');
  });
}

// ---------- 2. the browser entry in VS Code's web worker extension host ----------
async function checkBrowser(tmp) {
  // The user setting that picks where an extension runs; "web" = the web worker extension host.
  // (The payload's extensionDevelopmentKind is read by this workbench but not acted on.)
  const profile = makeProfile(tmp, workbenchSettings({ trusted: true, extra: { 'remote.extensionKind': { [EXTENSION_ID]: ['web'] } } }));
  // A copy: the quick fix below edits the file, and the workbench may save it.
  const workspace = join(tmp, 'ws');
  mkdirSync(join(workspace, 'manifests'), { recursive: true });
  cpSync(join(REPO_ROOT, 'examples', BROKEN), join(workspace, BROKEN));
  await withWorkbench(
    {
      tmp,
      profile,
      workspace,
      name: 'browser',
      payload: (remote) => [
        ['extensionDevelopmentPath', remote(REPO_ROOT)],
        ['openFile', remote(join(workspace, BROKEN))],
      ],
    },
    async (page) => {
      // The comment at the top of the file fills the first screen: go to the first Pods.
      const goTo = async (where) => {
        await page.keyboard.press('Control+G');
        await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 60_000 });
        await page.keyboard.type(where);
        await page.keyboard.press('Enter');
      };
      await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.locator('.monaco-editor .view-lines').first().click();
      await goTo('45');
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible', timeout: 180_000 });
      // A hover on a probe: its effective timing and budgets (src/core/lint/describe.ts).
      await goTo('44:9'); // readinessProbe:
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'Budgets' }).first();
      await hover.waitFor({ state: 'visible', timeout: 60_000 });
      say(`hover: ${(await hover.innerText()).replace(/\s+/g, ' ').slice(0, 100)}`);
      await shot(page, 'browser-hover');
      await page.keyboard.press('Escape');
      // The quick fixes of "livenessProbe: {}" (no handler), from the light bulb menu (Ctrl+.).
      await goTo('43:8');
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Add a tcpSocket handler on port http' }).first();
      await fix.waitFor({ state: 'visible', timeout: 60_000 });
      await shot(page, 'browser-quick-fix');
      // The keyboard, as a user in the menu (a click is blocked by the workbench's pointer guard
      // until the mouse moves): down to the fix, Enter.
      for (let i = 0; i < 10 && !(await fix.evaluate((el) => el.classList.contains('focused'))); i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .view-line', { hasText: 'tcpSocket:' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      say('quick fix applied: the empty livenessProbe has a tcpSocket handler');
      // Problems panel: rows from our source.
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'api/' }).first();
      await row.waitFor({ state: 'visible', timeout: 60_000 });
      const rowText = await row.innerText();
      if (!/kube-probes/.test(rowText)) throw new Error(`a Problems row without the kube-probes source: ${rowText}`);
      say(`Problems: ${rowText.replace(/\s+/g, ' ').slice(0, 120)}`);
      await shot(page, 'browser-problems');
      // A desktop-only command, from the Command Palette as a user runs it.
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 60_000 });
      await input.fill('>Kubernetes Probes: Run Probe');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Kubernetes Probes: Run Probe' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      await page.keyboard.press('Enter');
      const toast = page.locator('.notification-toast', { hasText: 'need VS Code on the desktop' }).first();
      await toast.waitFor({ state: 'visible', timeout: 60_000 });
      say(`desktop-only command: ${(await toast.innerText()).replace(/\s+/g, ' ').slice(0, 120)}`);
      await shot(page, 'browser-desktop-only');
    },
  );
}

async function main() {
  sweepStaleRuns(say);
  await provision();
  let passed = 0;
  let failed = 0;
  for (const [name, check] of /** @type {const} */ ([['vsix', checkVsix], ['browser', checkBrowser]])) {
    if (!wanted(name)) continue;
    const tmp = mkdtempSync(join(tmpdir(), `kube-probes-${name}-`));
    const t0 = Date.now();
    try {
      await check(tmp);
      passed++;
      say(`✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      say(`✘ ${name}: ${e?.stack ?? e}`);
      say(`  code-server log: ${join(tmp, 'code-server.log')}`);
    } finally {
      if (values.keep || failed) say(`kept: ${tmp}`);
      else rmSync(tmp, { recursive: true, force: true });
      forgetRuns();
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => (console.error(e), process.exit(1)));
