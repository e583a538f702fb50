// The layering of DEVELOPERS.md, checked: the core, the CLI and the webview never import 'vscode',
// and the core never imports the glue or the webview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(|import\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

test("src/core, src/cli and src/webview never import 'vscode'", () => {
  const offenders = ['src/core', 'src/cli', 'src/webview']
    .flatMap((d) => files(join(ROOT, d)))
    .concat(join(ROOT, 'src/cli.ts'))
    .filter((f) => imports(f).includes('vscode'))
    .map((f) => relative(ROOT, f));
  assert.deepEqual(offenders, []);
});

test('src/core does not depend on the glue or the webview', () => {
  const offenders = files(join(ROOT, 'src/core')).flatMap((f) =>
    imports(f)
      .filter((i) => i.startsWith('.') && /\/(extension|webview)\//.test(resolve(f, '..', i) + '/'))
      .map((i) => `${relative(ROOT, f)} → ${i}`),
  );
  assert.deepEqual(offenders, []);
});
