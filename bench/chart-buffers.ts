// The cost of rendering a chart with an unsaved values.yaml (core/render/buffers.ts: the chart
// mirrored into a temporary folder, hard links for unchanged files, the buffer written) against one
// plain `helm template` of the same chart, measured in the same run with the real helm from the
// devDependency (node --import tsx bench/chart-buffers.ts). Two charts: 20 templates, and the same with
// 2 000 extra files (a large chart: dashboards, CRDs, files/…). Reported per chart: building and
// removing the mirror alone, and the whole render with the buffer, each as a ratio of one render.
// Prints figures and ratios; never fails on a goal.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTools } from '../scripts/tools.mjs';
import { renderWithBuffers } from '../src/core/render/buffers';
import { renderHelm } from '../src/core/render/helm';
import type { RenderUnit, Rendered } from '../src/core/render/types';
import { median } from './util';

const TEMPLATES = 20;
const RUNS = 7;
const { helm } = ensureTools();

function makeChart(extraFiles: number): RenderUnit {
  const root = mkdtempSync(join(tmpdir(), 'kp-bench-buffers-'));
  mkdirSync(join(root, 'templates'));
  writeFileSync(join(root, 'Chart.yaml'), 'apiVersion: v2\nname: bench\nversion: 0.1.0\n');
  let values = '';
  for (let i = 0; i < TEMPLATES; i++) {
    values += `svc${i}:\n  liveness:\n    httpGet:\n      path: /healthz\n      port: 8080\n    periodSeconds: 5\n    timeoutSeconds: 5\n`;
    writeFileSync(
      join(root, 'templates', `svc${i}.yaml`),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-svc${i}\nspec:\n  selector:\n    matchLabels: { app: svc${i} }\n  template:\n    metadata:\n      labels: { app: svc${i} }\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          livenessProbe:\n            {{- toYaml .Values.svc${i}.liveness | nindent 12 }}\n`,
    );
  }
  writeFileSync(join(root, 'values.yaml'), values);
  if (extraFiles) {
    for (let d = 0; d < extraFiles / 100; d++) {
      mkdirSync(join(root, 'files', `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(root, 'files', `d${d}`, `f${f}.json`), JSON.stringify({ d, f, pad: 'x'.repeat(2000) }));
    }
  }
  return { kind: 'helm', root, anchorFile: join(root, 'Chart.yaml') };
}

const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

async function measure(extra: number): Promise<void> {
  const unit = makeChart(extra);
  const values = join(unit.root, 'values.yaml');
  const buffer = readFileSync(values, 'utf8').replace('timeoutSeconds: 5', 'timeoutSeconds: 2');
  const buffers = new Map([[values, buffer]]);
  const renders: number[] = [];
  const mirrors: number[] = [];
  const full: number[] = [];
  let stats = '';
  const noRender = async (u: RenderUnit): Promise<Rendered> => ({ unit: u, text: '', objects: [], inputs: [], locate: async () => undefined });
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await renderHelm(unit, { helmPath: helm });
    renders.push(performance.now() - t);
    t = performance.now();
    const m = await renderWithBuffers(unit, { helmPath: helm }, buffers, noRender);
    m.dispose();
    mirrors.push(performance.now() - t);
    stats = JSON.stringify(m.mirror);
    t = performance.now();
    const b = await renderWithBuffers(unit, { helmPath: helm }, buffers, renderHelm);
    b.dispose();
    full.push(performance.now() - t);
  }
  const render = median(renders);
  console.log(`chart: ${TEMPLATES} templates + ${extra} other files; median of ${RUNS} runs; mirror ${stats}`);
  console.log(`  one helm template (baseline)            ${ms(render)}   1.00×`);
  console.log(`  mirror built and removed (no render)    ${ms(median(mirrors))}   ${(median(mirrors) / render).toFixed(2)}× one render`);
  console.log(`  render with the unsaved values.yaml     ${ms(median(full))}   ${(median(full) / render).toFixed(2)}× one render`);
}

async function main(): Promise<void> {
  await measure(0);
  await measure(2000);
}

void main();
