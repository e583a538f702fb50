// Webview render benchmark: `node --import tsx bench/webview-render.ts`.
// The timeline webview (the minified bundle, in the panel's real HTML and CSP) renders a real
// simulation result of thousands of events (a day of four crash-looping containers) in headless Chromium. Timed in the
// page, from the `simulation/result` message to a laid-out DOM and drawn canvases (model, lanes,
// kubectl/YAML readout, state machines). Baselines measured in the same page, same run:
//   A. building 10 000 plain <div> nodes with text (one per event) and laying them out;
//   B. JSON.parse of the same payload.
// Printed as medians with ratios; the goal is < 200 ms for the render. Figures, never checked.
import { performance } from 'node:perf_hooks';
import { simulate } from '../src/core/lifecycle/simulate';
import { MAX_UNTIL, validateScenario } from '../src/core/lifecycle/scenario';
import { PROTOCOL_VERSION, type SimResult } from '../src/core/timeline/protocol';
import type { PodSpec } from '../src/core/k8s';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumMissing, openHarness, send, ROOT } from '../test/unit/webview/harness';
import { median } from './util';

const RUNS = 15;
const WARMUP = 3;

/**
 * A pod of four containers that crash on boot (exit 2 s after each start), simulated for a day by
 * the real simulator: thousands of changes and Kubernetes events, tens of thousands of attempts.
 */
export function bigResult(): { spec: PodSpec; result: SimResult } {
  const names = ['app', 'sidecar', 'worker', 'metrics'];
  const spec: PodSpec = {
    containers: names.map((name) => ({
      name,
      image: `registry.example/${name}:1`,
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
    })),
  };
  const scenario = validateScenario({ until: MAX_UNTIL, containers: Object.fromEntries(names.map((n) => [n, { runs: [{ healthyAfter: 1, exitAfter: 2, exitCode: 1 }] }])) });
  return { spec, result: simulate({ spec, name: 'bench-0', scenario }) };
}

const IN_PAGE = `async ({ payload, runs, warmup }) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
  const render = [], dom = [], json = [];
  const data = JSON.parse(payload);
  let seq = 1;
  for (let i = 0; i < runs + warmup; i++) {
    // The render: the message handler builds the model, draws the canvases, fills the readout.
    const msg = { type: 'simulation/result', seq: seq++, scenario: {}, result: data, verdicts: [] };
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: msg }));
    document.body.getBoundingClientRect();
    const t1 = performance.now();
    await frame();
    // Baseline A: one plain div per change, with text, attached and laid out.
    const t2 = performance.now();
    const box = document.createElement('div');
    for (const e of data.events) {
      const d = document.createElement('div');
      d.textContent = e.t + ' ' + e.subject + ' ' + e.field + ' ' + (e.from ?? '') + ' → ' + e.to;
      box.appendChild(d);
    }
    document.body.appendChild(box);
    box.getBoundingClientRect();
    const t3 = performance.now();
    box.remove();
    // Baseline B: parsing the payload.
    const t4 = performance.now();
    JSON.parse(payload);
    const t5 = performance.now();
    await frame();
    if (i >= warmup) { render.push(t1 - t0); dom.push(t3 - t2); json.push(t5 - t4); }
  }
  return { render, dom, json };
}`;

export interface WebviewRenderFigures {
  events: number;
  attempts: number;
  renderMs: number;
  domBaselineMs: number;
  jsonBaselineMs: number;
  bundleBytes: number;
}

export async function benchWebviewRender(): Promise<WebviewRenderFigures | string> {
  const missing = chromiumMissing();
  if (missing) return missing;
  const { spec, result } = bigResult();
  const h = await openHarness({ width: 1400, height: 1000, minify: true });
  try {
    const { page } = h;
    await send(page, {
      type: 'init',
      payload: { protocol: PROTOCOL_VERSION, title: 'bench', podSpec: spec, meta: { name: 'bench-0' }, scenario: {}, live: { available: false } },
    });
    const payload = JSON.stringify(result);
    // Plain JavaScript in a string: tsx would otherwise add helpers (__name) that the page lacks.
    const figures = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify({ payload, runs: RUNS, warmup: WARMUP })})`)) as { render: number[]; dom: number[]; json: number[] };
    // (The page cannot fetch it: the CSP's default-src 'none' blocks connections, as it should.)
    const bundleBytes = statSync(join(ROOT, 'test-results', 'webview-build', 'webview.min.js')).size;
    return {
      events: result.events.length,
      attempts: result.attempts.length,
      renderMs: median(figures.render),
      domBaselineMs: median(figures.dom),
      jsonBaselineMs: median(figures.json),
      bundleBytes,
    };
  } finally {
    await h.close();
  }
}

export function formatFigures(f: WebviewRenderFigures): string {
  const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
  return [
    `webview render of ${f.events.toLocaleString('en')} events + ${f.attempts.toLocaleString('en')} probe attempts (headless Chromium, median of ${RUNS}):`,
    `  render (model + canvas + readout + state machines) ${ms(f.renderMs)}   goal < 200 ms: ${f.renderMs < 200 ? 'met' : 'NOT met'}`,
    `  baseline A: ${f.events.toLocaleString('en')} plain DOM nodes, laid out   ${ms(f.domBaselineMs)}   render/baseline = ${(f.renderMs / f.domBaselineMs).toFixed(2)}×`,
    `  baseline B: JSON.parse of the payload              ${ms(f.jsonBaselineMs)}   render/baseline = ${(f.renderMs / f.jsonBaselineMs).toFixed(2)}×`,
    `  webview bundle (minified) ${(f.bundleBytes / 1024).toFixed(1)} KiB`,
  ].join('\n');
}

if (require.main === module) {
  const started = performance.now();
  benchWebviewRender()
    .then((f) => {
      if (typeof f === 'string') console.log(`webview render: skipped — ${f}`);
      else console.log(formatFigures(f));
      console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
    })
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
}
