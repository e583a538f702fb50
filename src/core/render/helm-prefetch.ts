// What the source mapping of a Helm render reads from the chart, started before `helm template` so it
// is ready when helm is done: the values model (helm-values.ts), the chart's fingerprint (what a
// later render compares before reusing this one's mapping, helm-reuse.ts) and the texts of its
// templates. Each file is read once per render; reads run in parallel while helm works.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TemplateText } from './helm-template-lines';
import { readValuesModel, type ChartTree, type ValuesModel } from './helm-values';

/** Charts with more files than this are not fingerprinted (their mapping is never reused). */
const MAX_FILES = 5000;
/** Templates read ahead of need: at most this many, each at most this large. */
const MAX_PREFETCH = 400;
const MAX_PREFETCH_BYTES = 1024 * 1024;

// Template texts across renders, by file identity (device and inode: a hard link of the mirror of
// unsaved edits, buffers.ts, is the same file), size and modification time (the fingerprint's own
// test of a changed file): re-linting after a values edit, typed or saved, reads no template again.
const TEXT_LIMIT_CHARS = 32 * 1024 * 1024;
const texts = new Map<string, { size: number; mtimeMs: number; text: string }>();
let textChars = 0;

/** Drops the remembered template texts (benchmarks measuring a cold lint). */
export function clearTemplateTexts(): void {
  texts.clear();
  textChars = 0;
}

function remember(id: string, size: number, mtimeMs: number, text: string): void {
  const old = texts.get(id);
  if (old) textChars -= old.text.length;
  texts.delete(id);
  texts.set(id, { size, mtimeMs, text });
  textChars += text.length;
  while (textChars > TEXT_LIMIT_CHARS && texts.size > 1) {
    const [k, v] = texts.entries().next().value as [string, { text: string }];
    texts.delete(k);
    textChars -= v.text.length;
  }
}

interface Scan {
  /** Every file of the chart and its subcharts except the values files: path, size, mtime. */
  signature: string;
  /** Files under the `templates/` folder of the chart or a subchart, with their identity, sizes and times. */
  templates: Array<{ file: string; id: string; size: number; mtimeMs: number }>;
  /** The `templates/` folders walked (no trailing separator). */
  templateDirs: Set<string>;
}

export class ChartFiles {
  readonly model: Promise<ValuesModel>;
  /** Undefined when the chart is too large to fingerprint. */
  readonly signature: Promise<string | undefined>;
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly helperTexts = new Map<string, Promise<TemplateText[]>>();
  private readonly scan: Promise<Scan | undefined>;

  constructor(root: string, valuesFiles: readonly string[], chartTree: Promise<ChartTree>) {
    this.model = chartTree.then((chart) => readValuesModel(root, valuesFiles, chart));
    this.model.catch(() => undefined); // seen by whoever awaits it
    const scan = Promise.all([chartTree, this.model])
      .then(([chart, m]) => scanChart(root, chart, new Set(m.sources.map((s) => s.file))))
      .catch(() => undefined);
    this.scan = scan;
    this.signature = scan.then((s) => s?.signature);
    void scan.then((s) => {
      for (const t of (s?.templates ?? []).filter((x) => x.size <= MAX_PREFETCH_BYTES).slice(0, MAX_PREFETCH)) {
        if (this.texts.has(t.file)) continue;
        const known = texts.get(t.id);
        if (known && known.size === t.size && known.mtimeMs === t.mtimeMs) {
          this.texts.set(t.file, Promise.resolve(known.text));
          continue;
        }
        const read = fs.readFile(t.file, 'utf8').then(
          (text) => {
            remember(t.id, t.size, t.mtimeMs, text);
            return text;
          },
          () => undefined,
        );
        this.texts.set(t.file, read);
      }
    });
  }

  /** A file's text as read for this render (values files as the model read them), undefined when unreadable. */
  text(file: string): Promise<string | undefined> {
    let t = this.texts.get(file);
    if (!t) {
      t = this.model.then(
        (m) => m.sources.find((s) => s.file === file)?.text ?? fs.readFile(file, 'utf8').catch(() => undefined),
        () => undefined,
      );
      this.texts.set(file, t);
    }
    return t;
  }

  /** The helper templates (`*.tpl`) in a template's folder, sorted by name. */
  helpers(dir: string): Promise<TemplateText[]> {
    let h = this.helperTexts.get(dir);
    if (!h) {
      // The chart's walk (when it fingerprinted the chart) already listed the templates folders.
      const names = this.scan.then(
        (s) => (s && s.templateDirs.has(dir) ? s.templates.filter((t) => path.dirname(t.file) === dir).map((t) => path.basename(t.file)) : fs.readdir(dir)),
        () => fs.readdir(dir),
      );
      h = names.then(
        async (names) => {
          const files = names.filter((x) => x.endsWith('.tpl')).sort().map((n) => path.join(dir, n));
          const texts = await Promise.all(files.map((f) => this.text(f)));
          return files.flatMap((file, i) => (texts[i] === undefined ? [] : [{ file, text: texts[i]! }]));
        },
        () => [],
      );
      this.helperTexts.set(dir, h);
    }
    return h;
  }
}

/** A file's identity across hard links (device, inode, name); its path where the file system has no inode numbers. */
function fileId(file: string, st: { dev: number; ino: number }): string {
  return st.ino ? `${st.dev}:${st.ino}:${path.basename(file)}` : file;
}

/** Walks the chart (and its subcharts' folders) once: its fingerprint and its template files. */
async function scanChart(root: string, chart: ChartTree, valuesFiles: ReadonlySet<string>): Promise<Scan | undefined> {
  const sig: string[] = [];
  const templates: Scan['templates'] = [];
  const templateDirs: string[] = [];
  const addDirs = (t: ChartTree) => {
    templateDirs.push(path.join(t.dir, 'templates') + path.sep);
    t.subcharts.forEach(addDirs);
  };
  addDirs(chart);
  let tooMany = false;
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries.map(async (e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name === '.git' || e.name === 'node_modules' || depth > 12) return;
          return walk(p, depth + 1);
        }
        if (valuesFiles.has(p)) return;
        if (sig.length >= MAX_FILES) return void (tooMany = true);
        try {
          const st = await fs.stat(p);
          sig.push(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}`);
          if (templateDirs.some((d) => p.startsWith(d))) templates.push({ file: p, id: fileId(p, st), size: st.size, mtimeMs: st.mtimeMs });
        } catch {
          sig.push(`${path.relative(root, p)}:gone`);
        }
      }),
    );
  };
  for (const d of new Set([root, chart.dir])) await walk(d, 0);
  if (tooMany) return undefined;
  return { signature: sig.sort().join('\n'), templates, templateDirs: new Set(templateDirs.map((d) => d.slice(0, -1))) };
}
