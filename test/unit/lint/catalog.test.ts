// The rule registry against its documentation and the catalog (../shared/spec/lint-rules.md):
// every rule has a docs page, a title, help and a default severity the catalog allows; every id of
// the catalog's API-server and decode/schema sections (a.1, a.2) is registered, in catalog order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES } from '../../../src/core/lint/rules';
import { check } from './helpers';

const ROOT = resolve(__dirname, '../../..');
const SPEC = resolve(ROOT, '../shared/spec/lint-rules.md');
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

test('every rule has a unique id, a title, help, a valid default severity and a docs page', () => {
  assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length, 'rule ids are unique');
  for (const rule of ALL_RULES) {
    assert.ok(rule.title.trim(), `${rule.id}: title`);
    assert.ok(rule.help.trim(), `${rule.id}: help`);
    assert.ok(SEVERITIES.includes(rule.defaultSeverity), `${rule.id}: default severity ${rule.defaultSeverity}`);
    const page = resolve(ROOT, 'docs/rules', `${rule.id}.md`);
    assert.ok(existsSync(page), `${rule.id}: docs page docs/rules/${rule.id}.md`);
    assert.equal(readFileSync(page, 'utf8').split('\n')[0], `# ${rule.id}`, `${rule.id}: the page starts with its id`);
  }
});

test('the catalog: sections a.1 and a.2 are registered in order, and defaults match the catalog', { skip: !existsSync(SPEC) && `catalog not found at ${SPEC} (CI keeps it beside the repository)` }, () => {
  const rows = catalogRows(readFileSync(SPEC, 'utf8'));
  const ids = ALL_RULES.map((r) => r.id);
  for (const section of ['a.1', 'a.2']) {
    const wanted = rows.filter((r) => r.section === section).map((r) => r.id);
    assert.ok(wanted.length > 0, `section ${section} has rule rows`);
    const missing = wanted.filter((id) => !ids.includes(id));
    assert.deepEqual(missing, [], `section ${section}: registered`);
    assert.deepEqual(ids.filter((id) => wanted.includes(id)), wanted, `section ${section}: catalog order`);
  }
  for (const row of rows) {
    const rule = ALL_RULES.find((r) => r.id === row.id);
    if (rule && row.severity) assert.equal(rule.defaultSeverity, row.severity, `${row.id}: the catalog's default severity`);
  }
});

/** The YAML blocks after "Flagged:" and "Fixed:" on a docs page. */
function examples(page: string): { flagged?: string; fixed?: string } {
  const block = (label: string) => new RegExp(`^${label}:\\n\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`$`, 'm').exec(page)?.[1];
  return { flagged: block('Flagged'), fixed: block('Fixed') };
}

test('docs examples: the flagged example is flagged by its rule, the fixed one is clean', () => {
  for (const rule of ALL_RULES) {
    const page = resolve(ROOT, 'docs/rules', `${rule.id}.md`);
    if (!existsSync(page)) continue; // reported by the test above
    const { flagged, fixed } = examples(readFileSync(page, 'utf8'));
    if (!flagged || !fixed) continue;
    assert.ok(check(flagged, rule.id).length > 0, `${rule.id}: the flagged example is flagged`);
    assert.deepEqual(check(fixed, rule.id).map((s) => s.message), [], `${rule.id}: the fixed example is clean`);
  }
});
