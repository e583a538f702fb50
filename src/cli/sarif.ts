// `kube-probes lint --format sarif`: the findings as a SARIF 2.1.0 log (GitHub code scanning and other
// SARIF viewers), typed with @types/sarif. Rule descriptions come from the rule metadata, the one
// source that also writes each docs page's header (core/lint/rule-docs.ts).
import * as nodePath from 'node:path';
import type * as Sarif from 'sarif';
import { toolVersion } from '../core/defaults';
import { severityOf } from '../core/lint/engine';
import { ALL_RULES } from '../core/lint/rules';
import type { LintConfig, Severity } from '../core/lint/types';
import { stripMarkdown, toJson, type FileReport } from './lint-output';

const SARIF_LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(reports: FileReport[], config: LintConfig): Sarif.Log {
  const rules = ALL_RULES.map((r): Sarif.ReportingDescriptor => {
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
  const results = toJson(reports).map((j): Sarif.Result => ({
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
        tool: { driver: { name: 'kube-probes', version: toolVersion(), rules } },
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

