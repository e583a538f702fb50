// `kube-probes lint [PATH ...] [--format text|json|sarif] [--config FILE]` and chart/overlay folders
// (`--values`, `--set`, `--release`, `--namespace`, `--helm`, `--kubectl`): the README's contract.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readLintConfig } from '../core/lint/config';
import { lintFile } from '../core/lint/engine';
import { parseManifest } from '../core/manifest/parse';
import { ALL_RULES } from '../core/lint/rules';
import type { LintConfig } from '../core/lint/types';
import { isKustomizeComponent, lintRendered, unitFromNames, type RenderUnit } from '../core/render';
import { parseCommandLine, RENDER_OPTIONS, RENDER_USAGE, UsageError, usageError } from './args';
import type { CliIO } from './io';
import { toJson, toText, type FileReport } from './lint-output';
import { toSarif } from './sarif';
import { renderOrFail, reportsOf, type RenderFlags } from './render-input';

export { toJson, type FileReport, type JsonFinding } from './lint-output';
export { toSarif } from './sarif';

const HELP = `usage: kube-probes lint [PATH ...] [--format text|json|sarif] [--config FILE]
       kube-probes lint CHART_DIR [--values FILE ...] [--set KEY=VALUE ...] [--release NAME] [--namespace NS] [--helm PATH]
       kube-probes lint OVERLAY_DIR [--kubectl PATH]

Lints the probes and lifecycle handlers of every Kubernetes manifest in the given files and folders
(folders are searched for *.yaml, *.yml and *.json; '-' reads standard input; default: '.').
A folder holding Chart.yaml is rendered with helm template, one holding kustomization.yaml with
kubectl kustomize; findings point to the values file, template or patch to change.

options:
  --format text|json|sarif   output format (default text)
  --config FILE              JSON or YAML: { "rules": { "<rule id>": "off|info|warning|error" },
                             "options": { "kubernetesVersion": "1.35", ... }, "podTemplatePaths": { "<Kind>": "spec.template.spec" } }
  --list-rules               print the rule ids with their default severity

${RENDER_USAGE}

exit codes: 0 no error-severity finding, 1 at least one, 2 usage error, an unreadable path, or a chart
            or overlay that does not render (the tool's message on stderr)`;

/** The option table (exported for the test that gives each single-valued option twice). */
export const OPTIONS = {
  format: { type: 'string' },
  config: { type: 'string' },
  'list-rules': { type: 'boolean' },
  ...RENDER_OPTIONS,
} as const;

type Format = 'text' | 'json' | 'sarif';

export async function lintCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine<typeof OPTIONS>>;
  try {
    parsed = parseCommandLine(argv, OPTIONS);
    const f = parsed.values.format;
    if (f !== undefined && f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, got '${f}'`, true);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, 'lint', e, HELP);
    throw e;
  }
  const { values: flags, positionals: paths } = parsed;
  if (flags.help) {
    io.stdout(HELP + '\n');
    return 0;
  }
  if (flags['list-rules']) {
    for (const r of ALL_RULES) io.stdout(`${r.id.padEnd(46)} ${r.defaultSeverity.padEnd(8)} ${r.title}\n`);
    return 0;
  }
  const format = (flags.format ?? 'text') as Format;

  let config: LintConfig = {};
  if (flags.config !== undefined) {
    const loaded = await loadConfig(nodePath.resolve(io.cwd, flags.config));
    if ('error' in loaded) {
      io.stderr(`kube-probes lint: ${loaded.error}\n`);
      return 2;
    }
    config = loaded.config;
    for (const p of loaded.problems) io.stderr(`kube-probes lint: ${flags.config}: ${p}\n`);
  }

  const { files, units, unreadable } = await collectFiles(paths.length ? paths : ['.'], io);
  for (const u of unreadable) io.stderr(`kube-probes lint: cannot read ${u.path}: ${u.reason}\n`);

  const reports: FileReport[] = [];
  for (const f of files) {
    // A byte-order mark is no column: positions are counted as editors show them (ESLint does the same).
    const text = (f.path === '-' ? await io.readStdin() : f.text!).replace(/^\uFEFF/, '');
    const name = f.path === '-' ? '<stdin>' : f.path;
    // Each file is parsed once: no parse cache, which would keep a big file's syntax trees alive after it.
    const file = parseManifest(text, name, { podTemplatePaths: config.podTemplatePaths, cache: false });
    reports.push({ file: name, findings: lintFile(file, config), positionAt: file.positionAt });
  }
  let failedUnits = 0;
  let checked = files.length;
  for (const u of units) {
    try {
      const rendered = await renderOrFail(u.unit, u.shown, flags as RenderFlags, io);
      const findings = await lintRendered(rendered, config);
      const unitReports = reportsOf(findings, u.unit, u.shown, flags as RenderFlags, io);
      reports.push(...unitReports);
      checked += Math.max(1, unitReports.length);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.stderr(`kube-probes lint: ${e.message}\n`);
      failedUnits++;
    }
  }

  if (format === 'json') io.stdout(JSON.stringify(toJson(reports), null, 2) + '\n');
  else if (format === 'sarif') io.stdout(JSON.stringify(toSarif(reports, config), null, 2) + '\n');
  else if (reports.length || !failedUnits) io.stdout(toText(reports, checked));

  if (unreadable.length || failedUnits) return 2;
  return reports.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

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
): Promise<{ files: { path: string; text?: string }[]; units: { shown: string; unit: RenderUnit }[]; unreadable: { path: string; reason: string }[] }> {
  const files: { path: string; text?: string }[] = [];
  const units: { shown: string; unit: RenderUnit }[] = [];
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
  const walk = async (shown: string, abs: string, given = false) => {
    let entries;
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch (e) {
      unreadable.push({ path: shown, reason: errText(e) });
      return;
    }
    // A chart or overlay renders as one unit: its files are not linted one by one.
    const unit = unitFromNames(abs, new Set(entries.filter((e) => e.isFile()).map((e) => e.name)));
    if (unit) {
      // A Kustomize Component builds only inside the overlays that list it (kustomize refuses it alone).
      if (unit.kind === 'kustomize' && (await isKustomizeComponent(unit.anchorFile))) {
        if (given) io.stderr(`kube-probes lint: ${shown} is a Kustomize Component: it is linted as part of the overlays that list it under components\n`);
        seen.add(abs);
        return;
      }
      if (!seen.has(abs)) units.push({ shown, unit });
      seen.add(abs);
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
    if (st.isDirectory()) await walk(p, abs, true);
    else await addFile(p, abs);
  }
  return { files, units, unreadable };
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  return err.code ?? String(e);
}

