export * from './types';
export { lintText, lintFile, severityOf, type LintResult } from './engine';
export { ALL_RULES, ruleById } from './rules';
