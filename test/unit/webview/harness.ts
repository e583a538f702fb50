// A stand-in for the VS Code webview host: serves the panel's real HTML (from the host's html
// builder, so the real CSP applies), the webview bundle and the CSS on 127.0.0.1, and opens it
// in headless Chromium with a stubbed acquireVsCodeApi() that records what the webview posts and
// keeps its setState() across reloads (openWebviewPage; workload-harness.ts serves the Workload
// Timeline through it too). Used by the browser tests and by bench/webview-render.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTimelineHtml, makeNonce } from '../../../src/extension/timeline-html';

export const ROOT = resolve(__dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
}

/** Bundles a webview entry like scripts/build.mjs does (iife, browser), minified or not, into test-results/webview-build/. */
export async function bundleWebview(entry: string, name: string, minify = false): Promise<string> {
  const outDir = join(ROOT, 'test-results', 'webview-build');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, minify ? `${name}.min.js` : `${name}.js`);
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    minify,
    sourcemap: false,
    legalComments: 'none',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Bundles src/webview/main.ts (the Pod Timeline). */
export function buildWebview(minify = false): Promise<string> {
  return bundleWebview('src/webview/main.ts', 'webview', minify);
}

export interface Harness {
  browser: Browser;
  page: Page;
  origin: string;
  html: string;
  close(): Promise<void>;
}

/** Runs before the page's own scripts: the VS Code API stand-in and a CSP violation log. */
export const INIT_SCRIPT = `
(() => {
  window.__posted = [];
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
  const key = 'vscode-state';
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => { const s = sessionStorage.getItem(key); return s ? JSON.parse(s) : undefined; },
    setState: (s) => { sessionStorage.setItem(key, JSON.stringify(s)); return s; },
  });
})();
`;

export interface PageOptions { width?: number; height?: number; deviceScaleFactor?: number; bodyClass?: string }

/**
 * Serves `files` (path → [content type, bytes]) and the panel's HTML (from the host's builder, given
 * the server's origin) on 127.0.0.1, opens it in headless Chromium with the VS Code API stand-in,
 * and waits for the webview's `ready`. What both webviews' harnesses share.
 */
export async function openWebviewPage(files: Record<string, [string, Buffer]>, htmlFor: (origin: string) => string, opts: PageOptions = {}): Promise<Harness> {
  let html = '';
  const server: Server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0]!;
    if (url === '/' || url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const f = files[url];
    res.writeHead(f ? 200 : 404, f ? { 'content-type': f[0] } : {});
    res.end(f?.[1]);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  html = htmlFor(origin);
  if (opts.bodyClass) html = html.replace('<body>', `<body class="${opts.bodyClass}">`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 }, deviceScaleFactor: opts.deviceScaleFactor ?? 1 });
  // Tests talk only to 127.0.0.1: anything else is refused.
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return {
    browser,
    page,
    origin,
    html,
    close: async () => {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The Pod Timeline webview: its bundle and CSS in the panel's real HTML and CSP. */
export async function openHarness(opts: PageOptions & { minify?: boolean } = {}): Promise<Harness> {
  const files: Record<string, [string, Buffer]> = {
    '/dist/webview.js': ['text/javascript', readFileSync(await buildWebview(opts.minify ?? false))],
    '/media/timeline.css': ['text/css', readFileSync(join(ROOT, 'media/timeline.css'))],
  };
  return openWebviewPage(files, (origin) => buildTimelineHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/timeline.css`, title: 'Lifecycle: test' }), opts);
}

/** Delivers a host → webview message the way VS Code does (a window 'message' event). */
export async function send(page: Page, msg: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg as object);
  // Messages are handled on the next task; wait for two frames so the DOM is settled.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted) as Promise<{ type: string; [k: string]: unknown }[]>;
}
