// Workload Timeline render benchmark: `node --import tsx bench/workload-render.ts`.
// The Workload Timeline webview (the minified bundle, in the panel's real HTML and CSP) draws a real
// workload simulation of 100 pods (100 lanes) with at least 50,000 events in headless Chromium:
// a 100-replica Deployment whose four containers crash-loop for a simulated hour. Timed in the
// page, from the `wl/result` message to a laid-out DOM and a drawn canvas (model, lanes, series,
// conditions, labels, readout). Baselines measured in the same page, same run:
//   A. one plain <div> with text per event, attached and laid out;
//   B. JSON.parse of the same payload.
// Goal (issue: workload transitions): < 300 ms. Medians; figures are printed, never checked.
import { performance } from 'node:perf_hooks';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { PodSpec } from '../src/core/k8s';
import { simulateDeployment, validateWorkloadScenario, type WorkloadResult } from '../src/core/workload';
import { WORKLOAD_PROTOCOL_VERSION, presetOffers, tryItVariants } from '../src/core/workload-timeline';
import { chromiumMissing, send, ROOT } from '../test/unit/webview/harness';
import { openWorkloadHarness } from '../test/unit/webview/workload-harness';
import { median } from './util';

const RUNS = 11;
const WARMUP = 3;
const REPLICAS = 100;
const MIN_EVENTS = 50_000;

/** The real workload simulator's result: 100 pods, four crash-looping containers each, as long as it takes to reach 50,000 events. */
export function bigWorkload(): { result: WorkloadResult; podSpec: PodSpec; spec: Record<string, unknown>; events: number } {
  const names = ['app', 'sidecar', 'worker', 'metrics'];
  const podSpec: PodSpec = {
    containers: names.map((name) => ({
      name,
      image: `registry.example/${name}:1`,
      livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
    })),
  };
  const spec = { replicas: REPLICAS, progressDeadlineSeconds: 600 };
  const count = (r: WorkloadResult) => r.events.length + r.pods.reduce((s, p) => s + p.events.length, 0);
  for (let until = 3600; ; until *= 2) {
    const scenario = validateWorkloadScenario({ until, containers: Object.fromEntries(names.map((n) => [n, { runs: [{ healthyAfter: 1, exitAfter: 2, exitCode: 1 }] }])) });
    const result = simulateDeployment({ kind: 'Deployment', name: 'bench', namespace: 'default', spec, podSpec, scenario });
    const events = count(result);
    if (events >= MIN_EVENTS || until >= 86_400) return { result, podSpec, spec, events };
  }
}

const IN_PAGE = `async ({ payload, variants, runs, warmup }) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
  const render = [], dom = [], json = [];
  const data = JSON.parse(payload);
  const events = [...data.events, ...data.pods.flatMap((p) => p.events)];
  for (let i = 0; i < runs + warmup; i++) {
    const msg = { type: 'wl/result', seq: i + 1, result: data, summary: 'bench', variants };
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: msg }));
    document.body.getBoundingClientRect();
    const t1 = performance.now();
    await frame();
    const t2 = performance.now();
    const box = document.createElement('div');
    for (const e of events) {
      const d = document.createElement('div');
      d.textContent = e.t + ' ' + e.subject + ' ' + e.field + ' ' + (e.from ?? '') + ' → ' + e.to;
      box.appendChild(d);
    }
    document.body.appendChild(box);
    box.getBoundingClientRect();
    const t3 = performance.now();
    box.remove();
    const t4 = performance.now();
    JSON.parse(payload);
    const t5 = performance.now();
    await frame();
    if (i >= warmup) { render.push(t1 - t0); dom.push(t3 - t2); json.push(t5 - t4); }
  }
  const lanes = document.querySelectorAll('.wl-lane-label').length;
  const canvas = document.querySelector('.wl-canvas');
  return { render, dom, json, lanes, canvasHeight: canvas ? canvas.getBoundingClientRect().height : 0 };
}`;

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) {
    console.log(`workload render: skipped — ${missing}`);
    return;
  }
  const started = performance.now();
  const { result, podSpec, spec, events } = bigWorkload();
  const h = await openWorkloadHarness({ width: 1400, height: 1000, minify: true });
  try {
    await send(h.page, { type: 'wl/init', payload: { protocol: WORKLOAD_PROTOCOL_VERSION, title: 'bench', workload: { kind: 'Deployment', name: 'bench' }, presets: presetOffers(), live: { available: false } } });
    const variants = tryItVariants({ spec, podSpec, name: 'bench' }, { endpoints: { propagationSeconds: 2, stopsListeningAfter: 0 } }).map(({ id, label, description }) => ({ id, label, description }));
    const payload = JSON.stringify(result);
    const f = (await h.page.evaluate(`(${IN_PAGE})(${JSON.stringify({ payload, variants, runs: RUNS, warmup: WARMUP })})`)) as { render: number[]; dom: number[]; json: number[]; lanes: number; canvasHeight: number };
    const bundle = statSync(join(ROOT, 'test-results', 'webview-build', 'workload.min.js')).size;
    const r = median(f.render);
    const a = median(f.dom);
    const b = median(f.json);
    const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;
    console.log(`Workload Timeline render of ${f.lanes} lanes, ${events.toLocaleString('en')} events (${result.pods.length} pods, ${result.until} s simulated; headless Chromium, median of ${RUNS}):`);
    console.log(`  render (model + labels + canvas + readout)        ${ms(r)}   goal < 300 ms: ${r < 300 ? 'met' : 'NOT met'}`);
    console.log(`  baseline A: ${events.toLocaleString('en')} plain DOM nodes, laid out  ${ms(a)}   render/baseline = ${(r / a).toFixed(2)}×`);
    console.log(`  baseline B: JSON.parse of the payload            ${ms(b)}   render/baseline = ${(r / b).toFixed(2)}×`);
    console.log(`  canvas ${Math.round(f.canvasHeight)} px high; bundle (minified) ${(bundle / 1024).toFixed(1)} KiB; (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await h.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
