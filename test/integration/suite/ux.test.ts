// A user-experience walk through the examples/ workspace: what a Kubernetes developer sees in the
// quick-fix menu, the probe hover, the Problems panel, the Pod Timeline (Hangs preset and the fixed
// manifest), the sidebar without a cluster, and the output channel after a probe run. The asserts
// are the cheap, user-visible ones (titles, counts); the screenshots are for looking at.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PodSpec } from '../../../src/core/k8s';
import { presetScenario } from '../../../src/core/timeline/presets';
import { activeExtension, openFixture, resetWorkbench, screenshot, startDemoApp, waitFor, writeOfflineKubeconfig, type DemoPorts } from './helpers';

const kubeProbeDiags = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'kube-probes');

async function diagnosticsOf(editor: vscode.TextEditor, min = 1): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const d = kubeProbeDiags(editor.document.uri);
    return d.length >= min ? d : undefined;
  }, { message: `kube-probes diagnostics for ${editor.document.fileName}`, timeout: 20_000 });
}

function ruleId(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code);
}

async function quickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

function timelineTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

describe('UX walk-through on examples/', function () {
  this.timeout(90_000);

  before(async () => {
    await activeExtension();
    await resetWorkbench();
  });

  for (const [file, rule, shot] of [
    ['manifests/broken-ports.yaml', 'probe/named-port-not-found', 'ux-quickfix-broken-ports'],
    ['manifests/timing-smells.yaml', 'probe/timeout-ge-period', 'ux-quickfix-timing-smells'],
  ] as const) {
    it(`${file}: the quick-fix menu on a ${rule} squiggle (screenshot ${shot}.png)`, async () => {
      await resetWorkbench();
      const editor = await openFixture(file);
      const diags = await diagnosticsOf(editor);
      const diag = diags.find((d) => ruleId(d) === rule);
      assert.ok(diag, `a ${rule} finding in ${file}`);
      const fixes = await quickFixes(editor.document.uri, diag.range);
      const titles = fixes.map((a) => `${a.isPreferred ? '★ ' : ''}${a.title}`);
      console.log(`    quick fixes at ${rule}: ${JSON.stringify(titles)}`);
      assert.ok(fixes.some((a) => a.title === `Disable ${rule} for this line`));
      const preferred = fixes.filter((a) => a.isPreferred);
      if (preferred.length) assert.equal(fixes.indexOf(preferred[0]!), 0, 'the preferred fix comes first');
      editor.selection = new vscode.Selection(diag.range.start, diag.range.start);
      editor.revealRange(diag.range, vscode.TextEditorRevealType.InCenter);
      await vscode.commands.executeCommand('editor.action.quickFix');
      await screenshot(shot, { waitFor: '.action-widget', settleMs: 800 });
      await vscode.commands.executeCommand('hideCodeActionWidget');
    });
  }

  it('hover on a probe key shows the effective timing (screenshot ux-hover-probe.png)', async () => {
    await resetWorkbench();
    const editor = await openFixture('manifests/slow-start/crashloop.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => l.trim() === 'livenessProbe:');
    const pos = new vscode.Position(line, editor.document.lineAt(line).firstNonWhitespaceCharacterIndex + 2);
    const hovers = await waitFor(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h?.length ? h : undefined;
    }, { message: 'a hover on livenessProbe' });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    console.log(`    hover:\n${text.replace(/^/gm, '      | ')}`);
    // initialDelay 10 + failureThreshold 3 × period 10: the kubelet restarts it after 30-40 s.
    assert.match(text, /10/);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    // The headless page has no keyboard focus: focus the editor, or the hover closes at once.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await vscode.commands.executeCommand('editor.action.showHover', { focus: 'autoFocusImmediately' });
    // A hover closes when the (focus-less) page blurs it, so shoot as soon as it is there.
    await screenshot('ux-hover-probe', { waitFor: '.monaco-hover:not(.hidden) .hover-contents', settleMs: 0 });
  });

  it('Problems panel with the kube-probes findings of the broken examples (screenshot ux-problems.png)', async () => {
    await resetWorkbench();
    const ports = await openFixture('manifests/broken-ports.yaml');
    const timing = await openFixture('manifests/timing-smells.yaml');
    const a = await diagnosticsOf(ports);
    const b = await diagnosticsOf(timing);
    for (const d of [...a, ...b]) {
      assert.ok(ruleId(d).includes('/'), `rule id as the code: ${ruleId(d)}`);
      console.log(`    ${ruleId(d).padEnd(48)} ${d.message.length.toString().padStart(4)} ch  ${d.message}`);
    }
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
    try {
      await screenshot('ux-problems', { waitFor: '.markers-panel .monaco-list-row', settleMs: 1200 });
    } finally {
      await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
    }
  });

  for (const [file, preset, shot] of [
    ['manifests/slow-start/crashloop.yaml', 'hangs', 'ux-timeline-crashloop-hangs'],
    ['manifests/slow-start/fixed.yaml', 'hangs', 'ux-timeline-fixed-hangs'],
    ['manifests/slow-start/fixed.yaml', undefined, 'ux-timeline-fixed'],
  ] as const) {
    it(`${file}: Pod Timeline${preset ? ` with the ${preset} preset` : ''} (screenshot ${shot}.png)`, async () => {
      await resetWorkbench();
      const editor = await openFixture(file);
      const lens = await waitFor(async () =>
        ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? []).find((l) => l.command?.title === '◷ Simulate'),
      { message: 'the Simulate lens', timeout: 25_000 });
      const args = { ...(lens.command!.arguments![0] as { podSpec: PodSpec }) };
      await vscode.commands.executeCommand('kubeProbes.simulate', preset ? { ...args, preset, scenario: presetScenario(preset, args.podSpec) } : args);
      await waitFor(() => timelineTabs()[0], { message: 'a timeline webview tab' });
      await screenshot(shot, { webviewWaitFor: '.verdicts li', settleMs: 1500 });
    });
  }

  describe('sidebar without a cluster', () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, KUBECACHEDIR: process.env.KUBECACHEDIR };
    const dir = mkdtempSync(path.join(tmpdir(), 'kp-ux-it-'));
    after(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await vscode.commands.executeCommand('kubeProbes.refreshCluster');
      rmSync(dir, { recursive: true, force: true });
    });

    it('kubeconfig without contexts (screenshot ux-sidebar-no-context.png)', async () => {
      await resetWorkbench();
      const kubeconfig = path.join(dir, 'empty.yaml');
      writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
      process.env.KUBECONFIG = kubeconfig;
      process.env.KUBECACHEDIR = path.join(dir, 'cache');
      const state = await vscode.commands.executeCommand<{ kind: string; message?: string }>('kubeProbes.refreshCluster');
      assert.deepEqual(state, { kind: 'noContext', message: 'kubectl has no contexts configured.' });
      await vscode.commands.executeCommand('workbench.view.extension.kubeProbes');
      // What the user reads: the Cluster view's welcome text, not an error and not a pod list.
      await screenshot('ux-sidebar-no-context', {
        selector: '[id="workbench.view.extension.kubeProbes"]',
        waitFor: '.pane:has(.pane-header[aria-label^="Cluster"]) .welcome-view-content:has-text("kubectl has no contexts configured")',
        settleMs: 800,
      });
    });

    it('kubeconfig pointing at a closed port (screenshot ux-sidebar-unreachable.png)', async () => {
      const { file: kubeconfig } = await writeOfflineKubeconfig(path.join(dir, 'offline.yaml'));
      process.env.KUBECONFIG = kubeconfig;
      const state = await vscode.commands.executeCommand<{ kind: string; message?: string }>('kubeProbes.refreshCluster');
      console.log(`    cluster state: ${JSON.stringify(state)}`);
      assert.equal(state?.kind, 'unreachable');
      await vscode.commands.executeCommand('workbench.view.extension.kubeProbes');
      await screenshot('ux-sidebar-unreachable', {
        selector: '[id="workbench.view.extension.kubeProbes"]',
        waitFor: '.pane:has(.pane-header[aria-label^="Cluster"]) .welcome-view-content:has-text("No cluster is reachable with the current kubectl context")',
        settleMs: 800,
      });
    });
  });

  describe('output channel after a probe run', () => {
    let demo: { child: ChildProcess; ports: DemoPorts } | undefined;
    before(async () => {
      demo = await startDemoApp();
    });
    after(() => demo?.child.kill('SIGTERM'));

    it('runs the liveness and a failing readiness probe, then shows "Kubernetes Probes" (screenshot ux-output.png)', async () => {
      await resetWorkbench();
      const editor = await openFixture('manifests/deployment.yaml');
      const lenses = await waitFor(async () => {
        const l = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 50)) ?? []).filter((x) => x.command?.title === '▶ Run probe');
        return l.length ? l : undefined;
      }, { message: 'Run probe lenses', timeout: 25_000 });
      const at = (key: string) => lenses.find((l) => editor.document.lineAt(l.range.start.line).text.trim() === key)!;
      const [uri, loc] = at('livenessProbe:').command!.arguments as [vscode.Uri, { workload: string }];
      await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8080: demo!.ports.http } });
      const ok = await vscode.commands.executeCommand<{ result: string }>('kubeProbes.runProbe', uri, loc);
      assert.equal(ok?.result, 'success');
      await fetch(`http://127.0.0.1:${demo!.ports.http}/admin/mode?readiness=fail`, { method: 'POST' });
      const [uri2, loc2] = at('readinessProbe:').command!.arguments as [vscode.Uri, unknown];
      const bad = await vscode.commands.executeCommand<{ result: string }>('kubeProbes.runProbe', uri2, loc2);
      assert.equal(bad?.result, 'failure');
      await vscode.commands.executeCommand('kubeProbes.showOutput');
      await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
      try {
        await screenshot('ux-output', { waitFor: '.output-view .view-lines', settleMs: 1500 });
      } finally {
        await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
      }
    });
  });
});
