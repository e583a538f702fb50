// `kube-probes lint [PATH ...] [--format text|json|sarif] [--config FILE]` (../shared/spec/cli.md).
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readLintConfig } from '../core/lint/config';
import { lintText, severityOf } from '../core/lint/engine';
import { ALL_RULES } from '../core/lint/rules';
import type { Finding, LintConfig } from '../core/lint/types';
import type { ManifestFile } from '../core/manifest/model';
import type { CliIO } from './io';

const HELP = `usage: kube-probes lint [PATH ...] [--format text|json|sarif] [--config FILE]

Lints the probes and lifecycle handlers of every Kubernetes manifest in the given files and folders
(folders are searched for *.yaml, *.yml and *.json; '-' reads standard input; default: '.').

options:
  --format text|json|sarif   output format (default text)
  --config FILE              JSON or YAML: { "rules": { "<rule id>": "off|info|warning|error" },
                             "options": { "kubernetesVersion": "1.35", ... }, "podTemplatePaths": { "<Kind>": "spec.template.spec" } }
  --list-rules               print the rule ids with their default severity

exit codes: 0 no error-severity finding, 1 at least one, 2 usage error or an unreadable path`;

export interface FileReport {
  file: string;
  manifest: ManifestFile;
  findings: Finding[];
}

type Format = 'text' | 'json' | 'sarif';

export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  const paths: string[] = [];
  let format: Format = 'text';
  let configPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    try {
      if (a === '--help' || a === '-h') {
        io.stdout(HELP + '\n');
        return 0;
      } else if (a === '--list-rules') {
        for (const r of ALL_RULES) io.stdout(`${r.id.padEnd(46)} ${r.defaultSeverity.padEnd(8)} ${r.title}\n`);
        return 0;
      } else if (a === '--format' || a.startsWith('--format=')) {
        const f = value('--format');
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (text, json or sarif)`);
        format = f;
      } else if (a === '--config' || a.startsWith('--config=')) {
        configPath = value('--config');
      } else if (a.startsWith('-') && a !== '-') {
        throw new UsageError(`unknown option '${a}'`);
      } else paths.push(a);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`kube-probes lint: ${e.message}\n\n${HELP}\n`);
        return 2;
      }
      throw e;
    }
  }

  let config: LintConfig = {};
  if (configPath !== undefined) {
    const loaded = await loadConfig(nodePath.resolve(io.cwd, configPath));
    if ('error' in loaded) {
      io.stderr(`kube-probes lint: ${loaded.error}\n`);
      return 2;
    }
    config = loaded.config;
    for (const p of loaded.problems) io.stderr(`kube-probes lint: ${configPath}: ${p}\n`);
  }

  const { files, unreadable } = await collectFiles(paths.length ? paths : ['.'], io);
  for (const u of unreadable) io.stderr(`kube-probes lint: cannot read ${u.path}: ${u.reason}\n`);

  const reports: FileReport[] = [];
  for (const f of files) {
    const text = f.path === '-' ? await io.readStdin() : f.text!;
    const name = f.path === '-' ? '<stdin>' : f.path;
    const { file, findings } = lintText(text, name, config);
    reports.push({ file: name, manifest: file, findings });
  }

  if (format === 'json') io.stdout(JSON.stringify(toJson(reports), null, 2) + '\n');
  else if (format === 'sarif') io.stdout(JSON.stringify(toSarif(reports, config), null, 2) + '\n');
  else io.stdout(toText(reports));

  if (unreadable.length) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

class UsageError extends Error {}

async function loadConfig(file: string): Promise<{ config: LintConfig; problems: string[] } | { error: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    return { error: `cannot read the configuration ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text); // JSON is YAML too
  } catch (e) {
    return { error: `the configuration ${file} is not valid JSON/YAML: ${(e as Error).message}` };
  }
  const { config, problems } = readLintConfig(raw);
  return { config, problems: problems.map((p) => p.message) };
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

async function collectFiles(
  paths: string[],
  io: CliIO,
): Promise<{ files: { path: string; text?: string }[]; unreadable: { path: string; reason: string }[] }> {
  const files: { path: string; text?: string }[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const seen = new Set<string>();
  const addFile = async (shown: string, abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    try {
      files.push({ path: shown, text: await fs.readFile(abs, 'utf8') });
    } catch (e) {
      unreadable.push({ path: shown, reason: errText(e) });
    }
  };
  const walk = async (shown: string, abs: string) => {
    let entries;
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch (e) {
      unreadable.push({ path: shown, reason: errText(e) });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const childShown = nodePath.join(shown, e.name);
      const childAbs = nodePath.join(abs, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(childShown, childAbs);
      } else if (e.isFile() && MANIFEST_EXT.test(e.name)) await addFile(childShown, childAbs);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      files.push({ path: '-' });
      continue;
    }
    const abs = nodePath.resolve(io.cwd, p);
    let st;
    try {
      st = await fs.stat(abs);
    } catch (e) {
      unreadable.push({ path: p, reason: errText(e) });
      continue;
    }
    if (st.isDirectory()) await walk(p, abs);
    else await addFile(p, abs);
  }
  return { files, unreadable };
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  return err.code ?? String(e);
}

// ---------------------------------------------------------------------------------------------
// Output formats

export interface JsonFinding {
  file: string;
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  kind?: string;
  name?: string;
  namespace?: string;
  container?: string;
  probe?: string;
}

/** 1-based lines and columns (UTF-16 code units), end exclusive — as ESLint and SARIF. */
export function toJson(reports: FileReport[]): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const r of reports) {
    for (const f of r.findings) {
      const s = r.manifest.positionAt(f.span.start);
      const e = r.manifest.positionAt(f.span.end);
      const j: JsonFinding = {
        file: r.file,
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        line: s.line + 1,
        column: s.character + 1,
        endLine: e.line + 1,
        endColumn: e.character + 1,
      };
      if (f.kind !== undefined) j.kind = f.kind;
      if (f.name !== undefined) j.name = f.name;
      if (f.namespace !== undefined) j.namespace = f.namespace;
      if (f.container !== undefined) j.container = f.container;
      if (f.probe !== undefined) j.probe = f.probe;
      out.push(j);
    }
  }
  return out;
}

function toText(reports: FileReport[]): string {
  let out = '';
  const count = { error: 0, warning: 0, info: 0 };
  for (const r of reports) {
    if (!r.findings.length) continue;
    out += `${r.file}\n`;
    for (const j of toJson([r])) {
      count[j.severity]++;
      const where = [j.kind && j.name ? `${j.kind}/${j.name}` : j.kind, j.container, j.probe].filter(Boolean).join(' › ');
      out += `  ${`${j.line}:${j.column}`.padEnd(8)} ${j.severity.padEnd(8)} ${j.message}  ${j.rule}${where ? `  (${where})` : ''}\n`;
    }
    out += '\n';
  }
  const total = count.error + count.warning + count.info;
  const files = reports.length;
  if (total === 0) return `No probe problems found (${files} file${files === 1 ? '' : 's'} checked).\n`;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return (
    out +
    `${plural(total, 'problem')} (${plural(count.error, 'error')}, ${plural(count.warning, 'warning')}, ${plural(count.info, 'info')}) in ${plural(files, 'file')}.\n`
  );
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function toSarif(reports: FileReport[], config: LintConfig): object {
  const rules = ALL_RULES.map((r) => {
    const sev = severityOf(r, config);
    return {
      id: r.id,
      name: r.id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
      shortDescription: { text: r.title },
      fullDescription: { text: stripMarkdown(r.help) },
      help: { text: stripMarkdown(r.help), markdown: r.help },
      defaultConfiguration: sev === 'off' ? { enabled: false, level: 'none' } : { level: SARIF_LEVEL[sev] },
      properties: { tags: [r.id.split('/')[0]] },
    };
  });
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = toJson(reports).map((j) => ({
    ruleId: j.rule,
    ruleIndex: index.get(j.rule) ?? -1,
    level: SARIF_LEVEL[j.severity],
    message: { text: j.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(j.file) },
          region: { startLine: j.line, startColumn: j.column, endLine: j.endLine, endColumn: j.endColumn },
        },
        ...(j.kind
          ? {
              logicalLocations: [
                {
                  name: [j.container, j.probe].filter(Boolean).join('.') || j.name || j.kind,
                  fullyQualifiedName: [j.namespace, j.kind, j.name, j.container, j.probe].filter(Boolean).join('/'),
                  kind: 'object',
                },
              ],
            }
          : {}),
      },
    ],
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kube-probes', version: process.env.KUBE_PROBES_VERSION ?? '0.1.0', rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function toUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  const posix = file.split(nodePath.sep).join('/');
  return nodePath.isAbsolute(file) ? 'file://' + encodeURI(posix) : encodeURI(posix);
}

function stripMarkdown(s: string): string {
  return s.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
}
