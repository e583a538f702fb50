// Restricted Mode (an untrusted workspace): exec probes run commands from a file, so they never run.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, openFixture, waitFor } from './helpers';

describe('exec probes in an untrusted workspace', function () {
  this.timeout(60_000);

  it('the window is in Restricted Mode', () => assert.equal(vscode.workspace.isTrusted, false));

  it('lints there as usual', async () => {
    await activeExtension();
    const editor = await openFixture('manifests/broken-api-validation.yaml');
    await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).some((d) => d.source === 'kube-probes'), {
      message: 'lint diagnostics in Restricted Mode',
    });
  });

  it('never runs an exec probe', async () => {
    const editor = await openFixture('manifests/replicaset.yaml');
    const lenses = await waitFor(async () => {
      const l = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? []).filter(
        (x) => x.command?.title === '▶ Run probe',
      );
      return l.length ? l : undefined;
    });
    const [uri, loc] = lenses[0].command!.arguments as [vscode.Uri, { workload: string }];
    await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1' });
    const result = await vscode.commands.executeCommand('kubeProbes.runProbe', uri, loc);
    assert.equal(result, undefined, 'an exec probe ran in Restricted Mode');
  });
});
