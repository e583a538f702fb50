// The Workload Timeline webview outside VS Code: its bundle (src/webview/workload-main.ts, built
// like scripts/build.mjs does), its CSS and the codicon font served on 127.0.0.1 in the panel's
// real HTML and CSP, in headless Chromium with the VS Code API stand-in — through harness.ts's
// openWebviewPage. Used by the browser tests and by bench/workload-render.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTimelineHtml, makeNonce } from '../../../src/extension/timeline-html';
import { bundleWebview, openWebviewPage, ROOT, type Harness, type PageOptions } from './harness';

export function buildWorkloadWebview(minify = false): Promise<string> {
  return bundleWebview('src/webview/workload-main.ts', 'workload', minify);
}

export async function openWorkloadHarness(opts: Omit<PageOptions, 'deviceScaleFactor'> & { minify?: boolean } = {}): Promise<Harness> {
  const files: Record<string, [string, Buffer]> = {
    '/dist/workload.js': ['text/javascript', readFileSync(await buildWorkloadWebview(opts.minify ?? false))],
    '/media/timeline.css': ['text/css', readFileSync(join(ROOT, 'media/timeline.css'))],
    '/media/workload-timeline.css': ['text/css', readFileSync(join(ROOT, 'media/workload-timeline.css'))],
    '/dist/codicons/codicon.css': ['text/css', readFileSync(join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'))],
    '/dist/codicons/codicon.ttf': ['font/ttf', readFileSync(join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'))],
  };
  return openWebviewPage(files, (origin) => buildTimelineHtml({
    cspSource: origin,
    nonce: makeNonce(),
    scriptUri: `${origin}/dist/workload.js`,
    styleUri: `${origin}/media/timeline.css`,
    extraStyleUris: [`${origin}/media/workload-timeline.css`, `${origin}/dist/codicons/codicon.css`],
    title: 'Workload Timeline: test',
  }), opts);
}
