// The Pod Timeline in a real VS Code: the ◷ Simulate lens opens it on the manifest's scenario
// file, under one name; what it shows in the dark and the light theme; "Crash on boot" shows exits,
// not liveness kills. Screenshots: timeline-*.png.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PodSpec } from '../../../src/core/k8s';
import { presetScenario } from '../../../src/core/timeline/presets';
import { activeExtension, openFixture, resetWorkbench, screenshot, waitFor, webviewQuery } from './helpers';

function timelineTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

async function simulateLens(file: string): Promise<{ podSpec: PodSpec; title: string }> {
  const editor = await openFixture(file);
  const lens = await waitFor(async () =>
    ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? []).find((l) => l.command?.title === '◷ Simulate'),
  { message: 'the Simulate lens', timeout: 25_000 });
  return { ...(lens.command!.arguments![0] as { podSpec: PodSpec; title: string }) };
}

async function texts(selector: string): Promise<string[] | undefined> {
  return (await webviewQuery(selector))?.map((e) => e.text);
}

describe('Pod Timeline: the Simulate lens opens the webview', function () {
  this.timeout(120_000);

  // The dark shots in Dark Modern (the profile's default theme may be a light one), the light
  // ones below in Light Modern.
  const workbench = () => vscode.workspace.getConfiguration('workbench');
  let savedTheme: unknown;
  before(async () => {
    await activeExtension();
    savedTheme = workbench().inspect('colorTheme')?.globalValue;
    await workbench().update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await workbench().update('colorTheme', savedTheme, vscode.ConfigurationTarget.Global);
  });

  it('manifests/slow-start/crashloop.yaml opens on scenarios/slow-start.yaml, named "Pod Timeline" (screenshot timeline-slow-start-crashloop.png)', async () => {
    await resetWorkbench();
    const args = await simulateLens('manifests/slow-start/crashloop.yaml');
    // What the lens does: no scenario in the arguments, the panel finds the manifest's own.
    await vscode.commands.executeCommand('kubeProbes.simulate', args);
    const tab = await waitFor(() => timelineTabs()[0], { message: 'a timeline webview tab' });
    assert.equal(tab.label, 'Pod Timeline: Deployment slow-start');
    const title = await texts('#title');
    if (title) assert.deepEqual(title, ['Pod Timeline: Deployment slow-start']);
    const state = await texts('.sim-state');
    if (state) assert.match(state[0]!, /the scenario of scenarios\/slow-start\.yaml \(named in a comment of the manifest\)/);
    const verdicts = await texts('.verdicts .v-text');
    if (verdicts) {
      assert.ok(verdicts.some((v) => /never becomes Ready/.test(v)), verdicts.join('\n'));
      assert.ok(verdicts.some((v) => /app: killed \d+ times by its liveness probe, first at \d+ s \((3\d|40) s after it started\)/.test(v)), verdicts.join("\n"));
      assert.ok(!verdicts.some((v) => /Ready at 0 s/.test(v)), 'not the default scenario');
    }
    // Layout: the five pod conditions each get a readable row.
    const conditions = await webviewQuery('.tl-row-label.k-condition');
    if (conditions) {
      assert.deepEqual(conditions.map((c) => c.text), ['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']);
      for (const c of conditions) assert.ok(c.height >= 16, `${c.text}: ${c.height} px high`);
    }
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await screenshot('timeline-slow-start-crashloop', { webviewWaitFor: '.verdicts li', settleMs: 1500 });
  });

  it('manifests/slow-start/fixed.yaml: the same scenario, Ready after the 60 s start (screenshot timeline-slow-start-fixed.png)', async () => {
    await resetWorkbench();
    await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/slow-start/fixed.yaml'));
    await waitFor(() => timelineTabs()[0], { message: 'a timeline webview tab' });
    const verdicts = await texts('.verdicts .v-text');
    if (verdicts) {
      const ready = verdicts.map((v) => /^The pod is Ready at (\d+) s\.$/.exec(v)).find(Boolean);
      assert.ok(ready && Number(ready[1]) >= 60 && Number(ready[1]) <= 75, verdicts.join('\n'));
    }
    await screenshot('timeline-slow-start-fixed', { webviewWaitFor: '.verdicts li', settleMs: 1500 });
  });

  it('"Crash on boot": exits, never a liveness kill (screenshot timeline-crash-on-boot.png)', async () => {
    await resetWorkbench();
    const args = await simulateLens('manifests/slow-start/crashloop.yaml');
    await vscode.commands.executeCommand('kubeProbes.simulate', { ...args, preset: 'crash-on-boot', scenario: presetScenario('crash-on-boot', args.podSpec) });
    await waitFor(() => timelineTabs()[0], { message: 'a timeline webview tab' });
    const machines = await texts('.machines');
    if (machines) {
      assert.match(machines.join('\n'), /exit 1 ×\d+/);
      assert.doesNotMatch(machines.join('\n'), /liveness kill/);
    }
    const verdicts = await texts('.verdicts .v-text');
    if (verdicts) assert.ok(!verdicts.some((v) => /killed .* by its liveness probe/.test(v)), verdicts.join('\n'));
    await screenshot('timeline-crash-on-boot', { webviewWaitFor: '.verdicts li', settleMs: 1500 });
  });

  describe('in the light theme', () => {
    const config = () => vscode.workspace.getConfiguration('workbench');
    let saved: unknown;
    before(async () => {
      saved = config().inspect('colorTheme')?.globalValue;
      await config().update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      await config().update('colorTheme', saved, vscode.ConfigurationTarget.Global);
    });

    it('the time link of the selected row of "Changes around the cursor" is readable (screenshot timeline-slow-start-crashloop-light.png)', async () => {
      await resetWorkbench();
      await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/slow-start/crashloop.yaml'));
      await waitFor(() => timelineTabs()[0], { message: 'a timeline webview tab' });
      const link = await webviewQuery('table.events tr.current button.link');
      const row = await webviewQuery('table.events tr.current');
      if (link && row) {
        console.log(`    selected row: link ${link[0]!.color} on ${link[0]!.background}; row text ${row[0]!.color}`);
        assert.notEqual(link[0]!.color, link[0]!.background, 'the link is not drawn in the colour it sits on');
        assert.equal(link[0]!.color, row[0]!.color, 'the link takes the selection foreground, like the rest of the row');
      }
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await screenshot('timeline-slow-start-crashloop-light', { webviewWaitFor: '.verdicts li', settleMs: 1500 });
    });
  });
});
