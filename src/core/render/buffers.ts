// Renders a chart or overlay with unsaved editor buffers (docs/charts.md, "Unsaved edits"): the files
// the tool reads are mirrored into a temporary folder — hard links where the file system allows
// (no copy cost), copies otherwise — with each buffer's text written over its file, the tool runs
// there, and everything it says (objects' source files, inputs, `locate`, error file and message) is
// mapped back to the ORIGINAL paths. Offsets stay those of the buffer's text, which `sourceText`
// serves, so lines are the buffer's lines. The mirror lives as long as the render's `locate` may be
// asked (the caller disposes it); a failed or cancelled render removes it at once.
// Helm: the chart folder (subcharts included); a chosen values file outside it is passed as is, or
// as a temporary copy of its buffer. Kustomize: every layer folder of the overlay tree and every other
// file it reads, laid out under their common ancestor so relative references keep working.
import { accessSync, mkdirSync, mkdtempSync, promises as fs, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KUSTOMIZATION_FILES } from './detect';
import { readOverlay } from './kustomize-tree';
import { RenderError, type RenderOptions, type RenderUnit, type Rendered, type SourceLocation } from './types';
import type { PathSegment } from '../manifest/model';

/** Unsaved editor texts by absolute path. */
export type Buffers = ReadonlyMap<string, string>;

/** Most files mirrored for one render; a larger tree renders from disk (saved text) instead. */
export const MAX_MIRROR_FILES = 20_000;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
const TEMP_PREFIX = 'kube-probes-buffers-';
/** A mirror being deleted in the background (Mirror.dispose(true)). */
const TRASH_PREFIX = 'kube-probes-removing-';
/** Folders being deleted in the background → their deletion. */
const removals = new Map<string, Promise<unknown>>();

/** Resolves when every mirror being deleted in the background is gone (tests). */
export async function mirrorsRemoved(): Promise<void> {
  while (removals.size) await Promise.all([...removals.values()]);
}

/** Deletes at once what is still being deleted in the background (shutting down: nothing is left behind). */
export function removeMirrorsNow(): void {
  for (const dir of removals.keys()) rmSync(dir, { recursive: true, force: true });
  removals.clear();
}

export interface BufferedRender {
  rendered: Rendered;
  /**
   * Removes the mirror (idempotent); `rendered.locate` must not be asked after. `soon`: the folder is
   * moved out of the way at once (a rename) and deleted in the background, so the caller does not
   * wait for it (a render replacing the one on screen); by default it is deleted before returning.
   */
  dispose(soon?: boolean): void;
  /** How the mirror was made, for logs and benchmarks (undefined: no buffer concerned the unit). */
  mirror?: MirrorStats;
  /** Set when the buffers could not be used (the saved files were rendered): why. */
  skipped?: string;
}

export interface MirrorStats {
  files: number;
  linked: number;
  copied: number;
  written: number;
}

/** What the tool reads of a unit: folders (recursively) and single files, absolute. */
export interface Scope {
  dirs: string[];
  files: string[];
}

/**
 * The folders and files a render of `unit` reads (Kustomize: from the overlay tree, its
 * kustomization files as `buffers` have them — an unsaved `resources:` entry brings its folder in).
 */
export function scopeOf(unit: RenderUnit, buffers: Buffers = new Map()): Scope {
  const root = path.resolve(unit.root);
  if (unit.kind === 'helm') return { dirs: [root], files: [] };
  const dirs = new Set<string>([root]);
  const files: string[] = [];
  try {
    for (const f of readOverlay(root, (file) => buffers.get(file)).inputs) {
      if ((KUSTOMIZATION_FILES as readonly string[]).includes(path.basename(f))) dirs.add(path.dirname(f));
      else files.push(f);
    }
  } catch {
    /* an unreadable tree: the overlay folder alone; kubectl reports what is wrong */
  }
  const ds = [...dirs];
  return { dirs: ds, files: files.filter((f) => !ds.some((d) => inside(f, d))) };
}

/** The buffers a render of `unit` with `opts` would read (under its scope, or a chosen values file). */
export function relevantBuffers(unit: RenderUnit, opts: RenderOptions, buffers: Buffers, scope: Scope = scopeOf(unit)): Map<string, string> {
  const values = new Set((opts.valuesFiles ?? []).map((f) => path.resolve(opts.cwd ?? unit.root, f)));
  const out = new Map<string, string>();
  for (const [file, text] of buffers) {
    const abs = path.resolve(file);
    if (values.has(abs) || scope.files.includes(abs) || scope.dirs.some((d) => inside(abs, d))) out.set(abs, text);
  }
  return out;
}

/**
 * Renders `unit` as the tool would if `buffers` were saved. With no buffer concerned, a plain
 * render (dispose does nothing). The result's paths are the original ones.
 */
export async function renderWithBuffers(
  unit: RenderUnit,
  opts: RenderOptions,
  buffers: Buffers,
  render: (unit: RenderUnit, opts: RenderOptions) => Promise<Rendered>,
): Promise<BufferedRender> {
  const scope = scopeOf(unit, buffers);
  const relevant = relevantBuffers(unit, opts, buffers, scope);
  if (!relevant.size) return { rendered: await render(unit, opts), dispose: () => undefined };
  let m: Mirror;
  try {
    m = await Mirror.create(scope, relevant, opts.signal);
  } catch (e) {
    if (!(e instanceof RenderError) || e.reason !== 'input') throw e;
    // Too large to mirror: the saved files are rendered, and the caller is told why.
    return { rendered: await render(unit, opts), dispose: () => undefined, skipped: `${e.message}; rendered the saved files` };
  }
  try {
    const valuesFiles = (opts.valuesFiles ?? []).map((f) => m.forTool(path.resolve(opts.cwd ?? unit.root, f)));
    const mirrored: RenderUnit = { kind: unit.kind, root: m.toMirror(unit.root), anchorFile: m.toMirror(unit.anchorFile) };
    // `previous` is the wrapper of an earlier render (this file's, or a plain one): helm-reuse.ts
    // checks by relative paths, sizes and times whether its mapping still holds here.
    const inner = await render(mirrored, { ...opts, valuesFiles });
    return { rendered: m.wrap(unit, inner), dispose: (soon) => m.dispose(soon), mirror: m.stats };
  } catch (e) {
    m.dispose();
    if (e instanceof RenderError) throw new RenderError(m.mapText(e.message), e.file && m.toOriginal(e.file), e.line, e.reason);
    throw e;
  }
}

class Mirror {
  readonly stats: MirrorStats = { files: 0, linked: 0, copied: 0, written: 0 };
  /** Extra files (a values file outside the mirrored folders): temp path → original. */
  private readonly extras = new Map<string, string>();
  private readonly extrasOf = new Map<string, string>();
  private disposed = false;

  private constructor(
    /** Common ancestor of everything mirrored (original side). */
    readonly base: string,
    /** The temporary folder; `dir/tree` mirrors `base`. */
    readonly dir: string,
    private readonly buffers: ReadonlyMap<string, string>,
  ) {}

  private get tree(): string {
    return path.join(this.dir, 'tree');
  }

  static async create(scope: Scope, buffers: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Mirror> {
    const all = [...scope.dirs, ...scope.files.map((f) => path.dirname(f))];
    const base = commonAncestor(all);
    // Real path: kubectl resolves symbolic links (a /tmp that is a link) and must find its files here.
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), TEMP_PREFIX)));
    const m = new Mirror(base, dir, buffers);
    try {
      const seen = new Set<string>();
      for (const d of scope.dirs) await m.copyDir(d, seen, signal);
      for (const f of scope.files) await m.copyFile(f, signal);
      // A buffer for a file not on disk yet (a new, unsaved file under the scope) is written too.
      for (const [file, text] of buffers) {
        if (!inside(file, base) || !(scope.files.includes(file) || scope.dirs.some((d) => inside(file, d)))) continue;
        const to = m.toMirror(file);
        if (await exists(to)) continue;
        await fs.mkdir(path.dirname(to), { recursive: true });
        await fs.writeFile(to, text);
        m.stats.written++;
      }
      return m;
    } catch (e) {
      m.dispose();
      throw e;
    }
  }

  private async copyDir(dir: string, seen: Set<string>, signal?: AbortSignal, depth = 0): Promise<void> {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch {
      return;
    }
    if (seen.has(real) || depth > 16) return; // a directory link cycle
    seen.add(real);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (signal?.aborted) throw new RenderError('Rendering was cancelled.', undefined, undefined, 'cancelled');
    await fs.mkdir(this.toMirror(dir), { recursive: true });
    const files: Array<{ file: string; linked: boolean }> = [];
    const dirs: string[] = [];
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) dirs.push(p);
      } else if (e.isFile()) files.push({ file: p, linked: false });
      else if (e.isSymbolicLink()) {
        // A link is followed: its target's content sits at the link's place (a dangling link is left out).
        const st = await fs.stat(p).catch(() => undefined);
        if (st?.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) dirs.push(p);
        } else if (st?.isFile()) files.push({ file: p, linked: true });
      }
    }
    // The folder's files in parallel batches (each a link: one system call).
    for (let i = 0; i < files.length; i += 64) {
      await Promise.all(files.slice(i, i + 64).map((f) => this.placeFile(f.file, f.linked, signal)));
    }
    for (const d of dirs) await this.copyDir(d, seen, signal, depth + 1);
  }

  /** A single file of the scope (outside the mirrored folders): its folder made first. */
  private async copyFile(file: string, signal?: AbortSignal): Promise<void> {
    await fs.mkdir(path.dirname(this.toMirror(file)), { recursive: true });
    const st = await fs.lstat(file).catch(() => undefined);
    if (st) await this.placeFile(file, st.isSymbolicLink(), signal);
  }

  /** Puts one file into the mirror (its folder exists): the buffer's text, else a hard link, else a copy. */
  private async placeFile(file: string, isLink: boolean, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new RenderError('Rendering was cancelled.', undefined, undefined, 'cancelled');
    if (++this.stats.files > MAX_MIRROR_FILES) {
      throw new RenderError(`more than ${MAX_MIRROR_FILES} files to mirror for rendering unsaved changes`, undefined, undefined, 'input');
    }
    const to = this.toMirror(file);
    const text = this.buffers.get(file);
    if (text !== undefined) {
      await fs.writeFile(to, text);
      this.stats.written++;
      return;
    }
    let real = file;
    if (isLink) {
      try {
        real = await fs.realpath(file); // link the target, not the link (a relative link would dangle)
      } catch {
        return; // vanished meanwhile
      }
    }
    try {
      await fs.link(real, to); // same inode: no bytes copied, same size and modification time
      this.stats.linked++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // vanished meanwhile
      // Another file system (a temporary folder elsewhere) or links not allowed: a copy, same times.
      await fs.copyFile(real, to);
      const st = await fs.stat(real);
      await fs.utimes(to, st.atime, st.mtime); // unchanged files keep their fingerprint (helm-reuse.ts)
      this.stats.copied++;
    }
  }

  /** The path the tool gets for an original file: mirrored, a temporary copy of its buffer, or itself. */
  forTool(file: string): string {
    if (inside(file, this.base) && existsInMirrorSync(this.toMirror(file))) return this.toMirror(file);
    const text = this.buffers.get(file);
    if (text === undefined) return file;
    let tmp = this.extrasOf.get(file);
    if (!tmp) {
      const dir = path.join(this.dir, 'extra', String(this.extras.size));
      mkdirSync(dir, { recursive: true });
      tmp = path.join(dir, path.basename(file));
      writeFileSync(tmp, text);
      this.stats.written++;
      this.extras.set(tmp, file);
      this.extrasOf.set(file, tmp);
    }
    return tmp;
  }

  toMirror(file: string): string {
    const rel = path.relative(this.base, path.resolve(file));
    return rel ? path.join(this.tree, rel) : this.tree;
  }

  /** A path the tool or the mapping named → the original path (unchanged when not a mirror path). */
  toOriginal(p: string): string {
    const extra = this.extras.get(p);
    if (extra) return extra;
    if (p === this.tree) return this.base;
    if (p.startsWith(this.tree + path.sep)) return path.join(this.base, p.slice(this.tree.length + 1));
    return p;
  }

  /** A message with every mirror path replaced by its original. */
  mapText(s: string): string {
    let out = s;
    for (const [tmp, orig] of this.extras) out = out.split(tmp).join(orig);
    return out.split(this.tree + path.sep).join(this.base + path.sep).split(this.tree).join(this.base);
  }

  wrap(unit: RenderUnit, inner: Rendered): Rendered {
    const sourceText = async (file: string): Promise<string | undefined> => {
      const abs = path.resolve(file);
      const text = this.buffers.get(abs);
      if (text !== undefined) return text;
      const from = !this.disposed && inside(abs, this.base) ? this.toMirror(abs) : abs;
      // The render's own reading of its files (Helm: the texts it has already read and cached).
      if (from !== abs && inner.sourceText) {
        const t = await inner.sourceText(from);
        if (t !== undefined) return t;
      }
      return fs.readFile(from, 'utf8').catch(() => (from === abs ? undefined : fs.readFile(abs, 'utf8').catch(() => undefined)));
    };
    const passed = inner as Rendered & Record<string, unknown>;
    return {
      // What a renderer exposes beyond Rendered (Helm: memo, extraRenders, helmMs) stays reachable.
      ...Object.fromEntries(Object.entries(passed).filter(([, v]) => typeof v === 'function')),
      unit,
      text: inner.text,
      objects: inner.objects.map((o) => (o.sourceFile ? { ...o, sourceFile: this.toOriginal(o.sourceFile) } : o)),
      inputs: [...new Set(inner.inputs.map((f) => this.toOriginal(f)))],
      locate: async (docIndex, p, which): Promise<SourceLocation | undefined> => {
        if (this.disposed) return undefined;
        const loc = await inner.locate(docIndex, p, which);
        return loc && { ...loc, file: this.toOriginal(loc.file), ...(loc.origin && { origin: this.mapText(loc.origin) }) };
      },
      ...(inner.locateRemoval && {
        locateRemoval: async (docIndex: number, p: readonly PathSegment[]): Promise<SourceLocation | undefined> => {
          if (this.disposed) return undefined;
          const loc = await inner.locateRemoval!(docIndex, p);
          return loc && { ...loc, file: this.toOriginal(loc.file), ...(loc.origin && { origin: this.mapText(loc.origin) }) };
        },
      }),
      sourceText,
    };
  }

  dispose(soon = false): void {
    if (this.disposed) return;
    this.disposed = true;
    if (soon) {
      const trash = path.join(path.dirname(this.dir), `${TRASH_PREFIX}${path.basename(this.dir).slice(TEMP_PREFIX.length)}`);
      try {
        renameSync(this.dir, trash);
        const removal = fs.rm(trash, { recursive: true, force: true }).catch(() => undefined);
        removals.set(trash, removal);
        void removal.finally(() => removals.delete(trash));
        return;
      } catch {
        /* not renamed: removed now */
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function inside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function commonAncestor(paths: string[]): string {
  let base = path.resolve(paths[0]);
  for (const p of paths.slice(1)) {
    const abs = path.resolve(p);
    while (!inside(abs, base)) {
      const up = path.dirname(base);
      if (up === base) return base;
      base = up;
    }
  }
  return base;
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

function existsInMirrorSync(p: string): boolean {
  try {
    accessSync(p);
    return true;
  } catch {
    return false;
  }
}
