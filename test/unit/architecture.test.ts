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

/** What a file loads at run time: imports and re-exports, without `import type` / `export type` (erased). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^\s*(?:import|export)\s+type\s[^;]*;/gm, '');
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
      .filter((i) => i.startsWith('.') && /^src\/(extension|webview)\//.test(relative(ROOT, resolve(f, '..', i)) + '/'))
      .map((i) => `${relative(ROOT, f)} → ${i}`),
  );
  assert.deepEqual(offenders, []);
});

/** The files a file imports, resolved (relative imports only), and its bare imports (packages, node:). */
function resolvedImports(file: string, which: (f: string) => string[] = imports): { local: string[]; bare: string[] } {
  const local: string[] = [];
  const bare: string[] = [];
  for (const i of which(file)) {
    if (!i.startsWith('.')) {
      bare.push(i);
      continue;
    }
    const base = resolve(file, '..', i);
    const hit = [`${base}.ts`, join(base, 'index.ts')].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    if (hit) local.push(hit);
  }
  return { local, bare };
}

test('src/webview is browser code: it and everything it imports use no node module, no package, nothing of the extension or the CLI', () => {
  const seen = new Set<string>();
  const offenders: string[] = [];
  const walk = (f: string, via: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    const rel = relative(ROOT, f);
    if (/^src\/(extension|cli)\//.test(rel) || rel === 'src/cli.ts') offenders.push(`${via} → ${rel}`);
    const { local, bare } = resolvedImports(f, runtimeImports);
    for (const b of bare) offenders.push(`${rel} → ${b}`);
    for (const l of local) walk(l, rel);
  };
  for (const f of files(join(ROOT, 'src/webview'))) walk(f, relative(ROOT, f));
  assert.deepEqual(offenders, []);
  assert.ok(seen.size > files(join(ROOT, 'src/webview')).length, 'the walk reached the core modules the webview uses');
});

test('only the webview bundle imports src/webview (host code lives in the core or the extension)', () => {
  const offenders = ['src/core', 'src/extension', 'src/cli']
    .flatMap((d) => files(join(ROOT, d)))
    .flatMap((f) => resolvedImports(f).local.filter((l) => relative(ROOT, l).startsWith('src/webview/')).map((l) => `${relative(ROOT, f)} → ${relative(ROOT, l)}`));
  assert.deepEqual(offenders, []);
});

test('file names in src are unique: one name, one concept', () => {
  const byName = new Map<string, string[]>();
  for (const f of files(join(ROOT, 'src'))) {
    const name = f.slice(f.lastIndexOf('/') + 1);
    if (name === 'index.ts') continue; // a folder's entry point
    byName.set(name, [...(byName.get(name) ?? []), relative(ROOT, f)]);
  }
  const dupes = [...byName.values()].filter((l) => l.length > 1);
  assert.deepEqual(dupes.filter((l) => l.some((p) => p.startsWith('src/webview/'))), [], 'names under src/webview collide');
});
