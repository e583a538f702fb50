// The Workload Timeline webview outside VS Code: its bundle (src/webview/workload-main.ts, built
// like scripts/build.mjs does), its CSS and the codicon font served on 127.0.0.1 in the panel's
// real HTML and CSP, in headless Chromium with the VS Code API stand-in of harness.ts. Used by the
// browser test and by bench/workload-render.ts.
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { buildTimelineHtml, makeNonce } from '../../../src/extension/timeline-html';
import { CHROMIUM, CHROMIUM_ARGS, INIT_SCRIPT, ROOT, type Harness } from './harness';

export async function buildWorkloadWebview(minify = false): Promise<string> {
  const outDir = join(ROOT, 'test-results', 'webview-build');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, minify ? 'workload.min.js' : 'workload.js');
  await esbuild.build({ entryPoints: [join(ROOT, 'src/webview/workload-main.ts')], bundle: true, minify, sourcemap: false, legalComments: 'none', platform: 'browser', format: 'iife', target: 'es2022', outfile, logLevel: 'silent' });
  return outfile;
}

export async function openWorkloadHarness(opts: { width?: number; height?: number; minify?: boolean; bodyClass?: string } = {}): Promise<Harness> {
  const files: Record<string, [string, Buffer]> = {
    '/dist/workload.js': ['text/javascript', readFileSync(await buildWorkloadWebview(opts.minify ?? false))],
    '/media/timeline.css': ['text/css', readFileSync(join(ROOT, 'media/timeline.css'))],
    '/media/workload-timeline.css': ['text/css', readFileSync(join(ROOT, 'media/workload-timeline.css'))],
    '/dist/codicons/codicon.css': ['text/css', readFileSync(join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'))],
    '/dist/codicons/codicon.ttf': ['font/ttf', readFileSync(join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'))],
  };
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
  html = buildTimelineHtml({
    cspSource: origin,
    nonce: makeNonce(),
    scriptUri: `${origin}/dist/workload.js`,
    styleUri: `${origin}/media/timeline.css`,
    extraStyleUris: [`${origin}/media/workload-timeline.css`, `${origin}/dist/codicons/codicon.css`],
    title: 'Workload Timeline: test',
  });
  if (opts.bodyClass) html = html.replace('<body>', `<body class="${opts.bodyClass}">`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 } });
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
