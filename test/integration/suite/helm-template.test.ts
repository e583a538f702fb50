// A Helm template outside a chart (examples/manifests/helm-template.yaml) in a real VS Code: its
// literal probes get Run/Watch lenses and hovers, a literal mistake is a diagnostic although the
// container's name is templated, and nothing shows the parser's mask characters.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, openFixture, waitFor } from './helpers';

const MASK = '\u2591';

describe('Helm template: literal probes are linted, run and hovered', function () {
  this.timeout(60_000);
  before(async () => {
    await activeExtension();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Run / Watch lenses on the literal probes, none on the templated one, no Simulate', async () => {
    const editor = await openFixture('manifests/helm-template.yaml');
    const lenses = await waitFor(async () => {
      const l = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 50)) ?? [];
      return l.length >= 4 ? l : undefined;
    }, { message: 'the CodeLenses of helm-template.yaml', timeout: 25_000 });
    const at = (title: string) => lenses.filter((l) => l.command?.title === title).map((l) => editor.document.lineAt(l.range.start.line).text.trim());
    assert.deepEqual(at('▶ Run probe'), ['startupProbe:', 'livenessProbe:']);
    assert.deepEqual(at('⟳ Watch'), ['startupProbe:', 'livenessProbe:']);
    assert.deepEqual(at('◷ Simulate'), []);
  });

  it('hover on the literal liveness probe shows its handler and timing', async () => {
    const editor = await openFixture('manifests/helm-template.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => l.trim() === 'livenessProbe:');
    const pos = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex + 3);
    const hovers = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h?.length ? h : undefined;
    }, { message: 'a hover on livenessProbe' });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /\*\*Liveness probe\*\*/);
    assert.match(text, /GET \/healthz/);
  });

  it('a literal periodSeconds: -1 in the templated container is a diagnostic', async () => {
    const source = await openFixture('manifests/helm-template.yaml');
    const broken = source.document.getText().replace(/(livenessProbe:\n(?:.*\n)*?\s+)periodSeconds: 10\n/, '$1periodSeconds: -1\n');
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: broken });
    await vscode.window.showTextDocument(doc);
    const d = await waitFor(() => vscode.languages.getDiagnostics(doc.uri).find((x) => x.source === 'kube-probes'), { message: 'a diagnostic on periodSeconds: -1' });
    assert.equal(doc.getText(d.range), '-1');
    assert.equal(typeof d.code === 'object' ? d.code.value : d.code, 'api/probe-negative-field');
    assert.ok(!d.message.includes(MASK));
  });
});
