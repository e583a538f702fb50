// Every rule, in catalog order: API-server validation (docs/semantics/api-validation.md), decode and
// schema, probe design, runtime pitfalls. One docs page per rule under docs/rules/.
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
