// First real test: the extension loads in a real VS Code and the workbench shows a manifest.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXPECT_TRUSTED, EXTENSION_ID, openFixture, resetWorkbench, screenshot, waitFor } from './helpers';

/**
 * A manifest of the opened workspace (examples/): manifests/deployment.yaml when it is there,
 * else the first YAML file (manifests/ first). Found through the workspace's file search, which
 * also checks that the provisioned ripgrep works.
 */
async function someManifest(): Promise<vscode.Uri> {
  const found = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**');
  assert.ok(found.length > 0, 'the workspace has no YAML file to open');
  const rank = (u: vscode.Uri) => (u.path.endsWith('/manifests/deployment.yaml') ? 0 : u.path.includes('/manifests/') ? 1 : 2);
  found.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  return found[0];
}

describe('smoke: the extension in a real VS Code', () => {
  it('runs in VS Code 1.100.x', () => {
    assert.match(vscode.version, /^1\.100\.\d+$/);
  });

  it('has the workspace trust the launcher asked for', () => {
    assert.equal(vscode.workspace.isTrusted, EXPECT_TRUSTED);
  });

  it('activates by itself when a manifest is open', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await openFixture(vscode.workspace.asRelativePath(await someManifest(), false));
    await waitFor(() => ext.isActive, { message: `${EXTENSION_ID} to activate` });
  });

  it('shows the manifest in the editor (screenshot smoke-manifest.png)', async () => {
    await resetWorkbench();
    const uri = await someManifest();
    const editor = await openFixture(vscode.workspace.asRelativePath(uri, false));
    assert.equal(editor.document.languageId, 'yaml');
    assert.ok(editor.document.getText().includes('kind:'), 'the manifest has no kind:');
    // The editor's text must be on screen before the shot.
    await screenshot('smoke-manifest', { waitFor: '.monaco-editor .view-lines .view-line' });
  });
});
