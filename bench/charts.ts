// Chart linting cost against the render itself, measured in the same run with the real helm from the
// devDependency (node --import tsx bench/charts.ts). The pipeline runs from one esbuild bundle, as the
// shipped extension and CLI run it (tsx's per-closure keepNames helper is not in the product). A
// generated chart of 20 templates (Deployments whose probes come from values, toYaml'd or field by
// field, with defaults):
//  1. One `helm template` run (the baseline).
//  2. Lint of the chart, cold: render + lint + source mapping, every parse cache cleared before each
//     run (a CLI run, the first lint of a chart in the editor). Reported: the time beyond waiting for
//     helm — the wall time minus the wall time during which a helm process of the lint was running
//     (two concurrent helm runs count once) — as a ratio of one render, and how many extra helm runs
//     the mapping made.
//  3. Re-lint after a values.yaml change, as the editor does it (UnitLintCache: the change
//     invalidates the unit, the next lint renders again and may reuse the previous mapping and the
//     caches of unchanged files): its time as a ratio of one render, the time beyond one render, and
//     how many helm runs it made. Each re-lint is paired with a baseline render run next to it (in
//     alternating order), so both see the same machine load and the same process size (spawning a
//     child costs more as the parent grows); the figure is the median of the pairs' differences.
//  4. The same edit typed and not saved, as the editor renders a dirty values.yaml: the chart is
//     mirrored with the buffer written over the file (buffers.ts) and rendered there; paired the same way.
// Prints figures and ratios; never fails on a goal.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from '../scripts/tools.mjs';
import { loadBundle as loadBundleFrom, median } from './util';
import type { clearChartCaches as ClearChartCaches, HelmRendered, renderHelm as RenderHelm } from '../src/core/render/helm';
import type { lintRendered as LintRendered } from '../src/core/render/lint-rendered';
import type { runTool as RunTool } from '../src/core/render/run-tool';
import type { UnitLintCache as UnitLintCacheT } from '../src/core/render/unit-cache';
import type { RenderUnit } from '../src/core/render/types';
import type { clearParseCache as ClearParseCache } from '../src/core/manifest/parse';

/** The chart pipeline as the extension and the CLI run it: one esbuild bundle (no tsx transform). */
interface Bundle {
  renderHelm: typeof RenderHelm;
  lintRendered: typeof LintRendered;
  runTool: typeof RunTool;
  UnitLintCache: typeof UnitLintCacheT;
  clearParseCache: typeof ClearParseCache;
  clearChartCaches: typeof ClearChartCaches;
}
function loadBundle(): Bundle {
  return loadBundleFrom<Bundle>([
    "export { renderHelm, clearChartCaches } from './src/core/render/helm';",
    "export { lintRendered } from './src/core/render/lint-rendered';",
    "export { runTool } from './src/core/render/run-tool';",
    "export { UnitLintCache } from './src/core/render/unit-cache';",
    "export { clearParseCache } from './src/core/manifest/parse';",
  ], 'bench-charts-entry');
}

const { renderHelm, lintRendered, runTool, UnitLintCache, clearParseCache, clearChartCaches } = loadBundle();
/** Every cache of parsed text the pipeline keeps (a cold lint starts without them). */
const clearCaches = () => {
  clearParseCache();
  clearChartCaches();
};

const TEMPLATES = 20;
const RUNS = 11;
/** Re-lints (each paired with a baseline render): more, as the difference of two renders is noisier. */
const RELINT_RUNS = 21;
const { helm } = ensureTools();

function makeChart(): RenderUnit {
  const root = mkdtempSync(join(tmpdir(), 'kp-bench-chart-'));
  mkdirSync(join(root, 'templates'));
  writeFileSync(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
  let values = '';
  for (let i = 0; i < TEMPLATES; i++) {
    values += `svc${i}:\n  port: ${8000 + i}\n  liveness:\n    httpGet:\n      path: /healthz\n      port: http\n    periodSeconds: 5\n    timeoutSeconds: 5\n  readinessTimeout: 1\n`;
    writeFileSync(
      join(root, 'templates', `svc${i}.yaml`),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-svc${i}
spec:
  selector:
    matchLabels: { app: svc${i} }
  template:
    metadata:
      labels: { app: svc${i} }
    spec:
      containers:
        - name: app
          image: nginx
          ports:
            - name: http
              containerPort: {{ .Values.svc${i}.port }}
          livenessProbe:
            {{- toYaml .Values.svc${i}.liveness | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: {{ .Values.svc${i}.readinessPeriod | default 0 }}
            timeoutSeconds: {{ .Values.svc${i}.readinessTimeout }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-svc${i}
spec:
  selector: { app: svc${i} }
  ports: [{ port: 80, targetPort: http }]
`,
    );
  }
  writeFileSync(join(root, 'values.yaml'), values);
  return { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main(): Promise<void> {
  const unit = makeChart();
  const args = ['template', 'release-name', unit.root];
  await runTool(helm, args, 'helm'); // warm-up
  const renders: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = now();
    const r = await runTool(helm, args, 'helm');
    renders.push(now() - t);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  const render = median(renders);

  const lintOnce = async () => {
    clearCaches();
    const t0 = now();
    const rendered = await renderHelm(unit, { helmPath: helm });
    const findings = await lintRendered(rendered, {});
    const total = now() - t0;
    return { total, beyond: total - rendered.helmMs(), findings: findings.length, extra: rendered.extraRenders() };
  };
  await lintOnce();
  const full: number[] = [];
  const beyonds: number[] = [];
  let info = { findings: 0, extra: 0 };
  for (let i = 0; i < RUNS; i++) {
    const r = await lintOnce();
    full.push(r.total);
    beyonds.push(r.beyond);
    info = r;
  }
  const total = median(full);
  const helmRuns = 1 + info.extra;
  const beyond = median(beyonds);

  // A values.yaml "keystroke": one timeout changes, then the chart is linted again as the editor does.
  const cache = new UnitLintCache();
  const opts = { helmPath: helm };
  await cache.lint(unit, opts);
  const edits: number[] = [];
  const pairedRenders: number[] = [];
  const editBeyondOne: number[] = [];
  const editRuns: number[] = [];
  const baseline = async () => {
    const t = now();
    const r = await runTool(helm, args, 'helm');
    if (r.code !== 0) throw new Error(r.stderr);
    return now() - t;
  };
  for (let i = 0; i < RELINT_RUNS; i++) {
    const before = i % 2 === 0 ? await baseline() : undefined;
    const valuesPath = join(unit.root, 'values.yaml');
    const values = readFileSync(valuesPath, 'utf8').replace(/readinessTimeout: \d+/, `readinessTimeout: ${2 + (i % 3)}`);
    writeFileSync(valuesPath, values);
    cache.invalidate(valuesPath);
    const t = now();
    const r = await cache.lint(unit, opts);
    const total = now() - t;
    if (r.problem) throw new Error(r.problem.message);
    const paired = before ?? (await baseline());
    const rendered = r.rendered as HelmRendered;
    edits.push(total);
    pairedRenders.push(paired);
    editRuns.push(1 + rendered.extraRenders());
    editBeyondOne.push(total - paired);
  }
  cache.dispose();
  const relint = median(edits);

  // The same edit typed, not saved: the editor passes the buffer, the chart is mirrored with it
  // (buffers.ts) and rendered there.
  const typed = new UnitLintCache();
  const valuesPath = join(unit.root, 'values.yaml');
  const saved = readFileSync(valuesPath, 'utf8');
  await typed.lint(unit, opts);
  const typedBeyond: number[] = [];
  const typedRuns: number[] = [];
  for (let i = 0; i < RELINT_RUNS; i++) {
    const before = i % 2 === 0 ? await baseline() : undefined;
    const buffer = saved.replace(/readinessTimeout: \d+/, `readinessTimeout: ${2 + (i % 3)}`);
    const t = now();
    const r = await typed.lint(unit, opts, {}, new Map([[valuesPath, buffer]]));
    const total = now() - t;
    if (r.problem || !r.buffers?.length) throw new Error(r.problem?.message ?? 'the buffer was not rendered');
    const paired = before ?? (await baseline());
    typedBeyond.push(total - paired);
    typedRuns.push(1 + (r.rendered as HelmRendered).extraRenders());
  }
  typed.dispose();
  const pairedRender = median(pairedRenders);

  console.log(`chart: ${TEMPLATES} templates, ${TEMPLATES * 2} objects, ${info.findings} findings; median of ${RUNS} runs; load ${loadavg()[0].toFixed(2)}`);
  console.log(`  helm template (baseline)              ${ms(render)}`);
  console.log(`  lint of the chart (render+lint+map)   ${ms(total)}   ${(total / render).toFixed(2)}× one render; ${helmRuns} helm runs (${info.extra} for the mapping)`);
  console.log(`  time beyond waiting for helm          ${ms(beyond)}   ${(beyond / render).toFixed(2)}× one render (goal ≤ 0.3×)`);
  console.log(`  re-lint after a values.yaml change    ${ms(relint)}   ${(relint / pairedRender).toFixed(2)}× one render run beside it (${ms(pairedRender)}); ${median(editRuns)} helm run(s) (goal 1); one render + ${ms(median(editBeyondOne))} (goal < 20 ms; median of ${RELINT_RUNS} pairs)`);
  console.log(`  … typed, not saved (mirrored buffer)    one render + ${ms(median(typedBeyond))} (goal < 20 ms); ${median(typedRuns)} helm run(s)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
