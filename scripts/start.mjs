// `npm start` (after `npm run build`): a VS Code with the extension under development and the
// examples/ folder open, plus the demo app (examples/demo-app) when it is there.
//
// - With a desktop VS Code (`code` on PATH): code --extensionDevelopmentPath=<repo> <repo>/examples
// - Otherwise (these headless machines): code-server on 127.0.0.1, provisioned into .vscode-test/
//   on first use (see test/integration/provision.mjs); open the printed URL in a browser. Runs
//   until Ctrl-C, then stops code-server and the demo app.
//
//   node scripts/start.mjs [--web | --desktop] [--port N] [--restricted] [--no-demo]
//     --web / --desktop   force code-server / the desktop `code` (env KUBE_PROBES_START=web|desktop)
//     --port N            code-server's port (default: a free one; env KUBE_PROBES_PORT)
//     --restricted        workspace trust on, folder untrusted (Restricted Mode)
//     --no-demo           do not start the demo app
// The code-server profile (settings, open editors) is kept in .vscode-test/start/.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE_ROOT, ProvisionError, REPO_ROOT, provision } from '../test/integration/provision.mjs';
import { forgetRuns, freePort, killGroup, recordGroup, startCodeServer, sweepStaleRuns, workbenchSettings, workbenchUrl } from '../test/integration/codeserver.mjs';

const say = (msg) => console.log(`[start] ${msg}`);
const EXAMPLES = join(REPO_ROOT, 'examples');

const { values } = parseArgs({
  options: {
    web: { type: 'boolean' },
    desktop: { type: 'boolean' },
    port: { type: 'string' },
    restricted: { type: 'boolean' },
    'no-demo': { type: 'boolean' },
  },
});

function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {}
  }
  return null;
}

// ---------- shutdown ----------
/** @type {Array<() => Promise<void>>} */
const stops = [];
let stopping = false;
async function shutdown(code, why) {
  if (stopping) return;
  stopping = true;
  if (why) say(why);
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (e) {
      say(`while stopping: ${e?.message ?? e}`);
    }
  }
  forgetRuns();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0, 'Ctrl-C: stopping …'));
process.on('SIGTERM', () => shutdown(0, 'SIGTERM: stopping …'));
process.on('SIGHUP', () => shutdown(0, 'SIGHUP: stopping …'));

// ---------- the demo app ----------
function startDemoApp() {
  if (values['no-demo']) return null;
  const dir = join(EXAMPLES, 'demo-app');
  let cmd;
  let args;
  let cwd;
  const pkg = join(dir, 'package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).scripts?.start) {
    [cmd, args, cwd] = [process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start'], dir];
  } else if (existsSync(join(dir, 'server.mjs'))) {
    // Run from examples/, as the manifests expect (exec probes call demo-app/check.mjs from there).
    [cmd, args, cwd] = [process.execPath, ['demo-app/server.mjs'], EXAMPLES];
  } else {
    say('no demo app (examples/demo-app/ has no start script or server.mjs): skipped');
    return null;
  }
  say(`demo app: ${cmd === process.execPath ? 'node' : cmd} ${args.join(' ')} (in ${cwd})`);
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid) recordGroup(child.pid, cmd === process.execPath ? 'demo-app/server.mjs' : 'npm');
  const prefix = (stream, out) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (d) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) out.write(`[demo-app] ${l}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('error', (e) => say(`demo app could not start: ${e.message}`));
  child.on('exit', (code, signal) => {
    if (!stopping) say(`demo app exited (${signal ?? `code ${code}`}); VS Code keeps running`);
  });
  stops.push(async () => {
    if (child.pid) await killGroup(child.pid, 3000);
  });
  return child;
}

// ---------- desktop VS Code ----------
async function startDesktop(code) {
  say(`desktop VS Code: ${code} --extensionDevelopmentPath=${REPO_ROOT} ${EXAMPLES}`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${REPO_ROOT}`, EXAMPLES], { stdio: 'inherit' });
  if (r.error) throw new Error(`could not run ${code}: ${r.error.message}`);
  if (!startDemoApp()) process.exit(r.status ?? 0);
  say('the demo app runs until Ctrl-C');
}

// ---------- code-server ----------
/** Sets the trust setting in the kept profile, leaving the user's other settings alone. */
function prepareProfile(root, trusted) {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  let settings = workbenchSettings({ trusted });
  if (existsSync(settingsFile)) {
    try {
      settings = { ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'security.workspace.trust.enabled': !trusted };
    } catch {
      say(`${settingsFile} is not plain JSON (comments?); left as it is, so the trust flag may not apply`);
      settings = null;
    }
  }
  if (settings) writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');
  return { root, userDataDir, extensionsDir, configFile: join(root, 'code-server.yaml') };
}

async function startWeb() {
  sweepStaleRuns((m) => say(m));
  const entry = await provision();
  if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) say('dist/extension.js is missing: run `npm run build` (npm start does)');
  const root = join(CACHE_ROOT, 'start');
  const profile = prepareProfile(root, !values.restricted);
  const port = Number(values.port ?? process.env.KUBE_PROBES_PORT ?? 0) || (await freePort());
  const logFile = join(root, 'code-server.log');
  const server = await startCodeServer({ entry, port, profile, workspace: EXAMPLES, logFile, marker: profile.userDataDir });
  stops.push(server.stop);
  server.proc.on('exit', (code, signal) => {
    if (!stopping) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n') : '';
      shutdown(1, `code-server exited (${signal ?? `code ${code}`}); the end of ${logFile}:\n${tail}`);
    }
  });
  startDemoApp();
  const url = workbenchUrl({ port, folder: EXAMPLES, extensionDevelopmentPath: REPO_ROOT });
  console.log('');
  say(`VS Code ${values.restricted ? '(Restricted Mode) ' : ''}with the extension under development is ready. Open:`);
  console.log(`\n  ${url}\n`);
  say(`listening on 127.0.0.1:${port} only; from another machine: ssh -L ${port}:127.0.0.1:${port} <this host>`);
  say('after `npm run build`, run "Developer: Reload Window" in VS Code to load the new build');
  say(`code-server log: ${logFile}`);
  say('Ctrl-C stops everything');
}

async function main() {
  if (!existsSync(EXAMPLES)) throw new Error(`${EXAMPLES} does not exist`);
  const mode = values.web ? 'web' : values.desktop ? 'desktop' : process.env.KUBE_PROBES_START;
  const code = mode === 'web' ? null : onPath(process.platform === 'win32' ? 'code.cmd' : 'code');
  if (mode === 'desktop' && !code) throw new Error('--desktop: no `code` on PATH (VS Code: "Shell Command: Install \'code\' command in PATH")');
  if (code) await startDesktop(code);
  else await startWeb();
}

main().catch((err) => shutdown(1, err instanceof ProvisionError ? `provisioning failed: ${err.message}` : `failed: ${err?.message ?? err}`));
