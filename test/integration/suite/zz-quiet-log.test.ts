// The extension host log of a correct extension is silent: no warning or error that names this
// extension (VS Code logs one, e.g., for a window-scoped setting read for a resource, a resource-
// scoped setting read without one, or a code action without a kind). The file name sorts last, so
// in a full run this reads the log after every other suite of the window ran; the test also drives
// the paths that used to log (typing, quick fixes, the target prompt) so it means something alone.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import { EXTENSION_ID, REPO_ROOT, activeExtension, resetWorkbench, waitFor } from './helpers';

/** Every *.log file under the folder of this window's logs (the extension host's among them). */
function logFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? logFiles(p) : n.endsWith('.log') ? [p] : [];
  });
}

describe('the extension host log', () => {
  it('has no warning or error naming this extension', async () => {
    const api = (await activeExtension()).exports as KubeProbesApi;
    // The drive: a keystroke in a manifest, quick fixes asked for by kind (as the light bulb does), the target prompt.
    await resetWorkbench();
    // An untitled copy: typing into it never touches the workspace's files.
    const text = readFileSync(path.join(REPO_ROOT, 'examples/manifests/timing-smells.yaml'), 'utf8');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'yaml', content: text }));
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(editor.document.uri);
      return d.length ? d : undefined;
    }, { message: 'diagnostics of the manifest', timeout: 20_000 });
    await editor.edit((e) => e.insert(new vscode.Position(editor.document.lineCount, 0), '\n'));
    await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).length > 0, { message: 'a lint after the keystroke' });
    for (const d of diags.slice(0, 3)) {
      await vscode.commands.executeCommand('vscode.executeCodeActionProvider', editor.document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      await vscode.commands.executeCommand('vscode.executeCodeActionProvider', editor.document.uri, d.range);
    }
    const prompt = vscode.commands.executeCommand('kubeProbes.chooseTarget'); // on the untitled manifest's first workload
    await new Promise((r) => setTimeout(r, 500)); // let the quick pick open (no visible state to poll from here)
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await prompt;
    await resetWorkbench();

    // context.logUri is <window logs>/exthost…/<extension id>; the extension host's own log is next to it.
    const windowLogs = path.dirname(path.dirname(api.ctx.extension.logUri.fsPath));
    assert.ok(existsSync(windowLogs), `no log folder at ${windowLogs}`);
    const files = logFiles(windowLogs);
    const hostLogs = files.filter((f) => /exthost/i.test(path.basename(f)));
    assert.ok(hostLogs.length > 0, `no extension host log among ${files.map((f) => path.relative(windowLogs, f)).join(', ')}`);
    // The log is written asynchronously: wait until the drive's lines could have landed, then read.
    await new Promise((r) => setTimeout(r, 1500));
    const noisy = hostLogs.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => /\[(warning|error)\]/i.test(l) && (l.includes(EXTENSION_ID) || /kubeProbes\./.test(l))),
    );
    console.log(`    read ${hostLogs.map((f) => path.relative(windowLogs, f)).join(', ')}`);
    assert.deepEqual(noisy, []);
  });
});
