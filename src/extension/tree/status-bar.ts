// "$(pulse) 2 failing probes" in the status bar: what is failing NOW (watched probes that fail, runs
// of the last minutes that failed with nothing newer), each listed with its verdict and age in the
// tooltip; the lint totals below. The model is core/workspace/run-status.ts. Click: the view.
import * as vscode from 'vscode';
import type { WorkspaceProbesView } from './workspace';

export class FailingProbesStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubeProbes.failing', vscode.StatusBarAlignment.Left, 20);
  private readonly disposables: vscode.Disposable[];
  private shown = false;

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

  /** The tooltip's Markdown (tests). */
  get tooltip(): string | undefined {
    return this.shown ? (this.item.tooltip as vscode.MarkdownString | undefined)?.value : undefined;
  }

  private render(): void {
    const bar = this.workspace.status?.bar;
    const enabled = vscode.workspace.getConfiguration('kubeProbes').get<boolean>('statusBar.enable') ?? true;
    if (!enabled || !bar?.visible) {
      this.item.hide();
      this.shown = false;
      return;
    }
    this.item.text = bar.text;
    this.item.backgroundColor = bar.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.tooltip = new vscode.MarkdownString(bar.tooltip);
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
