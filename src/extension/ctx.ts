// The composition root of the extension (one per activation): the log, the error reporter, the
// lazily loaded runner bundle, kubectl — found in one place, and found again when the
// kubeProbes.kubectlPath setting or the Kubernetes extension's kubeconfig changes —, the one
// PortForwardManager, the one cluster session and the one owner of chart/overlay renders. Everything else gets what it needs from here
// instead of building its own.
import * as vscode from 'vscode';
import type { ClusterSession, Kubectl, PortForwardManager } from '../core/cluster';
import { kubectlPath } from './config';
import { ErrorReporter } from './report';
import type * as Runner from './runner-entry';
import { UnitRenders } from './units';
import { connectKubernetesExtension, type KubernetesExtension } from './tree/kubernetes-extension';

export type RunnerModule = typeof Runner;

/** globalState: the context chosen inside the extension (undefined: kubectl's current context). */
export const CONTEXT_KEY = 'kubeProbes.cluster.context';
/** globalState: context → the namespace last chosen for it. */
export const NAMESPACES_KEY = 'kubeProbes.cluster.namespaces';

export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly report: ErrorReporter;
  private runner_: RunnerModule | undefined;
  private k8s: Promise<KubernetesExtension | undefined> | undefined;
  private k8sNow: KubernetesExtension | undefined;
  private kubectl_: Kubectl | undefined;
  private forwards_: PortForwardManager | undefined;
  private session_: ClusterSession | undefined;
  private units_: UnitRenders | undefined;
  private readonly kubectlChanged = new vscode.EventEmitter<void>();
  /** kubectl must be found again (its setting, or the Kubernetes extension's kubeconfig/context changed). */
  readonly onDidChangeKubectl = this.kubectlChanged.event;
  private readonly forwardsChanged = new vscode.EventEmitter<void>();
  /** A port-forward started, stopped, restarted or failed. */
  readonly onDidChangeForwards = this.forwardsChanged.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Kubernetes Probes', { log: true });
    this.report = new ErrorReporter(this.log);
    this.disposables.push(
      this.log,
      this.kubectlChanged,
      this.forwardsChanged,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kubeProbes.kubectlPath') || e.affectsConfiguration('vs-kubernetes')) this.forgetKubectl();
      }),
    );
  }

  /** dist/runner.js (probe runners, the cluster layer), loaded on first use so activation stays light. */
  runner(): RunnerModule {
    // A plain require of a sibling bundle, kept external by the build (scripts/build.mjs).
    this.runner_ ??= require('./runner.js') as RunnerModule;
    return this.runner_;
  }

  /** The Kubernetes extension, when installed (its kubeconfig and kubectl path are reused, its switches followed). */
  kubernetes(): Promise<KubernetesExtension | undefined> {
    this.k8s ??= connectKubernetesExtension(this.log).then((k) => {
      this.k8sNow = k;
      if (k) {
        this.disposables.push(
          k,
          // Another kubeconfig: its current context, not one we chose in the old file.
          k.onDidChangeKubeconfig(() => void this.follow('kubeconfig', () => this.extension.globalState.update(CONTEXT_KEY, undefined))),
          k.onDidChangeContext((c) => void this.follow(`context ${c ?? '(none)'}`, () => this.extension.globalState.update(CONTEXT_KEY, c))),
          k.onDidChangeNamespace((ns) => void this.follow(`namespace ${ns}`, () => this.rememberNamespace(ns))),
        );
      }
      return k;
    });
    return this.k8s;
  }

  /** The Kubernetes extension switched something: update what the session reads, then reconnect. */
  private readonly following: Promise<void>[] = [];
  private async follow(what: string, update: () => Thenable<void> | Promise<void>): Promise<void> {
    // In order: a context switch and the namespace switch right after it must not race.
    const before = this.following.at(-1);
    const run = (async () => {
      await before;
      try {
        await update();
        this.log.info(`following the Kubernetes extension: ${what}`);
      } catch (e) {
        this.log.warn(`could not follow the Kubernetes extension's ${what}: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.forgetKubectl();
    })();
    this.following.push(run);
    await run;
    this.following.splice(this.following.indexOf(run), 1);
  }

  /** The namespace for the context in use (ours if chosen, else kubectl's current one). */
  private async rememberNamespace(ns: string): Promise<void> {
    const context = this.extension.globalState.get<string>(CONTEXT_KEY) ?? (await this.kubectl().then((k) => k.currentContext()));
    if (!context) return;
    const all = { ...this.extension.globalState.get<Record<string, string>>(NAMESPACES_KEY), [context]: ns };
    await this.extension.globalState.update(NAMESPACES_KEY, all);
  }

  /** Resolves when every switch of the Kubernetes extension seen so far is followed (tests). */
  async whenFollowed(): Promise<void> {
    while (this.following.length) await this.following.at(-1);
  }

  /**
   * kubectl, bound to no context (the kubeconfig's current one): the kubeProbes.kubectlPath
   * setting, else the Kubernetes extension's, else kubectl on PATH; with the Kubernetes
   * extension's kubeconfig if it has one. Throws KubectlNotFound (not remembered: installing
   * kubectl later works without a reload).
   */
  async kubectl(): Promise<Kubectl> {
    await this.kubernetes();
    return this.kubectlNow();
  }

  /** kubectl(), without waiting for the Kubernetes extension (for the forward manager's restarts). */
  private kubectlNow(): Kubectl {
    this.kubectl_ ??= this.runner().Kubectl.locate({
      explicitPath: kubectlPath() ?? this.k8sNow?.kubectlPath(),
      kubeconfig: this.k8sNow?.kubeconfig(),
    });
    return this.kubectl_;
  }

  /**
   * The kubectl to reach the cluster the user looks at: the Cluster view's (its context) once
   * connected, else kubectl() with the context chosen in the extension, if any.
   */
  async clusterKubectl(): Promise<Kubectl> {
    const s = this.session_;
    if (s?.state.kind === 'ready' && s.kubectl) return s.kubectl;
    const k = await this.kubectl();
    const chosen = this.extension.globalState.get<string>(CONTEXT_KEY);
    return chosen ? k.withContext(chosen) : k;
  }

  /** The one PortForwardManager: every forward of the extension (runs, the Cluster view) is listed in Port Forwards. */
  forwards(): PortForwardManager {
    if (!this.forwards_) {
      const m = new (this.runner().PortForwardManager)(() => this.kubectlNow(), { log: (msg: string) => this.log.debug(`port-forward: ${msg}`) });
      this.disposables.push(m, m.onDidChange(() => this.forwardsChanged.fire()));
      this.forwards_ = m;
    }
    return this.forwards_;
  }

  /** The manager if a forward was ever needed (the Port Forwards view does not load the runner). */
  forwardsIfStarted(): PortForwardManager | undefined {
    return this.forwards_;
  }

  /** The one cluster session (the Cluster view's): context, namespace, pods and events while watched. */
  session(): ClusterSession {
    if (!this.session_) {
      const s = new (this.runner().ClusterSession)({
        locate: () => this.kubectl(),
        context: () => this.extension.globalState.get<string>(CONTEXT_KEY),
        namespaceFor: (ctx: string) => this.extension.globalState.get<Record<string, string>>(NAMESPACES_KEY)?.[ctx],
        log: (m: string) => this.log.debug(`cluster: ${m}`),
      });
      this.disposables.push({ dispose: () => s.dispose() });
      this.session_ = s;
    }
    return this.session_;
  }

  /**
   * The one owner of chart and overlay renders (units.ts): which unit a file belongs to, the latest
   * rendered-and-linted result of each, onDidChange. Diagnostics, the values picker, the tree and
   * CodeLens share it.
   */
  units(): UnitRenders {
    if (!this.units_) {
      this.units_ = new UnitRenders(this.log);
      this.disposables.push(this.units_);
    }
    return this.units_;
  }

  /** The session if the Cluster view ever started one. */
  sessionIfStarted(): ClusterSession | undefined {
    return this.session_;
  }

  private forgetKubectl(): void {
    this.kubectl_ = undefined;
    this.kubectlChanged.fire();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
