// Webview render benchmark: `node --import tsx bench/webview-render.ts`.
// The timeline webview (the minified bundle, in the panel's real HTML and CSP) renders a
// simulation result of 10 000 events (+ 10 000 probe attempts) in headless Chromium. Timed in the
// page, from the `simulation/result` message to a laid-out DOM and drawn canvases (model, lanes,
// kubectl/YAML readout, state machines). Baselines measured in the same page, same run:
//   A. building 10 000 plain <div> nodes with text (one per event) and laying them out;
//   B. JSON.parse of the same payload.
// Printed as medians with ratios; the goal is < 200 ms for the render. Figures, never checked.
import { performance } from 'node:perf_hooks';
import type { SimulationResult, TimelineEvent, ProbeAttempt } from '../src/webview/protocol';
import type { PodSpec } from '../src/core/k8s';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumMissing, openHarness, send, ROOT } from '../test/unit/webview/harness';

const EVENTS = 10_000;
const RUNS = 15;
const WARMUP = 3;

/** A pod of four containers crash-looping for a long time: 10 000 changes, 10 000 probe attempts. */
export function bigResult(n = EVENTS): { spec: PodSpec; result: SimulationResult } {
  const names = ['app', 'sidecar', 'worker', 'metrics'];
  const spec: PodSpec = {
    containers: names.map((name) => ({
      name,
      image: `registry.example/${name}:1`,
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
    })),
  };
  const events: TimelineEvent[] = [];
  const attempts: ProbeAttempt[] = [];
  const restarts: Record<string, number> = {};
  let t = 0;
  events.push({ t: 0, subject: 'pod', field: 'phase', from: '', to: 'Pending' });
  events.push({ t: 0, subject: 'pod', field: 'condition:PodScheduled', from: '', to: 'True' });
  events.push({ t: 1, subject: 'pod', field: 'phase', from: 'Pending', to: 'Running' });
  let i = 0;
  while (events.length < n) {
    const c = names[i++ % names.length]!;
    t += 3;
    const r = (restarts[c] = (restarts[c] ?? 0) + 1);
    events.push({ t, subject: c, field: 'state', from: 'Waiting', to: 'Running' });
    events.push({ t, subject: c, field: 'restartCount', from: String(r - 1), to: String(r) });
    events.push({ t: t + 1, subject: c, field: 'ready', from: 'false', to: 'true' });
    events.push({ t: t + 1, subject: 'pod', field: 'condition:Ready', from: 'False', to: 'True' });
    events.push({ t: t + 2, subject: c, field: 'state', from: 'Running', to: 'Terminated', reason: 'Error', exitCode: 143, message: 'liveness' });
    events.push({ t: t + 2, subject: c, field: 'ready', from: 'true', to: 'false' });
    events.push({ t: t + 2, subject: 'pod', field: 'condition:Ready', from: 'True', to: 'False' });
    events.push({ t: t + 2, subject: c, field: 'state', from: 'Terminated', to: 'Waiting', reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c}` });
    for (const kind of ['liveness', 'readiness']) {
      attempts.push({ t: t + 0.5, container: c, kind, ok: false }, { t: t + 1, container: c, kind, ok: true });
      attempts.push({ t: t + 1.5, container: c, kind, ok: true }, { t: t + 2, container: c, kind, ok: false });
    }
  }
  events.length = n;
  attempts.length = Math.min(attempts.length, n);
  return { spec, result: { events, attempts, until: t + 10 } };
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
    // Baseline A: one plain div per event, with text, attached and laid out.
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

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
      payload: { protocol: 1, title: 'bench', podSpec: spec, meta: { name: 'bench-0' }, scenario: {}, live: { available: false } },
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
