// Rendered-and-linted charts and overlays kept per unit for the editor: one render per unit and
// options until a file under the unit (or a chosen values file) changes; concurrent requests share
// the render; a newer request cancels an older one still running. A render failure is kept as one
// problem on the file the tool blamed (the template line helm names) or on the anchor file.
// A result dropped by a change is handed to the next render of the unit as `previous`, which reuses
// what the change cannot have affected (Helm: the source mapping's extra render, helm-reuse.ts).
// Unsaved editor buffers may be passed: the unit is then rendered as if they were saved (buffers.ts);
// the mirror such a render reads stays until a newer result of the unit settles (its `locate` is
// still asked by the tree) or the cache is disposed. When a render of unsaved text fails (a template
// half typed), the result is provisional: the problem, plus the last good render's findings on the
// files whose text has not changed since (docs/charts.md, "Unsaved edits").
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LintConfig } from '../lint/types';
import type { Range } from '../manifest/model';
import { removeMirrorsNow, renderWithBuffers, type Buffers } from './buffers';
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
  /**
   * Set when a render of unsaved buffers failed: `problem` says why, and `findings` are the last
   * good render's on files unchanged since (the unit's files stay covered by the render meanwhile).
   */
  provisional?: boolean;
  /** Absolute paths of the unsaved buffers this result was rendered with. */
  buffers?: string[];
  /** Why the buffers given were not used (the saved files were rendered instead). */
  note?: string;
}

type Render = (unit: RenderUnit, opts: RenderOptions) => Promise<Rendered>;

interface Entry {
  key: string;
  abort: AbortController;
  result: Promise<UnitLint>;
  settled?: UnitLint;
  /** Removes the mirror of a render with buffers (a no-op otherwise). */
  release: (soon?: boolean) => void;
}

/** The last render of a unit that succeeded: its findings and the text of each file they sit on. */
interface Good {
  findings: MappedFinding[];
  texts: Map<string, string | undefined>;
  inputs: string[];
}

export class UnitLintCache {
  private readonly entries = new Map<string, Entry>();
  /** The last settled render per unit root and its options key, kept across an invalidation. */
  private readonly previous = new Map<string, { key: string; rendered: Rendered }>();
  /** Unit root → release of the mirror its latest settled result reads (buffers.ts). */
  private readonly mirrors = new Map<string, (soon?: boolean) => void>();
  private readonly good = new Map<string, Good>();

  constructor(private readonly render: Render = renderUnit) {}

  /**
   * The lint of `unit` with these options; rendered again only after an invalidating change or
   * when the unsaved `buffers` (absolute path → text; the caller passes those the unit may read)
   * differ from the last request's.
   */
  lint(unit: RenderUnit, opts: RenderOptions = {}, config: LintConfig = {}, buffers: Buffers = new Map()): Promise<UnitLint> {
    const optsKey = JSON.stringify([opts.helmPath, opts.kubectlPath, opts.valuesFiles, opts.set, opts.release, opts.namespace, config]);
    const key = buffers.size ? `${optsKey}\0${buffersKey(buffers)}` : optsKey;
    const old = this.entries.get(unit.root);
    if (old && old.key === key) return old.result;
    old?.abort.abort();
    const abort = new AbortController();
    const entry: Entry = { key, abort, result: Promise.resolve(undefined as unknown as UnitLint), release: () => undefined };
    // The previous render is offered across unsaved and saved renders: helm-reuse.ts decides what holds.
    const prev = this.previous.get(unit.root);
    const previous = prev && prev.key === optsKey ? prev.rendered : undefined;
    entry.result = this.run(unit, { ...opts, signal: abort.signal, previous }, config, buffers, entry).then((r) => {
      if (this.entries.get(unit.root) === entry && r.problem?.reason !== 'cancelled') {
        entry.settled = r;
        if (r.rendered) this.previous.set(unit.root, { key: optsKey, rendered: r.rendered });
        // The new result replaces the one on screen: the older mirror is no longer read.
        const older = this.mirrors.get(unit.root);
        if (older !== entry.release) older?.(true); // deleted in the background: the new result is not kept waiting
        this.mirrors.set(unit.root, entry.release);
      } else entry.release(true); // superseded or cancelled: nobody reads its mirror
      return r;
    });
    this.entries.set(unit.root, entry);
    return entry.result;
  }

  private async run(unit: RenderUnit, opts: RenderOptions, config: LintConfig, buffers: Buffers, entry: Entry): Promise<UnitLint> {
    const valuesFiles = (opts.valuesFiles ?? []).map((f) => path.resolve(opts.cwd ?? unit.root, f));
    const used = buffers.size ? { buffers: [...buffers.keys()].sort() } : {};
    try {
      let rendered: Rendered;
      let note: string | undefined;
      if (buffers.size) {
        const b = await renderWithBuffers(unit, opts, buffers, this.render);
        entry.release = b.dispose;
        rendered = b.rendered;
        note = b.skipped;
      } else rendered = await this.render(unit, opts);
      const findings = await lintRendered(rendered, config);
      const inputs = [...new Set([...rendered.inputs, ...valuesFiles])];
      if (!opts.signal?.aborted) await this.remember(unit.root, rendered, findings, inputs);
      return { unit, findings, inputs, rendered, ...used, ...(note && { note }) };
    } catch (e) {
      if (!(e instanceof RenderError)) throw e;
      const problem = problemOf(e, unit);
      const failed: UnitLint = { unit, findings: [], problem, inputs: [unit.anchorFile, ...valuesFiles], ...used };
      const good = this.good.get(unit.root);
      if (!buffers.size || e.reason !== 'failed' || !good) return failed;
      // Half-typed text: keep what still holds, on the files that did not change since.
      const findings: MappedFinding[] = [];
      for (const [file, text] of good.texts) {
        if (file === problem.file || text === undefined) continue;
        const now = buffers.get(file) ?? (await fs.readFile(file, 'utf8').catch(() => undefined));
        if (now === text) findings.push(...good.findings.filter((f) => f.file === file));
      }
      return { ...failed, findings, provisional: true, inputs: [...new Set([...good.inputs, ...failed.inputs])] };
    }
  }

  /** Keeps a good render's findings and their files' texts, for a later provisional result. */
  private async remember(root: string, rendered: Rendered, findings: MappedFinding[], inputs: string[]): Promise<void> {
    const texts = new Map<string, string | undefined>();
    for (const f of new Set(findings.map((x) => x.file))) {
      texts.set(f, rendered.sourceText ? await rendered.sourceText(f) : await fs.readFile(f, 'utf8').catch(() => undefined));
    }
    this.good.set(root, { findings, texts, inputs });
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
    for (const e of this.entries.values()) {
      e.abort.abort();
      e.release();
    }
    for (const release of this.mirrors.values()) release();
    this.mirrors.clear();
    removeMirrorsNow();
    this.entries.clear();
    this.previous.clear();
    this.good.clear();
  }
}

function buffersKey(buffers: Buffers): string {
  const h = createHash('sha1');
  for (const [file, text] of [...buffers].sort((a, b) => a[0].localeCompare(b[0]))) h.update(file).update('\0').update(text).update('\0');
  return h.digest('hex');
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
