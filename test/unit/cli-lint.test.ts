// The `kube-probes lint` contract (README, "kube-probes lint"): formats, positions, exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { lintCommand } from '../../src/cli/lint';
import { memoryIO } from '../../src/cli/io';

const ROOT = resolve(__dirname, '../..');
const FIX = 'test/fixtures/lint';

async function run(args: string[], stdin = '') {
  const io = memoryIO(ROOT, stdin);
  const code = await lintCommand(args, io);
  return { code, out: io.out, err: io.err };
}

test('json: one object per finding with 1-based positions and the subject', async () => {
  const { code, out } = await run([`${FIX}/bad-deployment.yaml`, '--format', 'json']);
  assert.equal(code, 1);
  const findings = JSON.parse(out);
  const f = findings.find((x: { rule: string }) => x.rule === 'api/probe-no-handler');
  assert.deepEqual(
    { ...f, message: undefined },
    {
      file: `${FIX}/bad-deployment.yaml`, rule: 'api/probe-no-handler', severity: 'error', message: undefined,
      line: 12, column: 11, endLine: 12, endColumn: 24,
      kind: 'Deployment', name: 'web', namespace: 'shop', container: 'app', probe: 'livenessProbe',
    },
  );
});

test('a folder is searched for manifests; a clean file gives exit 0', async () => {
  const clean = await run([`${FIX}/good-pod.yaml`, '--format', 'json']);
  assert.equal(clean.code, 0, clean.out);
  const all = await run([FIX, '--format', 'json']);
  const files = new Set(JSON.parse(all.out).map((f: { file: string }) => f.file));
  assert.ok(files.has(`${FIX}/bad-deployment.yaml`) && files.has(`${FIX}/broken.yaml`));
});

test('invalid YAML is a yaml-syntax finding, not a crash', async () => {
  const { code, out } = await run([`${FIX}/broken.yaml`, '--format', 'json']);
  assert.equal(code, 1);
  const f = JSON.parse(out).filter((x: { rule: string }) => x.rule === 'yaml-syntax');
  assert.ok(f.length >= 1);
  assert.equal(f[0].severity, 'error');
  assert.ok(f[0].line >= 8);
});

test('exit 2 for an unreadable path and for usage errors', async () => {
  assert.equal((await run(['no/such/file.yaml'])).code, 2);
  assert.match((await run(['no/such/file.yaml'])).err, /cannot read no\/such\/file.yaml: no such file or directory/);
  assert.equal((await run(['--format', 'xml'])).code, 2);
  assert.equal((await run(['--bogus'])).code, 2);
  assert.equal((await run(['--config', 'missing.json', FIX])).code, 2);
});

test("'-' reads standard input", async () => {
  const { code, out } = await run(['-', '--format', 'json'], 'kind: Pod\nspec:\n  containers:\n    - name: a\n      readinessProbe: {}\n');
  assert.equal(code, 1);
  assert.equal(JSON.parse(out)[0].file, '<stdin>');
});

test('--config changes severities (and so the exit code)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-'));
  const cfg = join(dir, 'cfg.yaml');
  writeFileSync(cfg, 'rules:\n  api/probe-no-handler: warning\n  yaml-syntax: "off"\n');
  const { code, out } = await run([`${FIX}/bad-deployment.yaml`, '--format', 'json', '--config', cfg]);
  const f = JSON.parse(out).find((x: { rule: string }) => x.rule === 'api/probe-no-handler');
  assert.equal(f.severity, 'warning');
  assert.equal(code, JSON.parse(out).some((x: { severity: string }) => x.severity === 'error') ? 1 : 0);
});

test('sarif output validates against the SARIF 2.1.0 schema', async () => {
  const { out } = await run([FIX, '--format', 'sarif']);
  const sarif = JSON.parse(out) as { version: string; runs: { results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { region: unknown } }[] }[]; tool: { driver: { rules: { id: string; help: { text: string } }[] } } }[] };
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
  assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
  assert.equal(sarif.version, '2.1.0');
  const run0 = sarif.runs[0];
  const r = run0.results.find((x: { ruleId: string }) => x.ruleId === 'api/probe-no-handler');
  assert.ok(r);
  assert.deepEqual(r.locations[0].physicalLocation.region, { startLine: 12, startColumn: 11, endLine: 12, endColumn: 24 });
  assert.equal(run0.tool.driver.rules[r.ruleIndex].id, 'api/probe-no-handler');
  assert.ok(run0.tool.driver.rules.every((x: { help: { text: string } }) => x.help.text.length > 0));
});

test('text output names file, position, severity, message and rule', async () => {
  const { out } = await run([`${FIX}/bad-deployment.yaml`]);
  assert.match(out, /^test\/fixtures\/lint\/bad-deployment\.yaml$/m);
  assert.match(out, /^ {2}12:11 +error +Liveness probe has no handler.*api\/probe-no-handler {2}\(Deployment\/web › app › livenessProbe\)$/m);
  assert.match(out, /\d+ problems? \(1 error/);
});

test('the real CLI process (tsx) prints JSON and exits 1 on errors', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'lint', `${FIX}/bad-deployment.yaml`, '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 1, r.stderr);
  assert.ok(Array.isArray(JSON.parse(r.stdout)));
});

test('a reader that stops early (| head): no stack trace, the exit code stays the findings\' one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-epipe-'));
  const pods = Array.from({ length: 400 }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec:\n  containers:\n    - name: c\n      image: x\n      livenessProbe: {httpGet: {port: 0}}\n`);
  writeFileSync(join(dir, 'many.yaml'), pods.join('---\n'));
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli.ts'), 'lint', join(dir, 'many.yaml'), '--format', 'json'], { cwd: ROOT });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout.once('data', () => child.stdout.destroy()); // what `head -1` does once it has its line
  const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  assert.equal(err, '');
  assert.equal(code, 1);
});

test('a byte-order mark is no column: a one-line JSON manifest with a BOM has the columns of the same file without it', async () => {
  const json = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"x","livenessProbe":{"tcpSocket":{"port":0}}}]}}\n';
  const dir = mkdtempSync(join(tmpdir(), 'kp-bom-'));
  writeFileSync(join(dir, 'plain.json'), json);
  writeFileSync(join(dir, 'bom.json'), '\uFEFF' + json);
  const cols = async (f: string) => {
    const { out } = await run([join(dir, f), '--format', 'json']);
    return (JSON.parse(out) as Array<{ rule: string; line: number; column: number; endColumn: number }>).map((x) => `${x.rule} ${x.line}:${x.column}-${x.endColumn}`);
  };
  const plain = await cols('plain.json');
  assert.ok(plain.includes(`api/port-out-of-range 1:${json.indexOf('"port":0') + 8}-${json.indexOf('"port":0') + 9}`), plain.join('\n'));
  assert.deepEqual(await cols('bom.json'), plain);
  const stdin = await run(['-', '--format', 'json'], '\uFEFF' + json);
  assert.deepEqual((JSON.parse(stdin.out) as Array<{ rule: string; line: number; column: number; endColumn: number }>).map((x) => `${x.rule} ${x.line}:${x.column}-${x.endColumn}`), plain);
});

test('a document-level finding (a key written twice) names the object, container and probe it sits in', async () => {
  const yaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: x\n        readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 3, periodSeconds: 4}\n';
  const { out } = await run(['-', '--format', 'json'], yaml);
  const dup = JSON.parse(out).filter((f: { rule: string }) => f.rule === 'schema/duplicate-key');
  assert.equal(dup.length, 1);
  assert.deepEqual([dup[0].line, dup[0].kind, dup[0].name, dup[0].namespace, dup[0].container, dup[0].probe], [10, 'Deployment', 'web', 'shop', 'app', 'readinessProbe']);
});

test('a broken document gives one yaml-syntax finding (the first error), not its cascade', async () => {
  const broken = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n    labels: {a: b}\nspec:\n  containers:\n   - name: a\n  - name: b\n';
  const { out } = await run(['-', '--format', 'json'], broken);
  const syntax = JSON.parse(out).filter((f: { rule: string }) => f.rule === 'yaml-syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0].line, 4);
  assert.match(syntax[0].message, /\(4 more errors in this document/);
  assert.equal(JSON.parse(out).filter((f: { rule: string }) => f.rule === 'schema/duplicate-key').length, 0);
});

test('a container-level finding on a probe key names that probe', async () => {
  const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - name: init\n      livenessProbe:\n        tcpSocket: {port: 80}\n  containers:\n    - name: a\n      readinessProbe: {tcpSocket: {port: 80}}\n';
  const { out } = await run(['-', '--format', 'json'], yaml);
  const f = JSON.parse(out).find((x: { rule: string }) => x.rule === 'api/init-container-probe-forbidden');
  assert.equal(f.container, 'init');
  assert.equal(f.probe, 'livenessProbe');
});
