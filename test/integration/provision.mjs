// Provisions a real VS Code (code-server, which serves VS Code's workbench and runs the Node
// extension host) into the git-ignored cache `.vscode-test/`, the way @vscode/test-electron
// downloads a desktop build on first use. Recipe and reasons: test/integration/README.md.
//
//   node test/integration/provision.mjs           provision if needed (no-op when done)
//   node test/integration/provision.mjs --force   throw the cache away and provision afresh
//
// Idempotent: a marker file written as the very last step records a completed provision; a
// folder without a valid marker is a half-done provision and is removed and done again. A lock
// directory keeps two launchers (e.g. `npm test` and `npm start`) from provisioning at once.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, chmodSync, symlinkSync, lstatSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3; the newest that accepts node 20
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_ROOT = process.env.KUBE_PROBES_VSCODE_CACHE
  ? resolve(process.env.KUBE_PROBES_VSCODE_CACHE)
  : join(REPO_ROOT, '.vscode-test');
export const INSTALL_DIR = join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_DIR = join(INSTALL_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.KUBE_PROBES_CHROMIUM || '/usr/bin/chromium';

const MARKER = join(INSTALL_DIR, '.provisioned.json');
const LOCK = join(CACHE_ROOT, `code-server-${CODE_SERVER_VERSION}.lock`);
const VSCODE_LIB = join(CODE_SERVER_DIR, 'lib', 'vscode');
const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'pkg-config'];
const NATIVE_MODULES = ['@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty', '@vscode/deviceid'];

/** What a completed provision must match; a change (e.g. another node ABI) forces a new one. */
function expectedMarker() {
  return { codeServer: CODE_SERVER_VERSION, nodeAbi: process.versions.modules, platform: `${process.platform}-${process.arch}` };
}

export function isProvisioned() {
  if (!existsSync(MARKER) || !existsSync(CODE_SERVER_ENTRY)) return false;
  try {
    const m = JSON.parse(readFileSync(MARKER, 'utf8'));
    const e = expectedMarker();
    return Object.keys(e).every((k) => m[k] === e[k]);
  } catch {
    return false;
  }
}

const log = (msg) => console.log(`[provision] ${msg}`);

export class ProvisionError extends Error {}

/** Runs a command, streaming nothing unless it fails; then its output tail goes into the error. */
function run(step, cmd, args, opts = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts, env: { ...cleanEnv(), ...opts.env } });
    let out = '';
    const keep = (d) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (err) =>
      reject(new ProvisionError(`${step}: could not start ${cmd}: ${err.message}`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise(out);
      else {
        const tail = out.trim().split('\n').slice(-40).join('\n');
        reject(new ProvisionError(`${step} failed (${cmd} ${args.join(' ')} → ${signal ?? `exit ${code}`}) in ${opts.cwd ?? process.cwd()}:\n${tail}`));
      }
    });
  });
}

/** The environment for nested npm calls, without the npm_* variables of an outer `npm run`. */
function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|config_local_prefix|config_prefix$|command|execpath|node_execpath)/i.test(k)) delete env[k];
    if (k === 'INIT_CWD') delete env[k];
  }
  return env;
}

async function timed(label, fn) {
  const t0 = Date.now();
  log(`${label} …`);
  const r = await fn();
  log(`${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

function missingDebianPackages() {
  if (spawnSync('dpkg', ['--version'], { stdio: 'ignore' }).error) return null; // not Debian
  return DEBIAN_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return !(r.status === 0 && r.stdout.includes('install ok installed'));
  });
}

async function ensureSystemPackages() {
  const missing = missingDebianPackages();
  if (missing === null) {
    // Not a Debian system: the three things we need must simply be there.
    for (const [what, path] of [['chromium', CHROMIUM], ['ripgrep', '/usr/bin/rg']]) {
      if (!existsSync(path)) throw new ProvisionError(`${what} not found at ${path}: install it with your package manager (set KUBE_PROBES_CHROMIUM for another browser path)`);
    }
    return;
  }
  if (!missing.length) {
    log(`Debian packages present: ${DEBIAN_PACKAGES.join(' ')}`);
    return;
  }
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new ProvisionError(`missing Debian packages: ${missing.join(' ')}. Install them as root:\n  ${cmd}`);
  }
  await timed(`apt-get install ${missing.join(' ')}`, async () => {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get update', 'apt-get', ['update', '-qq'], { env });
    await run('apt-get install', 'apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  });
}

function forceSymlink(target, path) {
  try {
    lstatSync(path);
    unlinkSync(path);
  } catch {}
  symlinkSync(target, path);
}

async function provisionFresh() {
  const t0 = Date.now();
  if (existsSync(INSTALL_DIR)) {
    log(`removing an incomplete or outdated provision at ${INSTALL_DIR}`);
    rmSync(INSTALL_DIR, { recursive: true, force: true });
  }
  mkdirSync(INSTALL_DIR, { recursive: true });
  writeFileSync(
    join(INSTALL_DIR, 'package.json'),
    JSON.stringify({ name: 'kube-probes-vscode-test', private: true, description: 'code-server for the integration tests; made by test/integration/provision.mjs' }, null, 2),
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

  await timed(`1/6 npm install code-server@${CODE_SERVER_VERSION} --ignore-scripts`, () =>
    run('npm install code-server', npm, ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', ...quiet], { cwd: INSTALL_DIR }),
  );
  if (!existsSync(VSCODE_LIB)) throw new ProvisionError(`code-server package has no lib/vscode at ${VSCODE_LIB}`);

  await timed('2/6 npm install of lib/vscode (production dependencies, no scripts)', () =>
    run('npm install lib/vscode', npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: VSCODE_LIB }),
  );

  await timed('3/6 ripgrep from Debian into @vscode/ripgrep', async () => {
    const rg = '/usr/bin/rg';
    if (!existsSync(rg)) throw new ProvisionError('ripgrep not found at /usr/bin/rg: apt-get install ripgrep');
    const binDir = join(VSCODE_LIB, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(binDir, { recursive: true });
    copyFileSync(rg, join(binDir, 'rg'));
    chmodSync(join(binDir, 'rg'), 0o755);
  });

  await timed(`4/6 npm rebuild of the native modules (${NATIVE_MODULES.join(', ')})`, () =>
    run('npm rebuild (native modules)', npm, ['rebuild', ...NATIVE_MODULES, ...quiet], {
      cwd: VSCODE_LIB,
      env: { npm_config_yes: 'true' }, // node-pty's install step calls `npx node-gyp`
    }),
  );

  await timed('5/6 symlinks and the built-in extensions', async () => {
    forceSymlink('node_modules', join(VSCODE_LIB, 'node_modules.asar'));
    forceSymlink('code-linux.sh', join(VSCODE_LIB, 'bin', 'remote-cli', 'code-server'));
    forceSymlink('browser-linux.sh', join(VSCODE_LIB, 'bin', 'helpers', 'browser.sh'));
    await run('npm install (built-in extensions)', npm, ['install', '--omit=dev', ...quiet], { cwd: join(VSCODE_LIB, 'extensions') });
  });

  await timed('6/6 npm rebuild argon2', () => run('npm rebuild argon2', npm, ['rebuild', 'argon2', ...quiet], { cwd: INSTALL_DIR }));

  // Check that every native module loads under this node before declaring success.
  const check = NATIVE_MODULES.map((m) => `require(${JSON.stringify(m)});`).join('');
  await run('loading the native modules', process.execPath, ['-e', check], { cwd: VSCODE_LIB });
  await run('loading argon2', process.execPath, ['-e', 'require("argon2")'], { cwd: INSTALL_DIR });

  const seconds = (Date.now() - t0) / 1000;
  writeFileSync(MARKER, JSON.stringify({ ...expectedMarker(), provisionedAt: new Date().toISOString(), seconds }, null, 2) + '\n');
  log(`code-server ${CODE_SERVER_VERSION} provisioned in ${seconds.toFixed(1)} s at ${INSTALL_DIR}`);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function withLock(fn) {
  mkdirSync(CACHE_ROOT, { recursive: true });
  let waited = false;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
      } catch {}
      if (Number.isFinite(owner) && owner > 0 && !pidAlive(owner)) {
        log(`removing a stale provisioning lock (process ${owner} is gone)`);
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (!waited) log(`another process (${Number.isFinite(owner) ? owner : '?'}) is provisioning; waiting for it …`);
      waited = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Makes sure code-server and the system packages are there. Returns the code-server entry script. */
export async function provision({ force = false } = {}) {
  await ensureSystemPackages();
  if (!existsSync(CHROMIUM)) throw new ProvisionError(`chromium not found at ${CHROMIUM}: apt-get install chromium`);
  if (!force && isProvisioned()) return CODE_SERVER_ENTRY;
  await withLock(async () => {
    if (!force && isProvisioned()) return; // someone else finished while we waited
    log(`provisioning code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3) into ${INSTALL_DIR}; this takes a few minutes once`);
    await provisionFresh();
  });
  return CODE_SERVER_ENTRY;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  provision({ force }).then(
    (entry) => log(`ready: ${entry}`),
    (err) => {
      console.error(`[provision] ${err instanceof ProvisionError ? err.message : err.stack}`);
      process.exit(1);
    },
  );
}
