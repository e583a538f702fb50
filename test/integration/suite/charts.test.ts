// Charts and overlays in a real VS Code, rendered by the real helm and kubectl (.tools/, unpacked by
// the launcher from the devDependency): a finding on the values.yaml key and on the template line,
// a quick fix that edits values.yaml and the re-render after saving it, the values files chosen for
// the chart, a template that does not render as one diagnostic, unsaved edits rendered as typed
// (and undone), missing helm as one calm warning on
// Chart.yaml, and an overlay's strategic-merge patch finding on the patch. Copies of examples/charts/web
// and examples/kustomize in a temporary folder, so the examples stay untouched.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, REPO_ROOT, resetWorkbench, screenshot, waitFor } from './helpers';

const HELM = path.join(REPO_ROOT, '.tools', 'helm');
const KUBECTL = path.join(REPO_ROOT, '.tools', 'kubectl');
const WAIT = { timeout: 45_000, interval: 100 };

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kube-probes');
}
const ruleOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
const at = (d: vscode.Diagnostic) => `${d.range.start.line + 1} ${ruleOf(d)}`;

async function open(file: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc);
}

async function setGlobal(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('kubeProbes').update(key, value, vscode.ConfigurationTarget.Global);
}

describe('Charts and overlays: findings where you fix them (real helm and kubectl)', function () {
  this.timeout(120_000);
  const tmp = mkdtempSync(path.join(tmpdir(), 'kp-it-charts-'));
  const chart = path.join(tmp, 'web');
  const values = path.join(chart, 'values.yaml');
  const template = path.join(chart, 'templates', 'deployment.yaml');
  const chartYaml = path.join(chart, 'Chart.yaml');

  before(async () => {
    cpSync(path.join(REPO_ROOT, 'examples/charts/web'), chart, { recursive: true });
    cpSync(path.join(REPO_ROOT, 'examples/kustomize'), path.join(tmp, 'kustomize'), { recursive: true });
    await activeExtension();
    await setGlobal('helm.path', HELM);
    await setGlobal('kubectlPath', KUBECTL);
  });
  after(async () => {
    await setGlobal('helm.path', undefined);
    await setGlobal('kubectlPath', undefined);
    await setGlobal('helm.valuesFiles', undefined);
    await resetWorkbench();
  });

  it('values.yaml shows the finding on the key that sets the value', async () => {
    const editor = await open(values);
    const d = await waitFor(() => ours(editor.document.uri).find((x) => at(x) === '12 probe/timeout-ge-period'), { ...WAIT, message: 'timeout-ge-period on values.yaml:12' });
    assert.equal(editor.document.lineAt(11).text, '  timeoutSeconds: 5');
    assert.equal(editor.document.getText(d.range), '5');
    assert.deepEqual(ours(editor.document.uri).map(at), ['12 probe/timeout-ge-period', '22 probe/timeout-ge-period', '25 probe/port-not-declared']);
    await screenshot('chart-values-diagnostics', { waitFor: '.monaco-editor .squiggly-warning' });
  });

  it('a template shows the finding on the line that wrote the key, and is no longer linted masked', async () => {
    const editor = await open(template);
    await waitFor(() => ours(editor.document.uri).some((x) => at(x) === '29 probe/zero-is-default'), { ...WAIT, message: 'zero-is-default on deployment.yaml:29' });
    assert.match(editor.document.lineAt(28).text, /periodSeconds: \{\{ \.Values\.readiness\.periodSeconds \| default 0 \}\}/);
    // Only the rendered chart's findings: the masked lint (which cannot see the toYaml'd probe) is off.
    assert.deepEqual(ours(editor.document.uri).map(at), ['29 probe/zero-is-default']);
  });

  it('the quick fix edits values.yaml; after saving, the chart renders again without the finding', async () => {
    const editor = await open(values);
    const d = await waitFor(() => ours(editor.document.uri).find((x) => at(x) === '12 probe/timeout-ge-period'), { ...WAIT, message: 'the finding to fix' });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Set timeoutSeconds to 4'), titles.join(', '));
    assert.ok(!titles.some((t) => t.startsWith('Disable ')), 'no disable comment: it would not reach the rendered text');
    const fix = actions.find((a) => a.title === 'Set timeoutSeconds to 4')!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(editor.document.lineAt(11).text, '  timeoutSeconds: 4');
    await editor.document.save();
    await waitFor(() => !ours(editor.document.uri).some((x) => at(x) === '12 probe/timeout-ge-period'), { ...WAIT, message: 'the fixed finding gone after the re-render' });
    assert.deepEqual(ours(editor.document.uri).map(at), ['22 probe/timeout-ge-period', '25 probe/port-not-declared']);
  });

  it('values files chosen for the chart: values-prod.yaml takes part and shows its finding', async () => {
    const chosen = await vscode.commands.executeCommand<string[]>('kubeProbes.chooseValuesFiles', vscode.Uri.file(values), ['values.yaml', 'values-prod.yaml']);
    assert.deepEqual(chosen, ['values-prod.yaml']);
    const prod = await open(path.join(chart, 'values-prod.yaml'));
    const d = await waitFor(() => ours(prod.document.uri).find((x) => ruleOf(x) === 'probe/timeout-ge-period'), { ...WAIT, message: 'timeout-ge-period on values-prod.yaml' });
    assert.equal(prod.document.lineAt(d.range.start.line).text, '  timeoutSeconds: 8');
    await vscode.commands.executeCommand('kubeProbes.chooseValuesFiles', vscode.Uri.file(values), []);
    await waitFor(() => ours(prod.document.uri).length === 0, { ...WAIT, message: 'values-prod.yaml no longer rendered' });
  });

  it('a template that does not render: one diagnostic with helm\'s message, at the line it names', async () => {
    const editor = await open(template);
    const original = editor.document.getText();
    const replaceAll = async (text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(editor.document.uri, new vscode.Range(0, 0, editor.document.lineCount, 0), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await editor.document.save());
    };
    try {
      await replaceAll(original.replace('replicas: {{ .Values.replicaCount }}', 'replicas: {{ .Values.nothing.here }}'));
      const problem = await waitFor(
        () => ours(editor.document.uri).find((x) => /helm template failed/.test(x.message)),
        { ...WAIT, message: 'the render failure on the template' },
      );
      assert.match(problem.message, /nil pointer evaluating interface \{\}\.here/);
      assert.equal(problem.range.start.line, 7);
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
      // One failure in all: nothing on values.yaml or Chart.yaml meanwhile.
      assert.deepEqual(ours(vscode.Uri.file(values)), []);
      assert.deepEqual(ours(vscode.Uri.file(chartYaml)), []);
      assert.equal(ours(editor.document.uri).filter((x) => /helm template failed/.test(x.message)).length, 1);
      await screenshot('chart-render-failure', { waitFor: '.monaco-editor .squiggly-error' });
    } finally {
      await replaceAll(original);
    }
    await waitFor(() => ours(vscode.Uri.file(values)).length === 2, { ...WAIT, message: 'values.yaml findings back after the template is repaired' });
  });

  describe('unsaved edits (auto save off: the browser workbench saves after a delay by default)', () => {
    before(() => vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global));
    after(() => vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global));

  it('typing in values.yaml without saving: the diagnostics of the template and of values.yaml follow the buffer; undo brings them back', async () => {
    const editor = await open(values);
    const tplUri = vscode.Uri.file(template);
    await waitFor(() => ours(editor.document.uri).map(at).join() === '22 probe/timeout-ge-period,25 probe/port-not-declared', { ...WAIT, message: 'values.yaml as saved' });
    await waitFor(() => ours(tplUri).map(at).join() === '29 probe/zero-is-default', { ...WAIT, message: 'the template as saved' });
    const saved = editor.document.getText();
    const readinessPath = saved.split('\n').indexOf('  path: /ready');
    assert.ok(readinessPath > 0);
    // One edit (one undo step): a comment on top and readiness.periodSeconds set, which the template's `default 0` no longer replaces.
    assert.ok(
      await editor.edit((b) => {
        b.insert(new vscode.Position(0, 0), '# typed, not saved\n');
        b.insert(new vscode.Position(readinessPath + 1, 0), '  periodSeconds: 3\n');
      }),
    );
    assert.ok(editor.document.isDirty);
    await waitFor(() => ours(tplUri).length === 0, { ...WAIT, message: 'zero-is-default gone from the template while values.yaml is unsaved' });
    await waitFor(() => ours(editor.document.uri).map(at).join() === '24 probe/timeout-ge-period,27 probe/port-not-declared', { ...WAIT, message: "values.yaml findings at the buffer's lines" });
    const d = ours(editor.document.uri).find((x) => at(x) === '24 probe/timeout-ge-period')!;
    assert.equal(editor.document.getText(d.range), '10');
    assert.equal(readFileSync(values, 'utf8'), saved, 'nothing was written to disk');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => !editor.document.isDirty, { ...WAIT, message: 'undo back to the saved text' });
    await waitFor(() => ours(tplUri).map(at).join() === '29 probe/zero-is-default', { ...WAIT, message: 'zero-is-default back on the template after undo' });
    await waitFor(() => ours(editor.document.uri).map(at).join() === '22 probe/timeout-ge-period,25 probe/port-not-declared', { ...WAIT, message: 'values.yaml findings back after undo' });
  });

  it('a template half typed (unsaved): one diagnostic at helm\'s line; values.yaml keeps its findings; undo renders again', async () => {
    const editor = await open(template);
    await waitFor(() => ours(vscode.Uri.file(values)).length === 2, { ...WAIT, message: 'values.yaml findings before typing' });
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('replicas: {{ .Values.replicaCount }}'));
    const col = editor.document.lineAt(line).text.indexOf(' }}');
    assert.ok(await editor.edit((b) => b.delete(new vscode.Range(line, col + 1, line, col + 3)))); // "{{ .Values.replicaCount " — the braces not closed yet
    const problem = await waitFor(() => ours(editor.document.uri).find((x) => /helm template failed/.test(x.message)), { ...WAIT, message: 'the failure of the half-typed template' });
    assert.equal(ours(editor.document.uri).length, 1);
    assert.ok(problem.range.start.line >= line, `helm's line ${problem.range.start.line + 1}`);
    // values.yaml did not change: its findings stay (no flicker while typing a template), nothing on Chart.yaml.
    assert.deepEqual(ours(vscode.Uri.file(values)).map(at), ['22 probe/timeout-ge-period', '25 probe/port-not-declared']);
    assert.deepEqual(ours(vscode.Uri.file(chartYaml)), []);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => !editor.document.isDirty && ours(editor.document.uri).map(at).join() === '29 probe/zero-is-default', { ...WAIT, message: 'the template renders again after undo' });
  });
  });

  it('helm missing: one calm warning on Chart.yaml naming kubeProbes.helm.path', async () => {
    await setGlobal('helm.path', path.join(tmp, 'no-such-helm'));
    try {
      const d = await waitFor(() => ours(vscode.Uri.file(chartYaml)).find((x) => /kubeProbes\.helm\.path/.test(x.message)), { ...WAIT, message: 'the missing-helm warning on Chart.yaml' });
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(d.range.start.line, 0);
      assert.equal(ours(vscode.Uri.file(chartYaml)).length, 1);
      assert.deepEqual(ours(vscode.Uri.file(values)), []);
    } finally {
      await setGlobal('helm.path', HELM);
    }
    await waitFor(() => ours(vscode.Uri.file(chartYaml)).length === 0 && ours(vscode.Uri.file(values)).length === 2, { ...WAIT, message: 'the chart renders again' });
  });

  it('an overlay: the strategic-merge patch shows its finding at the patched value', async () => {
    const patch = await open(path.join(tmp, 'kustomize/overlays/staging/liveness-timing.yaml'));
    const d = await waitFor(() => ours(patch.document.uri).find((x) => ruleOf(x) === 'probe/timeout-ge-period'), { ...WAIT, message: 'timeout-ge-period on the patch' });
    assert.equal(d.range.start.line, 11);
    assert.equal(patch.document.getText(d.range), '15');
    const kustomization = vscode.Uri.file(path.join(tmp, 'kustomize/overlays/staging/kustomization.yaml'));
    await waitFor(() => ours(kustomization).some((x) => at(x) === '30 probe/named-port-not-found'), { ...WAIT, message: 'the inline patch finding in kustomization.yaml' });
  });
});
