// Every probe/* and lifecycle/* rule has a docs page in the common format whose examples are true:
// the "Flagged" manifest is reported by the rule, the "Fixed" one is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lifecycleRules } from '../../../src/core/lint/rules/lifecycle';
import { probeRules } from '../../../src/core/lint/rules/probe';
import { check } from './helpers';

const DOCS = resolve(__dirname, '..', '..', '..', 'docs', 'rules');

for (const rule of [...probeRules, ...lifecycleRules]) {
  test(`docs page of ${rule.id}`, () => {
    const path = join(DOCS, `${rule.id}.md`);
    assert.ok(existsSync(path), `${path} exists`);
    const md = readFileSync(path, 'utf8');
    assert.ok(md.startsWith(`# ${rule.id}\n`), 'title is the rule id');
    assert.match(md, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.defaultSeverity}\\b`));
    for (const h of ['## What it detects', '## Why it matters', '## Example', '## Quick fix', '## Turn it off']) assert.ok(md.includes(h), h);
    assert.ok(md.includes(`{"${rule.id}": "off"}`) && md.includes(`# kube-probes-disable-next-line ${rule.id}`));
    const blocks = [...md.matchAll(/(Flagged|Fixed):\n\n```yaml\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(blocks.map((b) => b[0]), ['Flagged', 'Fixed']);
    assert.ok(check(blocks[0][1], rule.id).length > 0, 'the flagged example is reported');
    assert.deepEqual(check(blocks[1][1], rule.id), [], 'the fixed example is not reported');
  });
}
