// `kube-probes lint CHART_DIR` with the real helm v4 from the devDependency: every finding of the
// example charts at its exact file and line (values file, --values override, --set → template line,
// subchart values, `global`, aliases), hook pods, and the exit-2 paths (no helm, missing values file,
// a template that does not render).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { runCommand } from '../../../src/cli/run';
import { simulateCommand } from '../../../src/cli/simulate';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';

const ROOT = resolve(__dirname, '../../..');
const WEB = 'examples/charts/web';

interface J { file: string; rule: string; line: number; column: number; endLine: number; name?: string; container?: string; probe?: string; severity: string; message: string }

async function lint(...args: string[]) {
  const io = memoryIO(ROOT);
  const code = await lintCommand([...args, '--helm', TOOLS.helm, '--format', 'json'], io);
  const findings: J[] = io.out ? JSON.parse(io.out) : [];
  return { code, findings, err: io.err, brief: findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.name}/${f.container}`) };
}

test('example chart: each finding at the values key or template line to change', async () => {
  const r = await lint(WEB);
  assert.equal(r.code, 0, r.err); // warnings and infos only
  assert.deepEqual(r.brief, [
    // `periodSeconds: {{ .Values.readiness.periodSeconds | default 0 }}`: no values file holds the 0.
    `${WEB}/templates/deployment.yaml:29:28 probe/zero-is-default release-name-web/web`,
    // The toYaml'd livenessProbe maps key by key into values.yaml.
    `${WEB}/values.yaml:12:19 probe/timeout-ge-period release-name-web/web`,
    // worker.probeTimeout (parent values.yaml) overrides the subchart's own 1.
    `${WEB}/values.yaml:22:17 probe/timeout-ge-period release-name-worker/worker`,
    // `port: {{ .Values.global.metricsPort }}` in the subchart → global in the parent's values.yaml.
    `${WEB}/values.yaml:25:16 probe/port-not-declared release-name-worker/worker`,
  ]);
  const t = r.findings[1];
  assert.deepEqual([t.endLine, t.probe, t.severity], [12, 'livenessProbe', 'warning']);
});

test('--values: the last values file that sets the value holds the finding', async () => {
  const r = await lint(WEB, '--values', `${WEB}/values-prod.yaml`);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.brief, [
    `${WEB}/templates/deployment.yaml:29:28 probe/zero-is-default release-name-web/web`,
    `${WEB}/values-prod.yaml:3:19 probe/timeout-ge-period release-name-web/web`, // timeoutSeconds: 8
    `${WEB}/values.yaml:25:16 probe/port-not-declared release-name-worker/worker`,
  ]);
  assert.match(r.findings[1].message, /timeoutSeconds 8 ≥ periodSeconds 5/);
});

test('--set: a value no file holds maps to the template line that wrote the key', async () => {
  const r = await lint(WEB, '--set', 'readiness.timeoutSeconds=20', '--set', 'livenessProbe.timeoutSeconds=7');
  const web = r.brief.filter((b) => b.includes('release-name-web/'));
  assert.deepEqual(web, [
    // The toYaml'd probe: the `{{- toYaml .Values.livenessProbe | nindent 12 }}` line wrote it.
    `${WEB}/templates/deployment.yaml:24:13 probe/timeout-ge-period release-name-web/web`,
    `${WEB}/templates/deployment.yaml:29:28 probe/zero-is-default release-name-web/web`,
    // `timeoutSeconds: {{ .Values.readiness.timeoutSeconds }}` at its value.
    `${WEB}/templates/deployment.yaml:30:29 probe/timeout-ge-period release-name-web/web`,
  ]);
});

test('--release and --namespace: names and namespaces are the rendered ones', async () => {
  const r = await lint(WEB, '--release', 'shop', '--namespace', 'prod');
  assert.ok(r.findings.length > 0);
  assert.ok(r.findings.every((f) => f.name === 'shop-web' || f.name === 'shop-worker'), r.brief.join('\n'));
});

test('subchart under an alias: its own values.yaml, and global from the parent', async () => {
  const dir = 'test/fixtures/charts/umbrella';
  const r = await lint(dir);
  assert.deepEqual(r.brief, [`${dir}/charts/svc/values.yaml:3:19 probe/timeout-ge-period release-name-api/svc`]);
  assert.match(r.findings[0].message, /timeoutSeconds 4 ≥ periodSeconds 4/); // global.probePeriod 4 from the parent, not the subchart's 60
});

test('a helm test hook pod is not reported for missing probes; a folder holding a chart renders it as one unit', async () => {
  const r = await lint('examples/charts');
  assert.equal(r.code, 0, r.err);
  assert.ok(!r.findings.some((f) => /missing-/.test(f.rule)), r.brief.join('\n'));
  assert.ok(!r.findings.some((f) => f.name?.endsWith('-test')));
  // The subchart is part of the chart: its worker appears once, rendered (release-name-worker).
  assert.equal(r.findings.filter((f) => f.container === 'worker').length, 2);
  assert.ok(r.findings.every((f) => f.file.startsWith(`${WEB}/`)));
});

test('text output names the files to edit', async () => {
  const io = memoryIO(ROOT);
  const code = await lintCommand([WEB, '--helm', TOOLS.helm], io);
  assert.equal(code, 0, io.err);
  assert.match(io.out, new RegExp(`^${WEB}/templates/deployment.yaml\\n  29:28 +info +Readiness probe periodSeconds: 0`, 'm'));
  assert.match(io.out, /4 problems \(0 errors, 3 warnings, 1 info\) in 2 files\.\n$/);
});

test('exit 2 with the reason on stderr: helm missing, a values file that does not exist, a template that does not render', async () => {
  const noHelm = memoryIO(ROOT);
  assert.equal(await lintCommand([WEB, '--helm', '/nonexistent/helm'], noHelm), 2);
  assert.match(noHelm.err, /^kube-probes lint: examples\/charts\/web: helm not found: '\/nonexistent\/helm' does not exist/);

  const empty = mkdtempSync(join(tmpdir(), 'kp-nohelm-'));
  const saved = process.env.PATH;
  process.env.PATH = empty; // no helm on PATH
  try {
    const io = memoryIO(ROOT);
    assert.equal(await lintCommand([WEB], io), 2);
    assert.match(io.err, /helm not found: 'helm' is not on PATH; install Helm 3 or 4/);
  } finally {
    process.env.PATH = saved;
  }

  const badValues = await lint(WEB, '--values', 'no/such/values.yaml');
  assert.equal(badValues.code, 2);
  assert.match(badValues.err, /values file no\/such\/values.yaml does not exist/);

  const broken = await lint('test/fixtures/charts/broken');
  assert.equal(broken.code, 2);
  // helm's own words, naming the template and line.
  assert.match(broken.err, /broken\/templates\/pod\.yaml:10:33/);
  assert.match(broken.err, /nil pointer evaluating interface \{\}\.period/);
  assert.deepEqual(broken.findings, []);
});

test('a plain manifest next to a chart that fails is still linted; exit 2 for the chart', async () => {
  const r = await lint('test/fixtures/charts/broken', 'test/fixtures/lint/bad-deployment.yaml');
  assert.equal(r.code, 2);
  assert.ok(r.findings.some((f) => f.file === 'test/fixtures/lint/bad-deployment.yaml'));
});

test('run and simulate take a chart folder with --workload naming the rendered workload', async () => {
  const sim = memoryIO(ROOT);
  const code = await simulateCommand([WEB, '--workload', 'Deployment/release-name-worker', '--helm', TOOLS.helm, '--format', 'json'], sim);
  assert.equal(code, 0, sim.err);
  const out = JSON.parse(sim.out) as { events: Array<{ subject: string }> };
  assert.ok(out.events.some((e) => e.subject === 'worker'));

  const bad = memoryIO(ROOT);
  assert.equal(await simulateCommand([WEB, '--workload', 'Deployment/nope', '--helm', TOOLS.helm], bad), 2);
  assert.match(bad.err, /workload 'Deployment\/nope' not found in examples\/charts\/web; workloads: Deployment\/release-name-worker, Deployment\/release-name-web, Pod\/release-name-web-test/);

  // The rendered worker probes port 9090 (global.metricsPort) on 127.0.0.1; map it to a closed local port.
  const run = memoryIO(ROOT);
  const rc = await runCommand([WEB, '--workload', 'Deployment/release-name-worker', '--container', 'worker', '--probe', 'livenessProbe', '--helm', TOOLS.helm, '--port-map', '9090:1', '--format', 'json'], run);
  assert.equal(rc, 1, run.err);
  assert.equal(JSON.parse(run.out).probe.target, 'http://127.0.0.1:1/metrics');

  const broken = memoryIO(ROOT);
  assert.equal(await runCommand(['test/fixtures/charts/broken', '--container', 'app', '--probe', 'livenessProbe', '--helm', TOOLS.helm], broken), 2);
  assert.match(broken.err, /nil pointer evaluating/);
});

test('a values path relative to the working directory; a stand-in helm that prints its arguments', async () => {
  // The stand-in records the argv kube-probes gives helm: no shell, release, chart, --values in order, --set.
  const dir = mkdtempSync(join(tmpdir(), 'kp-helm-args-'));
  const fake = join(dir, 'helm');
  writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/argv"\necho 'no: [' >&2\nexit 1\n`);
  chmodSync(fake, 0o755);
  const io = memoryIO(ROOT);
  const code = await lintCommand([WEB, '--helm', fake, '--values', `${WEB}/values-prod.yaml`, '--set', 'a=b c', '--release', 'r1', '--namespace', 'n1'], io);
  assert.equal(code, 2);
  assert.match(io.err, /no: \[/);
  const argv = (await import('node:fs')).readFileSync(join(dir, 'argv'), 'utf8').trim().split('\n');
  assert.deepEqual(argv, ['template', 'r1', resolve(ROOT, WEB), '--namespace', 'n1', '--values', resolve(ROOT, WEB, 'values-prod.yaml'), '--set', 'a=b c']);
});
