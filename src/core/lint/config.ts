// Reading a lint configuration (CLI --config file, VS Code settings) into a LintConfig.
import { ALL_RULES } from './rules';
import { DEFAULT_RULE_OPTIONS, type LintConfig, type RuleOptions, type SeveritySetting } from './types';

const SEVERITIES = new Set(['off', 'info', 'warning', 'error']);

export interface ConfigProblem {
  message: string;
}

/**
 * Accepts `{ rules: { "<id>": "off|info|warning|error" }, options: {...}, podTemplatePaths: {...},
 * kubernetesVersion: "1.35" }`. Unknown rule ids and bad values are reported, not fatal.
 */
export function readLintConfig(raw: unknown): { config: LintConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: LintConfig = {};
  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ message: 'the configuration must be an object' });
    return { config, problems };
  }
  const o = raw as Record<string, unknown>;
  const known = new Set(ALL_RULES.map((r) => r.id));
  if (o.rules !== undefined) {
    if (typeof o.rules !== 'object' || o.rules === null || Array.isArray(o.rules)) {
      problems.push({ message: '"rules" must be an object of rule id → severity' });
    } else {
      config.rules = {};
      for (const [id, sev] of Object.entries(o.rules as Record<string, unknown>)) {
        if (!known.has(id)) problems.push({ message: `unknown rule "${id}"` });
        else if (typeof sev !== 'string' || !SEVERITIES.has(sev))
          problems.push({ message: `rule "${id}": severity must be one of off, info, warning, error` });
        else config.rules[id] = sev as SeveritySetting;
      }
    }
  }
  const options: Partial<RuleOptions> = {};
  const rawOptions = { ...(isObj(o.options) ? o.options : {}) } as Record<string, unknown>;
  if (o.kubernetesVersion !== undefined) rawOptions.kubernetesVersion = o.kubernetesVersion;
  for (const [k, v] of Object.entries(rawOptions)) {
    if (!(k in DEFAULT_RULE_OPTIONS)) {
      problems.push({ message: `unknown option "${k}"` });
      continue;
    }
    const expected = typeof DEFAULT_RULE_OPTIONS[k as keyof RuleOptions];
    const value = k === 'kubernetesVersion' && typeof v === 'number' ? v.toFixed(2).replace(/0$/, '') : v;
    if (typeof value !== expected) problems.push({ message: `option "${k}" must be a ${expected}` });
    else if (k === 'kubernetesVersion' && !/^1\.\d+$/.test(value as string))
      problems.push({ message: `option "kubernetesVersion" must look like "1.35"` });
    else (options as Record<string, unknown>)[k] = value;
  }
  if (Object.keys(options).length) config.options = options;
  if (o.podTemplatePaths !== undefined) {
    if (!isObj(o.podTemplatePaths)) problems.push({ message: '"podTemplatePaths" must be an object of kind → path' });
    else {
      config.podTemplatePaths = {};
      for (const [kind, p] of Object.entries(o.podTemplatePaths)) {
        if (typeof p === 'string' && p.trim()) config.podTemplatePaths[kind] = p.trim();
        else problems.push({ message: `podTemplatePaths.${kind} must be a dotted path such as "spec.template.spec"` });
      }
    }
  }
  return { config, problems };
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface EditorEnvironment {
  /** The Red Hat YAML extension is active (it reports YAML syntax errors in every YAML file). */
  yamlExtension: boolean;
  /** A Kubernetes JSON schema is associated with YAML files (yaml.schemas "kubernetes", or the Kubernetes extension). */
  kubernetesSchema: boolean;
}

export type SchemaRulesMode = 'auto' | 'on' | 'off';

const SCHEMA_RULES = ['schema/unknown-field', 'schema/wrong-type', 'schema/missing-required'];

/**
 * Rules to turn off so that a problem the YAML extension already reports is not shown twice.
 * Severities the user set explicitly for a rule always win over this.
 */
export function rulesToSilence(mode: SchemaRulesMode, env: EditorEnvironment): string[] {
  if (mode === 'on') return [];
  if (mode === 'off') return ['yaml-syntax', 'schema/duplicate-key', ...SCHEMA_RULES];
  if (!env.yamlExtension) return [];
  return ['yaml-syntax', 'schema/duplicate-key', ...(env.kubernetesSchema ? SCHEMA_RULES : [])];
}
