// Renders a Helm chart with the user's own `helm template` (Helm 3 and 4) and answers where each
// rendered field came from (locate, by differential rendering: helm-locate.ts). Failures become a
// RenderError carrying helm's own message and, when helm names one, the template file and line.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isScalar, parseDocument } from 'yaml';
import type { ManifestDocument, PathSegment } from '../manifest/model';
import { nodeAt } from '../manifest/nav';
import { parseManifest } from '../manifest/parse';
import { clearTemplateLineMemo, HelmLocator } from './helm-locate';
import { ChartFiles, clearTemplateTexts } from './helm-prefetch';
import type { AttributionMemo } from './helm-reuse';
import { HelmClock, runHelmTemplate, sourceToDisk } from './helm-run';
import { clearTemplateLineCache } from './helm-template-lines';
import { clearValuesCache, readChartTree } from './helm-values';
import { RenderError, type RenderOptions, type RenderUnit, type Rendered, type RenderedObject } from './types';

async function checkInputs(unit: RenderUnit, opts: RenderOptions): Promise<string[]> {
  const cwd = opts.cwd ?? process.cwd();
  try {
    await fs.access(unit.anchorFile);
  } catch {
    throw new RenderError(`${unit.root} is not a Helm chart: ${path.basename(unit.anchorFile)} cannot be read`, unit.anchorFile, undefined, 'input');
  }
  const files: string[] = [];
  for (const f of opts.valuesFiles ?? []) {
    const abs = path.resolve(cwd, f);
    try {
      const st = await fs.stat(abs);
      if (!st.isFile()) throw new Error('not a file');
    } catch {
      throw new RenderError(`values file ${f} does not exist or is not a file`, abs, undefined, 'input');
    }
    files.push(abs);
  }
  return files;
}

const SOURCE_RE = /^# Source: (.+?)\s*$/m;

export interface HelmRendered extends Rendered {
  /** What a later render of the same chart with the same options may reuse (set once mapped). */
  memo(): AttributionMemo | undefined;
  /** `helm template` runs made so far for the source mapping (differential renders). */
  extraRenders(): number;
  /**
   * Milliseconds of wall time during which a helm run of this render was going so far (the render and
   * the mapping's renders; concurrent runs count once), for benchmarks.
   */
  helmMs(): number;
}

/** Drops the chart files parsed and indexed across renders (benchmarks measuring a cold lint). */
export function clearChartCaches(): void {
  clearValuesCache();
  clearTemplateLineCache();
  clearTemplateLineMemo();
  clearTemplateTexts();
}

/** Renders a chart and returns its objects and a source mapping (computed on the first `locate`). */
export async function renderHelm(unit: RenderUnit, opts: RenderOptions = {}): Promise<HelmRendered> {
  const valuesFiles = await checkInputs(unit, opts);
  // The chart's own files (Chart.yaml files, what the mapping needs) are read while helm renders.
  const chartTree = readChartTree(unit.root);
  chartTree.catch(() => undefined); // awaited below
  const files = new ChartFiles(unit.root, valuesFiles, chartTree);
  const clock = new HelmClock();
  const started = performance.now();
  const { text } = await clock.time(() => runHelmTemplate(unit, opts, valuesFiles, chartTree));
  const renderMs = performance.now() - started;
  const chart = await chartTree;
  // Kept in the parse cache: lintRendered parses the same text next.
  const parsed = parseManifest(text, unit.anchorFile);
  const objects: RenderedObject[] = [];
  const inputs = new Set<string>([unit.anchorFile, ...valuesFiles]);
  for (const d of parsed.documents) {
    const chunk = text.slice(d.span.start, d.span.end);
    const source = SOURCE_RE.exec(chunk)?.[1];
    const sourceFile = source ? sourceToDisk(chart, source) : undefined;
    if (sourceFile) inputs.add(sourceFile);
    if (!d.kind && !/\S/.test(chunk.replace(/^#.*$/gm, '').replace(/^---.*$/gm, ''))) continue; // empty document
    const o: RenderedObject = { docIndex: d.index };
    const meta = d.name === undefined && d.kind ? metadataOf(d, chunk) : { name: d.name, namespace: d.namespace };
    if (d.kind) o.kind = d.kind;
    if (meta.name) o.name = meta.name;
    if (meta.namespace) o.namespace = meta.namespace;
    if (sourceFile) o.sourceFile = sourceFile;
    const hook = hookOf(d.value, chunk);
    if (hook) o.hook = hook;
    objects.push(o);
  }
  const previous = (opts.previous as Partial<HelmRendered> | undefined)?.memo?.();
  const locator = new HelmLocator(unit, opts, valuesFiles, chart, files, clock, parsed, objects, renderMs, previous);
  for (const f of await locator.valueFiles()) inputs.add(f);
  return {
    unit,
    text,
    objects,
    inputs: [...inputs],
    file: parsed,
    sourceText: (file: string) => files.text(file),
    prepareLocate: () => void locator.start(),
    locate: (docIndex: number, p: readonly PathSegment[], which: 'key' | 'value') => locator.locate(docIndex, p, which),
    locateRemoval: (docIndex: number, p: readonly PathSegment[]) => locator.locateRemoval(docIndex, p),
    memo: () => locator.memo,
    extraRenders: () => locator.extraRenders,
    helmMs: () => clock.ms(),
  };
}

/** Name and namespace of a document the manifest parser did not read as an object (it carries no pod). */
function metadataOf(d: ManifestDocument, chunk: string): { name?: string; namespace?: string } {
  if (d.yaml) {
    const s = (p: string[]) => {
      const n = nodeAt(d.yaml, p);
      return n && isScalar(n) && typeof n.value === 'string' ? n.value : undefined;
    };
    return { name: s(['metadata', 'name']), namespace: s(['metadata', 'namespace']) };
  }
  try {
    const v = parseDocument(chunk).toJS({ maxAliasCount: 100 }) as { metadata?: { name?: unknown; namespace?: unknown } } | null;
    const m = v?.metadata;
    return { name: typeof m?.name === 'string' ? m.name : undefined, namespace: typeof m?.namespace === 'string' ? m.namespace : undefined };
  } catch {
    return {};
  }
}

function hookOf(value: unknown, chunk: string): string | undefined {
  const meta = value && typeof value === 'object' ? (value as { metadata?: { annotations?: Record<string, unknown> } }).metadata : undefined;
  const h = meta?.annotations?.['helm.sh/hook'];
  if (typeof h === 'string') return h;
  return /^\s+["']?helm\.sh\/hook["']?\s*:\s*["']?([\w,-]+)/m.exec(chunk)?.[1];
}
