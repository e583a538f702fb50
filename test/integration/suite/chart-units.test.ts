// Charts as units in a real VS Code, rendered by the real helm (.tools/): the Workspace Probes tree
// shows examples/charts/web as one entry (rendered workloads → containers → probes), a probe row
// opens where it is written (the values key of a toYaml'd probe), and the CodeLens Run on a probe in
// a chart template runs the RENDERED probe (its named port resolved) against the demo app on
// 127.0.0.1, with the verdict in the lens. The examples are only read.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import type { WorkspaceNode } from '../../../src/core/workspace/tree-model';
import { activeExtension, REPO_ROOT, resetWorkbench, startDemoApp, waitFor, workspaceRoot, type DemoPorts } from './helpers';

const HELM = path.join(REPO_ROOT, '.tools', 'helm');
const WAIT = { timeout: 45_000, interval: 200 };

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50)) ?? [];
}

describe('Charts as units: the tree and CodeLens act on the rendered chart (real helm)', function () {
  this.timeout(120_000);
  let api: KubeProbesApi;
  let demo: { child: ChildProcess; ports: DemoPorts } | undefined;
  const chartDir = () => vscode.Uri.joinPath(workspaceRoot(), 'charts', 'web');
  const tree = () => api.views.workspace;

  before(async () => {
    api = (await activeExtension()).exports as KubeProbesApi;
    await vscode.workspace.getConfiguration('kubeProbes').update('helm.path', HELM, vscode.ConfigurationTarget.Global);
    demo = await startDemoApp();
  });
  after(async () => {
    demo?.child.kill('SIGTERM');
    await vscode.workspace.getConfiguration('kubeProbes').update('helm.path', undefined, vscode.ConfigurationTarget.Global);
    await resetWorkbench();
  });

  /** The chart's entry once it has rendered with the real helm. */
  async function chartNode(): Promise<WorkspaceNode> {
    return waitFor(() => {
      const charts = tree().getChildren().find((n) => n.type === 'folder' && n.label === 'charts');
      const node = charts && tree().getChildren(charts).find((n) => n.type === 'file' && tree().getTreeItem(n).label === 'web');
      const item = node && tree().getTreeItem(node);
      return item && item.contextValue === 'unit.helm' && !/does not render/.test(String(item.description)) ? node : undefined;
    }, { ...WAIT, message: 'charts › web rendered as a Helm chart in the Workspace Probes tree' });
  }

  it('the tree shows the chart as one entry: rendered workloads, containers and probes; a probe row opens its values key', async () => {
    const node = await chartNode();
    const item = tree().getTreeItem(node);
    assert.match(String(item.description), /^Helm chart/);
    // The chart's own template is no longer a row of its own.
    const charts = tree().getChildren().find((n) => n.type === 'folder' && n.label === 'charts')!;
    assert.deepEqual(tree().getChildren(charts).map((n) => tree().getTreeItem(n).label), ['web']);
    const workloads = tree().getChildren(node).map((n) => String(tree().getTreeItem(n).label));
    assert.ok(workloads.includes('Deployment release-name-web'), workloads.join(', '));
    assert.ok(workloads.includes('Deployment release-name-worker'), `the subchart's workload (${workloads.join(', ')})`);
    const web = tree().getChildren(node).find((n) => tree().getTreeItem(n).label === 'Deployment release-name-web')!;
    const [container] = tree().getChildren(web);
    const probes = tree().getChildren(container);
    const labels = probes.map((n) => String(tree().getTreeItem(n).label));
    assert.deepEqual(labels, ['livenessProbe · HTTP GET /healthz on http', 'readinessProbe · HTTP GET /ready on http', 'preStop · sleep 5 s']);

    // The toYaml'd liveness probe is written in values.yaml: its row opens that key.
    await vscode.commands.executeCommand('kubeProbes.goToDefinition', probes[0]);
    const editor = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.path.endsWith('/charts/web/values.yaml') ? e : undefined;
    }, { ...WAIT, message: 'values.yaml opened' });
    assert.equal(editor.document.lineAt(editor.selection.active.line).text, 'livenessProbe:');
    // The readiness probe is written in the template: its row opens the template line.
    await vscode.commands.executeCommand('kubeProbes.goToDefinition', probes[1]);
    const tpl = await waitFor(() => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.path.endsWith('/charts/web/templates/deployment.yaml') ? e : undefined;
    }, { ...WAIT, message: 'the template opened' });
    assert.equal(tpl.document.lineAt(tpl.selection.active.line).text.trim(), 'readinessProbe:');
  });

  it('CodeLens Run on a probe in a chart template runs the rendered probe against the demo app', async () => {
    await chartNode();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(chartDir(), 'templates', 'deployment.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    const line = (l: vscode.CodeLens) => doc.lineAt(l.range.start.line).text.trim();
    const run = await waitFor(async () => (await lenses(doc.uri)).find((l) => l.command?.title === '▶ Run probe' && line(l) === 'readinessProbe:'), {
      ...WAIT,
      message: 'a Run lens above readinessProbe: in the template',
    });
    // The lens acts on the render, kept under the chart's Chart.yaml.
    const [uri, loc] = run.command!.arguments as [vscode.Uri, { workload: string; container: string; site: string }];
    assert.ok(uri.path.endsWith('/charts/web/Chart.yaml'), uri.toString());
    assert.deepEqual([loc.workload, loc.container, loc.site], ['Deployment/release-name-web', 'web', 'readinessProbe']);
    // The values file's toYaml'd liveness probe has its lens too.
    const values = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(chartDir(), 'values.yaml'));
    await waitFor(async () => (await lenses(values.uri)).some((l) => l.command?.title === '▶ Run probe' && values.lineAt(l.range.start.line).text === 'livenessProbe:'), {
      ...WAIT,
      message: 'a Run lens above livenessProbe: in values.yaml',
    });

    // The named port `http` is the rendered containerPort 8080: send it to the demo app.
    await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 8080: demo!.ports.http } });
    const result = await vscode.commands.executeCommand<{ result: string; http?: { status?: number } }>('kubeProbes.runProbe', uri, loc);
    assert.equal(result?.result, 'success');
    assert.equal(result?.http?.status, 200);
    await vscode.window.showTextDocument(editor.document);
    await waitFor(async () => (await lenses(doc.uri)).find((l) => /^✓ 200 in \d+ ms · /.test(l.command?.title ?? '') && line(l) === 'readinessProbe:'), {
      ...WAIT,
      message: 'the ✓ 200 verdict above readinessProbe: in the template',
    });
  });
});
