// Optional integration with the Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools)
// through its public API (the types of the vscode-kubernetes-tools-api package): its kubeconfig and
// kubectl path are reused, its context switches refresh the cluster view, and its pod nodes get
// "Run Probes" (package.json menus). Without that extension all of this is a no-op.
// The package's runtime helper is not used: importing it activates the Kubernetes extension at once.
import * as vscode from 'vscode';
import type { API, APIBroker, ClusterExplorerV1 } from 'vscode-kubernetes-tools-api';
import type { ConfigurationV1_1 } from 'vscode-kubernetes-tools-api/js/configuration/v1_1';

export const KUBERNETES_EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

export interface KubernetesExtension extends vscode.Disposable {
  /** The kubeconfig it uses (undefined: kubectl's default, or a WSL path we cannot use). */
  kubeconfig(): string | undefined;
  /** Its kubectl path setting, from user settings only (a workspace must not choose the binary). */
  kubectlPath(): string | undefined;
  /** Fires when it switched to another kubeconfig or context. */
  readonly onDidChange: vscode.Event<void>;
  /** The pod that a command from its Cluster Explorer was run on. */
  podOf(target: unknown): { name: string; namespace?: string } | undefined;
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
  const config = available<ConfigurationV1_1>(broker.get('configuration', 'v1_1'));
  const explorer = available<ClusterExplorerV1>(broker.get('clusterexplorer', 'v1'));
  const emitter = new vscode.EventEmitter<void>();
  const subs = config ? [config.onDidChangeContext(() => emitter.fire()), config.onDidChangeKubeconfigPath(() => emitter.fire())] : [];
  log.info(`Kubernetes extension found: using its kubeconfig${explorer ? ' and adding "Run Probes" to its pods' : ''}`);
  return {
    kubeconfig() {
      const p = config?.getKubeconfigPath();
      return p?.pathType === 'host' && p.hostPath ? p.hostPath : undefined;
    },
    kubectlPath() {
      const c = vscode.workspace.getConfiguration('vscode-kubernetes');
      const os = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'mac' : 'linux';
      const v = c.inspect<string>(`kubectl-path-${os}`)?.globalValue || c.inspect<string>('kubectl-path')?.globalValue;
      return v && v.trim() ? v.trim() : undefined;
    },
    onDidChange: emitter.event,
    podOf(target) {
      const node = explorer?.resolveCommandTarget(target);
      if (node?.nodeType !== 'resource' || node.resourceKind.manifestKind !== 'Pod') return undefined;
      return { name: node.name, ...(node.namespace && { namespace: node.namespace }) };
    },
    dispose() {
      subs.forEach((s) => s.dispose());
      emitter.dispose();
    },
  };
}

function available<T>(api: API<T>): T | undefined {
  return api.available ? api.api : undefined;
}
