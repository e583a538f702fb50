// The lint settings (kubeProbes.lint.*) → the core's LintConfig, read in their declared scopes.
// Glue only, and free of node imports: the desktop (through config.ts) and the browser entry
// (web-extension.ts, via diagnostics.ts) share it.
import * as vscode from 'vscode';
import { rulesToSilence, readLintConfig, type SchemaRulesMode } from '../core/lint/config';
import type { LintConfig } from '../core/lint/types';

export interface LintSettings {
  enabled: boolean;
  /** Larger texts (UTF-16 code units) are not linted in the editor; Infinity for no limit (kubeProbes.lint.maxFileSizeMB 0). */
  maxChars: number;
  config: LintConfig;
  problems: string[];
}

export function lintSettings(scope: vscode.Uri): LintSettings {
  const c = vscode.workspace.getConfiguration('kubeProbes', scope);
  const userRules = c.get<Record<string, string>>('lint.rules') ?? {};
  const { config, problems } = readLintConfig({
    rules: userRules,
    options: {
      kubernetesVersion: c.get<string>('lint.kubernetesVersion'),
      minLivenessBudgetSeconds: c.get<number>('lint.minLivenessBudgetSeconds'),
      identicalProbesStrict: c.get<boolean>('lint.identicalProbesStrict'),
      portNotDeclaredStrict: c.get<boolean>('lint.portNotDeclaredStrict'),
      readinessOnlyWhenSelected: c.get<boolean>('lint.readinessOnlyWhenSelected'),
    },
    podTemplatePaths: c.get<Record<string, string>>('lint.podTemplatePaths') ?? {},
  });
  const silenced = rulesToSilence(c.get<SchemaRulesMode>('lint.schemaRules') ?? 'auto', editorEnvironment());
  config.rules = { ...Object.fromEntries(silenced.map((id) => [id, 'off' as const])), ...config.rules };
  return {
    enabled: c.get<boolean>('lint.enable') ?? true,
    maxChars: maxChars(c.get<number>('lint.maxFileSizeMB')),
    config,
    problems: problems.map((p) => p.message),
  };
}

function editorEnvironment() {
  const yamlExtension = !!vscode.extensions.getExtension('redhat.vscode-yaml');
  const schemas = vscode.workspace.getConfiguration('yaml').get<Record<string, unknown>>('schemas') ?? {};
  const kubernetesSchema =
    'kubernetes' in schemas ||
    Object.values(schemas).includes('kubernetes') ||
    !!vscode.extensions.getExtension('ms-kubernetes-tools.vscode-kubernetes-tools');
  return { yamlExtension, kubernetesSchema };
}

/** The delay after a keystroke before linting again (read on every change, so nothing else is built). Window-scoped. */
export function debounceMs(): number {
  return vscode.workspace.getConfiguration('kubeProbes').get<number>('lint.debounceMs') ?? 200;
}

export const MAX_FILE_SIZE_SETTING = 'kubeProbes.lint.maxFileSizeMB';
const DEFAULT_MAX_FILE_SIZE_MB = 10;

function maxChars(mb: number | undefined): number {
  const v = typeof mb === 'number' && Number.isFinite(mb) && mb >= 0 ? mb : DEFAULT_MAX_FILE_SIZE_MB;
  return v === 0 ? Infinity : v * 1024 * 1024;
}
