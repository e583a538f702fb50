// The rule registry against its documentation and the rule catalog (the reference catalog kept
// beside the repository, see test/unit/reference-data.ts): every rule has a docs page, a title, help
// and a default severity the catalog allows; every id of the catalog's API-server and decode/schema
// sections (a.1, a.2) is registered, in catalog order. One test per rule, so one failure hides none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES } from '../../../src/core/lint/rules';
import { assertReferenceData, needsReferenceData, SHARED } from '../reference-data';
import { check } from './helpers';

const ROOT = resolve(__dirname, '../../..');
const SPEC = resolve(SHARED, 'spec', 'lint-rules.md');
const SPEC_SKIP = needsReferenceData(SPEC, 'the rule catalog (lint-rules.md)');
const SEVERITIES = ['error', 'warning', 'info', 'off'];

interface CatalogRow {
  section: string; // a.1, a.2, …
  id: string;
  /** The default severity the catalog's last column asks for ("none"/"hover" mean off), if it names one. */
  severity?: string;
}

/** The rows of the section (a) tables whose first cell is a backticked rule id. */
function catalogRows(markdown: string): CatalogRow[] {
  const rows: CatalogRow[] = [];
  let section = '';
  for (const line of markdown.split('\n')) {
    if (line.startsWith('#')) section = /^### (a\.\d+)\b/.exec(line)?.[1] ?? '';
    const id = /^\| `([a-z]+\/[a-z0-9-]+)` \|/.exec(line)?.[1];
    if (!section || !id) continue;
    const cells = line.split('|').slice(1, -1);
    const word = /^\s*(error|warning|info|off|none|hover)\b/.exec(cells[cells.length - 1])?.[1];
    rows.push({ section, id, severity: word === 'none' || word === 'hover' ? 'off' : word });
  }
  return rows;
}

test('rule ids are unique', () => {
  assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length);
});

for (const rule of ALL_RULES) {
  test(`${rule.id}: a title, help, a valid default severity and a docs page`, () => {
    assert.ok(rule.title.trim(), 'title');
    assert.ok(rule.help.trim(), 'help');
    assert.ok(SEVERITIES.includes(rule.defaultSeverity), `default severity ${rule.defaultSeverity}`);
    const page = resolve(ROOT, 'docs/rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `docs page docs/rules/${rule.id}.md`);
    assert.equal(readFileSync(page, 'utf8').split('\n')[0], `# ${rule.id}`, 'the page starts with its id');
  });
}

const rows = SPEC_SKIP || !existsSync(SPEC) ? [] : catalogRows(readFileSync(SPEC, 'utf8'));

for (const section of ['a.1', 'a.2']) {
  test(`the catalog: section ${section} is registered, in catalog order`, { skip: SPEC_SKIP }, () => {
    assertReferenceData(SPEC, 'the rule catalog (lint-rules.md)');
    const ids = ALL_RULES.map((r) => r.id);
    const wanted = rows.filter((r) => r.section === section).map((r) => r.id);
    assert.ok(wanted.length > 0, `section ${section} has rule rows`);
    assert.deepEqual(wanted.filter((id) => !ids.includes(id)), [], 'registered');
    assert.deepEqual(ids.filter((id) => wanted.includes(id)), wanted, 'catalog order');
  });
}

for (const rule of ALL_RULES) {
  test(`${rule.id}: the default severity is the catalog's`, { skip: SPEC_SKIP }, () => {
    assertReferenceData(SPEC, 'the rule catalog (lint-rules.md)');
    const row = rows.find((r) => r.id === rule.id);
    if (!row?.severity) return; // the catalog names no default for this rule (or does not list it: sim rules may be newer)
    assert.equal(rule.defaultSeverity, row.severity);
  });
}

/** The YAML blocks after "Flagged:" and "Fixed:" on a docs page. */
function examples(page: string): { flagged?: string; fixed?: string } {
  const block = (label: string) => new RegExp(`^${label}(?: \\([^)\\n]*\\))?:\\n\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`$`, 'm').exec(page)?.[1];
  return { flagged: block('Flagged'), fixed: block('Fixed') };
}

for (const rule of ALL_RULES) {
  test(`${rule.id}: the docs page's flagged example is flagged, the fixed one is clean`, () => {
    const page = resolve(ROOT, 'docs/rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `docs/rules/${rule.id}.md`);
    const { flagged, fixed } = examples(readFileSync(page, 'utf8'));
    assert.ok(flagged && fixed, 'the page has a "Flagged:" and a "Fixed:" YAML example');
    assert.ok(check(flagged, rule.id).length > 0, 'the flagged example is flagged');
    assert.deepEqual(check(fixed, rule.id).map((s) => s.message), [], 'the fixed example is clean');
  });
}
