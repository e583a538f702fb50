// CodeLens and "Run probe" in a real VS Code, against the bundled demo app running on 127.0.0.1.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { activeExtension, openFixture, screenshot, startDemoApp, waitFor, type DemoPorts } from './helpers';

async function lensTitles(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)) ?? [];
}

/** The "▶ Run probe" lenses of a document, once they are there. */
export async function runLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return waitFor(async () => {
    const l = (await lensTitles(uri)).filter((x) => x.command?.title === '▶ Run probe');
    return l.length ? l : undefined;
  }, { message: 'Run probe lenses', timeout: 25_000 });
}

describe('CodeLens: run probes from the editor', function () {
  this.timeout(60_000);
  let demo: { child: ChildProcess; ports: DemoPorts } | undefined;

  before(async () => {
    await activeExtension();
    demo = await startDemoApp();
  });
  after(() => demo?.child.kill('SIGTERM'));

  it('shows Simulate above the workload and Run / Watch above each probe', async () => {
    const editor = await openFixture('manifests/deployment.yaml');
    const lenses = await waitFor(async () => {
      const l = await lensTitles(editor.document.uri);
      return l.length >= 7 ? l : undefined;
    }, { message: 'the CodeLenses of deployment.yaml', timeout: 25_000 });
    const at = (title: string) => lenses.filter((l) => l.command?.title === title).map((l) => editor.document.lineAt(l.range.start.line).text.trim());
    assert.deepEqual(at('◷ Simulate'), ['apiVersion: apps/v1']);
    assert.deepEqual(at('▶ Run probe'), ['startupProbe:', 'livenessProbe:', 'readinessProbe:']);
    assert.deepEqual(at('⟳ Watch'), ['startupProbe:', 'livenessProbe:', 'readinessProbe:']);
  });

  it('runs the liveness probe against the demo app and shows the verdict in the lens', async () => {
    const editor = await openFixture('manifests/deployment.yaml');
    const lenses = await runLenses(editor.document.uri);
    const liveness = lenses.find((l) => editor.document.lineAt(l.range.start.line).text.trim() === 'livenessProbe:');
    assert.ok(liveness?.command?.arguments);
    const [uri, loc] = liveness.command.arguments as [vscode.Uri, { workload: string }];
    // Send the named port `http` (container port 8080) to the demo app's real port.
    await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8080: demo!.ports.http } });
    const result = await vscode.commands.executeCommand<{ result: string; http?: { status?: number } }>('kubeProbes.runProbe', uri, loc);
    assert.equal(result?.result, 'success');
    assert.equal(result?.http?.status, 200);
    const verdict = await waitFor(async () =>
      (await lensTitles(uri)).find((l) => /^✓ 200 in \d+ ms$/.test(l.command?.title ?? '') && editor.document.lineAt(l.range.start.line).text.trim() === 'livenessProbe:'),
    { message: 'the ✓ 200 lens above livenessProbe', timeout: 25_000 });
    assert.ok(verdict);
    editor.revealRange(liveness.range, vscode.TextEditorRevealType.InCenter);
    await screenshot('codelens-run-verdict', { settleMs: 1500 });
  });

  it('gives the kubelet verdict for a failing endpoint (503 after flipping the demo app)', async () => {
    await fetch(`http://127.0.0.1:${demo!.ports.http}/admin/mode?readiness=fail`, { method: 'POST' });
    const editor = await openFixture('manifests/deployment.yaml');
    const lenses = await runLenses(editor.document.uri);
    const readiness = lenses.find((l) => editor.document.lineAt(l.range.start.line).text.trim() === 'readinessProbe:');
    const [uri, loc] = readiness!.command!.arguments as [vscode.Uri, unknown];
    const result = await vscode.commands.executeCommand<{ result: string; message: string; event?: string }>('kubeProbes.runProbe', uri, loc);
    assert.equal(result?.result, 'failure');
    assert.equal(result?.message, 'HTTP probe failed with statuscode: 503');
    assert.equal(result?.event, 'Readiness probe failed: HTTP probe failed with statuscode: 503');
    await waitFor(async () => (await lensTitles(uri)).some((l) => l.command?.title === '✗ 503'), { message: 'the ✗ 503 lens', timeout: 25_000 });
  });
});
