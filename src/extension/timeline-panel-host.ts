// What the Pod Timeline and the Workload Timeline panels share, owned here once: one open panel per
// workload (showing it again updates and reveals the open one: PanelRegistry), the page's ready
// state (a hidden webview is destroyed and says `ready` again), opening the workload's manifest at
// its line (the panel's "open source" link) and the order of disposal. Glue only.
import * as vscode from 'vscode';
import type { WorkloadRef } from '../core/timeline/protocol';
import { revealManifestLine } from './reveal';

interface OpenPanel<Args> {
  readonly panel: vscode.WebviewPanel;
  update(args: Args): void;
}

/** The open panels of one kind, by the key of their workload. */
export class PanelRegistry<P extends OpenPanel<Args>, Args> {
  private readonly open = new Map<string, P>();

  constructor(readonly keyOf: (args: Args) => string) {}

  get(key: string): P | undefined {
    return this.open.get(key);
  }

  /** The open panel of these arguments' workload, updated with them and revealed; undefined when none is open. */
  reveal(args: Args): P | undefined {
    const existing = this.open.get(this.keyOf(args));
    if (existing) {
      existing.update(args);
      existing.panel.reveal(undefined, false);
    }
    return existing;
  }

  add(key: string, p: P): void {
    this.open.set(key, p);
  }

  /** Forgets `p` (only if it is still the panel of `key`). */
  remove(key: string, p: P): void {
    if (this.open.get(key) === p) this.open.delete(key);
  }
}

const errorText = (e: unknown) => (e instanceof Error ? (e as { problems?: string[] }).problems?.length ? `${e.message}: ${(e as unknown as { problems: string[] }).problems.join('; ')}` : e.message : String(e));

/** The half of a timeline panel that does not depend on what it draws. */
export abstract class TimelinePanelHost<Args> implements OpenPanel<Args> {
  /** The page said `ready` (messages posted before are lost; the panel replays its state then). */
  protected ready = false;
  protected disposed = false;
  protected readonly disposables: vscode.Disposable[] = [];

  protected constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly registry: PanelRegistry<TimelinePanelHost<Args>, Args>,
    protected readonly key: string,
  ) {
    registry.add(key, this);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is destroyed (retainContextWhenHidden is off); it says `ready` again.
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
  }

  /** New arguments for the open panel (shown again, or the manifest changed). */
  abstract update(args: Args): void;

  /** Stops what the panel runs (its live mode); called once, by dispose(), before its listeners go. */
  protected abstract stopWork(): void;

  /** Opens the workload's manifest at its line: `custom` when given (the caller's way), else the ref's file and line. */
  protected async openManifest(ref: WorkloadRef | undefined, custom?: () => unknown): Promise<void> {
    try {
      if (custom) {
        await custom();
        return;
      }
      if (!ref?.uri) return;
      await revealManifestLine(ref.uri, ref.line);
    } catch (e) {
      void vscode.window.showWarningMessage(`Could not open the manifest: ${errorText(e)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    this.registry.remove(this.key, this);
    this.stopWork();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
