// The README's pictures (docs/images/*.png) from the screenshots the test suites take
// (test-results/screenshots/, written by `npm test`: the real-VS-Code suites and
// test/integration/packaged.mjs). Each is cropped to what it shows and scaled down by headless
// Chromium so the images stay small (a budget per image, checked here).
//
//   npm test   (or the suites named in IMAGES)   then   node scripts/readme-images.mjs
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const OUT = join(ROOT, 'docs', 'images');
const BUDGET = 150 * 1024;

/**
 * name: docs/images/<name>.png; from: the suite's screenshot (test-results/screenshots/<from>.png;
 * workbench shots are 1440×900, the timeline harness's are taller); clip: the part to keep, in
 * the screenshot's pixels; width: the width it is scaled to.
 */
export const IMAGES = [
  // walkthrough.test.ts: the example with its finding and the Run / Watch / Simulate lenses.
  { name: 'lint', from: 'walkthrough-finding', clip: { x: 345, y: 60, width: 1095, height: 780 }, width: 720 },
  // walkthrough.test.ts: the light bulb menu on that finding.
  { name: 'quick-fix', from: 'walkthrough-quick-fix', clip: { x: 345, y: 340, width: 760, height: 320 }, width: 720 },
  // test/unit/webview: the Pod Timeline of the slow start.
  { name: 'simulate', from: 'timeline-slow-start-crashloop', clip: { x: 0, y: 0, width: 1400, height: 740 }, width: 720 },
  // walkthrough.test.ts: two steps checked off.
  { name: 'walkthrough', from: 'walkthrough-fixFinding-checked', clip: { x: 345, y: 60, width: 1095, height: 820 }, width: 720 },
  // packaged.mjs: the browser entry in VS Code's web worker extension host.
  { name: 'browser', from: 'packaged-browser-problems', clip: { x: 345, y: 80, width: 1095, height: 800 }, width: 720 },
  // codelens.test.ts: a probe run from its lens against the demo app, the verdict in the lens.
  { name: 'run', from: 'codelens-run-verdict', clip: { x: 345, y: 95, width: 700, height: 560 }, width: 560 },
  // tree.test.ts: the Workspace Probes tree (dark theme).
  { name: 'tree', from: 'tree-sidebar-dark', clip: { x: 0, y: 40, width: 539, height: 420 }, width: 480 },
  // charts.test.ts: a chart's values.yaml with the findings of the rendered chart on its keys.
  { name: 'charts', from: 'chart-values-diagnostics', clip: { x: 48, y: 60, width: 1150, height: 560 }, width: 720 },
  // measure.test.ts: measured timings, current vs recommended side by side, Apply.
  { name: 'measure', from: 'measure-side-by-side-dark', clip: { x: 345, y: 60, width: 1095, height: 820 }, width: 720 },
  // workload-timeline.test.ts: a rollout of a 3-replica Deployment, lanes by revision, verdicts, Try it.
  { name: 'workload', from: 'workload-timeline-dark', clip: { x: 48, y: 65, width: 1392, height: 805 }, width: 720 },
];

/** Width and height of a PNG (its IHDR chunk). */
function pngSize(buf) {
  if (buf.readUInt32BE(12) !== 0x49484452) throw new Error('not a PNG');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

async function main() {
  const missing = IMAGES.filter((i) => !existsSync(join(SHOTS, `${i.from}.png`)));
  if (missing.length) {
    console.error(`missing screenshots (run the suites that take them, e.g. npm test): ${missing.map((m) => `${m.from}.png`).join(', ')}`);
    process.exitCode = 1;
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.KUBE_PROBES_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  mkdirSync(OUT, { recursive: true });
  try {
    for (const img of IMAGES.filter((i) => !missing.includes(i))) {
      const { clip, width } = img;
      const scale = width / clip.width;
      const height = Math.round(clip.height * scale);
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
      const buf = readFileSync(join(SHOTS, `${img.from}.png`));
      const src = pngSize(buf);
      const data = buf.toString('base64');
      // The crop as a CSS background, scaled with a smooth filter.
      await page.setContent(`<!doctype html><html><body style="margin:0"><div id="i" style="width:${width}px;height:${height}px;
        background:url(data:image/png;base64,${data}) no-repeat;background-size:${src.width * scale}px ${src.height * scale}px;
        background-position:${-clip.x * scale}px ${-clip.y * scale}px;image-rendering:auto"></div></body></html>`);
      const file = join(OUT, `${img.name}.png`);
      await page.locator('#i').screenshot({ path: file });
      await page.close();
      const size = statSync(file).size;
      console.log(`${file.slice(ROOT.length + 1)}: ${width}×${height}, ${(size / 1024).toFixed(0)} KB`);
      if (size > BUDGET) {
        console.error(`  over the budget of ${BUDGET / 1024} KB: crop it tighter or scale it down`);
        process.exitCode = 1;
      }
    }
  } finally {
    await browser.close();
  }
}

await main();
