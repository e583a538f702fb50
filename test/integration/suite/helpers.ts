// Helpers for the integration suites (imported by *.test.ts; not a suite itself). They run inside
// the VS Code extension host. The launcher (test/integration/launch.mjs) passes its end points by
// environment variables; under @vscode/test-electron (electron.mjs) screenshots are skipped.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { createServer } from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'kube-probes.kube-probes';

/** The repository root (this file is bundled into dist-test/integration/). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Name of the launcher run this suite is in ('trusted', 'restricted', …; see test/integration/runs.mjs). */
export const RUN_NAME = process.env.KUBE_PROBES_IT_RUN ?? 'trusted';

/** Whether the launcher opened this window with the workspace trusted (false = Restricted Mode). */
export const EXPECT_TRUSTED = process.env.KUBE_PROBES_IT_TRUSTED !== '0';

export interface WaitForOptions {
  /** Milliseconds before giving up (default 10 000). Keep it below the mocha timeout of the test. */
  timeout?: number;
  /** Milliseconds between polls (default 50). */
  interval?: number;
  /** Says what was awaited, for the error. */
  message?: string;
}

/**
 * Polls `predicate` until it returns a truthy value (or a promise of one) and returns that value.
 * Exceptions thrown by the predicate count as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeout = options.timeout ?? 10_000;
  const interval = options.interval ?? 50;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const what = options.message ?? 'condition';
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`waitFor: ${what} not met within ${timeout} ms${why}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** The first workspace folder (the launcher opens examples/ unless runs.mjs says otherwise). */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder.uri;
}

/**
 * Opens a file in an editor and waits until it is the active editor. A relative path is taken from
 * the workspace folder (e.g. 'manifests/web.yaml'); an absolute path is used as it is (use
 * `path.join(REPO_ROOT, 'test/fixtures/…')` for fixtures outside the workspace).
 */
export async function openFixture(relPath: string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const uri = path.isAbsolute(relPath) ? vscode.Uri.file(relPath) : vscode.Uri.joinPath(workspaceRoot(), ...relPath.split('/'));
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false, ...options });
  await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), {
    message: `${relPath} to be the active editor`,
  });
  return editor;
}

/**
 * Closes editors (unsaved changes are reverted), the panel and notifications. All suite files of a
 * run share one window, so call it before a test (or screenshot) that needs a tidy workbench.
 */
export async function resetWorkbench(): Promise<void> {
  // Revert first: closing a dirty editor would open a "save changes?" dialog and hang the test.
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isClosed)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('notifications.clearAll');
  await waitFor(() => vscode.window.visibleTextEditors.length === 0, { message: 'all editors to close' });
}

/** The extension under test, activated (activation is awaited; it is not forced if already active). */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  if (!ext.isActive) await ext.activate();
  return ext;
}

export interface ScreenshotOptions {
  /** Wait until this CSS selector matches a visible element of the workbench page (e.g. '.squiggly-error'). */
  waitFor?: string;
  /**
   * Wait until this CSS selector matches a visible element inside the content of the newest
   * webview (the extension's own HTML), e.g. '#timeline svg'.
   */
  webviewWaitFor?: string;
  /** Milliseconds to let the workbench render before the shot (default 500). */
  settleMs?: number;
  /** Only this element (CSS selector) instead of the whole workbench. */
  selector?: string;
  /** After the shot, click this element (CSS selector) of the workbench page as a user would. */
  click?: string;
}

/**
 * Asks the launcher for a PNG of the whole workbench: test-results/screenshots/<name>.png. Returns
 * the file's path, or undefined when no launcher can take one (under @vscode/test-electron).
 * Rejects if the launcher could not take it (e.g. `waitFor` never matched).
 */
export async function screenshot(name: string, options: ScreenshotOptions = {}): Promise<string | undefined> {
  const control = process.env.KUBE_PROBES_IT_CONTROL;
  if (!control) {
    console.log(`[screenshot] ${name}: skipped (no launcher that can take screenshots)`);
    return undefined;
  }
  const body = JSON.stringify({ name, ...options });
  const reply = await new Promise<string>((resolve, reject) => {
    const req = http.request(
      `${control}/screenshot`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent: false },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`screenshot ${name}: ${data || res.statusCode}`))));
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`screenshot ${name}: the launcher did not answer within 60 s`)));
    req.on('error', reject);
    req.end(body);
  });
  return (JSON.parse(reply) as { path: string }).path;
}

/** What a user sees of one element of the newest webview (text, size, computed colours). */
export interface WebviewElement { text: string; color: string; background: string; width: number; height: number }

/**
 * The elements matching `selector` in the newest webview (the extension's own HTML), once one is
 * visible. undefined when no launcher can look (under @vscode/test-electron).
 */
export async function webviewQuery(selector: string, timeoutMs = 20_000): Promise<WebviewElement[] | undefined> {
  const control = process.env.KUBE_PROBES_IT_CONTROL;
  if (!control) {
    console.log(`[webview] ${selector}: not checked (no launcher that can look into a webview)`);
    return undefined;
  }
  const body = JSON.stringify({ selector, timeoutMs });
  const reply = await new Promise<string>((resolve, reject) => {
    const req = http.request(
      `${control}/webview`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent: false },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(data) : reject(new Error(`webview ${selector}: ${data || res.statusCode}`))));
      },
    );
    req.setTimeout(timeoutMs + 10_000, () => req.destroy(new Error(`webview ${selector}: the launcher did not answer`)));
    req.on('error', reject);
    req.end(body);
  });
  return (JSON.parse(reply) as { elements: WebviewElement[] }).elements;
}

/**
 * Clicks (as a user would) the first element matching `selector` in the newest webview, once it is
 * visible. false when no launcher can reach into a webview (under @vscode/test-electron).
 */
export async function webviewClick(selector: string, timeoutMs = 20_000): Promise<boolean> {
  const control = process.env.KUBE_PROBES_IT_CONTROL;
  if (!control) {
    console.log(`[webview] click ${selector}: not possible (no launcher that can reach into a webview)`);
    return false;
  }
  const body = JSON.stringify({ selector, timeoutMs });
  await new Promise<void>((resolve, reject) => {
    const req = http.request(
      `${control}/webview-click`,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent: false },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`webview click ${selector}: ${data || res.statusCode}`))));
      },
    );
    req.setTimeout(timeoutMs + 10_000, () => req.destroy(new Error(`webview click ${selector}: the launcher did not answer`)));
    req.on('error', reject);
    req.end(body);
  });
  return true;
}

export interface DemoPorts { http: number; tcp: number; grpc: number }

/** Starts the bundled demo app (examples/demo-app) on free loopback ports; kill `child` when done. */
export function startDemoApp(): Promise<{ child: ChildProcess; ports: DemoPorts }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'examples/demo-app/server.mjs'), '--http-port', '0', '--tcp-port', '0', '--grpc-port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const msg = JSON.parse(line) as { event?: string } & DemoPorts;
      if (msg.event === 'listening') resolve({ child, ports: { http: msg.http, tcp: msg.tcp, grpc: msg.grpc } });
    });
    child.once('exit', (code) => reject(new Error(`demo app exited early (${code})`)));
  });
}

/** A loopback port that nothing listens on (bound, read, released). */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Writes a kubeconfig whose only context points at a server on a closed loopback port: "no cluster reachable". */
export async function writeOfflineKubeconfig(file: string): Promise<{ file: string; port: number }> {
  const port = await closedPort();
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: offline\n  cluster:\n    server: http://127.0.0.1:${port}\ncontexts:\n- name: offline\n  context:\n    cluster: offline\n    user: nobody\nusers:\n- name: nobody\n  user: {}\ncurrent-context: offline\n`,
  );
  return { file, port };
}
