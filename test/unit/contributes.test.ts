// package.json and the README list every rule with its default severity (scripts/contributes.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES } from '../../src/core/lint/rules';

const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));

test('the kubeProbes.lint.rules setting lists every rule with its default (run node scripts/contributes.mjs)', () => {
  const props = pkg.contributes.configuration.properties['kubeProbes.lint.rules'].properties as Record<string, { default: string }>;
  assert.deepEqual(Object.keys(props), ALL_RULES.map((r) => r.id));
  for (const r of ALL_RULES) assert.equal(props[r.id].default, r.defaultSeverity, r.id);
});

test('the README rule table lists every rule (run node scripts/contributes.mjs)', () => {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  for (const r of ALL_RULES) assert.ok(readme.includes(`| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.defaultSeverity} |`), r.id);
});

test('every command used in a menu is contributed, and every contributed command has a title', () => {
  const ids = new Set((pkg.contributes.commands as { command: string; title: string }[]).map((c) => c.command));
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
    for (const i of items) assert.ok(ids.has(i.command), `${menu}: ${i.command}`);
  }
});
