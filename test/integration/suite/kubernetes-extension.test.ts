// Kubernetes Probes next to the Kubernetes extension, in the real VS Code. The Kubernetes extension
// itself cannot be installed here: a STAND-IN that implements its published API
// (test/integration/fixtures/stand-in-kubernetes-tools, loaded next to ours by the run
// "kubernetes-extension" in runs.mjs) serves a kubeconfig pointing at the repo's STAND-IN API server
// (real kubectl; the stand-in kubectl for port-forwards, set as ITS kubectl path). Checked: we use its
// kubeconfig and kubectl path, follow its context and namespace switches, add probe rows under its
// pod nodes (node contributor), and our context-menu commands run on its nodes.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KubeProbesApi } from '../../../src/extension/extension';
import { StandInApiServer, makePod, writeKubeconfig } from '../../fixtures/cluster/stand-in-api-server';
import { activeExtension, REPO_ROOT, resetWorkbench, waitFor } from './helpers';

const K8S_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

/** The stand-in's explorer, as its TreeView shows it (its exports carry it for the tests). */
interface StandInNode {
  nodeType: string;
  name?: string;
  impl?: unknown;
}
interface StandInExplorer {
  getChildren(node?: StandInNode): Promise<StandInNode[]>;
  getTreeItem(node: StandInNode): Promise<vscode.TreeItem>;
}

describe('with the Kubernetes extension (stand-in extension implementing its published API; stand-in API server, real kubectl)', function () {
  this.timeout(60_000);
  let api: KubeProbesApi;
  let explorer: StandInExplorer;
  let apiServer: StandInApiServer;
  let app: Server;
  const saved = { ...process.env };
  const dir = mkdtempSync(path.join(tmpdir(), 'kp-k8s-ext-it-'));
  let kubeconfig: string;
  const standInKubectl = path.join(REPO_ROOT, 'test/fixtures/cluster/stand-in-kubectl');

  const state = () => api.ctx.sessionIfStarted()?.state as { kind: string; context?: string; namespace?: string } | undefined;
  /** "label | description | contextValue" of a node of the stand-in's explorer. */
  const row = async (n: StandInNode) => {
    const i = await explorer.getTreeItem(n);
    return `${typeof i.label === 'string' ? i.label : i.label?.label} | ${i.description ?? ''} | ${i.contextValue}`;
  };
  const podNode = async (name: string) => {
    const [ctx] = (await explorer.getChildren()).filter((n) => n.nodeType === 'context' && (n as { active?: boolean }).active);
    const [folder] = await explorer.getChildren(ctx);
    const pod = (await explorer.getChildren(folder)).find((n) => n.nodeType === 'resource' && n.name === name);
    assert.ok(pod, `pod ${name} in the stand-in's Cluster Explorer`);
    return pod;
  };
  const ourRows = async (pod: string) => {
    const kids = await explorer.getChildren(await podNode(pod));
    return Promise.all(kids.map(async (node) => ({ node, text: await row(node) })));
  };

  before(async () => {
    app = createHttpServer((req, res) => {
      res.statusCode = req.url === '/ready' ? 200 : 503;
      res.end(req.url);
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    apiServer = await new StandInApiServer().start();
    apiServer.upsertPod(makePod('web-0', 'demo', { ip: '10.1.0.10' }));
    apiServer.upsertPod(makePod('plain-0', 'demo', { ip: '10.1.0.12', containers: [{ name: 'app', image: 'busybox' }] }));
    apiServer.upsertPod(makePod('batch-0', 'team-b', { ip: '10.2.0.10' }));
    apiServer.upsertPod(makePod('flaky-0', 'demo', { ip: '10.1.0.13' }));
    apiServer.addEvent({
      metadata: { namespace: 'demo' },
      involvedObject: { kind: 'Pod', name: 'flaky-0', namespace: 'demo', fieldPath: 'spec.containers{app}' },
      reason: 'Unhealthy',
      type: 'Warning',
      message: 'Liveness probe failed: dial tcp 10.1.0.13:8080: connect: connection refused',
      count: 3,
      lastTimestamp: new Date(Date.now() - 20_000).toISOString(),
    });
    kubeconfig = writeKubeconfig(dir, [
      { name: 'stand-in', server: apiServer.url, namespace: 'demo' },
      { name: 'other', server: apiServer.url, namespace: 'team-b' },
    ]);
    chmodSync(standInKubectl, 0o755);
    // Only the Kubernetes extension knows the kubeconfig and the kubectl: nothing in our settings or env.
    delete process.env.KUBECONFIG;
    process.env.KUBECACHEDIR = path.join(dir, 'cache');
    process.env.STAND_IN_KUBECTL_DELEGATE = '/usr/bin/kubectl';
    process.env.STAND_IN_TARGET_PORT = String((app.address() as { port: number }).port);
    await vscode.workspace
      .getConfiguration()
      .update('vs-kubernetes', { 'vs-kubernetes.kubeconfig': kubeconfig, 'vs-kubernetes.kubectl-path': standInKubectl }, vscode.ConfigurationTarget.Global);
    api = (await activeExtension()).exports as KubeProbesApi;
    const k8s = vscode.extensions.getExtension(K8S_ID);
    assert.ok(k8s, 'the stand-in Kubernetes extension is loaded');
    assert.equal(await api.views.explorer.connect(), true, 'registered with its Cluster Explorer');
    explorer = (k8s.exports as { standIn: { explorer: StandInExplorer } }).standIn.explorer;
    await api.ctx.whenFollowed();
  });

  after(async () => {
    for (const k of ['KUBECONFIG', 'KUBECACHEDIR', 'STAND_IN_KUBECTL_DELEGATE', 'STAND_IN_TARGET_PORT']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await vscode.workspace.getConfiguration().update('vs-kubernetes', undefined, vscode.ConfigurationTarget.Global);
    await api.ctx.forwardsIfStarted()?.stopAll();
    await resetWorkbench();
    await apiServer.close();
    await new Promise((r) => app.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses its kubeconfig and its kubectl path: the Cluster view connects without asking (stand-in extension)', async () => {
    const s = await vscode.commands.executeCommand<{ kind: string; context?: string; namespace?: string }>('kubeProbes.refreshCluster');
    assert.deepEqual([s?.kind, s?.context, s?.namespace], ['ready', 'stand-in', 'demo']);
    const kubectl = await api.ctx.kubectl();
    assert.equal(kubectl.path, standInKubectl, 'the kubectl of its vs-kubernetes.kubectl-path setting');
  });

  it('follows its context and namespace switches (stand-in extension fires onDidChangeContext / onDidChangeNamespace)', async () => {
    await vscode.commands.executeCommand('standInKubernetes.useContext', 'other');
    await api.ctx.whenFollowed();
    await waitFor(() => state()?.kind === 'ready' && state()?.context === 'other', { timeout: 20_000, message: 'the Cluster view in context "other"' });
    assert.equal(state()?.namespace, 'team-b', "the context's own namespace");
    assert.match(readFileSync(kubeconfig, 'utf8'), /current-context: other/, 'it switched kubectl (as the real extension does)');

    await vscode.commands.executeCommand('standInKubernetes.useNamespace', 'demo');
    await api.ctx.whenFollowed();
    await waitFor(() => state()?.kind === 'ready' && state()?.namespace === 'demo', { timeout: 20_000, message: 'namespace demo in context other' });
    assert.equal(state()?.context, 'other');

    await vscode.commands.executeCommand('standInKubernetes.useContext', 'stand-in');
    await api.ctx.whenFollowed();
    await waitFor(() => state()?.kind === 'ready' && state()?.context === 'stand-in', { timeout: 20_000, message: 'back in context stand-in' });
    assert.equal(state()?.namespace, 'demo');
  });

  it('adds a row per probe under its pod nodes (node contributor), and says so when a pod has none', async () => {
    const pod = await podNode('web-0');
    const podItem = await explorer.getTreeItem(pod);
    assert.equal(podItem.contextValue, 'vsKubernetes.resource.pod');
    assert.equal(podItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'expandable: our contributor adds children');
    const rows = await ourRows('web-0');
    assert.deepEqual(rows.map((r) => r.node.nodeType), ['extension', 'extension'], 'wrapped as the Kubernetes extension wraps contributed nodes');
    assert.match(rows[0]!.text, /^livenessProbe · TCP on 8080 \| alive · every 10 s, timeout 1 s, 3 failures → restart after 30 s \| kubeProbes\.explorer\.probe\.livenessProbe$/);
    assert.match(rows[1]!.text, /^readinessProbe · HTTP GET \/ready on http \| ready · every 10 s.* \| kubeProbes\.explorer\.probe\.readinessProbe$/);
    assert.deepEqual((await ourRows('plain-0')).map((r) => r.text), ['No probes | Kubernetes Probes | kubeProbes.explorer.message']);
    // The pod's recent Unhealthy events (kubectl get events) count on the probe's row.
    assert.match((await ourRows('flaky-0'))[0]!.text, /^livenessProbe · TCP on 8080 \| failing · failed 3× \(\d+s ago\) · every 10 s/);
  });

  it('runs a probe from its row (Run Probe) through a port-forward and shows the verdict on the row', async () => {
    const readiness = (await ourRows('web-0')).find((r) => r.text.startsWith('readinessProbe'))!;
    const r = await vscode.commands.executeCommand<{ result: string; http?: { status?: number } }>('kubeProbes.explorer.runProbe', readiness.node);
    assert.equal(r?.result, 'success');
    assert.equal(r?.http?.status, 200);
    const after = await waitFor(async () => (await ourRows('web-0')).find((x) => /^readinessProbe .*\| ✓ 200 in \d+ ms · ready/.test(x.text)), { message: 'the ✓ 200 verdict on the row' });
    assert.ok(after);
    await waitFor(() => (api.ctx.forwardsIfStarted()?.list().length ?? 0) === 0, { message: 'the port-forward released after the run' });
  });

  it('offers our commands on its pod nodes (package.json menus) and "Run Probes" runs every probe of the pod', async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const menus = (pkg.contributes.menus['view/item/context'] as { command: string; when: string }[]).filter((m) => m.when.includes('view == extension.vsKubernetesExplorer'));
    const podItem = await explorer.getTreeItem(await podNode('web-0'));
    const onPod = menus.filter((m) => {
      const re = /viewItem =~ \/(.+)\/(i?)/.exec(m.when);
      return re && new RegExp(re[1]!, re[2]).test(podItem.contextValue ?? '');
    });
    assert.deepEqual(onPod.map((m) => m.command).sort(), ['kubeProbes.explorer.openTimeline', 'kubeProbes.runPodProbes']);

    const lines = await vscode.commands.executeCommand<string[]>('kubeProbes.runPodProbes', await podNode('web-0'));
    assert.equal(lines?.length, 2);
    assert.match(lines![0]!, /^app Liveness: ok in \d+ ms$/);
    assert.match(lines![1]!, /^app Readiness: 200 in \d+ ms$/);
  });

  it('watches a probe from its row: the row says "watching", the port-forward shows under the pod and on it, Stop ends both', async () => {
    const liveness = (await ourRows('web-0')).find((r) => r.text.startsWith('livenessProbe'))!;
    await vscode.commands.executeCommand('kubeProbes.explorer.watchProbe', liveness.node);
    const rows = await waitFor(
      async () => {
        const now = await ourRows('web-0');
        const ok =
          now.some((x) => /^livenessProbe .*\| watching: .*\| kubeProbes\.explorer\.probe\.livenessProbe\.watching$/.test(x.text)) &&
          now.some((x) => /^port-forward 127\.0\.0\.1:\d+ → 8080 \| Kubernetes Probes · 1 user \| kubeProbes\.explorer\.forward$/.test(x.text));
        return ok ? now : undefined;
      },
      { timeout: 20_000, message: 'the watch and its port-forward in the rows' },
    );
    assert.match((await explorer.getTreeItem(await podNode('web-0'))).description as string, /port-forwarded \d+→8080 \(Kubernetes Probes\)/);
    const watching = rows.find((x) => x.text.includes('.watching'))!;
    await vscode.commands.executeCommand('kubeProbes.explorer.stopWatch', watching.node);
    await waitFor(async () => (await ourRows('web-0')).every((x) => !x.text.includes('watching') && !x.text.startsWith('port-forward')), { timeout: 20_000, message: 'the watch and its port-forward gone' });
  });

  it('opens the live Pod Timeline from its pod node', async () => {
    await vscode.commands.executeCommand('kubeProbes.explorer.openTimeline', await podNode('web-0'));
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview), { message: 'the timeline tab' });
    assert.match(tab.label, /web-0/);
    await resetWorkbench();
  });
});
