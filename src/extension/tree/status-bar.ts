// "$(pulse) 2 failing probes" in the status bar: probes whose last run failed or whose watch caches
// Failure; the tooltip adds the lint findings. Click: the Workspace Probes view.
import * as vscode from 'vscode';
import type { WorkspaceProbesView } from './workspace';

export class FailingProbesStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubeProbes.failing', vscode.StatusBarAlignment.Left, 20);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly workspace: WorkspaceProbesView) {
    this.item.name = 'Kubernetes Probes';
    this.item.command = 'kubeProbes.workspace.focus';
    this.disposables = [
      this.item,
      workspace.onDidChangeStatus(() => this.render()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('kubeProbes.statusBar.enable') && this.render()),
    ];
    this.render();
  }

  /** What the item shows (tests): undefined while hidden. */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  private shown = false;

  private render(): void {
    const s = this.workspace.status;
    const enabled = vscode.workspace.getConfiguration('kubeProbes').get<boolean>('statusBar.enable') ?? true;
    if (!enabled || !s || (s.totals.handlers === 0 && s.failing === 0)) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const { failing, totals: t } = s;
    this.item.text = `$(pulse) ${failing} failing ${failing === 1 ? 'probe' : 'probes'}`;
    this.item.backgroundColor = failing ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const tooltip = new vscode.MarkdownString(
      `**Kubernetes Probes**\n\n` +
        `${failing} failing: the last run failed, or the probe is watched and the kubelet would cache Failure.\n\n` +
        `${t.error} ${t.error === 1 ? 'error' : 'errors'} and ${t.warning} ${t.warning === 1 ? 'warning' : 'warnings'} from lint in ${t.files} ${t.files === 1 ? 'manifest' : 'manifests'} (${t.handlers} probes and hooks)` +
        `${t.pending ? `; ${t.pending} manifests not read yet` : ''}.\n\nClick to show the Workspace Probes view.`,
    );
    this.item.tooltip = tooltip;
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
