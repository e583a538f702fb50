// CodeLens and "Run probe" in a real VS Code, against the bundled demo app running on 127.0.0.1:
// verdicts with their age, the status bar's "failing now" that a later success clears, the
// warning for a probe the API server rejects, and the target prompt that "all workloads" ends.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import { activeExtension, openFixture, screenshot, startDemoApp, waitFor, type DemoPorts } from './helpers';

const AGE = '(just now|\\d+ min ago)';

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
  let api: KubeProbesApi;

  before(async () => {
    api = (await activeExtension()).exports as KubeProbesApi;
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
      (await lensTitles(uri)).find((l) => new RegExp(`^✓ 200 in \\d+ ms · ${AGE}$`).test(l.command?.title ?? '') && editor.document.lineAt(l.range.start.line).text.trim() === 'livenessProbe:'),
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
    await waitFor(async () => (await lensTitles(uri)).some((l) => new RegExp(`^✗ 503 · ${AGE}$`).test(l.command?.title ?? '')), { message: 'the ✗ 503 lens', timeout: 25_000 });
  });

  it('the status bar counts a failed run until a later run of that probe passes', async () => {
    const editor = await openFixture('manifests/deployment.yaml');
    const readiness = (await runLenses(editor.document.uri)).find((l) => editor.document.lineAt(l.range.start.line).text.trim() === 'readinessProbe:')!;
    const [uri, loc] = readiness.command!.arguments as [vscode.Uri, unknown];
    const count = () => Number(/^\$\(pulse\) (\d+) failing/.exec(api.views.statusBar.text ?? '')?.[1] ?? NaN);
    await fetch(`http://127.0.0.1:${demo!.ports.http}/admin/mode?readiness=fail`, { method: 'POST' });
    assert.equal((await vscode.commands.executeCommand<{ result: string }>('kubeProbes.runProbe', uri, loc))?.result, 'failure');
    await waitFor(() => /Deployment web › web › readinessProbe: ✗ 503/.test(api.views.statusBar.tooltip ?? ''), { message: 'the failing readiness probe in the status bar tooltip' });
    const failing = count();
    assert.ok(failing >= 1, `at least this probe fails (${api.views.statusBar.text})`);
    await fetch(`http://127.0.0.1:${demo!.ports.http}/admin/mode?readiness=ok`, { method: 'POST' });
    assert.equal((await vscode.commands.executeCommand<{ result: string }>('kubeProbes.runProbe', uri, loc))?.result, 'success');
    await waitFor(() => count() === failing - 1, { message: `the count to drop to ${failing - 1} (${api.views.statusBar.text})` });
    assert.doesNotMatch(api.views.statusBar.tooltip ?? '', /readinessProbe: ✗/);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('says that the API server rejects a probe (scheme: https) before its result', async () => {
    const editor = await openFixture('manifests/broken-api-validation.yaml');
    const lenses = await runLenses(editor.document.uri);
    const lineOf = (l: vscode.CodeLens) => l.range.start.line;
    const schemeLine = editor.document.getText().split('\n').findIndex((l) => l.trim() === 'scheme: https');
    const liveness = lenses.filter((l) => lineOf(l) < schemeLine).at(-1)!;
    const [uri, loc] = liveness.command!.arguments as [vscode.Uri, { workload: string; site: string }];
    assert.deepEqual([loc.workload, loc.site], ['Pod/scheme-lowercase', 'livenessProbe']);
    await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8443: demo!.ports.http } });
    await vscode.commands.executeCommand('kubeProbes.runProbe', uri, loc);
    const last = api.runs.last(uri, loc as never);
    assert.ok(last?.rejected?.length, 'the run carries the linter’s error findings');
    assert.match(last.rejected[0]!, /scheme "https", but the scheme is case-sensitive and must be HTTP or HTTPS.*\(api\/httpget-scheme-unsupported\)$/);
    const lens = await waitFor(
      async () => (await lensTitles(uri)).find((l) => lineOf(l) === lineOf(liveness) && /^⚠ rejected by the API server · /.test(l.command?.title ?? '')),
      { message: 'the rejected lens above the probe', timeout: 25_000 },
    );
    assert.ok(lens);
    editor.revealRange(liveness.range, vscode.TextEditorRevealType.InCenter);
    await screenshot('codelens-rejected-scheme', { waitFor: '.notifications-toasts .notification-toast', settleMs: 1000 });
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('the target prompt offers "all workloads in this workspace", and then stops asking', async () => {
    await api.runs.clearWorkspaceTarget();
    try {
      // Two workloads nobody chose a target for: pod.yaml's Pod demo and rollout.yaml's Rollout.
      const first = await openFixture('manifests/pod.yaml');
      const [a] = await runLenses(first.document.uri);
      const running = vscode.commands.executeCommand<{ result: string } | undefined>('kubeProbes.runProbe', ...(a!.command!.arguments as [vscode.Uri, unknown]));
      // The real quick pick: wait until it is on screen, then take its second item.
      await screenshot('run-target-prompt', { waitFor: '.quick-input-widget .quick-input-list .monaco-list-row', settleMs: 300 });
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.ok(await running, 'the first run ran after the choice');

      const second = await openFixture('manifests/rollout.yaml');
      const [b] = await runLenses(second.document.uri);
      // No prompt this time: the run finishes on its own (a prompt would wait until the test times out).
      const result = await vscode.commands.executeCommand<{ result: string } | undefined>('kubeProbes.runProbe', ...(b!.command!.arguments as [vscode.Uri, unknown]));
      assert.ok(result?.result, 'the second workload ran without asking');
    } finally {
      await api.runs.clearWorkspaceTarget();
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});
