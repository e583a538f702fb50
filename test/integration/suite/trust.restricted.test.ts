// Runs in the 'restricted' launcher run (see test/integration/runs.mjs): workspace trust on and the
// folder not trusted, i.e. VS Code's Restricted Mode. The extension declares limited support.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';

describe('restricted mode', () => {
  it('opens the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still activates the extension (untrustedWorkspaces: limited)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in Restricted Mode`);
    await waitFor(() => ext.isActive, { message: `${EXTENSION_ID} to activate` });
  });
});
