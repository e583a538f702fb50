// ⏱ Measure in a real VS Code, against the real demo app started by a VS Code task named in
// kubeProbes.measure.launch ({"task": …}) with --start-delay on 127.0.0.1 — the user starts the task,
// then clicks the lens: the running task is timed from its own start, then restarted — the CodeLens
// measures cold starts and latency, the hover says the numbers, the Pod Timeline shows current vs recommended side by side (screenshots
// measure-side-by-side-dark.png and -light.png), and the quick fix writes the recommendation into
// the manifest as one undo step.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import type { MeasureFailure, MeasureOutcome } from '../../../src/extension/measure';
import type { HandlerLocator } from '../../../src/core/probe/locate';
import { activeExtension, closedPort, EXPECT_TRUSTED, openFixture, REPO_ROOT, resetWorkbench, screenshot, waitFor, webviewQuery } from './helpers';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/measure/quick-start.yaml');
const START_DELAY = 3;
const TASK = 'Measure test: demo app (start delay 3 s)';

function isOutcome(o: MeasureOutcome | MeasureFailure | undefined): o is MeasureOutcome {
  return !!o && 'record' in o;
}

const running = (label: string) => vscode.tasks.taskExecutions.find((x) => x.task.name === label);

/** Runs the task as the user would (Terminal › Run Task), resolving once its process started. */
async function runTask(task: vscode.Task): Promise<vscode.TaskExecution> {
  const started = new Promise<void>((resolve) => {
    const d = vscode.tasks.onDidStartTaskProcess((e) => {
      if (e.execution.task.name !== task.name) return;
      d.dispose();
      resolve();
    });
  });
  const x = await vscode.tasks.executeTask(task);
  await started;
  return x;
}

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
    await measure().update('launch', { 'Deployment/quick-start': { task: TASK } }, vscode.ConfigurationTarget.Global);
    await measure().update('starts', 2, vscode.ConfigurationTarget.Global);
    await measure().update('samples', 6, vscode.ConfigurationTarget.Global);
    await measure().update('intervalMs', 100, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (!api) return;
    running(TASK)?.terminate();
    for (const k of ['launch', 'starts', 'samples', 'intervalMs']) await measure().update(k, undefined, vscode.ConfigurationTarget.Global);
    await workbench().update('colorTheme', savedTheme, vscode.ConfigurationTarget.Global);
    if (uri && loc) await api.measurements.forget(uri, loc);
    await resetWorkbench();
  });

  it('with the demo app\'s task (--start-delay 3) started by the user, the ⏱ Measure lens times it from its own start, restarts it once, leaves it running, and shows current vs recommended in the Pod Timeline (screenshot measure-side-by-side-dark.png)', async () => {
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

    // The user starts the app's task (as Terminal › Run Task would), then clicks the lens while it starts.
    const app = path.join(REPO_ROOT, 'examples/demo-app/server.mjs');
    const task = new vscode.Task({ type: 'process' }, vscode.TaskScope.Workspace, TASK, 'test', new vscode.ProcessExecution(process.execPath, [app, '--http-port', String(port), '--tcp-port', '0', '--grpc-port', '0', '--start-delay', String(START_DELAY)], { env: { ELECTRON_RUN_AS_NODE: '1' } }));
    task.isBackground = true;
    const first = await runTask(task);
    const outcome = await vscode.commands.executeCommand<MeasureOutcome | MeasureFailure | undefined>(lens.command!.command, ...lens.command!.arguments!);
    assert.ok(isOutcome(outcome), `the measurement gave a result: ${JSON.stringify(outcome)}`);
    const last = running(TASK);
    assert.ok(last, 'the task is left running after the measurement (for a Watch)');
    assert.notEqual(last, first, 'start 2 ran the task again');
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

  it('applied, the lint agrees (its finding is gone), and a Watch of the fixed probe against the task Measure left running succeeds and adds to the same statistics', async () => {
    assert.ok(uri && loc, 'the measurement above ran');
    assert.ok(running(TASK), 'the task is still running');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: vscode.ViewColumn.One });
    const original = editor.document.getText();
    const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
    const flagged = () => vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'probe/liveness-short-budget-no-startup');
    await waitFor(flagged, { message: 'the lint finding on the unfixed probe', timeout: 20_000 });
    assert.equal(await vscode.commands.executeCommand<boolean>('kubeProbes.applyMeasuredRecommendation', uri, loc), true);
    await waitFor(() => !flagged(), { message: 'the lint to agree with the applied recommendation', timeout: 20_000 });
    const before = api.measurements.record(uri, loc)?.attempts.length ?? 0;
    try {
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
      running(TASK)?.terminate();
      // The fixture goes back to what it was, on disk too (a Watch saves the file it runs from).
      const doc = editor.document;
      if (doc.getText() !== original) {
        const all = new vscode.WorkspaceEdit();
        all.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
        await vscode.workspace.applyEdit(all);
      }
      if (doc.isDirty) await doc.save();
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original, 'the fixture is restored');
    }
  });

  it('a launch command whose port is held by a process Measure did not start: said before launching (which port, what to do), nothing launched', async () => {
    assert.ok(uri && loc, 'the measurement above ran');
    // An app still starting (answers 503), started by someone else on the probe's port.
    const holder = http.createServer((_req, res) => res.writeHead(503).end('starting'));
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const held = (holder.address() as { port: number }).port;
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kp-measure-')), 'launched');
    const line = [process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`].map((a) => JSON.stringify(a)).join(' ');
    try {
      await measure().update('launch', { 'Deployment/quick-start': line }, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8080: held } });
      const outcome = await vscode.commands.executeCommand<MeasureOutcome | MeasureFailure | undefined>('kubeProbes.measureProbe', uri, loc);
      assert.ok(outcome && 'problem' in outcome, JSON.stringify(outcome));
      assert.match(outcome.problem, new RegExp(`^port ${held} \\(127\\.0\\.0\\.1:${held}, where the probe connects\\) is already in use by a process Measure did not start`));
      assert.match(outcome.problem, /Nothing was launched.*name that task in kubeProbes\.measure\.launch \(\{"task": "…"\}\)/);
      assert.equal(fs.existsSync(marker), false, 'the launch command never ran');
    } finally {
      holder.close();
      await measure().update('launch', { 'Deployment/quick-start': { task: TASK } }, vscode.ConfigurationTarget.Global);
    }
  });

  it('the examples name the slow-start app\'s task for crashloop.yaml, and that task exists', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const entry = vscode.workspace.getConfiguration('kubeProbes.measure', folder.uri).inspect<Record<string, unknown>>('launch')?.workspaceValue?.['Deployment/slow-start'];
    assert.deepEqual(entry, { task: 'Start demo app (slow start, 60 s)' });
    const tasks = await vscode.tasks.fetchTasks();
    assert.ok(tasks.some((t) => t.name === 'Start demo app (slow start, 60 s)'), tasks.map((t) => t.name).join(', '));
  });
});
