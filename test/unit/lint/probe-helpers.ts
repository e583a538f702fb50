// Helpers for the probe/* and lifecycle/* rule tests.
import { lintText } from '../../../src/core/lint/engine';
import { lifecycleRules } from '../../../src/core/lint/rules/lifecycle';
import { probeRules } from '../../../src/core/lint/rules/probe';
import type { LintConfig } from '../../../src/core/lint/types';

/** The rule ids that the probe/* and lifecycle/* rules enabled by default report for a text. */
export function probeFindings(yaml: string, config: LintConfig = {}): string[] {
  return lintText(yaml, 'test.yaml', config, [...probeRules, ...lifecycleRules]).findings.map((f) => f.rule);
}

/** A bare Pod with the given container YAML (indented to sit under `containers:`) and pod-spec extras. */
export function pod(containerYaml: string, podExtra = ''): string {
  const indent = (s: string, n: number) =>
    s.replace(/^\n/, '').replace(/\s+$/, '').split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: demo
  labels:
    app: demo
spec:
${podExtra ? indent(podExtra, 2) + '\n' : ''}  containers:
${indent(containerYaml, 4)}
`;
}
