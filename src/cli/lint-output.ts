// The output formats of `kube-probes lint`: text, JSON (one object per finding, 1-based positions)
// (SARIF 2.1.0 is sarif.ts). A report is one file's findings with a way to turn offsets into positions.
import type { Finding, LintConfig } from '../core/lint/types';
import type { Position } from '../core/manifest/model';

export interface FileReport {
  /** The file as shown (the path given, or joined below a folder given). */
  file: string;
  findings: Finding[];
  /** 0-based position of an offset of `file`. */
  positionAt(offset: number): Position;
}

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
      const s = r.positionAt(f.span.start);
      const e = r.positionAt(f.span.end);
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

/** `checked`: how many files and charts/overlays were linted (default: one per report). */
export function toText(reports: FileReport[], checked = reports.length): string {
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
  const files = checked;
  if (total === 0) return `No probe problems found (${files} file${files === 1 ? '' : 's'} checked).\n`;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return (
    out +
    `${plural(total, 'problem')} (${plural(count.error, 'error')}, ${plural(count.warning, 'warning')}, ${plural(count.info, 'info')}) in ${plural(files, 'file')}.\n`
  );
}

export function stripMarkdown(s: string): string {
  return s.replace(/`([^`]*)`/g, '$1').replace(/\*\*([^*]*)\*\*/g, '$1');
}
