// The header of a rule's docs page (docs/rules/<id>.md), generated from the rule's metadata — the one
// source of its title, default severity and short explanation, which SARIF output (help,
// fullDescription) and the settings schema also use. `node scripts/contributes.mjs` writes it; a unit
// test (test/unit/contributes.test.ts) fails when a page and its rule drift apart.
import type { Rule } from './types';

export const RULE_DOC_START = '<!-- rule:start — generated from the rule by `node scripts/contributes.mjs`; edit the rule, not this block -->';
export const RULE_DOC_END = '<!-- rule:end -->';

/** The generated block, markers included. */
export function ruleDocHeader(rule: Pick<Rule, 'id' | 'title' | 'help' | 'defaultSeverity'>): string {
  return [
    RULE_DOC_START,
    `**Default severity:** ${rule.defaultSeverity} · ${rule.title}`,
    '',
    `> ${rule.help.replace(/\s*\n\s*/g, ' ').trim()}`,
    RULE_DOC_END,
  ].join('\n');
}

/** The page with its generated block replaced (or, when it has none yet, put after the `# id` title line). */
export function withRuleDocHeader(page: string, rule: Pick<Rule, 'id' | 'title' | 'help' | 'defaultSeverity'>): string {
  const header = ruleDocHeader(rule);
  const start = page.indexOf(RULE_DOC_START);
  const end = page.indexOf(RULE_DOC_END);
  if (start >= 0 && end > start) return page.slice(0, start) + header + page.slice(end + RULE_DOC_END.length);
  const nl = page.indexOf('\n');
  const title = nl < 0 ? page : page.slice(0, nl);
  let rest = nl < 0 ? '' : page.slice(nl + 1).replace(/^\n+/, '');
  // The hand-written "**Default severity:** x · **Quick fix:** y" line: severity now comes from the rule.
  const m = /^\*\*Default severity:\*\*[^\n·]*(?:·\s*(\*\*Quick fix:\*\*[^\n]*))?\n/.exec(rest);
  if (m) rest = (m[1] ? `${m[1]}\n` : '') + rest.slice(m[0].length);
  return `${title}\n\n${header}\n\n${rest}`;
}

/** The generated block of a page, or undefined when it has none. */
export function ruleDocHeaderOf(page: string): string | undefined {
  const start = page.indexOf(RULE_DOC_START);
  const end = page.indexOf(RULE_DOC_END);
  return start >= 0 && end > start ? page.slice(start, end + RULE_DOC_END.length) : undefined;
}
