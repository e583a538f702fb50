// Renders the Marketplace icon media/icon.png (128×128) from the activity-bar icon
// media/kube-probes.svg: the same outline, white on a Kubernetes-blue rounded square, drawn by
// headless Chromium (playwright-core, a devDependency). The PNG is committed; run this after
// changing the SVG:  node scripts/render-icon.mjs [--out FILE] [--size N]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const { values } = parseArgs({ options: { out: { type: 'string' }, size: { type: 'string' } } });
const out = resolve(values.out ?? `${ROOT}/media/icon.png`);
const size = Number(values.size ?? 128);
if (!(size >= 16 && size <= 1024)) throw new Error(`bad --size: ${values.size}`);

// The SVG's own drawing (its paths, stroke-based, viewBox 0 0 24 24), coloured for a light or dark gallery.
const svg = readFileSync(`${ROOT}/media/kube-probes.svg`, 'utf8')
  .replace(/width="24" height="24"/, `width="${Math.round(size * 0.78)}" height="${Math.round(size * 0.78)}"`)
  .replace('stroke="currentColor"', 'stroke="#ffffff"')
  .replace(/stroke-width="[\d.]+"/, 'stroke-width="1.6"');
const html = `<!doctype html><html><head><style>
html,body{margin:0;background:transparent}
#icon{width:${size}px;height:${size}px;border-radius:${Math.round(size * 0.18)}px;background:#326ce5;display:flex;align-items:center;justify-content:center}
</style></head><body><div id="icon">${svg}</div></body></html>`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.KUBE_PROBES_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.locator('#icon').screenshot({ path: out, omitBackground: true });
  console.log(`wrote ${out} (${size}×${size})`);
} finally {
  await browser.close();
}
