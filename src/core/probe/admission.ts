// Would Kubernetes run this probe as written? The linter's error-severity findings inside one probe
// or hook (the API server's validation rules, the schema, a named port that does not exist): one
// source of truth for the editor's squiggles and the "Run probe" warning. Pure; no 'vscode'.
import { lintFile } from '../lint/engine';
import type { Finding, LintConfig } from '../lint/types';
import type { HandlerModel, ManifestFile } from '../manifest/model';

/** The error findings whose range starts inside the handler (its key to its last line). */
export function handlerErrors(file: ManifestFile, h: HandlerModel, config: LintConfig = {}): Finding[] {
  const start = Math.min(h.keySpan.start, h.span.start);
  return lintFile(file, config).filter((f) => f.severity === 'error' && f.span.start >= start && f.span.start < Math.max(h.span.end, start + 1));
}

/** One line per finding for a message or a log: "the scheme … must be HTTP or HTTPS (api/httpget-scheme-unsupported)". */
export function rejectionLines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.message} (${f.rule})`);
}
