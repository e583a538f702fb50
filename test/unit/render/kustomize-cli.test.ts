// `kube-probes lint OVERLAY_DIR --kubectl PATH` (and run/simulate on an overlay) with the real
// kubectl v1.35.2: JSON findings at the exact file, line and column of the patch or base to edit,
// rendered names, and exit 2 with kubectl's own message when the overlay cannot be rendered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { lintCommand } from '../../../src/cli/lint';
import { runCommand } from '../../../src/cli/run';
import { simulateCommand } from '../../../src/cli/simulate';
import { memoryIO } from '../../../src/cli/io';
import { TOOLS } from '../tools';

const ROOT = resolve(__dirname, '../../..');
const EX = 'examples/kustomize';

interface J { file: string; rule: string; severity: string; line: number; column: number; endLine: number; endColumn: number; kind?: string; name?: string; namespace?: string; container?: string; probe?: string }

async function lint(...args: string[]) {
  const io = memoryIO(ROOT);
  const code = await lintCommand([...args, '--format', 'json'], io);
  const findings: J[] = io.out ? JSON.parse(io.out) : [];
  return { code, err: io.err, findings, brief: findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.rule}`).sort() };
}

test('production overlay (two layers): every finding at the patch or base position, names and namespace as rendered', async () => {
  const r = await lint(`${EX}/overlays/production`, '--kubectl', TOOLS.kubectl);
  assert.equal(r.code, 1, r.err); // the misspelt named port is an error
  assert.deepEqual(r.brief, [
    `${EX}/base/deployment.yaml:20:17-20:28 probe/missing-liveness`,
    `${EX}/base/deployment.yaml:20:17-20:28 probe/missing-readiness`,
    `${EX}/overlays/production/kustomization.yaml:20:16-20:17 probe/liveness-less-tolerant-than-readiness`,
    `${EX}/overlays/staging/kustomization.yaml:30:27-30:31 probe/named-port-not-found`,
    `${EX}/overlays/staging/liveness-timing.yaml:12:29-12:31 probe/timeout-ge-period`,
    `${EX}/overlays/staging/readiness-port.yaml:4:10-4:14 probe/port-not-declared`,
  ]);
  for (const f of r.findings) assert.deepEqual([f.kind, f.name, f.namespace], ['Deployment', 'staging-shop-prod', 'shop-prod']);
  const port = r.findings.find((f) => f.rule === 'probe/named-port-not-found');
  assert.deepEqual([port?.container, port?.probe, port?.severity], ['web', 'startupProbe', 'error']);
});

test('base alone: only the base findings, on the base file', async () => {
  const r = await lint(`${EX}/base`, '--kubectl', TOOLS.kubectl);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.brief, [`${EX}/base/deployment.yaml:20:17-20:28 probe/missing-liveness`, `${EX}/base/deployment.yaml:20:17-20:28 probe/missing-readiness`]);
  assert.ok(r.findings.every((f) => f.name === 'shop'));
});

test('exit 2 with the reason on stderr: kubectl missing, a kustomization that does not render', async () => {
  const missing = await lint(`${EX}/overlays/staging`, '--kubectl', join(tmpdir(), 'no-such-dir', 'kubectl'));
  assert.equal(missing.code, 2);
  assert.match(missing.err, /kubectl was not found/);
  const dir = mkdtempSync(join(tmpdir(), 'kp-kust-cli-'));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - ../does-not-exist\n');
  const broken = await lint(dir, '--kubectl', TOOLS.kubectl);
  assert.equal(broken.code, 2);
  assert.match(broken.err, /does-not-exist/);
  assert.deepEqual(broken.findings, []);
});

test('simulate and run take an overlay folder with --workload naming the rendered Deployment', async () => {
  const sim = memoryIO(ROOT);
  const code = await simulateCommand([`${EX}/overlays/production`, '--workload', 'Deployment/staging-shop-prod', '--kubectl', TOOLS.kubectl, '--format', 'json'], sim);
  assert.equal(code, 0, sim.err);
  const out = JSON.parse(sim.out) as { events: Array<{ subject: string }> };
  assert.ok(out.events.some((e) => e.subject === 'web'), sim.out.slice(0, 500));

  const bad = memoryIO(ROOT);
  assert.equal(await simulateCommand([`${EX}/overlays/production`, '--workload', 'Deployment/shop', '--kubectl', TOOLS.kubectl], bad), 2);
  assert.match(bad.err, /Deployment\/staging-shop-prod/);

  // The rendered readiness probe checks port 8081 (the staging JSON 6902 patch); map it to a closed local port.
  const run = memoryIO(ROOT);
  const rc = await runCommand([`${EX}/overlays/production`, '--workload', 'Deployment/staging-shop-prod', '--container', 'web', '--probe', 'readinessProbe', '--kubectl', TOOLS.kubectl, '--port-map', '8081:1', '--format', 'json'], run);
  assert.equal(rc, 1, run.err);
  assert.equal(JSON.parse(run.out).probe.target, 'http://127.0.0.1:1/ready');
});
