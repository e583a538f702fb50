// The "Get started" walkthrough (Help → Welcome) in a real VS Code, in its own fresh window (run
// "walkthrough" in runs.mjs) so that no step is complete before the test. A user's click on the
// step's button opens the example, and fixing its finding with the quick fix completes the next
// step; the steps' check marks are read from the workbench page (aria-checked of each step).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, EXTENSION_ID, resetWorkbench, screenshot, waitFor } from './helpers';

interface Step { id: string; title: string; completionEvents?: string[]; media: { markdown?: string; image?: string } }
const WALKTHROUGH = `${EXTENSION_ID}#start`;
const step = (id: string, checked: boolean) => `button.getting-started-step[data-step-id$="#${id}"][aria-checked="${checked}"]`;

async function showWalkthrough(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
}

describe('walkthrough: Get started with Kubernetes Probes', function () {
  // Each test waits for several screens of the workbench (up to 20 s each on a busy machine).
  this.timeout(120_000);
  before(async () => {
    await activeExtension();
    await resetWorkbench();
  });

  it('is contributed with five steps, each completing on an event, each page in the package', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const walkthroughs = ext.packageJSON.contributes.walkthroughs as { id: string; steps: Step[] }[];
    const start = walkthroughs.find((w) => w.id === 'start');
    assert.ok(start, 'walkthrough "start" is contributed');
    assert.deepEqual(start.steps.map((s) => s.id), ['openExample', 'fixFinding', 'runProbe', 'simulate', 'connectCluster']);
    for (const s of start.steps) {
      assert.ok(s.completionEvents?.length, `${s.id} has completion events`);
      const page = s.media.markdown ?? s.media.image;
      assert.ok(page && fs.existsSync(path.join(ext.extensionPath, page)), `${s.id}: ${page} exists`);
    }
  });

  it('shows every step unchecked, then checks "Open an example" when its button is clicked (screenshot walkthrough.png)', async () => {
    await showWalkthrough();
    for (const id of ['fixFinding', 'runProbe', 'simulate', 'connectCluster']) await screenshot(`walkthrough-${id}-unchecked`, { waitFor: step(id, false), settleMs: 0 });
    // The shot a user sees first; then a click on the first step's "Open Example" button.
    await screenshot('walkthrough', {
      waitFor: step('openExample', false),
      click: '.getting-started-step[data-step-id$="#openExample"] .step-description-container a:has-text("Open Example")',
    });
    const editor = await waitFor(
      () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.isUntitled && e.document.languageId === "yaml" && e.document.getText().includes("name: slow-start") ? e : undefined;
      },
      { message: 'the click to open the example as an untitled YAML editor', timeout: 20_000 },
    );
    assert.ok(editor.document.getText().startsWith('# Kubernetes Probes — walkthrough example'));
    await showWalkthrough();
    await screenshot('walkthrough-openExample-checked', { waitFor: step('openExample', true), settleMs: 0 });
  });

  it('checks "See a finding and fix it" once the quick fix removed the finding', async () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().includes('name: slow-start'));
    assert.ok(doc, 'the example is open');
    const editor = await vscode.window.showTextDocument(doc);
    const ours = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'kube-probes');
    const finding = await waitFor(() => ours().find((d) => typeof d.code === 'object' && d.code.value === 'probe/zero-is-default'), {
      message: 'the example\'s probe/zero-is-default finding',
    });
    await screenshot('walkthrough-finding', { waitFor: '.monaco-editor .squiggly-info', settleMs: 200 });
    // Still unchecked: seeing the finding is not fixing it.
    await showWalkthrough();
    await screenshot('walkthrough-fixFinding-still-unchecked', { waitFor: step('fixFinding', false), settleMs: 0 });

    // The quick fix as a user applies it: the light bulb menu (Ctrl+.) on the finding, then "Auto
    // Fix" (Shift+Alt+.), which applies the one preferred fix. (A click on the menu row is blocked
    // by the workbench's pointer guard while the headless page has no mouse movement.)
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, finding.range);
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, `a preferred quick fix; got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.title, 'Remove timeoutSeconds: 0 (the default 1 applies)');
    await vscode.window.showTextDocument(doc, { selection: finding.range });
    await vscode.commands.executeCommand('editor.action.quickFix');
    await screenshot('walkthrough-quick-fix', { waitFor: '.action-widget .monaco-list-row:has-text("Remove timeoutSeconds")' });
    await vscode.commands.executeCommand('hideCodeActionWidget');
    await vscode.window.showTextDocument(doc, { selection: finding.range });
    await vscode.commands.executeCommand('editor.action.autoFix');
    await waitFor(() => !editor.document.getText().includes('timeoutSeconds: 0'), { message: 'Auto Fix to remove timeoutSeconds: 0' });
    await waitFor(() => ours().length === 0, { message: 'the finding to go away after the fix' });
    await showWalkthrough();
    await screenshot('walkthrough-fixFinding-checked', { waitFor: step('fixFinding', true), settleMs: 0 });
  });

  after(async () => {
    await resetWorkbench();
  });
});
