// The command table in the real VS Code: every contributed command is registered (and nothing
// else under kubeProbes.*), the palette entries that used to fail or ask the wrong question, and
// live mode without a kubeconfig context.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPO_ROOT, activeExtension, openFixture, resetWorkbench, screenshot, waitFor } from './helpers';

const contributed: string[] = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).contributes.commands as { command: string }[]).map((c) => c.command);
/** Commands VS Code itself makes for our views (focus, toggle visibility, …). */
const VIEW_COMMANDS = /^kubeProbes\.(workspace|cluster|portForwards)\./;

describe('commands: the one command table in the real VS Code', () => {
  before(async () => {
    await activeExtension();
  });

  it('every contributed command is registered, and every registered kubeProbes command is contributed', async () => {
    const all = await vscode.commands.getCommands(true);
    const ours = all.filter((c) => c.startsWith('kubeProbes.') && !VIEW_COMMANDS.test(c));
    assert.deepEqual(contributed.filter((c) => !all.includes(c)), [], 'contributed but not registered');
    assert.deepEqual(ours.filter((c) => !contributed.includes(c)), [], 'registered but not contributed');
  });

  it('"Show Rule Documentation" from the palette offers the rules and opens the rendered page', async () => {
    await resetWorkbench();
    const done = vscode.commands.executeCommand('kubeProbes.showRuleDocs');
    await screenshot('commands-rule-picker', { waitFor: '.quick-input-list .monaco-list-row:has-text("api/probe-no-handler")', settleMs: 300 });
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await done;
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
      { message: 'a markdown preview tab', timeout: 15_000 },
    );
    assert.match(tab.label, /^Preview /);
    await resetWorkbench();
  });

  it('the rule link of a row in the Problems panel opens the rendered documentation page (screenshot commands-problems-rule-link.png)', async function () {
    this.timeout(90_000);
    await resetWorkbench();
    const editor = await openFixture('manifests/timing-smells.yaml');
    const diag = await waitFor(() => vscode.languages.getDiagnostics(editor.document.uri).find((d) => d.source && typeof d.code === 'object'), {
      message: 'a finding with a rule link',
      timeout: 20_000,
    });
    const code = diag.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'command');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // Click the first rule link the panel shows (other files' findings may come first: the panel
    // sorts by severity), then check that the rendered page of that very rule opened.
    await screenshot('commands-problems-rule-link', { waitFor: '.markers-panel .monaco-list-row', click: '.markers-panel .monaco-list-row a:has-text("/")', settleMs: 800 });
    const tab = await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)),
      { message: 'a markdown preview tab after the click', timeout: 15_000 },
    );
    const page = /^Preview ([a-z0-9-]+)\.md$/.exec(tab.label)?.[1];
    const shown = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds).map((d) => (typeof d.code === 'object' ? String(d.code.value) : ''));
    assert.ok(page && shown.some((id) => id.split('/').pop() === page), `the preview (${tab.label}) is the page of a rule in the Problems panel`);
    await resetWorkbench();
  });

  it('"Choose Probe Target…" asks where the workload’s probes run, not "Which probe?"', async () => {
    await resetWorkbench();
    const editor = await openFixture('manifests/deployment.yaml');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const done = vscode.commands.executeCommand('kubeProbes.chooseTarget');
    await screenshot('commands-choose-target', { waitFor: '.quick-input-widget .quick-input-title:has-text("Where should the probes of")', settleMs: 300 });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await done, undefined);
  });

  describe('no kubeconfig context', () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, KUBECACHEDIR: process.env.KUBECACHEDIR };
    const dir = mkdtempSync(path.join(tmpdir(), 'kp-commands-it-'));
    after(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await resetWorkbench();
      rmSync(dir, { recursive: true, force: true });
    });

    it('"Open Live Pod Timeline" from the palette opens the timeline and says "kubectl has no contexts configured" (screenshot commands-live-no-context.png)', async () => {
      await resetWorkbench();
      const kubeconfig = path.join(dir, 'empty.yaml');
      writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
      process.env.KUBECONFIG = kubeconfig;
      process.env.KUBECACHEDIR = path.join(dir, 'cache');
      await openFixture('manifests/deployment.yaml');
      const panel = await vscode.commands.executeCommand<{ panel: vscode.WebviewPanel } | undefined>('kubeProbes.openLiveTimeline');
      assert.ok(panel?.panel, 'a timeline panel');
      await screenshot('commands-live-no-context', { webviewWaitFor: ':text("kubectl has no contexts configured")', settleMs: 500 });
    });
  });
});
