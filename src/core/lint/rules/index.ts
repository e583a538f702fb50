// Every rule of the catalog (../shared/spec/lint-rules.md), in catalog order.
import type { Rule } from '../types';
import { apiRules } from './api';
import { schemaRules } from './schema';
import { probeRules } from './probe';
import { lifecycleRules } from './lifecycle';
import { workloadRules } from './workload';
import { yamlSyntax } from './yaml-syntax';

export const ALL_RULES: readonly Rule[] = [yamlSyntax, ...apiRules, ...schemaRules, ...probeRules, ...lifecycleRules, ...workloadRules];

export function ruleById(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
