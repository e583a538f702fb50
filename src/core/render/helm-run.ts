// One `helm template` run: the arguments, the spawn (run-tool.ts: no shell, timeout, cancellable)
// and helm's failure message, with the template it names mapped to the file on disk.
import * as path from 'node:path';
import type { ChartTree } from './helm-values';
import { runTool, type ToolOptions } from './run-tool';
import { RenderError, type RenderOptions, type RenderUnit } from './types';

export const DEFAULT_RELEASE = 'release-name';

/** The `helm template` arguments for a chart and options; `extraValues` go after the user's --values files. */
export function helmArgs(root: string, opts: RenderOptions, valuesFiles: readonly string[], extraValues: readonly string[] = []): string[] {
  const args = ['template', opts.release || DEFAULT_RELEASE, root];
  if (opts.namespace) args.push('--namespace', opts.namespace);
  for (const f of [...valuesFiles, ...extraValues]) args.push('--values', f);
  for (const s of opts.set ?? []) args.push('--set', s);
  return args;
}

export interface HelmRun {
  text: string;
  stderr: string;
}

/**
 * Runs `helm template` once; a non-zero exit is a RenderError with helm's message (file/line mapped to
 * disk; `chart` may still be being read). `stdinValues`: one more values file, after the user's, given on stdin (`--values -`).
 */
export async function runHelmTemplate(unit: RenderUnit, opts: RenderOptions, valuesFiles: readonly string[], chart: ChartTree | Promise<ChartTree>, stdinValues?: string): Promise<HelmRun> {
  const helm = opts.helmPath || 'helm';
  const toolOpts: ToolOptions = {
    timeoutMs: opts.timeoutMs,
    signal: opts.signal,
    env: opts.env,
    cwd: opts.cwd,
    notFoundHint: 'install Helm 3 or 4, or give its path (--helm PATH, setting kubeProbes.helm.path)',
    input: stdinValues,
  };
  const r = await runTool(helm, helmArgs(unit.root, opts, valuesFiles, stdinValues === undefined ? [] : ['-']), 'helm', toolOpts);
  if (r.code !== 0) throw helmFailure(r.stderr || r.stdout || `helm exited with code ${r.code}`, await chart);
  return { text: r.stdout, stderr: r.stderr };
}

/** The wall time during which at least one helm run of a render was going: concurrent runs count once. */
export class HelmClock {
  private readonly spans: Array<[number, number]> = [];

  async time<T>(run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await run();
    } finally {
      this.spans.push([start, performance.now()]);
    }
  }

  /** Milliseconds covered by the union of the runs so far. */
  ms(): number {
    let total = 0;
    let end = -Infinity;
    for (const [s, e] of [...this.spans].sort((a, b) => a[0] - b[0])) {
      if (e <= end) continue;
      total += e - Math.max(s, end);
      end = e;
    }
    return total;
  }
}

/** helm's message without its "Error: " prefix; the template it names, mapped to the file on disk. */
export function helmFailure(stderr: string, chart: ChartTree): RenderError {
  const lines = stderr.split(/\r?\n/).filter((l) => l.trim() && !/^(WARNING|walk\.go|install\.go)|^Use --debug flag/i.test(l));
  const message = (lines.join('\n') || stderr.trim()).replace(/^Error: /, '');
  const m = /([\w.@-]+(?:\/charts\/[\w.@-]+)*\/templates\/[^\s:()"]+):(\d+)/.exec(message);
  let file: string | undefined;
  let line: number | undefined;
  if (m) {
    file = sourceToDisk(chart, m[1]);
    line = Number(m[2]);
  } else {
    const y = /([\w.@-]+(?:\/charts\/[\w.@-]+)*\/templates\/[^\s:()"]+)/.exec(message);
    if (y) file = sourceToDisk(chart, y[1]);
  }
  return new RenderError(message, file, line, 'failed');
}

/** `mychart/charts/sub/templates/x.yaml` (helm's `# Source:`) → the file on disk, following subchart keys. */
export function sourceToDisk(chart: ChartTree, source: string): string | undefined {
  const parts = source.split('/');
  if (!parts.length || (parts[0] !== chart.name && parts[0] !== path.basename(chart.dir))) return undefined;
  let cur = chart;
  let i = 1;
  while (parts[i] === 'charts' && i + 1 < parts.length) {
    const next = cur.subcharts.find((s) => s.key === parts[i + 1]) ?? cur.subcharts.find((s) => s.name === parts[i + 1]);
    if (!next) return undefined;
    cur = next;
    i += 2;
  }
  return path.join(cur.dir, ...parts.slice(i));
}

