// What the Pod Timeline and the Workload Timeline panels share (src/extension/timeline-panel-host.ts),
// in a real VS Code, for each: simulating the workload again reveals its open panel (the same one,
// one tab); the panel's "Open manifest" button opens the manifest at the workload's line; a closed
// panel is forgotten, so simulating again opens a new one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TimelineShowArgs } from '../../../src/extension/timeline-deps';
import { activeExtension, openFixture, resetWorkbench, waitFor, webviewClick } from './helpers';

const tabsNamed = (label: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === label);
const textTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText);

async function simulateArgs(file: string): Promise<TimelineShowArgs> {
  const editor = await openFixture(file);
  const lens = await waitFor(async () =>
    ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? []).find((l) => l.command?.title === '◷ Simulate'),
  { message: 'the Simulate lens', timeout: 25_000 });
  return lens.command!.arguments![0] as TimelineShowArgs;
}

describe('Pod Timeline and Workload Timeline panels: one per workload, Open manifest, closed and reopened', function () {
  this.timeout(120_000);
  before(async () => {
    await activeExtension();
  });
  after(async () => {
    await resetWorkbench();
  });

  const cases: [string, string][] = [
    ['manifests/slow-start/fixed.yaml', 'Pod Timeline: Deployment slow-start'],
    ['manifests/deployment.yaml', 'Workload Timeline: Deployment web'],
  ];
  for (const [file, label] of cases) {
    it(`${label} (${file})`, async () => {
      await resetWorkbench();
      const args = await simulateArgs(file);
      const first = await vscode.commands.executeCommand<object>('kubeProbes.simulate', args);
      await waitFor(() => tabsNamed(label)[0], { message: `the ${label} tab`, timeout: 30_000 });

      // Again: the open panel is revealed and updated, not a second one made.
      const again = await vscode.commands.executeCommand<object>('kubeProbes.simulate', args);
      assert.ok(first && again === first, 'the same panel');
      assert.equal(tabsNamed(label).length, 1);

      // "Open manifest" in the panel: the manifest at the workload's line.
      await vscode.window.tabGroups.close(textTabs());
      const ref = args.workloadRef!;
      const clicked = await webviewClick('button:has-text("Open manifest")');
      if (clicked) {
        const editor = await waitFor(() => {
          const e = vscode.window.activeTextEditor;
          return e && e.document.uri.toString() === ref.uri ? e : undefined;
        }, { message: 'the manifest to open', timeout: 15_000 });
        assert.equal(editor.selection.active.line, ref.line ?? 0);
      }

      // Closed, it is forgotten: simulating again opens a new panel.
      await vscode.window.tabGroups.close(tabsNamed(label));
      await waitFor(() => tabsNamed(label).length === 0, { message: 'the panel to close' });
      const reopened = await vscode.commands.executeCommand<object>('kubeProbes.simulate', args);
      assert.ok(reopened && reopened !== first, 'a new panel');
      await waitFor(() => tabsNamed(label).length === 1, { message: `the ${label} tab again`, timeout: 30_000 });
    });
  }
});
