// Lint in a real VS Code: diagnostics with exact ranges, a quick fix that changes the text,
// "disable for this line", settings followed live, diagnostics cleared on close.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, openFixture, REPO_ROOT, screenshot, waitFor } from './helpers';

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'integration', 'quickfix.yaml');

function ours(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'kube-probes' && (!rule || (typeof d.code === 'object' ? d.code.value : d.code) === rule));
}

function first(uri: vscode.Uri, rule: string): vscode.Diagnostic | undefined {
  return ours(uri, rule)[0];
}

async function setRule(rule: string, severity: string | undefined): Promise<void> {
  // lint.rules is resource-scoped: read and write it for any resource (null), as VS Code asks.
  const c = vscode.workspace.getConfiguration('kubeProbes', null);
  const rules = { ...(c.get<Record<string, string>>('lint.rules') ?? {}) };
  if (severity === undefined) delete rules[rule];
  else rules[rule] = severity;
  await c.update('lint.rules', Object.keys(rules).length ? rules : undefined, vscode.ConfigurationTarget.Global);
}

describe('lint: diagnostics in a real VS Code', function () {
  this.timeout(60_000);
  let original: string;

  before(async () => {
    await activeExtension();
    original = (await vscode.workspace.openTextDocument(FIXTURE)).getText();
  });

  afterEach(async () => {
    // Put the fixture back as it was and leave no setting behind.
    const doc = await vscode.workspace.openTextDocument(FIXTURE);
    if (doc.getText() !== original) {
      const we = new vscode.WorkspaceEdit();
      we.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
      await vscode.workspace.applyEdit(we);
      await doc.save();
    }
    await setRule('api/probe-no-handler', undefined);
  });

  it('shows the finding on the exact key, with source, code, severity and docs link', async () => {
    const editor = await openFixture(FIXTURE);
    const d = await waitFor(() => first(editor.document.uri, 'api/probe-no-handler'), { message: 'the api/probe-no-handler diagnostic' });
    assert.equal(editor.document.getText(d.range), 'livenessProbe');
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [15, 10, 15, 23]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /Liveness probe has no handler/);
    // The rule link opens the rendered page through the showRuleDocs command (not the raw markdown file).
    assert.ok(typeof d.code === 'object' && d.code.target.scheme === 'command' && d.code.target.path === 'kubeProbes.showRuleDocs');
    assert.deepEqual(JSON.parse(decodeURIComponent(d.code.target.query)), ['api/probe-no-handler']);
  });

  it('applies a quick fix and the diagnostic goes away', async () => {
    const editor = await openFixture(FIXTURE);
    const d = await waitFor(() => first(editor.document.uri, 'api/probe-no-handler'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, d.range);
    const fix = actions.find((a) => a.title === 'Add a tcpSocket handler on port http');
    assert.ok(fix?.edit, `quick fix offered; got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(actions.some((a) => a.title === 'Disable api/probe-no-handler for this line'));
    assert.ok(actions.some((a) => a.title === 'Disable api/probe-no-handler for this file'));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /livenessProbe:\n {12}periodSeconds: 10\n {12}tcpSocket:\n {14}port: http\n/);
    await waitFor(() => ours(editor.document.uri, 'api/probe-no-handler').length === 0, { message: 'the diagnostic to disappear after the fix' });
  });

  it('`livenessProbe: {}` in a container with a port: Ctrl+. offers tcpSocket and httpGet handlers; applying one clears the error', async () => {
    const content = [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', 'spec:', '  containers:',
      '    - name: app', '      image: example/web:1.0', '      ports:', '        - name: http', '          containerPort: 8080',
      '      livenessProbe: {}', '',
    ].join('\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const d = await waitFor(() => first(doc.uri, 'api/probe-no-handler'), { message: 'the api/probe-no-handler diagnostic on livenessProbe: {}' });
      assert.equal(doc.getText(d.range), 'livenessProbe');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Add an httpGet handler on port http (path /)'), titles.join(' | '));
      const fix = actions.find((a) => a.title === 'Add a tcpSocket handler on port http');
      assert.ok(fix?.edit, `quick fix offered; got: ${titles.join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(editor.document.getText(), /\n {6}livenessProbe:\n {8}tcpSocket:\n {10}port: http\n/);
      await waitFor(() => ours(doc.uri, 'api/probe-no-handler').length === 0, { message: 'the diagnostic to disappear after the fix' });
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('"disable for this line" writes the comment and silences the finding', async () => {
    const editor = await openFixture(FIXTURE);
    const d = await waitFor(() => first(editor.document.uri, 'api/probe-no-handler'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, d.range);
    const disable = actions.find((a) => a.title === 'Disable api/probe-no-handler for this line');
    assert.ok(disable?.edit);
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.match(editor.document.getText(), /\n {10}# kube-probes-disable-next-line api\/probe-no-handler\n {10}livenessProbe:/);
    await waitFor(() => ours(editor.document.uri, 'api/probe-no-handler').length === 0, { message: 'the suppressed diagnostic to disappear' });
  });

  it('follows the severity setting live (warning, then off)', async () => {
    const editor = await openFixture(FIXTURE);
    await waitFor(() => ours(editor.document.uri, 'api/probe-no-handler').length);
    await setRule('api/probe-no-handler', 'warning');
    await waitFor(() => ours(editor.document.uri, 'api/probe-no-handler')[0]?.severity === vscode.DiagnosticSeverity.Warning, {
      message: 'the diagnostic to become a warning',
    });
    await setRule('api/probe-no-handler', 'off');
    await waitFor(() => ours(editor.document.uri, 'api/probe-no-handler').length === 0, { message: 'the rule to be off' });
  });

  it('shows squiggles and the Problems panel for a broken example (screenshot lint-problems.png)', async () => {
    const editor = await openFixture('manifests/broken-api-validation.yaml');
    await waitFor(() => ours(editor.document.uri).length >= 5, { message: 'several diagnostics in broken-api-validation.yaml' });
    const first = ours(editor.document.uri).sort((a, b) => a.range.start.line - b.range.start.line)[0];
    editor.revealRange(first.range, vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('lint-problems', { waitFor: '.squiggly-error', settleMs: 1000 });
  });

  it('hovering a probe key shows its handler and effective timing with defaults', async () => {
    const editor = await openFixture('manifests/deployment.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => l.trim() === 'readinessProbe:');
    const pos = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex + 3);
    const hovers = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h?.length ? h : undefined;
    }, { message: 'a hover on readinessProbe' });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\*\*Readiness probe\*\*/);
    assert.match(text, /every 5 s, timeout 2 s, 2 failures → removed from Service endpoints after 10 s/);
    assert.match(text, /initialDelaySeconds \| 0 \(default\)/);
  });

  it('clears the diagnostics when the document is closed', async () => {
    // An untitled document is disposed as soon as its editor is closed without saving.
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: original });
    await vscode.window.showTextDocument(doc);
    await waitFor(() => ours(doc.uri, 'api/probe-no-handler').length, { message: 'diagnostics on the untitled copy' });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => ours(doc.uri).length === 0, { message: 'diagnostics cleared on close' });
  });
});
