// The Pod Timeline webview in a real VS Code: the ◷ Simulate lens opens it for the slow-start story.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { activeExtension, openFixture, REPO_ROOT, screenshot, waitFor } from './helpers';

function timelineTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

describe('Pod Timeline: the Simulate lens opens the webview', function () {
  this.timeout(90_000);

  before(activeExtension);

  for (const [file, shot] of [
    ['manifests/slow-start/crashloop.yaml', 'timeline-slow-start-crashloop'],
    ['manifests/slow-start/fixed.yaml', 'timeline-slow-start-fixed'],
  ] as const) {
    it(`${file}: simulates the slow-start app (screenshot ${shot}.png)`, async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const editor = await openFixture(file);
      const lens = await waitFor(async () =>
        ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? []).find(
          (l) => l.command?.title === '◷ Simulate',
        ),
      { message: 'the Simulate lens' });
      const args = { ...(lens.command!.arguments![0] as object) };
      const scenario = parse(readFileSync(path.join(REPO_ROOT, 'examples/scenarios/slow-start.yaml'), 'utf8'));
      await vscode.commands.executeCommand('kubeProbes.simulate', { ...args, scenario });
      const tab = await waitFor(() => timelineTabs()[0], { message: 'a timeline webview tab' });
      assert.match(tab.label, /web|slow|app/i);
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await screenshot(shot, { webviewWaitFor: '.verdicts li', settleMs: 1500 });
    });
  }
});
