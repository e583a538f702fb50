// Helpers for rule tests: lint a YAML text with only the rule under test, and describe findings
// by the exact text they cover and their 1-based position, as a user sees them.
import assert from 'node:assert/strict';
import { lintText } from '../../../src/core/lint/engine';
import { ruleById } from '../../../src/core/lint/rules';
import type { Finding, LintConfig } from '../../../src/core/lint/types';

export interface Seen {
  rule: string;
  severity: string;
  message: string;
  /** The exact text the finding's range covers. */
  text: string;
  /** "line:col-line:col", 1-based like the CLI. */
  at: string;
  finding: Finding;
}

/** Lints `yaml` with only `ruleId` enabled (at its default severity unless config says otherwise). */
export function check(yaml: string, ruleId: string, config: LintConfig = {}): Seen[] {
  const rule = ruleById(ruleId);
  assert.ok(rule, `rule ${ruleId} is registered`);
  const { file, findings } = lintText(yaml, 'test.yaml', {
    ...config,
    rules: { [ruleId]: rule.defaultSeverity === 'off' ? 'warning' : rule.defaultSeverity, ...config.rules },
  }, [rule]);
  return findings.map((f) => {
    const s = file.positionAt(f.span.start);
    const e = file.positionAt(f.span.end);
    return {
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      text: yaml.slice(f.span.start, f.span.end),
      at: `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}`,
      finding: f,
    };
  });
}

/** Applies the edits of a fix to the text. */
export function applyFix(yaml: string, f: Finding, index = 0): string {
  const fix = f.fixes?.[index];
  assert.ok(fix, 'the finding has a fix');
  let out = yaml;
  for (const e of [...fix.edits].sort((a, b) => b.span.start - a.span.start)) {
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  }
  return out;
}

/** A Deployment wrapping the given container YAML (indented to sit under `containers:`). */
export function deployment(containerYaml: string, podExtra = ''): string {
  const indent = (s: string, n: number) =>
    s.replace(/^\n/, '').replace(/\s+$/, '').split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
${podExtra ? indent(podExtra, 6) + '\n' : ''}      containers:
${indent(containerYaml, 8)}
`;
}
