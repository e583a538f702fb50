// ⏱ Measure in a real VS Code, against the real demo app launched (kubeProbes.measure.launch) with
// --start-delay on 127.0.0.1: the CodeLens measures cold starts and latency, the hover says the
// numbers, the Pod Timeline shows current vs recommended side by side (screenshots
// measure-side-by-side-dark.png and -light.png), and the quick fix writes the recommendation into
// the manifest as one undo step.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import type { MeasureOutcome } from '../../../src/extension/measure';
import type { HandlerLocator } from '../../../src/core/probe/locate';
import { activeExtension, closedPort, EXPECT_TRUSTED, openFixture, REPO_ROOT, resetWorkbench, screenshot, startDemoApp, waitFor, webviewQuery } from './helpers';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/measure/quick-start.yaml');
const START_DELAY = 3;

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)) ?? [];
}

describe('⏱ Measure: CodeLens → measurement → side by side → apply', function () {
  this.timeout(180_000);
  let api: KubeProbesApi;
  const measure = () => vscode.workspace.getConfiguration('kubeProbes.measure');
  const workbench = () => vscode.workspace.getConfiguration('workbench');
  let savedTheme: unknown;
  let port: number;
  let uri: vscode.Uri;
  let loc: HandlerLocator;

  before(async function () {
    if (!EXPECT_TRUSTED) this.skip(); // launching the app needs a trusted workspace (the restricted run has its own suite)
    api = (await activeExtension()).exports as KubeProbesApi;
    port = await closedPort();
    savedTheme = workbench().inspect('colorTheme')?.globalValue;
    await workbench().update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
    // User settings (Global), so the examples' .vscode/settings.json is never written.
    const app = path.join(REPO_ROOT, 'examples/demo-app/server.mjs');
    const line = [process.execPath, app, '--http-port', String(port), '--tcp-port', '0', '--grpc-port', '0', '--start-delay', String(START_DELAY)].map((a) => JSON.stringify(a)).join(' ');
    await measure().update('launch', { 'Deployment/quick-start': line }, vscode.ConfigurationTarget.Global);
    await measure().update('starts', 2, vscode.ConfigurationTarget.Global);
    await measure().update('samples', 6, vscode.ConfigurationTarget.Global);
    await measure().update('intervalMs', 100, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (!api) return;
    for (const k of ['launch', 'starts', 'samples', 'intervalMs']) await measure().update(k, undefined, vscode.ConfigurationTarget.Global);
    await workbench().update('colorTheme', savedTheme, vscode.ConfigurationTarget.Global);
    if (uri && loc) await api.measurements.forget(uri, loc);
    await resetWorkbench();
  });

  it('the ⏱ Measure lens times the cold starts of the demo app (--start-delay 3) and shows current vs recommended in the Pod Timeline (screenshot measure-side-by-side-dark.png)', async () => {
    await resetWorkbench();
    const editor = await openFixture(FIXTURE);
    uri = editor.document.uri;
    const lens = await waitFor(async () =>
      (await lenses(uri)).find((l) => l.command?.title === '$(watch) Measure' && editor.document.lineAt(l.range.start.line).text.trim() === 'livenessProbe:'),
    { message: 'the ⏱ Measure lens above livenessProbe', timeout: 25_000 });
    loc = lens.command!.arguments![1] as HandlerLocator;
    await api.measurements.forget(uri, loc);
    // The named port `http` (container port 8080) goes to the port the launched app listens on.
    await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8080: port } });

    // What clicking the lens runs.
    const outcome = await vscode.commands.executeCommand<MeasureOutcome | undefined>(lens.command!.command, ...lens.command!.arguments!);
    assert.ok(outcome, 'the measurement gave a result');
    const starts = outcome.record.starts;
    assert.equal(starts.length, 2, JSON.stringify(starts));
    for (const s of starts) {
      // Never before the injected delay is over (the app answers 503 until then); the upper bound only
      // catches a wrong clock (a loaded machine takes a while to start node itself).
      assert.ok(s.firstSuccessSeconds !== undefined && s.firstSuccessSeconds >= START_DELAY && s.firstSuccessSeconds < START_DELAY + 15, JSON.stringify(s));
    }
    assert.equal(outcome.analysis.latency?.samples, 6);
    assert.equal(outcome.analysis.latency?.successes, 6, 'the app answers once started');
    const add = outcome.analysis.recommendation.add;
    assert.equal(add?.probe, 'startupProbe', JSON.stringify(outcome.analysis.recommendation));
    const cmp = outcome.comparison;
    assert.ok(cmp, 'a side-by-side comparison');
    assert.match(cmp.current.summary, /^restart loop, CrashLoopBackOff at \d/);
    assert.match(cmp.recommended.summary, /^Ready at \d+(\.\d)? s, no restart$/);

    // The lens line and the hover say the numbers.
    const line = await waitFor(async () => (await lenses(uri)).find((l) => /^\$\(watch\) measured: p99 \d+ ms · start ≤ \d/.test(l.command?.title ?? '')), { message: 'the measured lens', timeout: 15_000 });
    assert.match(line.command!.title, /1 change recommended$/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, lens.range.start);
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n').replace(/\\/g, ''); // Markdown escapes off
    assert.match(hoverText, /\$\(watch\) Measured\*\* against 127\.0\.0\.1 \(ports 8080→\d+\)/);
    assert.match(hoverText, /2 cold starts: [\d.]+(–[\d.]+)? s to the first success/);
    assert.match(hoverText, /add a startupProbe/);

    // The Pod Timeline, side by side, as the user sees it.
    await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Pod Timeline: Deployment quick-start'), { message: 'the Pod Timeline tab' });
    const summaries = await webviewQuery('.compare .cmp-summary');
    if (summaries) {
      assert.deepEqual(summaries.map((s) => s.text.replace(/^[✓✕] /, '')), [cmp.current.summary, cmp.recommended.summary]);
      const heads = await webviewQuery('.compare .cmp-side h3');
      assert.deepEqual(heads?.map((h) => h.text.toLowerCase()), ['current', 'recommended']);
      const apply = await webviewQuery('.compare button.cmp-apply');
      assert.equal(apply?.[0]?.text, 'Apply to the manifest');
      assert.notEqual(apply?.[0]?.color, apply?.[0]?.background, 'the Apply button is readable');
    }
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll'); // code-server's "ports forwarded" toasts for the launched apps
    await screenshot('measure-side-by-side-dark', { webviewWaitFor: '.compare .cmp-summary', settleMs: 1500 });
    await workbench().update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notifications.clearAll');
    await screenshot('measure-side-by-side-light', { webviewWaitFor: '.compare .cmp-summary', settleMs: 2000 });
  });

  it('the quick fix applies the recommendation as one edit: comments kept, one undo restores the file', async () => {
    assert.ok(uri && loc, 'the measurement above ran');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.One });
    const before = editor.document.getText();
    const keyLine = before.split('\n').findIndex((l) => l.trim() === 'livenessProbe:');
    const at = new vscode.Range(keyLine, 12, keyLine, 12);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, at);
    const fix = actions.find((a) => a.title.startsWith('Apply the measured recommendation'));
    assert.ok(fix?.command, `the quick fix is offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(fix.title, /\(1 change: add a startupProbe \(periodSeconds 2, failureThreshold \d+\)\)/);
    const changed = await vscode.commands.executeCommand<boolean>(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(changed, true);
    const after = editor.document.getText();
    assert.notEqual(after, before);
    assert.match(after, /\n {10}startupProbe:\n {12}httpGet:\n {14}path: \/healthz\n {14}port: http\n {12}periodSeconds: 2\n {12}failureThreshold: \d+\n/);
    assert.ok(after.includes('port: http # the named port above'), 'comments are kept');
    assert.ok(after.startsWith(before.slice(0, before.indexOf('apiVersion'))), 'the header comment is kept');
    // The side by side now compares the applied probes with themselves.
    const summaries = await webviewQuery('.compare .cmp-summary');
    if (summaries) await waitFor(async () => {
      const s = (await webviewQuery('.compare .cmp-summary'))?.map((x) => x.text) ?? [];
      return s.length === 2 && s[0] === s[1] && /Ready at .*, no restart/.test(s[0]!);
    }, { message: 'the side by side to show the applied probes', timeout: 20_000 });
    // One undo step restores the file.
    await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === before, { message: 'one undo to restore the manifest', timeout: 5_000 });
    await waitFor(() => !editor.document.isDirty, { message: 'the undone manifest to be as saved', timeout: 5_000 });
    // … and the side by side follows the file back: current is the restart loop again.
    if (summaries) await waitFor(async () => /^✕ restart loop/.test((await webviewQuery('.compare .cmp-summary'))?.[0]?.text ?? ''), { message: 'the side by side to follow the undo', timeout: 20_000 });
  });

  it('a Watch of the probe adds its attempts to the same statistics', async () => {
    assert.ok(uri && loc, 'the measurement above ran');
    const before = api.measurements.record(uri, loc)?.attempts.length ?? 0;
    const demo = await startDemoApp(); // healthy from the start: every attempt counts
    try {
      await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8080: demo.ports.http } });
      void vscode.commands.executeCommand('kubeProbes.watchProbe', uri, loc); // runs until stopped
      const rec = await waitFor(() => {
        const r = api.measurements.record(uri, loc);
        return r && r.watched >= 2 ? r : undefined;
      }, { message: 'two watched attempts in the record', timeout: 30_000 });
      assert.ok(rec.attempts.length >= before + 2);
      assert.ok(rec.attempts.slice(-2).every((a) => a.ok), JSON.stringify(rec.attempts.slice(-2)));
      const line = await waitFor(async () => (await lenses(uri)).find((l) => /^\$\(watch\) measured: /.test(l.command?.title ?? '')), { message: 'the measured lens' });
      assert.ok(line);
    } finally {
      await vscode.commands.executeCommand('kubeProbes.stopWatch', uri, loc);
      demo.child.kill('SIGTERM');
    }
  });
});
