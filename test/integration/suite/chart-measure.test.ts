// ⏱ Measure on a probe of a Helm chart in a real VS Code (real helm from .tools/, the real demo app
// on 127.0.0.1 answering after 600 ms with --slow): the lens on the values key of a probe the template
// passes through toYaml measures the RENDERED probe (its named port resolved), the recommendation is applied into values.yaml — the key that
// feeds the toYaml'd probe — as one undo step with the comment kept, and the unsaved re-render agrees:
// the finding on values.yaml is gone and the lens says the timings fit; undo brings both back.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import type { HandlerLocator } from '../../../src/core/probe/locate';
import type { KubeProbesApi } from '../../../src/extension/extension';
import type { MeasureOutcome } from '../../../src/extension/measure';
import { activeExtension, EXPECT_TRUSTED, REPO_ROOT, resetWorkbench, waitFor } from './helpers';

const HELM = path.join(REPO_ROOT, '.tools', 'helm');
const WAIT = { timeout: 45_000, interval: 100 };

const VALUES = `# Probe timings of the api (this comment stays).
probe:
  httpGet:
    path: /healthz
    port: http
  periodSeconds: 1
  timeoutSeconds: 1
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: example/api:1
          ports:
            - name: http
              containerPort: 8080
          livenessProbe:
            {{- toYaml .Values.probe | nindent 12 }}
`;

/** The demo app answering its probes after `slowMs`; resolves with its HTTP port. */
function slowDemoApp(slowMs: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'examples/demo-app/server.mjs'), '--http-port', '0', '--tcp-port', '0', '--grpc-port', '0', '--slow', String(slowMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const msg = JSON.parse(line) as { event?: string; http: number };
      if (msg.event === 'listening') resolve({ child, port: msg.http });
    });
    child.once('exit', (code) => reject(new Error(`demo app exited early (${code})`)));
  });
}

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kube-probes');
const ruleOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

describe('⏱ Measure on a chart probe: measured as rendered, applied into values.yaml', function () {
  this.timeout(180_000);
  let api: KubeProbesApi;
  let app: ChildProcess | undefined;
  let httpPort = 0;
  let anchor: vscode.Uri;
  let loc: HandlerLocator | undefined;
  const tmp = mkdtempSync(path.join(tmpdir(), 'kp-it-chart-measure-'));
  const chart = path.join(tmp, 'api');
  const values = path.join(chart, 'values.yaml');
  const template = path.join(chart, 'templates', 'deployment.yaml');
  const measure = () => vscode.workspace.getConfiguration('kubeProbes.measure');

  before(async function () {
    if (!EXPECT_TRUSTED) this.skip(); // rendering runs helm: trusted workspaces only
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: api\nversion: 0.1.0\n');
    writeFileSync(values, VALUES);
    writeFileSync(template, DEPLOYMENT);
    anchor = vscode.Uri.file(path.join(chart, 'Chart.yaml'));
    api = (await activeExtension()).exports as KubeProbesApi;
    await vscode.workspace.getConfiguration('kubeProbes').update('helm.path', HELM, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await measure().update('samples', 6, vscode.ConfigurationTarget.Global);
    await measure().update('intervalMs', 50, vscode.ConfigurationTarget.Global);
    ({ child: app, port: httpPort } = await slowDemoApp(600));
  });

  after(async () => {
    app?.kill();
    if (!api) return;
    if (loc) await api.measurements.forget(anchor, loc);
    for (const k of ['samples', 'intervalMs']) await measure().update(k, undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('kubeProbes').update('helm.path', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    await resetWorkbench();
  });

  it('the lens on the values key measures the rendered probe; Apply writes values.yaml in one undo step and the re-render agrees', async () => {
    const valuesDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(values));
    await vscode.window.showTextDocument(valuesDoc);
    await vscode.workspace.openTextDocument(vscode.Uri.file(template));
    // timeoutSeconds 1 on a 1 s period: flagged on the values key that sets it.
    await waitFor(() => ours(valuesDoc.uri).some((d) => ruleOf(d) === 'probe/timeout-ge-period' && d.range.start.line === 6), { ...WAIT, message: 'timeout-ge-period on values.yaml:7' });

    const tplDoc = await vscode.workspace.openTextDocument(vscode.Uri.file(template));
    // The probe passed through toYaml is written in values.yaml: its lenses sit on the `probe:` key.
    const lensAt = async (title: string | RegExp) =>
      ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', valuesDoc.uri, 50)) ?? []).find(
        (l) => (typeof title === 'string' ? l.command?.title === title : title.test(l.command?.title ?? '')) && valuesDoc.lineAt(l.range.start.line).text === 'probe:',
      );
    const lens = await waitFor(() => lensAt('$(watch) Measure'), { ...WAIT, message: 'the ⏱ Measure lens on the values key of the toYaml\'d probe' });
    assert.equal((lens.command!.arguments![0] as vscode.Uri).fsPath, anchor.fsPath, 'a chart probe is known by its Chart.yaml');
    loc = lens.command!.arguments![1] as HandlerLocator;
    await api.measurements.forget(anchor, loc);
    // The rendered named port `http` (containerPort 8080) goes to the demo app's port.
    await vscode.commands.executeCommand('kubeProbes.chooseTarget', anchor, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8080: httpPort } });

    const outcome = await vscode.commands.executeCommand<MeasureOutcome | undefined>(lens.command!.command, ...lens.command!.arguments!);
    assert.ok(outcome, 'the measurement gave a result');
    assert.equal(outcome.analysis.latency?.successes, 6, JSON.stringify(outcome.analysis.latency));
    const changes = outcome.analysis.recommendation.changes.map((c) => `${c.probe}.${c.field} ${c.from} → ${c.to}`);
    // p99 ≥ 600 ms × margin 2 → timeoutSeconds 2, and the period kept above it.
    assert.deepEqual(changes, ['livenessProbe.timeoutSeconds 1 → 2', 'livenessProbe.periodSeconds 1 → 3'], changes.join('; '));
    await waitFor(() => lensAt(/^\$\(watch\) measured: .*2 changes recommended$/), { ...WAIT, message: 'the measured lens: 2 changes recommended' });

    assert.equal(await vscode.commands.executeCommand<boolean>('kubeProbes.applyMeasuredRecommendation', anchor, loc), true);
    // Written into values.yaml (not saved), where the toYaml'd block sets them; the comment kept.
    assert.equal(valuesDoc.getText(), VALUES.replace('  periodSeconds: 1\n', '  periodSeconds: 3\n').replace('  timeoutSeconds: 1\n', '  timeoutSeconds: 2\n'));
    assert.ok(valuesDoc.isDirty);
    assert.equal(tplDoc.getText(), DEPLOYMENT, 'the template is not touched');
    // The unsaved render agrees: no finding on values.yaml, and the lens says the timings fit.
    await waitFor(() => !ours(valuesDoc.uri).some((d) => ruleOf(d) === 'probe/timeout-ge-period'), { ...WAIT, message: 'timeout-ge-period gone after Apply (unsaved)' });
    await waitFor(() => lensAt(/^\$\(watch\) measured: .*timings fit$/), { ...WAIT, message: 'the measured lens: timings fit' });

    // One undo step brings both values and the finding back (in values.yaml's editor: the Pod Timeline took the focus).
    await vscode.window.showTextDocument(valuesDoc);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => valuesDoc.getText() === VALUES, { ...WAIT, message: 'one undo restores values.yaml' });
    await waitFor(() => ours(valuesDoc.uri).some((d) => ruleOf(d) === 'probe/timeout-ge-period'), { ...WAIT, message: 'the finding back after undo' });
  });
});
