// Starting and stopping code-server (a real VS Code server + web workbench) on loopback, shared by
// the test launcher (test/integration/launch.mjs) and `npm start` (scripts/start.mjs).
import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CACHE_ROOT } from './provision.mjs';

/** Settings for a quiet, deterministic workbench. `trusted: false` leaves workspace trust on → Restricted Mode. */
export function workbenchSettings({ trusted, extra = {} }) {
  return {
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.emptyWindow': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'files.hotExit': 'off',
    'window.restoreWindows': 'none',
    'editor.minimap.enabled': false,
    ...extra,
  };
}

/** Creates user-data and extensions folders under `root` with the given settings. */
export function makeProfile(root, settings) {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  return { root, userDataDir, extensionsDir, configFile: join(root, 'code-server.yaml') };
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Installs extension folders (e.g. a stand-in of another extension) into a profile's extensions
 * folder as `publisher.name-version/`, before the server starts: it adds what it finds there to the
 * profile on first start. (code-server's web workbench honours only one extensionDevelopmentPath.)
 */
export function installExtensionFolders(profile, folders) {
  for (const src of folders) {
    const pkg = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8'));
    cpSync(src, join(profile.extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`), { recursive: true });
  }
}

/** `http://127.0.0.1:PORT/?folder=…&payload=…` with the extension under development (and tests) loaded. */
export function workbenchUrl({ port, folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split('\\').join('/')}`;
  const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const q = new URLSearchParams({ folder, payload: JSON.stringify(payload) });
  return `http://127.0.0.1:${port}/?${q.toString()}`;
}

// ---- bookkeeping of the processes we start, so a launcher killed with SIGKILL leaves nothing behind ----
const RUNS_DIR = join(CACHE_ROOT, 'runs');

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * Stops what earlier launchers left running when they died without cleaning up (their own pid is
 * gone). Only process groups whose leader still runs our code-server with the recorded profile are
 * killed; folders of live launchers (e.g. a parallel run in the same checkout) are not touched.
 */
export function sweepStaleRuns(log = console.log) {
  if (!existsSync(RUNS_DIR)) return;
  for (const f of readdirSync(RUNS_DIR)) {
    if (!f.endsWith('.json')) continue;
    const file = join(RUNS_DIR, f);
    let rec;
    try {
      rec = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      rmSync(file, { force: true });
      continue;
    }
    if (alive(rec.owner)) continue;
    for (const { pid, marker } of rec.groups ?? []) {
      if (alive(pid) && cmdline(pid).includes(marker)) {
        log(`stopping process group ${pid} left over by a dead launcher (${rec.owner})`);
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {}
      }
    }
    if (rec.tmp && rec.tmp.includes('kube-probes-')) rmSync(rec.tmp, { recursive: true, force: true });
    rmSync(file, { force: true });
  }
}

/**
 * Records a started process group (the pid of a `detached` child) for sweepStaleRuns. `marker` is
 * a string its command line contains (so a recycled pid is never killed); `tmp` is a throw-away
 * folder of the run (kube-probes-* under the temp dir) to delete with it.
 */
export function recordGroup(pid, marker, tmp) {
  mkdirSync(RUNS_DIR, { recursive: true });
  const file = join(RUNS_DIR, `${process.pid}.json`);
  let rec = { owner: process.pid, tmp, groups: [] };
  try {
    rec = JSON.parse(readFileSync(file, 'utf8'));
  } catch {}
  rec.groups.push({ pid, marker });
  if (tmp) rec.tmp = tmp;
  writeFileSync(file, JSON.stringify(rec));
}

export function forgetRuns() {
  rmSync(join(RUNS_DIR, `${process.pid}.json`), { force: true });
}

/** SIGTERM to a whole process group, SIGKILL after `graceMs`; resolves when the group is gone. */
export async function killGroup(pid, graceMs = 5000) {
  const groupAlive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch (e) {
      return /** @type {NodeJS.ErrnoException} */ (e).code === 'EPERM';
    }
  };
  if (!groupAlive()) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {}
  const until = Date.now() + graceMs;
  while (groupAlive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
    const hard = Date.now() + 3000;
    while (groupAlive() && Date.now() < hard) await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts code-server on 127.0.0.1:port in its own process group, waits until it answers /healthz.
 * Its output goes to `logFile`. Returns { proc, port, stop() }.
 */
export async function startCodeServer({ entry, port, profile, workspace, env = {}, logFile, marker, tmp, readyTimeoutMs = 60_000 }) {
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--config', profile.configFile,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-proxy',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace,
  ];
  const out = createWriteStream(logFile, { flags: 'a' });
  const proc = spawn(process.execPath, args, {
    detached: true, // own process group: stop() takes the extension host, pty host and watchers with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  if (proc.pid === undefined) throw new Error(`could not start code-server (${process.execPath} ${entry})`);
  recordGroup(proc.pid, marker ?? profile.userDataDir, tmp);
  let tail = '';
  const collect = (d) => {
    out.write(d);
    tail = (tail + d).slice(-4000);
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  let exited = null;
  proc.on('exit', (code, signal) => (exited = signal ?? code));

  const stop = async () => {
    await killGroup(/** @type {number} */ (proc.pid));
    await new Promise((r) => out.end(r));
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`code-server exited (${exited}) before it was ready; its log (${logFile}) ends with:\n${tail}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on 127.0.0.1:${port} within ${readyTimeoutMs / 1000} s; log: ${logFile}\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { proc, port, stop, exited: () => exited };
}
