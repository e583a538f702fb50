// The repository stands alone: nothing a user reads (source comments, docs, examples, README) cites
// reference material outside the repository; semantics are cited from docs/semantics/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const OUTSIDE = /(?:\.\.\/)?shared\/(?:spec|notes|corpus)\b|\.\.\/shared\b/;

function files(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|mjs|js|md|ya?ml|json)$/.test(name)) out.push(p);
  }
  return out;
}

test('no citation of reference material outside the repository in src, examples, docs, scripts or the READMEs', () => {
  const checked = [
    ...files(join(ROOT, 'src')), ...files(join(ROOT, 'examples')), ...files(join(ROOT, 'docs')), ...files(join(ROOT, 'scripts')),
    join(ROOT, 'README.md'), join(ROOT, 'DEVELOPERS.md'),
  ];
  const bad: string[] = [];
  for (const f of checked) {
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      if (OUTSIDE.test(line)) bad.push(`${relative(ROOT, f)}:${i + 1}: ${line.trim().slice(0, 100)}`);
    });
  }
  assert.deepEqual(bad, []);
});

test('the semantics pages the index lists exist, and cite Kubernetes source files', () => {
  const index = readFileSync(join(ROOT, 'docs/semantics/README.md'), 'utf8');
  const pages = [...new Set([...index.matchAll(/\]\(([a-z-]+\.md)/g)].map((m) => m[1]))];
  assert.ok(pages.length >= 5);
  for (const page of ['probes.md', 'kubelet-probe-worker.md', 'api-validation.md', 'defaults.md']) {
    const text = readFileSync(join(ROOT, 'docs/semantics', page), 'utf8');
    assert.match(text, /`(?:pkg|staging)\/[^`]+\.go/, `${page} names a Kubernetes source file`);
  }
});
