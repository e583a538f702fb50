// The Kubernetes Probes view container in a real VS Code, on the examples/ workspace: the
// Workspace Probes tree (items, labels, descriptions, icons, contextValues and the menus they
// get), its actions, its updates from editors and from the file watcher, the status bar item, and
// the Cluster view with no cluster (a kubeconfig whose server is a closed port on 127.0.0.1).
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import type { ClusterNode } from '../../../src/core/workspace/cluster-tree';
import type { FileNode, HandlerNode, WorkloadNode, WorkspaceNode } from '../../../src/core/workspace/tree-model';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { activeExtension, closedPort, REPO_ROOT, resetWorkbench, screenshot, waitFor, workspaceRoot, writeOfflineKubeconfig } from './helpers';

let api: KubeProbesApi;

const tree = () => api.views.workspace;
const items = (nodes: readonly WorkspaceNode[]) => nodes.map((n) => tree().getTreeItem(n));
const icon = (item: vscode.TreeItem) => {
  const i = item.iconPath as vscode.ThemeIcon;
  return `${i.id}${i.color ? `/${i.color.id}` : ''}`;
};

/** Every file node, wherever it is in the folders. */
function allFiles(node?: WorkspaceNode): FileNode[] {
  return tree()
    .getChildren(node)
    .flatMap((n) => (n.type === 'file' ? [n] : n.type === 'folder' ? allFiles(n) : []));
}

function fileNode(rel: string): FileNode {
  const node = allFiles().find((n) => vscode.workspace.asRelativePath(vscode.Uri.parse(n.path)) === rel);
  assert.ok(node, `${rel} is listed`);
  return node;
}

/** The handler nodes of a file's first workload's first container. */
function probesOf(rel: string): HandlerNode[] {
  const [workload] = tree().getChildren(fileNode(rel)).filter((n) => n.type === 'workload');
  const [container] = tree().getChildren(workload);
  return tree().getChildren(container) as HandlerNode[];
}

// ---- the menus of package.json, evaluated for a view and a contextValue ------------------------

interface MenuItem { command: string; when?: string; group?: string }
const MENUS = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } }).contributes.menus;

function holds(when: string, view: string, viewItem: string): boolean {
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    const neg = /^!\((.*)\)$/.exec(term);
    if (neg) return !holds(neg[1]!, view, viewItem);
    const re = /^(view|viewItem) =~ \/(.*)\/([a-z]*)$/.exec(term);
    if (re) return new RegExp(re[2]!, re[3]).test(re[1] === 'view' ? view : viewItem);
    const eq = /^(view|viewItem) == (.*)$/.exec(term);
    if (eq) return (eq[1] === 'view' ? view : viewItem) === eq[2]!.trim();
    throw new Error(`unexpected when clause term: ${term}`);
  });
}

/** Commands a tree item gets: inline ones prefixed "inline:". */
function actions(view: string, contextValue: string): string[] {
  return MENUS['view/item/context']!
    .filter((m) => m.when && holds(m.when, view, contextValue))
    .map((m) => `${m.group?.startsWith('inline') ? 'inline:' : ''}${m.command}`)
    .sort();
}

describe('Kubernetes Probes views', function () {
  this.timeout(60_000);

  before(async () => {
    api = (await activeExtension()).exports as KubeProbesApi;
    await resetWorkbench();
    await vscode.commands.executeCommand('workbench.view.extension.kubeProbes');
    await tree().whenScanned('parsed');
  });

  after(resetWorkbench);

  it('lists the manifests that carry pods, and only those, grouped by folder as the explorer does', () => {
    const rels = allFiles().map((n) => vscode.workspace.asRelativePath(vscode.Uri.parse(n.path)));
    for (const f of ['manifests/deployment.yaml', 'manifests/statefulset.yaml', 'manifests/deployment.json', 'manifests/slow-start/crashloop.yaml', 'manifests/broken-yaml.yaml']) {
      assert.ok(rels.includes(f), `${f} listed (${rels.join(', ')})`);
    }
    assert.ok(!rels.some((l) => l.startsWith('scenarios/') || l.includes('settings.json')), 'scenarios and settings are not manifests');
    // The examples workspace: folders at the top ("kustomize", "manifests"), "slow-start" first inside manifests, then the files by name.
    const roots = tree().getChildren();
    assert.ok(roots.every((n) => n.type === 'folder'), 'only folders at the top: no manifest lies at the workspace root');
    const labels = items(roots).map((i) => String(i.label));
    assert.deepEqual(labels, [...labels].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })), 'folders in natural order');
    const top = roots.find((n) => n.type === 'folder' && n.path === 'manifests');
    assert.ok(top, `a "manifests" folder (${labels.join(', ')})`);
    const topItem = tree().getTreeItem(top!);
    // The folder icon is tinted when a probe inside failed a run in an earlier suite of this window.
    assert.deepEqual([topItem.label, topItem.contextValue, topItem.collapsibleState, icon(topItem).split('/')[0]], ['manifests', 'folder', vscode.TreeItemCollapsibleState.Expanded, 'folder']);
    const inside = items(tree().getChildren(top)).map((i) => String(i.label));
    assert.equal(inside[0], 'slow-start', 'folders first');
    assert.deepEqual(items(tree().getChildren(tree().getChildren(top)[0])).map((i) => i.label), ['crashloop.yaml', 'fixed.yaml']);
    const names = inside.slice(1);
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })), 'files in natural order');
    assert.ok(!names.includes('crashloop.yaml'), 'slow-start files are inside their folder, not among the others');
    assert.equal(tree().getParent(fileNode('manifests/slow-start/crashloop.yaml')), tree().getChildren(top)[0], 'a file’s parent is its folder');
  });

  it('shows workloads, containers and probes with their effective timing, icons and menus', () => {
    const file = fileNode('manifests/statefulset.yaml');
    const fileItem = tree().getTreeItem(file);
    assert.equal(fileItem.contextValue, 'manifest');
    assert.equal(fileItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.equal(fileItem.resourceUri?.path.endsWith('/manifests/statefulset.yaml'), true);

    const [workload] = tree().getChildren(file) as WorkloadNode[];
    const w = tree().getTreeItem(workload!);
    assert.equal(w.label, 'StatefulSet queue');
    assert.equal(w.description, 'demo');
    assert.equal(icon(w), 'database');
    assert.equal(w.contextValue, 'workload.StatefulSet');
    assert.equal(w.command?.command, 'kubeProbes.goToDefinition');
    assert.deepEqual(actions('kubeProbes.workspace', w.contextValue!), ['inline:kubeProbes.goToDefinition', 'inline:kubeProbes.tree.simulate', 'kubeProbes.tree.chooseTarget']);

    const [container] = tree().getChildren(workload);
    const c = tree().getTreeItem(container!);
    assert.equal(c.label, 'queue');
    assert.equal(c.description, 'ghcr.io/example/demo:1.0');
    assert.equal(icon(c), 'package');
    assert.equal(c.contextValue, 'container.container');

    const probes = items(tree().getChildren(container));
    assert.deepEqual(
      probes.map((p) => [p.label, p.description, icon(p), p.contextValue]),
      [
        ['livenessProbe · TCP on tcp', 'restart after 60 s', 'plug', 'probe.livenessProbe'],
        ['readinessProbe · HTTP GET /ready on http', 'unready after 15 s', 'globe', 'probe.readinessProbe'],
        ['startupProbe · TCP on tcp', 'up to 300 s to start', 'plug', 'probe.startupProbe'],
      ],
    );
    const tip = probes[0]!.tooltip as vscode.MarkdownString;
    assert.match(tip.value, /\*\*livenessProbe\*\* · TCP port tcp \\\(9000\\\)/);
    assert.match(tip.value, /every 15 s, timeout 1 s, 4 failures → restart after 60 s/, 'the full timing in the tooltip');
    assert.deepEqual(actions('kubeProbes.workspace', 'probe.livenessProbe'), [
      'inline:kubeProbes.goToDefinition',
      'inline:kubeProbes.tree.measure',
      'inline:kubeProbes.tree.run',
      'inline:kubeProbes.tree.watch',
      'kubeProbes.tree.chooseTarget',
    ]);
    assert.deepEqual(actions('kubeProbes.workspace', 'probe.preStop'), ['inline:kubeProbes.goToDefinition', 'inline:kubeProbes.tree.run', 'kubeProbes.tree.chooseTarget'], 'hooks run but are not watched');
    assert.deepEqual(actions('kubeProbes.workspace', 'probe.livenessProbe.watching'), [
      'inline:kubeProbes.goToDefinition',
      'inline:kubeProbes.tree.measure',
      'inline:kubeProbes.tree.run',
      'inline:kubeProbes.tree.stopWatch',
      'kubeProbes.tree.chooseTarget',
    ]);
  });

  it('shows lint findings and YAML errors on the items', () => {
    const smells = fileNode('manifests/timing-smells.yaml');
    assert.match(String(tree().getTreeItem(smells).description), /^\d+ warnings?$/);
    assert.equal(icon(tree().getTreeItem(smells)), 'file-code/problemsWarningIcon.foreground');
    const broken = fileNode('manifests/broken-yaml.yaml');
    const [problem, workload] = items(tree().getChildren(broken));
    assert.equal(icon(problem!), 'error/problemsErrorIcon.foreground');
    assert.equal(problem!.description, 'line 53');
    assert.equal(problem!.contextValue, 'problem');
    assert.equal(workload!.label, 'Deployment web');
    assert.equal(icon(tree().getTreeItem(broken)), 'file-code/problemsErrorIcon.foreground');
  });

  it('Go to definition opens the manifest at the probe', async () => {
    const [liveness] = probesOf('manifests/statefulset.yaml');
    await vscode.commands.executeCommand('kubeProbes.goToDefinition', liveness);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/manifests/statefulset.yaml') ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.lineAt(editor.selection.active.line).text.trim(), 'livenessProbe:');
  });

  it('Simulate on a workload opens its timeline', async () => {
    const [workload] = tree().getChildren(fileNode('manifests/statefulset.yaml'));
    await vscode.commands.executeCommand('kubeProbes.tree.simulate', workload);
    // The webview's tab can take a while on a loaded machine.
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview), { message: 'the timeline tab', timeout: 30_000 });
    assert.match(tab.label, /queue/);
    await resetWorkbench();
  });

  it('Run and Watch from the tree: the verdict, the icon, the contextValue and the status bar follow', async () => {
    const port = await closedPort();
    const [liveness] = probesOf('manifests/statefulset.yaml');
    const [uri, loc] = tree().probeArgs(liveness!);
    const failingBefore = Number(/(\d+) failing/.exec(api.views.statusBar.text ?? '')?.[1] ?? 0);
    // The probe's named port tcp (9000) goes to a closed port on this machine: connection refused.
    await vscode.commands.executeCommand('kubeProbes.chooseTarget', uri, loc.workload, { kind: 'local', host: '127.0.0.1', portMap: { 9000: port } });
    const result = await vscode.commands.executeCommand<{ result: string }>('kubeProbes.tree.run', liveness);
    assert.equal(result?.result, 'failure');
    const item = await waitFor(() => {
      const i = tree().getTreeItem(probesOf('manifests/statefulset.yaml')[0]!);
      return String(i.description).startsWith('✗ connection refused') ? i : undefined;
    }, { message: 'the ✗ verdict on the probe' });
    assert.equal(icon(item), 'error/testing.iconFailed');
    assert.match((item.tooltip as vscode.MarkdownString).value, /\*\*Last run\*\* ✗ connection refused against 127\\\.0\\\.0\\\.1/);
    assert.match(String(tree().getTreeItem(fileNode('manifests/statefulset.yaml')).description), /1 failing/);
    await waitFor(() => api.views.statusBar.text === `$(pulse) ${failingBefore + 1} failing ${failingBefore + 1 === 1 ? 'probe' : 'probes'}`, { message: 'the status bar count' });

    const watching = vscode.commands.executeCommand('kubeProbes.tree.watch', liveness);
    const watched = await waitFor(() => {
      const i = tree().getTreeItem(probesOf('manifests/statefulset.yaml')[0]!);
      return i.contextValue === 'probe.livenessProbe.watching' ? i : undefined;
    }, { message: 'the watching contextValue' });
    assert.equal((watched.iconPath as vscode.ThemeIcon).id, 'eye');
    // In the user's words: consecutive failures against the threshold, and what comes next.
    const counted = await waitFor(() => {
      const i = tree().getTreeItem(probesOf('manifests/statefulset.yaml')[0]!);
      return /^watching: 1 of 4 failures · restart after 60 s$/.test(String(i.description)) ? i : undefined;
    }, { message: 'the first counted failure of the watch' });
    assert.equal(icon(counted), 'eye/testing.iconFailed');
    assert.match((counted.tooltip as vscode.MarkdownString).value, /Next: 3 more failures restart the container/);
    assert.doesNotMatch((counted.tooltip as vscode.MarkdownString).value, /cached|Success|run 0/);
    await vscode.commands.executeCommand('kubeProbes.tree.stopWatch', probesOf('manifests/statefulset.yaml')[0]);
    await watching;
    await waitFor(() => tree().getTreeItem(probesOf('manifests/statefulset.yaml')[0]!).contextValue === 'probe.livenessProbe', { message: 'the watch to stop' });
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('an unsaved edit updates that file’s nodes only', async () => {
    const file = fileNode('manifests/statefulset.yaml');
    const fired: (WorkspaceNode | WorkspaceNode[] | undefined | void)[] = [];
    const sub = tree().onDidChangeTreeData((e) => fired.push(e));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(file.path));
    const onDisk = () => new TextDecoder().decode(readFileSync(doc.uri.fsPath));
    const original = onDisk();
    try {
      await vscode.window.showTextDocument(doc);
      const line = doc.getText().split('\n').findIndex((l) => l.trim() === 'periodSeconds: 15');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, doc.lineAt(line).range, doc.lineAt(line).text.replace('15', '20'));
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(() => fired.length > 0 && /restart after 80 s/.test(String(tree().getTreeItem(probesOf('manifests/statefulset.yaml')[0]!).description)), {
        message: 'a refresh and the new timing in the tree',
      });
      assert.equal(onDisk(), original, 'the edit stays unsaved while the editor is open');
      const refreshed = fired.flatMap((e) => (Array.isArray(e) ? e : [e]));
      assert.ok(refreshed.every((n) => n === file), `only statefulset.yaml's node was refreshed (${refreshed.map((n) => (n && 'path' in n ? n.path : String(n))).join(', ')})`);
    } finally {
      sub.dispose();
      // Put the text back as it was and save it (the same bytes as on disk): a dirty editor closed
      // in the web workbench may be saved with the edit, which would change the example.
      const line = doc.getText().split('\n').findIndex((l) => l.trim() === 'periodSeconds: 20');
      if (line >= 0) {
        const undo = new vscode.WorkspaceEdit();
        undo.replace(doc.uri, doc.lineAt(line).range, doc.lineAt(line).text.replace('20', '15'));
        await vscode.workspace.applyEdit(undo);
      }
      await doc.save();
      await resetWorkbench();
    }
    assert.equal(onDisk(), original, 'the example is as it was');
    await waitFor(() => /restart after 60 s/.test(String(tree().getTreeItem(probesOf('manifests/statefulset.yaml')[0]!).description)), { message: 'the disk’s text again after revert' });
  });

  it('a new manifest on disk appears, and disappears when deleted (file watcher)', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'manifests', `tree-test-${process.pid}.yaml`);
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe-me\nspec:\n  containers:\n    - name: app\n      image: nginx\n      readinessProbe:\n        httpGet:\n          path: /\n          port: 80\n';
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      const node = await waitFor(() => allFiles().find((n) => n.path === uri.toString()), { message: 'the new file in the tree' });
      assert.equal(tree().getTreeItem(tree().getChildren(node)[0]!).label, 'Pod probe-me');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
    await waitFor(() => !allFiles().some((n) => n.path === uri.toString()), { message: 'the file to leave the tree' });
  });

  it('sidebar with the trees expanded, light and dark (screenshots tree-sidebar.png, tree-sidebar-light.png, tree-sidebar-dark.png)', async () => {
    await vscode.commands.executeCommand('workbench.actions.treeView.kubeProbes.workspace.collapseAll');
    // The headless page has no keyboard focus, so these resize the editor part: the side bar grows.
    for (let i = 0; i < 4; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    // The Cluster and Port Forwards views are shown by the next tests; hidden here to give the tree room.
    const others = ['kubeProbes.cluster.toggleVisibility', 'kubeProbes.portForwards.toggleVisibility'];
    for (const c of others) await vscode.commands.executeCommand(c);
    try {
      // What the user must see: each revealed file's row drawn in the side bar (reveal scrolls it into view).
      const rows = '.pane:has(.pane-header[aria-label^="Workspace Probes"]) .monaco-list-row';
      const rowOf = (rel: string) => `${rows}:has-text(${JSON.stringify(path.basename(rel))})`;
      for (const rel of ['manifests/slow-start/crashloop.yaml', 'manifests/statefulset.yaml', 'manifests/native-sidecar.yaml', 'manifests/broken-yaml.yaml']) {
        await api.views.workspaceView.reveal(fileNode(rel), { expand: 3, select: false, focus: false });
        await screenshot(`tree-sidebar-row-${path.basename(rel)}`, { selector: rowOf(rel), waitFor: rowOf(rel), settleMs: 0 });
      }
      const shot = (name: string) =>
        screenshot(name, {
          selector: '[id="workbench.view.extension.kubeProbes"]',
          waitFor: rowOf('manifests/broken-yaml.yaml'),
          settleMs: 1500,
        });
      await shot('tree-sidebar');
      for (const [name, theme] of [['tree-sidebar-light', 'Default Light Modern'], ['tree-sidebar-dark', 'Default Dark Modern']] as const) {
        await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await shot(name);
      }
    } finally {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
      for (const c of others) await vscode.commands.executeCommand(c);
    }
  });

  describe('Cluster view against a stand-in API server (real kubectl; stand-in kubectl for port-forward)', () => {
    const saved = { ...process.env };
    const dir = mkdtempSync(path.join(tmpdir(), 'kp-tree-it-'));
    let apiServer: StandInApiServer;
    let app: Server;
    const cluster = () => api.views.cluster;
    const podNode = (name: string) => cluster().getChildren(namespaceNode()).find((n) => n.type === 'pod' && n.name === name);
    const namespaceNode = () => cluster().getChildren().find((n) => n.type === 'namespace');
    const row = (n: ClusterNode) => {
      const i = cluster().getTreeItem(n);
      return `${i.label} | ${i.description ?? ''} | ${icon(i)} | ${i.contextValue}`;
    };

    before(async () => {
      // The "pod": an HTTP server on 127.0.0.1 behind the stand-in kubectl's port-forward.
      app = createHttpServer((req, res) => {
        res.statusCode = req.url === '/ready' ? 200 : 503;
        res.end(req.url);
      });
      await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
      apiServer = await new StandInApiServer().start();
      apiServer.upsertPod(makePod('web-0', 'demo', { ip: '10.1.0.10' }));
      apiServer.upsertPod(
        makePod('web-1', 'demo', {
          ip: '10.1.0.11',
          ready: false,
          statuses: [
            {
              name: 'app',
              ready: false,
              started: false,
              restartCount: 5,
              state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' } },
              lastState: { terminated: { exitCode: 137, reason: 'Error', finishedAt: new Date(Date.now() - 90_000).toISOString() } },
            },
          ],
        }),
      );
      apiServer.addEvent({
        metadata: { namespace: 'demo' },
        involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'demo', fieldPath: 'spec.containers{app}' },
        reason: 'Unhealthy',
        type: 'Warning',
        message: 'Liveness probe failed: dial tcp 10.1.0.11:8080: connect: connection refused',
        count: 15,
        lastTimestamp: new Date(Date.now() - 20_000).toISOString(),
      });
      const standInKubectl = path.join(REPO_ROOT, 'test/fixtures/cluster/stand-in-kubectl');
      chmodSync(standInKubectl, 0o755);
      // The extension host is this process: its kubectl children inherit these.
      apiServer.upsertPod(makePod('batch-0', 'team-b', { ip: '10.2.0.10' }));
      process.env.KUBECONFIG = writeKubeconfig(dir, [
        { name: 'stand-in', server: apiServer.url, namespace: 'demo' },
        { name: 'other', server: apiServer.url, namespace: 'team-b' },
      ]);
      process.env.KUBECACHEDIR = path.join(dir, 'cache');
      process.env.STAND_IN_KUBECTL_DELEGATE = '/usr/bin/kubectl';
      process.env.STAND_IN_TARGET_PORT = String((app.address() as { port: number }).port);
      await vscode.workspace.getConfiguration('kubeProbes').update('kubectlPath', standInKubectl, vscode.ConfigurationTarget.Global);
    });

    after(async () => {
      for (const k of ['KUBECONFIG', 'KUBECACHEDIR', 'STAND_IN_KUBECTL_DELEGATE', 'STAND_IN_TARGET_PORT']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await vscode.workspace.getConfiguration('kubeProbes').update('kubectlPath', undefined, vscode.ConfigurationTarget.Global);
      await waitFor(() => apiServer.openWatches === 0, { message: 'the watches to stop with the session' });
      await apiServer.close();
      await new Promise((r) => app.close(r));
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the context, the namespace and its pods with kubectl’s STATUS / READY / RESTARTS (stand-in API server)', async () => {
      const state = await vscode.commands.executeCommand<{ kind: string }>('kubeProbes.refreshCluster');
      assert.equal(state?.kind, 'ready');
      const [ctx, ns] = cluster().getChildren();
      assert.equal(row(ctx!), 'stand-in | context · v1.32.4-stand-in | server-environment | cluster.context');
      assert.equal(cluster().getTreeItem(ctx!).command?.command, 'kubeProbes.selectContext');
      assert.equal(row(ns!), 'demo | namespace | symbol-namespace | cluster.namespace');
      await waitFor(() => podNode('web-1'), { timeout: 20_000, message: 'the pods, through the watch' });
      assert.equal(row(podNode('web-0')!), 'web-0 | Running · 1/1 ready · 0 restarts | vm-running/testing.iconPassed | cluster.pod');
      await waitFor(() => / · 15 probe failures \|/.test(row(podNode('web-1')!)), { message: 'the probe events of web-1' });
      assert.match(row(podNode('web-1')!), /^web-1 \| CrashLoopBackOff · 0\/1 ready · 5 restarts \(\d+s ago\) · 15 probe failures \| error\/testing\.iconFailed \| cluster\.pod$/);
      assert.deepEqual(actions('kubeProbes.cluster', 'cluster.pod'), ['inline:kubeProbes.openPodTimeline']);
      assert.deepEqual(actions('kubeProbes.cluster', 'cluster.probe.readinessProbe.forwarded'), ['inline:kubeProbes.runPodProbe', 'inline:kubeProbes.stopPortForward']);

      const [container, events] = cluster().getChildren(podNode('web-1'));
      assert.equal(row(container!), 'app | CrashLoopBackOff · not ready · 5 restarts | error/testing.iconFailed | cluster.container');
      assert.match(row(cluster().getChildren(container)[0]!), /^livenessProbe · TCP on 8080 \| container CrashLoopBackOff · failed 15× \(\d+s ago\) · every 10 s, timeout 1 s, 3 failures → restart after 30 s \| circle-outline \| cluster\.probe\.livenessProbe$/);
      assert.equal(row(events!), 'Probe events | 1 · 1 warning | bell/problemsWarningIcon.foreground | cluster.events');
      assert.match(row(cluster().getChildren(events)[0]!), /^Unhealthy · app \| ×15 · \d+s ago · Liveness probe failed: dial tcp 10\.1\.0\.11:8080: connect: connection refused \| warning/);
    });

    it('follows the pods as they change (watch, debounced)', async () => {
      apiServer.setPodStatus('demo', 'web-0', { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'app', ready: false, started: true, restartCount: 1, state: { running: { startedAt: new Date().toISOString() } } }] });
      await waitFor(() => /^web-0 \| Running · 0\/1 ready · 1 restart \| vm-outline\/problemsWarningIcon\.foreground/.test(row(podNode('web-0')!)), { message: 'web-0 not ready' });
      apiServer.setPodStatus('demo', 'web-0', { conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: 1, state: { running: { startedAt: new Date().toISOString() } } }] });
      await waitFor(() => row(podNode('web-0')!).startsWith('web-0 | Running · 1/1 ready'), { message: 'web-0 ready again' });
    });

    it('runs a pod’s probe through a managed port-forward (stand-in kubectl) and shows the verdict', async () => {
      const [container] = cluster().getChildren(podNode('web-0'));
      const readiness = cluster().getChildren(container).find((n) => n.type === 'probe' && n.site === 'readinessProbe')!;
      assert.match(row(readiness), /^readinessProbe · HTTP GET \/ready on http \| ready · every 10 s/);
      const result = await vscode.commands.executeCommand<{ result: string; http?: { status?: number } }>('kubeProbes.runPodProbe', readiness);
      assert.equal(result?.result, 'success');
      assert.equal(result?.http?.status, 200);
      await waitFor(() => {
        const [c] = cluster().getChildren(podNode('web-0'));
        const r = cluster().getChildren(c).find((n) => n.type === 'probe' && n.site === 'readinessProbe');
        return r && /^readinessProbe · HTTP GET \/ready on http \| ✓ 200 in \d+ ms · ready · every 10 s.* \| pass\/testing\.iconPassed \| cluster\.probe\.readinessProbe$/.test(row(r));
      }, { message: 'the ✓ 200 verdict on the probe' });
      await waitFor(() => api.views.portForwards.getChildren().length === 0, { message: 'the port-forward released after the run' });
    });

    it('watches only while the namespace is expanded', async () => {
      await waitFor(() => apiServer.openWatches >= 2, { message: 'pods and events watched' });
      await vscode.commands.executeCommand('workbench.actions.treeView.kubeProbes.cluster.collapseAll');
      await waitFor(() => apiServer.openWatches === 0, { message: 'both kubectl watches stopped on collapse' });
      await api.views.clusterView.reveal(namespaceNode()!, { expand: true, select: false, focus: false });
      await waitFor(() => apiServer.openWatches >= 2, { message: 'watched again on expand' });
    });

    it('switches the context inside the extension only, and remembers a namespace per context', async () => {
      const kubeconfig = process.env.KUBECONFIG!;
      const before = readFileSync(kubeconfig, 'utf8');
      let state = await vscode.commands.executeCommand<{ kind: string; context?: string; namespace?: string }>('kubeProbes.selectContext', { context: 'other' });
      assert.deepEqual([state?.kind, state?.context, state?.namespace], ['ready', 'other', 'team-b']);
      await waitFor(() => podNode('batch-0'), { message: 'the pods of team-b' });
      assert.equal(readFileSync(kubeconfig, 'utf8'), before, "kubectl's current context is left alone");
      state = await vscode.commands.executeCommand('kubeProbes.selectNamespace', 'demo');
      assert.deepEqual([state?.kind, state?.context, state?.namespace], ['ready', 'other', 'demo']);
      await waitFor(() => podNode('web-0'), { message: 'the pods of demo in context other' });
      state = await vscode.commands.executeCommand('kubeProbes.selectContext', { context: 'stand-in' });
      assert.deepEqual([state?.kind, state?.context, state?.namespace], ['ready', 'stand-in', 'demo']);
      state = await vscode.commands.executeCommand('kubeProbes.selectContext', { context: 'other' });
      assert.equal(state?.namespace, 'demo', 'the namespace chosen for "other" is remembered');
      await vscode.commands.executeCommand('kubeProbes.selectNamespace', 'team-b');
      state = await vscode.commands.executeCommand('kubeProbes.selectContext', { context: 'stand-in' });
      assert.equal(state?.context, 'stand-in');
      await waitFor(() => podNode('web-1'), { message: 'back in stand-in/demo' });
    });

    it('opens the timeline of a pod (screenshot tree-cluster-stand-in.png)', async () => {
      await vscode.commands.executeCommand('kubeProbes.openPodTimeline', podNode('web-1'));
      const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview), { message: 'the timeline tab' });
      assert.match(tab.label, /web-1/);
      await screenshot('tree-pod-timeline-live', { webviewWaitFor: '.live-state', settleMs: 2500 });
      await resetWorkbench();
      await api.views.clusterView.reveal(podNode('web-1')!, { expand: 2, select: false, focus: false });
      await api.views.clusterView.reveal(podNode('web-0')!, { expand: 2, select: false, focus: false });
      await screenshot('tree-cluster-stand-in', {
        selector: '[id="workbench.view.extension.kubeProbes"]',
        waitFor: '.pane:has(.pane-header[aria-label^="Cluster"]) .monaco-list-row',
        settleMs: 1500,
      });
    });
  });

  describe('Cluster view without a cluster', () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, KUBECACHEDIR: process.env.KUBECACHEDIR };
    const dir = mkdtempSync(path.join(tmpdir(), 'kp-tree-it-'));

    after(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await vscode.workspace.getConfiguration('kubeProbes').update('kubectlPath', undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    });

    it('says "no cluster reachable" for a kubeconfig whose server is a closed port, and nothing throws', async () => {
      const { file: kubeconfig, port } = await writeOfflineKubeconfig(path.join(dir, 'kubeconfig.yaml'));
      // The extension host is this process: kubectl children inherit these.
      process.env.KUBECONFIG = kubeconfig;
      process.env.KUBECACHEDIR = path.join(dir, 'cache');
      const state = await vscode.commands.executeCommand<{ kind: string; message?: string }>('kubeProbes.refreshCluster');
      assert.equal(state?.kind, 'unreachable');
      assert.match(state?.message ?? '', new RegExp(`No Kubernetes cluster reachable at 127\\.0\\.0\\.1:${port}`));
      assert.deepEqual(api.views.cluster.getChildren(), [], 'no nodes: the welcome view speaks');
      assert.deepEqual(api.views.portForwards.getChildren(), []);
      await screenshot('tree-cluster-unreachable', {
        selector: '[id="workbench.view.extension.kubeProbes"]',
        waitFor: '.pane:has(.pane-header[aria-label^="Cluster"]) .welcome-view-content',
        settleMs: 800,
      });
    });

    it('says "kubectl not found" when the kubectl path setting points nowhere', async () => {
      await vscode.workspace.getConfiguration('kubeProbes').update('kubectlPath', path.join(dir, 'no-kubectl'), vscode.ConfigurationTarget.Global);
      const state = await waitFor(async () => {
        const s = await vscode.commands.executeCommand<{ kind: string }>('kubeProbes.refreshCluster');
        return s?.kind === 'noKubectl' ? s : undefined;
      }, { message: 'the noKubectl state' });
      assert.equal(state.kind, 'noKubectl');
      assert.deepEqual(api.views.cluster.getChildren(), []);
    });
  });
});
