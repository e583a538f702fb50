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

test('every rule docs page carries the header generated from its rule (run node scripts/contributes.mjs)', async (t) => {
  const { ruleDocHeader, ruleDocHeaderOf } = await import('../../src/core/lint/rule-docs');
  for (const r of ALL_RULES) {
    await t.test(r.id, () => {
      const page = readFileSync(resolve(ROOT, 'docs/rules', `${r.id}.md`), 'utf8');
      assert.equal(ruleDocHeaderOf(page), ruleDocHeader(r), `docs/rules/${r.id}.md is out of date with its rule`);
    });
  }
});

test('the kubernetesVersion setting defaults to the one default of src/core/defaults.ts', async () => {
  const { DEFAULT_KUBERNETES_VERSION } = await import('../../src/core/defaults');
  const { DEFAULT_RULE_OPTIONS } = await import('../../src/core/lint/types');
  assert.equal(pkg.contributes.configuration.properties['kubeProbes.lint.kubernetesVersion'].default, DEFAULT_KUBERNETES_VERSION);
  assert.equal(DEFAULT_RULE_OPTIONS.kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
});

test('the CLI reports the package version (src/core/defaults.ts PACKAGE_VERSION = package.json version)', async () => {
  const { PACKAGE_VERSION, toolVersion } = await import('../../src/core/defaults');
  assert.equal(PACKAGE_VERSION, pkg.version);
  assert.equal(toolVersion({}), pkg.version);
  assert.equal(toolVersion({ KUBE_PROBES_VERSION: '9.9.9' }), '9.9.9');
});
