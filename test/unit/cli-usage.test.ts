// Usage errors of every `kube-probes` subcommand (exit 2, a clear message on stderr), checked by
// running the CLI as a user does: src/cli.ts bundled with esbuild (as the build does) into a temp
// dir, then spawned with node. Every single-valued option of every subcommand given twice with
// different values is refused; repeatable options (--values, --set, --port-map) and PATHs stay repeatable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { OPTIONS as LINT } from '../../src/cli/lint';
import { OPTIONS as RUN } from '../../src/cli/run';
import { OPTIONS as SIMULATE } from '../../src/cli/simulate';
import { OPTIONS as MEASURE } from '../../src/cli/measure';
import type { OptionTable } from '../../src/cli/args';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kp-cli-usage-'));
const CLI = join(dir, 'cli.js');
const FILE = join(dir, 'web.yaml');
const FILE2 = join(dir, 'web-copy.yaml');
const MANIFEST = `apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
    - name: app
      image: web
      livenessProbe:
        tcpSocket: { port: 1 }
`;
writeFileSync(FILE, MANIFEST);
writeFileSync(FILE2, MANIFEST);

before(async () => {
  await esbuild.build({ entryPoints: [join(ROOT, 'src/cli.ts')], outfile: CLI, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome { code: number | null; out: string; err: string }

function cli(args: string[]): Promise<Outcome> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code, out, err }));
  });
}

/** Runs every case, four processes at a time (the machine is small), in the cases' order. */
async function all(cases: string[][]): Promise<Outcome[]> {
  const results: Outcome[] = [];
  for (let i = 0; i < cases.length; i += 4) results.push(...(await Promise.all(cases.slice(i, i + 4).map(cli))));
  return results;
}

const COMMANDS: [string, OptionTable][] = [['lint', LINT], ['run', RUN], ['simulate', SIMULATE], ['measure', MEASURE]];
const single = (t: OptionTable) => Object.entries(t).filter(([, o]) => o.type === 'string' && !o.multiple).map(([name]) => name);

test('every single-valued option of every subcommand, given twice with different values: exit 2, one line naming the option', { timeout: 300_000 }, async () => {
  const cases: [string, string, string[]][] = [];
  for (const [cmd, table] of COMMANDS) {
    for (const name of single(table)) cases.push([cmd, name, [cmd, FILE, `--${name}`, 'one', `--${name}=two`]]);
  }
  // The brief's own case, and the table really lists what the commands take.
  assert.ok(cases.some(([c, n]) => c === 'run' && n === 'probe'));
  assert.ok(cases.length >= 40, `${cases.length} cases`);
  const results = await all(cases.map(([, , args]) => args));
  cases.forEach(([cmd, name], i) => {
    const r = results[i];
    assert.equal(r.code, 2, `${cmd} --${name}: ${r.err}`);
    assert.equal(r.err, `kube-probes ${cmd}: option '--${name}' given twice ('one', then 'two'); it takes one value\n`);
    assert.equal(r.out, '');
  });
});

test('the probe of `run` given twice is refused rather than the last one run', async () => {
  const [r] = await all([['run', FILE, '--container', 'app', '--probe', 'livenessProbe', '--probe', 'readinessProbe']]);
  assert.equal(r.code, 2);
  assert.equal(r.err, `kube-probes run: option '--probe' given twice ('livenessProbe', then 'readinessProbe'); it takes one value\n`);
});

test('the same value twice is accepted; repeatable options and PATHs stay repeatable', async () => {
  const [sameFormat, twoPaths, values, portMaps] = await all([
    ['lint', FILE, '--format', 'json', '--format', 'json'],
    ['lint', FILE, FILE2, '--format=json'],
    ['lint', FILE, '--values', 'a.yaml', '--values', 'b.yaml', '--set', 'a=1', '--set', 'b=2', '--format', 'json'],
    ['run', FILE, '--container', 'app', '--probe', 'livenessProbe', '--port-map', '1:2', '--port-map', '1:3', '--format', 'json'],
  ]);
  // The manifest's tcpSocket port 1 is no error finding: exit 0, the findings as JSON.
  for (const r of [sameFormat, twoPaths, values]) {
    assert.equal(r.err, '');
    assert.ok(Array.isArray(JSON.parse(r.out)));
  }
  assert.equal(JSON.parse(twoPaths.out).length, 2 * JSON.parse(sameFormat.out).length);
  // The last --port-map entry for a port wins: the probe goes to 127.0.0.1:3 (nothing listens there).
  assert.equal(portMaps.err, '');
  assert.equal(portMaps.code, 1);
  assert.equal(JSON.parse(portMaps.out).probe.target, '127.0.0.1:3');
});

test('unknown options, missing values, bad --watch and --format values: exit 2, the first stderr line says what is wrong', { timeout: 120_000 }, async () => {
  const run = ['run', FILE, '--container', 'app', '--probe', 'livenessProbe'];
  const cases: [string[], string][] = [
    [['lint', FILE, '--bogus'], `kube-probes lint: unknown option '--bogus'`],
    [[...run, '--bogus=1'], `kube-probes run: unknown option '--bogus'`],
    [['simulate', FILE, '-x'], `kube-probes simulate: unknown option '-x'`],
    [['measure', FILE, '--container', 'app', '--probe', 'livenessProbe', '--bogus'], `kube-probes measure: unknown option '--bogus'`],
    [['run', FILE, '--container'], `kube-probes run: option '--container' needs a value`],
    [['run', FILE, '--container', '--probe', 'livenessProbe'], `kube-probes run: option '--container' needs a value (write --container=VALUE for a value starting with '-')`],
    [['lint', FILE, '--format'], `kube-probes lint: option '--format' needs a value`],
    [['measure', FILE, '--container', 'app', '--probe'], `kube-probes measure: option '--probe' needs a value`],
    [['simulate', FILE, '--fail-on-unhealthy=yes'], `kube-probes simulate: option '--fail-on-unhealthy' takes no value`],
    [[...run, '--watch', 'abc'], `kube-probes run: --watch wants a number of seconds > 0 (at most 2147482), got 'abc'`],
    [[...run, '--watch', '0'], `kube-probes run: --watch wants a number of seconds > 0 (at most 2147482), got '0'`],
    [[...run, '--watch='], `kube-probes run: --watch wants a number of seconds > 0 (at most 2147482), got ''`],
    [[...run, '--watch', '1e99'], `kube-probes run: --watch wants a number of seconds > 0 (at most 2147482), got '1e99'`],
    [['lint', FILE, '--format', 'xml'], `kube-probes lint: --format must be text, json or sarif, got 'xml'`],
    [[...run, '--format', 'xml'], `kube-probes run: --format must be text or json, got 'xml'`],
    [['simulate', FILE, '--format', 'xml'], `kube-probes simulate: --format must be text or json, got 'xml'`],
    [['measure', FILE, '--container', 'app', '--probe', 'livenessProbe', '--format', 'xml'], `kube-probes measure: --format must be text or json, got 'xml'`],
    [['run', FILE, '--container', 'app', '--probe', 'liveness'], `kube-probes run: --probe must be one of livenessProbe, readinessProbe, startupProbe, postStart, preStop, got 'liveness'`],
    [[...run, '--exec', 'ssh'], `kube-probes run: --exec must be local, kubectl or docker, got 'ssh'`],
  ];
  const results = await all(cases.map(([args]) => args));
  cases.forEach(([args, line], i) => {
    const r = results[i];
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err.split('\n')[0], line);
    assert.match(r.err, new RegExp(`\\n\\nusage: kube-probes ${args[0]} `), 'the usage follows the message');
    assert.equal(r.out, '');
  });
});
