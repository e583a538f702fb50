// A stand-in for the VS Code webview host: serves the panel's real HTML (from the host's html
// builder, so the real CSP applies), the webview bundle and the CSS on 127.0.0.1, and opens it
// in headless Chromium with a stubbed acquireVsCodeApi() that records what the webview posts and
// keeps its setState() across reloads. Used by the browser test and by bench/webview-render.
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

/** Bundles src/webview/main.ts like scripts/build.mjs does (iife, browser), minified or not. */
export async function buildWebview(minify = false): Promise<string> {
  const outDir = join(ROOT, 'test-results', 'webview-build');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, minify ? 'webview.min.js' : 'webview.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'src/webview/main.ts')],
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

export async function openHarness(opts: { width?: number; height?: number; minify?: boolean; deviceScaleFactor?: number; bodyClass?: string } = {}): Promise<Harness> {
  const script = readFileSync(await buildWebview(opts.minify ?? false));
  const css = readFileSync(join(ROOT, 'media/timeline.css'));
  let html = '';
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/' || url.startsWith('/index.html')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (url === '/dist/webview.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
    } else if (url === '/media/timeline.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(css);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  html = buildTimelineHtml({ cspSource: origin, nonce: makeNonce(), scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/timeline.css`, title: 'Lifecycle: test' });
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

/** Delivers a host → webview message the way VS Code does (a window 'message' event). */
export async function send(page: Page, msg: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg as object);
  // Messages are handled on the next task; wait for two frames so the DOM is settled.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function posted(page: Page): Promise<{ type: string; [k: string]: unknown }[]> {
  return page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted) as Promise<{ type: string; [k: string]: unknown }[]>;
}
