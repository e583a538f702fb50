// Optional integration with the Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools)
// through its public API (the types of the vscode-kubernetes-tools-api package): its kubeconfig path
// and kubectl path are reused, its context / namespace / kubeconfig switches are followed (ctx.ts),
// and its Cluster Explorer gets our probe rows under pods (kubernetes-explorer.ts) and "Run Probes"
// on its pod nodes (package.json menus). Without that extension all of this is a no-op.
// The package's runtime helper is not used: importing it activates the Kubernetes extension at once.
import * as vscode from 'vscode';
import type { API, APIBroker, ClusterExplorerV1 } from 'vscode-kubernetes-tools-api';
import type { ConfigurationV1_1 } from 'vscode-kubernetes-tools-api/js/configuration/v1_1';

export const KUBERNETES_EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';
/** Its Cluster Explorer view (package.json menus use it). */
export const KUBERNETES_EXPLORER_VIEW = 'extension.vsKubernetesExplorer';

export interface KubernetesExtension extends vscode.Disposable {
  /** The kubeconfig it uses (undefined: kubectl's default, or a WSL path we cannot use). */
  kubeconfig(): string | undefined;
  /** Its kubectl path setting, from user settings only (a workspace must not choose the binary). */
  kubectlPath(): string | undefined;
  /** Fires when it switched to another kubeconfig file. */
  readonly onDidChangeKubeconfig: vscode.Event<void>;
  /** Fires when it switched context (the name; undefined: none). */
  readonly onDidChangeContext: vscode.Event<string | undefined>;
  /** Fires when it switched the namespace of its current context. */
  readonly onDidChangeNamespace: vscode.Event<string>;
  /** Its Cluster Explorer, when that API version is available. */
  readonly explorer: ClusterExplorerV1 | undefined;
  /** The pod that a command from its Cluster Explorer was run on. */
  podOf(target: unknown): { name: string; namespace?: string } | undefined;
  /** The node we contributed that a command from its Cluster Explorer was run on (see contributedNodeOf). */
  contributedNodeOf(target: unknown): object | undefined;
}

/**
 * The node we gave the Cluster Explorer (a NodeContributor's child), from the target of a command
 * run on its row. The published API has no way back: resolveCommandTarget() turns a contributed
 * node into `{ nodeType: 'extension' }` and nothing more. The Kubernetes extension wraps each node
 * we contribute in its ContributedNode, which keeps ours in the field `impl` (private in its
 * TypeScript, a plain property at run time) and hands that wrapper to commands. This is the one
 * place that reads it, only after the published API said the target is a contributed node; if a
 * release renames the field, our row commands find no row and do nothing (they never throw).
 */
function contributedNodeOf(explorer: ClusterExplorerV1 | undefined, target: unknown): object | undefined {
  if (!target || typeof target !== 'object' || explorer?.resolveCommandTarget(target)?.nodeType !== 'extension') return undefined;
  const impl = (target as { impl?: unknown }).impl;
  return impl && typeof impl === 'object' ? impl : undefined;
}

/** Connects to the Kubernetes extension if it is installed (activating it); undefined otherwise. */
export async function connectKubernetesExtension(log: vscode.LogOutputChannel): Promise<KubernetesExtension | undefined> {
  const ext = vscode.extensions.getExtension<APIBroker | undefined>(KUBERNETES_EXTENSION_ID);
  if (!ext) return undefined;
  let broker: APIBroker | undefined;
  try {
    broker = ext.isActive ? ext.exports : await ext.activate();
  } catch (e) {
    log.warn(`Kubernetes extension: could not be activated (${e instanceof Error ? e.message : String(e)}); working without it`);
    return undefined;
  }
  if (!broker || typeof broker.get !== 'function') return undefined;
  const config = available<ConfigurationV1_1>(broker, 'configuration', 'v1_1');
  const explorer = available<ClusterExplorerV1>(broker, 'clusterexplorer', 'v1');
  const kubeconfigChanged = new vscode.EventEmitter<void>();
  const contextChanged = new vscode.EventEmitter<string | undefined>();
  const namespaceChanged = new vscode.EventEmitter<string>();
  const subs: vscode.Disposable[] = [kubeconfigChanged, contextChanged, namespaceChanged];
  if (config) {
    subs.push(
      config.onDidChangeKubeconfigPath(() => kubeconfigChanged.fire()),
      config.onDidChangeContext((c) => contextChanged.fire(c ?? undefined)),
      config.onDidChangeNamespace((ns) => namespaceChanged.fire(ns)),
    );
  }
  log.info(`Kubernetes extension found: following its kubeconfig, context and namespace${explorer ? '; probes under its pods in the Cluster Explorer' : ''}`);
  return {
    kubeconfig() {
      const p = config?.getKubeconfigPath();
      return p?.pathType === 'host' && p.hostPath ? p.hostPath : undefined;
    },
    kubectlPath() {
      // Its settings are one object, "vs-kubernetes", with keys like "vs-kubernetes.kubectl-path[.linux]".
      const all = vscode.workspace.getConfiguration().inspect<Record<string, unknown>>('vs-kubernetes')?.globalValue ?? {};
      const os = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'mac' : 'linux';
      const v = all[`vs-kubernetes.kubectl-path.${os}`] || all['vs-kubernetes.kubectl-path'];
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    },
    onDidChangeKubeconfig: kubeconfigChanged.event,
    onDidChangeContext: contextChanged.event,
    onDidChangeNamespace: namespaceChanged.event,
    explorer,
    podOf(target) {
      const node = explorer?.resolveCommandTarget(target);
      if (node?.nodeType !== 'resource' || node.resourceKind.manifestKind !== 'Pod') return undefined;
      return { name: node.name, ...(node.namespace && { namespace: node.namespace }) };
    },
    contributedNodeOf: (target) => contributedNodeOf(explorer, target),
    dispose() {
      subs.forEach((s) => s.dispose());
    },
  };
}

function available<T>(broker: APIBroker, component: string, version: string): T | undefined {
  try {
    const api = broker.get(component, version) as API<T>;
    return api?.available ? api.api : undefined;
  } catch {
    return undefined;
  }
}
