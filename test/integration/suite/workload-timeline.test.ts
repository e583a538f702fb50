// The Workload Timeline in a real VS Code: the ◷ Simulate lens of a Deployment with replicas: 3
// opens it (not the Pod Timeline); with a rollout scenario it shows one lane per pod by revision and
// the rollout's verdict; clicking a Try-it variant re-simulates and says what changed. The Simulate
// lens of a 3-replica StatefulSet, a DaemonSet and a parallel Job opens it too, with their own
// stories, lanes and counts. Dark and light theme screenshots: workload-timeline-*.png.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { PodSpec } from '../../../src/core/k8s';
import { REPO_ROOT, activeExtension, openFixture, resetWorkbench, screenshot, waitFor, webviewClick, webviewQuery } from './helpers';

function webviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview);
}

async function simulateLens(file: string): Promise<{ podSpec: PodSpec; title: string }> {
  const editor = await openFixture(file);
  const lens = await waitFor(async () =>
    ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri)) ?? []).find((l) => l.command?.title === '◷ Simulate'),
  { message: 'the Simulate lens', timeout: 25_000 });
  return { ...(lens.command!.arguments![0] as { podSpec: PodSpec; title: string }) };
}

const texts = async (selector: string) => (await webviewQuery(selector))?.map((e) => e.text);

/** The repository's rollout scenario for manifests/deployment.yaml (a healthy rollout at 30 s, 2 s endpoint propagation). */
const ROLLOUT = parse(readFileSync(path.join(REPO_ROOT, 'examples/scenarios/rollout-graceful-shutdown.yaml'), 'utf8')) as unknown;

for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
  const tag = theme.includes('Light') ? 'light' : 'dark';
  describe(`Workload Timeline (${tag} theme)`, function () {
    this.timeout(150_000);
    const workbench = () => vscode.workspace.getConfiguration('workbench');
    let saved: unknown;
    before(async () => {
      await activeExtension();
      saved = workbench().inspect('colorTheme')?.globalValue;
      await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      await workbench().update('colorTheme', saved, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.view.explorer');
      await resetWorkbench();
    });

    it(`the Simulate lens of a 3-replica Deployment with a rollout scenario: lanes by revision, the verdict, a Try-it variant (screenshots workload-timeline-${tag}.png, workload-timeline-try-${tag}.png)`, async () => {
      await resetWorkbench();
      const args = await simulateLens('manifests/deployment.yaml');
      await vscode.commands.executeCommand('kubeProbes.simulate', { ...args, workloadScenario: ROLLOUT });
      const tab = await waitFor(() => webviewTabs()[0], { message: 'a webview tab', timeout: 30_000 });
      assert.equal(tab.label, 'Workload Timeline: Deployment web');
      // Room for the chart: no side bar, no panel, the timeline's editor group maximized.
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
      const note = await texts('.wl-note');
      if (note) assert.deepEqual(note, ['A rollout at 30 s; endpoints reach load balancers 2 s later; 300 s played.']);

      const title = await texts('#wl-title');
      if (title) assert.deepEqual(title, ['Workload Timeline: Deployment web']);
      const groups = await texts('.wl-group-label');
      if (groups) assert.deepEqual(groups.map((g) => g.replace(/\s+/g, ' ').trim()), ['revision old · 3 pods', 'revision new · 3 pods']);
      const lanes = await webviewQuery('.wl-lane-label');
      if (lanes) {
        assert.deepEqual(lanes.map((l) => l.text), ['web-old-1', 'web-old-2', 'web-old-3', 'web-new-4', 'web-new-5', 'web-new-6']);
        for (const l of lanes) assert.notEqual(l.color, l.background, `${l.text} is readable`);
      }
      const verdicts = await texts('.wl-verdicts .v-text');
      if (verdicts) {
        assert.ok(verdicts.some((v) => /^The rollout completes at \d+ s \(\d+ s after it started\), never below 3 of 3 ready\.$/.test(v)), verdicts.join('\n'));
        assert.ok(verdicts.some((v) => /Clients see refused connections for up to 2 s per pod \(3 pods\)/.test(v)), verdicts.join('\n'));
      }
      await screenshot(`workload-timeline-${tag}`, { webviewWaitFor: '.wl-lane-label', settleMs: 1500 });
      // A verdict's jump link zooms the chart to its moment and the readout says what holds then.
      if (await webviewClick('.wl-verdicts .wl-jump')) {
        const readout = await waitFor(async () => (await texts('.wl-readout'))?.find((t) => /^At \d+ s:/.test(t)), { message: 'the readout at the verdict', timeout: 20_000 });
        assert.match(readout, /desired 3 · pods 3 · updated 3 · ready 3 · available 3/);
      }

      // Try it: a preStop sleep longer than the endpoint propagation.
      if (await webviewClick('button.variant[data-variant="prestop-sleep"]')) {
        const banner = await waitFor(async () => (await texts('.wl-variant-banner'))?.find((t) => /Trying preStop sleep 4 s/.test(t)), { message: 'the Try-it banner', timeout: 30_000 });
        assert.match(banner, /Without it: .*refused connections/);
        const now = await texts('.wl-variant-now');
        assert.ok(now && !/refused/.test(now[0]!), `with the sleep nobody is refused: ${now?.[0]}`);
        const loss = await texts('.wl-loss li');
        assert.deepEqual(loss, ['None: every request found a listening pod.']);
        await screenshot(`workload-timeline-try-${tag}`, { webviewWaitFor: '.wl-variant-banner', settleMs: 1500 });
      }
    });
  });
}

/** The kind's story played from its button in the panel, its verdict waited for, then a screenshot. */
async function playStory(preset: string, verdict: RegExp, shot: string): Promise<void> {
  if (!(await webviewClick(`button.preset[data-preset="${preset}"]`))) return;
  await waitFor(async () => (await texts('.wl-verdicts .v-text'))?.find((t) => verdict.test(t)), { message: `the verdict of ${preset}`, timeout: 30_000 });
  await screenshot(shot, { webviewWaitFor: '.wl-lane-label', settleMs: 1500 });
}

for (const theme of ['Default Dark Modern', 'Default Light Modern'] as const) {
  const tag = theme.includes('Light') ? 'light' : 'dark';
  describe(`Workload Timeline for StatefulSets, DaemonSets and Jobs (${tag} theme)`, function () {
    this.timeout(240_000);
    const workbench = () => vscode.workspace.getConfiguration('workbench');
    let saved: unknown;
    before(async () => {
      await activeExtension();
      saved = workbench().inspect('colorTheme')?.globalValue;
      await workbench().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    });
    after(async () => {
      await workbench().update('colorTheme', saved, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.view.explorer');
      await resetWorkbench();
    });
    const roomy = async () => {
      await vscode.commands.executeCommand('workbench.action.closePanel');
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    };

    it(`the Simulate lens of a 3-replica StatefulSet: ordinal lanes, its own stories, one pod never Ready blocks OrderedReady (screenshot workload-timeline-statefulset-${tag}.png)`, async () => {
      await resetWorkbench();
      await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/statefulset.yaml'));
      const tab = await waitFor(() => webviewTabs()[0], { message: 'a webview tab', timeout: 30_000 });
      assert.equal(tab.label, 'Workload Timeline: StatefulSet queue');
      await roomy();
      const lanes = await texts('.wl-lane-label');
      if (lanes) assert.deepEqual(lanes, ['queue-0', 'queue-1', 'queue-2']);
      const sub = await texts('.wl-header .subtitle');
      if (sub) assert.match(sub[0]!, /^StatefulSet\/queue: 3 replicas, OrderedReady, RollingUpdate \(partition 0, maxUnavailable 1\)/);
      const presets = await webviewQuery('button.preset');
      if (presets) {
        const labels = presets.map((p) => p.text.trim());
        assert.ok(labels.includes('One pod never Ready') && labels.includes('Canary with partition'), labels.join(', '));
        assert.equal(labels.filter((l) => l === 'New revision never Ready').length, 1, 'the StatefulSet\'s own story, not the Deployment\'s ProgressDeadlineExceeded one too');
      }
      const verdicts = await texts('.wl-verdicts .v-text');
      if (verdicts) assert.ok(verdicts.some((v) => /^All 3 replicas are Ready at \d+ s \(OrderedReady: one at a time/.test(v)), verdicts.join('\n'));
      await playStory('sts-pod-never-ready', /queue-1 never becomes Running and Ready, and OrderedReady creates no later ordinal/, `workload-timeline-statefulset-${tag}`);
    });

    it(`a DaemonSet's lens: one lane group per node (3 nodes, as the CLI simulates); the 5-node rollout (screenshot workload-timeline-daemonset-${tag}.png)`, async () => {
      await resetWorkbench();
      await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/daemonset.yaml'));
      const tab = await waitFor(() => webviewTabs()[0], { message: 'a webview tab', timeout: 30_000 });
      assert.equal(tab.label, 'Workload Timeline: DaemonSet node-agent');
      await roomy();
      const groups = await texts('.wl-group-label');
      if (groups) assert.deepEqual(groups.map((g) => g.replace(/\s+/g, ' ').trim()), ['node-1 · 1 pod', 'node-2 · 1 pod', 'node-3 · 1 pod']);
      await playStory('ds-rollout-five-nodes', /^The rollout completes at \d+ s .* over 5 nodes, never below 4 of 5 available/, `workload-timeline-daemonset-${tag}`);
    });

    it(`a parallel Job's lens with its scenario file: attempts as lanes, succeeded/failed counts, Complete; then backoffLimit (screenshot workload-timeline-job-${tag}.png)`, async () => {
      await resetWorkbench();
      await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/job-parallel.yaml'));
      const tab = await waitFor(() => webviewTabs()[0], { message: 'a webview tab', timeout: 30_000 });
      assert.equal(tab.label, 'Workload Timeline: Job thumbnails');
      await roomy();
      const series = await texts('.wl-series-label .wl-series-name');
      if (series) assert.deepEqual(series, ['active (parallelism 2)', 'ready', 'succeeded (of 6)', 'failed (backoffLimit 2)', 'terminating']);
      // Its scenario file (scenarios/job-parallel-flaky.yaml, named in the manifest's comment): the second pod fails once.
      const note = await texts('.wl-note');
      if (note) assert.match(note[0]!, /^The scenario of scenarios\/job-parallel-flaky\.yaml \(named in a comment of the manifest\)\. The Job started at 0 s/);
      const lanes = await texts('.wl-lane-label');
      if (lanes) assert.deepEqual(lanes, [1, 2, 3, 4, 5, 6, 7].map((i) => `thumbnails-${i}`), 'six successes and the failed attempt');
      const verdicts = await texts('.wl-verdicts .v-text');
      if (verdicts) assert.ok(verdicts.some((v) => /^The Job completes at \d+ s: 6 completions reached \(6 succeeded, 1 failed, within backoffLimit 2\)/.test(v)), verdicts.join('\n'));
      await playStory('job-backoff-limit', /BackoffLimitExceeded — \d failed pods > backoffLimit 2/, `workload-timeline-job-${tag}`);
    });
  });
}

describe('Workload Timeline: the manifest\'s PodDisruptionBudget', function () {
  this.timeout(90_000);
  it('web-with-pdb.yaml: the panel names the manifest\'s budget; the drain story plays it instead of its own', async () => {
    await resetWorkbench();
    await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/web-with-pdb.yaml'));
    const tab = await waitFor(() => webviewTabs()[0], { message: 'a webview tab', timeout: 30_000 });
    assert.equal(tab.label, 'Workload Timeline: Deployment shop');
    const before = await texts('.wl-budget');
    if (before) assert.match(before[0]!, /^\s*Evictions would honour PodDisruptionBudget shop \(maxUnavailable 1\) from the manifest\.$/);
    if (await webviewClick('button.preset[data-preset="drain-with-pdb"]')) {
      const line = await waitFor(async () => (await texts('.wl-budget'))?.find((t) => /The drain honours/.test(t)), { message: 'the budget line of the drain', timeout: 30_000 });
      assert.match(line, /^\s*The drain honours PodDisruptionBudget shop \(maxUnavailable 1\) from the manifest \(instead of the story's own\)\.$/);
      const verdicts = await texts('.wl-verdicts .v-text');
      if (verdicts) assert.ok(verdicts.some((v) => /^The drain of node-1 completes at \d+ s .*refused by PodDisruptionBudget shop and retried/.test(v)), verdicts.join('\n'));
    }
    await resetWorkbench();
  });
});

describe('Workload Timeline: which view', function () {
  this.timeout(90_000);
  it('a 3-replica Deployment without a scenario opens the Workload Timeline on its pods; a 1-replica one keeps the Pod Timeline', async () => {
    await resetWorkbench();
    await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/deployment.yaml'));
    const tab = await waitFor(() => webviewTabs()[0], { message: 'a webview tab', timeout: 30_000 });
    assert.equal(tab.label, 'Workload Timeline: Deployment web');
    const lanes = await texts('.wl-lane-label');
    if (lanes) assert.deepEqual(lanes, ['web-current-1', 'web-current-2', 'web-current-3']);
    await resetWorkbench();
    await vscode.commands.executeCommand('kubeProbes.simulate', await simulateLens('manifests/slow-start/fixed.yaml'));
    const single = await waitFor(() => webviewTabs()[0], { message: 'a webview tab', timeout: 30_000 });
    assert.equal(single.label, 'Pod Timeline: Deployment slow-start');
    await resetWorkbench();
  });
});
