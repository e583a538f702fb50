// The panel's HTML (the host's builder): strict CSP with a nonce, nothing remote, text escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimelineHtml, contentSecurityPolicy, makeNonce } from '../../../src/extension/timeline-html';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
const opts = {
  cspSource,
  nonce: 'q1w2e3r4t5y6u7i8o9p0AZBYCXDW',
  scriptUri: `${cspSource}/ext/dist/webview.js`,
  styleUri: `${cspSource}/ext/media/timeline.css`,
  title: 'Lifecycle: <img src=x onerror=alert(1)>',
};

function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'CSP meta present');
  return m[1]!.replace(/&#39;/g, "'");
}

test('CSP: default-src none, scripts only by nonce, styles and images only from the extension', () => {
  const html = buildTimelineHtml(opts);
  const csp = cspOf(html);
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
  assert.equal(directives['default-src'], "'none'");
  assert.equal(directives['script-src'], `'nonce-${opts.nonce}'`);
  assert.equal(directives['style-src'], cspSource);
  assert.equal(directives['img-src'], cspSource);
  assert.ok(!/unsafe-(inline|eval)/.test(csp));
  assert.equal(csp, contentSecurityPolicy(cspSource, opts.nonce));
});

test('the one script carries the nonce; no inline script or style', () => {
  const html = buildTimelineHtml(opts);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]![1]!, new RegExp(`nonce="${opts.nonce}"`));
  assert.match(scripts[0]![1]!, /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
  assert.equal(scripts[0]![2], '');
  assert.ok(!/<style\b/.test(html));
  assert.ok(!/\sstyle=/.test(html));
  assert.ok(!/\son\w+=/.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/, '')));
});

test('no remote URLs: every URL is the extension resource origin', () => {
  const html = buildTimelineHtml(opts);
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  assert.deepEqual(urls.length, 2);
  for (const u of urls) assert.ok(u.startsWith(`${cspSource}/`), u);
  assert.ok(!/https?:\/\/(?!file\+\.vscode-resource\.vscode-cdn\.net)/.test(html));
});

test('the title is escaped', () => {
  const html = buildTimelineHtml(opts);
  assert.match(html, /<title>Lifecycle: &lt;img src=x onerror=alert\(1\)&gt;<\/title>/);
  assert.ok(!html.includes('<img'));
});

test('nonces are fresh and long; bad input is refused', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.ok(a.length >= 32);
  assert.throws(() => buildTimelineHtml({ ...opts, nonce: 'short' }));
  assert.throws(() => buildTimelineHtml({ ...opts, cspSource: "x; script-src 'unsafe-inline'" }));
  assert.throws(() => buildTimelineHtml({ ...opts, cspSource: "'unsafe-inline'" }));
  // code-server's cspSource is two source expressions, one of them quoted.
  const html = buildTimelineHtml({ ...opts, cspSource: "'self' https://*.vscode-cdn.net" });
  assert.match(html, /style-src &#39;self&#39; https:\/\/\*\.vscode-cdn\.net;/);
});
