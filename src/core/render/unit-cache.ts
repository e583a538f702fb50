// Rendered-and-linted charts and overlays kept per unit for the editor: one render per unit and
// options until a file under the unit (or a chosen values file) changes; concurrent requests share
// the render; a newer request cancels an older one still running. A render failure is kept as one
// problem on the file the tool blamed (the template line helm names) or on the anchor file.
// A result dropped by a change is handed to the next render of the unit as `previous`, which reuses
// what the change cannot have affected (Helm: the source mapping's extra render, helm-reuse.ts).
import * as path from 'node:path';
import type { LintConfig } from '../lint/types';
import type { Range } from '../manifest/model';
import { renderUnit } from './index';
import { lintRendered, type MappedFinding } from './lint-rendered';
import { RenderError, type RenderOptions, type RenderUnit, type Rendered } from './types';

export interface RenderProblem {
  /** Absolute path of the file to show it on. */
  file: string;
  /** 0-based; a whole line when the tool named one, else the first line. */
  range: Range;
  message: string;
  reason: RenderError['reason'];
}

export interface UnitLint {
  unit: RenderUnit;
  findings: MappedFinding[];
  /** Set when the unit did not render: the findings are then empty. */
  problem?: RenderProblem;
  /** Files whose change makes this result stale. */
  inputs: string[];
  /** The render itself (objects, text, `locate`) when the unit rendered: for the tree, CodeLens and runs. */
  rendered?: Rendered;
}

type Render = (unit: RenderUnit, opts: RenderOptions) => Promise<Rendered>;

interface Entry {
  key: string;
  abort: AbortController;
  result: Promise<UnitLint>;
  settled?: UnitLint;
}

export class UnitLintCache {
  private readonly entries = new Map<string, Entry>();
  /** The last settled render per unit root and its options key, kept across an invalidation. */
  private readonly previous = new Map<string, { key: string; rendered: Rendered }>();

  constructor(private readonly render: Render = renderUnit) {}

  /** The lint of `unit` with these options; rendered again only after an invalidating change. */
  lint(unit: RenderUnit, opts: RenderOptions = {}, config: LintConfig = {}): Promise<UnitLint> {
    const key = JSON.stringify([opts.helmPath, opts.kubectlPath, opts.valuesFiles, opts.set, opts.release, opts.namespace, config]);
    const old = this.entries.get(unit.root);
    if (old && old.key === key) return old.result;
    old?.abort.abort();
    const abort = new AbortController();
    const entry: Entry = { key, abort, result: Promise.resolve(undefined as unknown as UnitLint) };
    const prev = this.previous.get(unit.root);
    const previous = prev && prev.key === key ? prev.rendered : undefined;
    entry.result = this.run(unit, { ...opts, signal: abort.signal, previous }, config).then((r) => {
      if (this.entries.get(unit.root) === entry) {
        entry.settled = r;
        if (r.rendered) this.previous.set(unit.root, { key, rendered: r.rendered });
      }
      return r;
    });
    this.entries.set(unit.root, entry);
    return entry.result;
  }

  private async run(unit: RenderUnit, opts: RenderOptions, config: LintConfig): Promise<UnitLint> {
    const valuesFiles = (opts.valuesFiles ?? []).map((f) => path.resolve(opts.cwd ?? unit.root, f));
    try {
      const rendered = await this.render(unit, opts);
      const findings = await lintRendered(rendered, config);
      return { unit, findings, inputs: [...new Set([...rendered.inputs, ...valuesFiles])], rendered };
    } catch (e) {
      if (!(e instanceof RenderError)) throw e;
      return { unit, findings: [], problem: problemOf(e, unit), inputs: [unit.anchorFile, ...valuesFiles] };
    }
  }

  /**
   * A file changed (edited, saved, created, deleted): results of units that contain it or read it
   * are dropped. Returns those units, for the caller to lint again.
   */
  invalidate(file: string): RenderUnit[] {
    const abs = path.resolve(file);
    const dropped: RenderUnit[] = [];
    for (const [root, e] of this.entries) {
      const inside = abs === root || abs.startsWith(root + path.sep);
      const read = e.settled?.inputs.includes(abs) ?? false;
      if (inside || read) {
        e.abort.abort();
        this.entries.delete(root);
        dropped.push(e.settled?.unit ?? { kind: 'helm', root, anchorFile: path.join(root, 'Chart.yaml') });
      }
    }
    return dropped;
  }

  /** The settled result for the unit rooted at `root`, if its latest request finished. */
  settled(root: string): UnitLint | undefined {
    return this.entries.get(path.resolve(root))?.settled;
  }

  /** Findings and render problems of settled results that sit on `file`. */
  on(file: string): { findings: MappedFinding[]; problems: RenderProblem[] } {
    const abs = path.resolve(file);
    const findings: MappedFinding[] = [];
    const problems: RenderProblem[] = [];
    for (const e of this.entries.values()) {
      if (!e.settled) continue;
      findings.push(...e.settled.findings.filter((f) => f.file === abs));
      if (e.settled.problem?.file === abs) problems.push(e.settled.problem);
    }
    return { findings, problems };
  }

  dispose(): void {
    for (const e of this.entries.values()) e.abort.abort();
    this.entries.clear();
    this.previous.clear();
  }
}

/** One problem for a render failure: at the line helm names in its template, else on the anchor file. */
export function problemOf(e: RenderError, unit: RenderUnit): RenderProblem {
  const named = e.file && e.line && (e.file === unit.anchorFile || e.file.startsWith(unit.root + path.sep));
  const line = named ? e.line! - 1 : 0;
  return {
    file: named ? e.file! : unit.anchorFile,
    range: { start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } },
    message: e.message,
    reason: e.reason,
  };
}
