// The index of all Kubernetes manifests of a workspace that carry pods: file → summary (workloads,
// containers, probes and hooks, lint findings). Every change names the one file it touched, so that
// views refresh that file only. Pure: the caller reads the files and watches them.
//
// Two ways in: update() parses at once (an edit, a file watcher event); enqueue() only registers the
// text after a cheap check, so that thousands of files can be listed at once and parsed afterwards
// in slices (indexPending) or when someone asks for one of them (summary()).
//
// A Helm chart or Kustomize overlay is one entry (setUnit): its rendered summary under its anchor
// file's key (Chart.yaml, kustomization.yaml); the files under its folder are then shown through it
// and not on their own (they stay indexed, and come back when the unit is removed).
import { Emitter, type Event } from '../util/events';
import { lintFile } from '../lint/engine';
import type { LintConfig } from '../lint/types';
import { looksLikeKubernetes } from '../manifest/detect';
import { parseManifest } from '../manifest/parse';
import { summarize, type FileSummary, type FindingCounts } from './summary';

export * from './summary';

export interface IndexChange {
  path: string;
  kind: 'added' | 'changed' | 'removed';
}

export interface LintSetting {
  /** false: the file is parsed but not linted (no findings). */
  enabled: boolean;
  /** Rule severities and options; its podTemplatePaths also tell the parser where custom pod templates are. */
  config: LintConfig;
}

export interface WorkspaceIndexOptions {
  /** The lint setting of a file. Default: enabled with the default configuration. */
  lint?(path: string): LintSetting;
  /**
   * Longer texts are listed but not parsed: one huge file would block the caller for seconds (the
   * editor still lints it, in a worker, when it is opened). Default 2,000,000 characters.
   */
  maxChars?: number;
}

export interface IndexTotals extends FindingCounts {
  files: number;
  /** Files registered but not parsed yet (their workloads and findings are not counted). */
  pending: number;
  workloads: number;
  handlers: number;
}

interface Entry {
  /** Undefined until the text is parsed. */
  summary: FileSummary | undefined;
  /** The text waiting to be parsed (enqueue); dropped once it is. */
  text: string | undefined;
  /** Length and hash of the text: an update with the same text changes nothing. */
  length: number;
  hash: number;
}

/** Cheap test on raw text: a manifest that may carry a pod (parsing decides). */
export function mayCarryPods(text: string): boolean {
  return looksLikeKubernetes(text) && /\bcontainers["']?\s*:/.test(text);
}

export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly queue = new Set<string>();
  private readonly changes = new Emitter<IndexChange>();
  /** Unit key → the key prefix of its folder and its rendered summary. */
  private readonly units = new Map<string, { prefix: string; summary: FileSummary }>();
  /** One event per file that was added, changed (parsed, re-parsed) or removed. */
  readonly onDidChange: Event<IndexChange> = this.changes.event;

  constructor(private readonly options: WorkspaceIndexOptions = {}) {}

  /**
   * Indexes a file's text now (an editor's unsaved text or what is on disk). A file that carries no
   * pod is dropped; one that looks like a manifest with pods but cannot be read stays, with its
   * errors. Returns the change, or undefined when nothing changed (same text, or still not a
   * manifest). `force` re-reads an unchanged text (the lint settings changed).
   */
  update(path: string, text: string, force = false): IndexChange | undefined {
    const previous = this.entries.get(path);
    const hash = fnv1a(text);
    if (previous && !force && previous.length === text.length && previous.hash === hash && !this.queue.has(path)) return undefined;
    this.queue.delete(path);
    const summary = mayCarryPods(text) ? this.summarizeText(path, text) : undefined;
    if (!summary) return this.remove(path);
    this.entries.set(path, { summary, text: undefined, length: text.length, hash });
    return this.fire({ path, kind: previous ? 'changed' : 'added' });
  }

  /**
   * Registers a file's text to be parsed later (by indexPending, or by summary() when the file is
   * looked at). Cheap: only a regular-expression check. Returns 'added' for a file not indexed yet.
   * `force` queues an unchanged text again (the lint settings changed).
   */
  enqueue(path: string, text: string, force = false): IndexChange | undefined {
    const previous = this.entries.get(path);
    const hash = fnv1a(text);
    if (previous && !force && previous.length === text.length && previous.hash === hash) return undefined;
    if (!mayCarryPods(text)) return this.remove(path);
    this.entries.set(path, { summary: previous?.summary, text, length: text.length, hash });
    this.queue.add(path);
    return previous ? undefined : this.fire({ path, kind: 'added' });
  }

  /** Parses queued files, for at most `budgetMs` (default: all). Returns how many are still queued. */
  indexPending(budgetMs = Infinity): number {
    const deadline = performance.now() + budgetMs;
    for (const path of this.queue) {
      this.parseQueued(path);
      if (performance.now() >= deadline) break;
    }
    return this.queue.size;
  }

  /**
   * Shows a chart or overlay as one entry under `key` (its anchor file), with its rendered summary
   * (unit-summary.ts). Files whose key starts with `rootPrefix` (the folder's key and a separator)
   * are shown through the unit, not on their own.
   */
  setUnit(key: string, rootPrefix: string, summary: FileSummary): IndexChange {
    const had = this.units.get(key);
    const hiddenNow = had ? [] : [...this.entries.keys()].filter((k) => k.startsWith(rootPrefix) && !this.hidden(k));
    this.units.set(key, { prefix: rootPrefix, summary });
    for (const k of hiddenNow) this.changes.fire({ path: k, kind: 'removed' });
    return this.fire({ path: key, kind: had ? 'changed' : 'added' });
  }

  /** Stops showing a unit; its files are shown on their own again. Undefined when it was not shown. */
  removeUnit(key: string): IndexChange | undefined {
    const u = this.units.get(key);
    if (!u) return undefined;
    this.units.delete(key);
    const change = this.fire({ path: key, kind: 'removed' });
    for (const k of this.entries.keys()) if (k.startsWith(u.prefix) && !this.hidden(k)) this.changes.fire({ path: k, kind: 'added' });
    return change;
  }

  /** Keys of the units shown. */
  unitKeys(): string[] {
    return [...this.units.keys()];
  }

  /** True for a file shown through a unit (it lies under a chart's or overlay's folder). */
  hidden(path: string): boolean {
    if (this.units.has(path)) return false;
    for (const u of this.units.values()) if (path.startsWith(u.prefix)) return true;
    return false;
  }

  /** Forgets a file (deleted, or no longer a manifest). Undefined when it was not indexed. */
  remove(path: string): IndexChange | undefined {
    this.queue.delete(path);
    if (!this.entries.delete(path)) return undefined;
    return this.fire({ path, kind: 'removed' });
  }

  /** Forgets every file not in `keep` (after a full re-scan). */
  retainOnly(keep: ReadonlySet<string>): void {
    for (const path of [...this.entries.keys()]) if (!keep.has(path)) this.remove(path);
  }

  /**
   * The file's summary, parsing it now if it was only queued (which may find that it carries no
   * pod after all: it is then removed and undefined is returned).
   */
  summary(path: string): FileSummary | undefined {
    const unit = this.units.get(path);
    if (unit) return unit.summary;
    if (this.queue.has(path)) this.parseQueued(path);
    return this.entries.get(path)?.summary;
  }

  /** The summary if the file has been parsed; undefined while it is queued or not indexed. */
  peek(path: string): FileSummary | undefined {
    return this.units.get(path)?.summary ?? this.entries.get(path)?.summary;
  }

  /** Entries shown: files not under a unit, and the units. */
  get size(): number {
    let n = this.units.size;
    for (const k of this.entries.keys()) if (!this.hidden(k)) n++;
    return n;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Keys shown (files not under a unit, and the units), in no particular order. */
  *paths(): IterableIterator<string> {
    for (const k of this.entries.keys()) if (!this.hidden(k)) yield k;
    yield* this.units.keys();
  }

  /** Summaries of the parsed files shown, and of the units. */
  *files(): IterableIterator<FileSummary> {
    for (const [k, e] of this.entries) if (e.summary && !this.hidden(k)) yield e.summary;
    for (const u of this.units.values()) yield u.summary;
  }

  totals(): IndexTotals {
    const t: IndexTotals = { files: this.size, pending: this.queue.size, workloads: 0, handlers: 0, error: 0, warning: 0, info: 0 };
    for (const s of this.files()) {
      t.workloads += s.workloads.length;
      t.handlers += s.handlerCount;
      t.error += s.counts.error;
      t.warning += s.counts.warning;
      t.info += s.counts.info;
    }
    return t;
  }

  dispose(): void {
    this.queue.clear();
    this.entries.clear();
    this.units.clear();
    this.changes.dispose();
  }

  private parseQueued(path: string): void {
    this.queue.delete(path);
    const entry = this.entries.get(path);
    if (entry?.text === undefined) return;
    const summary = this.summarizeText(path, entry.text);
    if (!summary) {
      this.remove(path);
      return;
    }
    entry.summary = summary;
    entry.text = undefined;
    this.fire({ path, kind: 'changed' });
  }

  private fire(change: IndexChange): IndexChange {
    // A file under a unit changes nothing in the views: the unit's new render does.
    if (!this.hidden(change.path)) this.changes.fire(change);
    return change;
  }

  private summarizeText(path: string, text: string): FileSummary | undefined {
    if (text.length > (this.options.maxChars ?? 2_000_000)) {
      return { path, workloads: [], syntaxErrors: [], findings: [], counts: { error: 0, warning: 0, info: 0 }, handlerCount: 0, tooLarge: text.length };
    }
    const setting = this.options.lint?.(path) ?? { enabled: true, config: {} };
    // cache: false — thousands of files read once must not push the editors' parses out.
    const file = parseManifest(text, path, { podTemplatePaths: setting.config.podTemplatePaths, cache: false });
    const broken = file.documents.some((d) => d.problems.some((p) => p.severity === 'error'));
    // Broken YAML that may hold a pod stays listed, so that its error can be seen in the tree.
    if (file.workloads.length === 0 && !broken) return undefined;
    return summarize(file, setting.enabled ? lintFile(file, setting.config) : []);
  }
}

/** 32-bit FNV-1a of the UTF-16 code units: cheap change detection, not security. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
