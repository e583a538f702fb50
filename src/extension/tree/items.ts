// ItemModel (plain data from src/core/workspace) → vscode.TreeItem, and a refresh queue that
// coalesces bursts of changes into one onDidChangeTreeData event.
import * as vscode from 'vscode';
import type { ItemModel } from '../../core/workspace/tree-model';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(m: ItemModel, extra: { command?: vscode.Command; resourceUri?: vscode.Uri } = {}): vscode.TreeItem {
  const item = new vscode.TreeItem(m.label, COLLAPSIBLE[m.collapsible]);
  item.id = m.id;
  if (m.description !== undefined) item.description = m.description;
  if (m.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(m.tooltip);
  item.iconPath = new vscode.ThemeIcon(m.icon.id, m.icon.color ? new vscode.ThemeColor(m.icon.color) : undefined);
  item.contextValue = m.contextValue;
  if (extra.command) item.command = extra.command;
  if (extra.resourceUri) item.resourceUri = extra.resourceUri;
  return item;
}

/**
 * Collects the nodes to refresh and fires once per `delayMs`: the nodes that changed, or
 * undefined (the whole tree) when any change needs the root.
 */
export class RefreshQueue<T> implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<T | T[] | undefined>();
  readonly event = this.emitter.event;
  private readonly nodes = new Set<T>();
  private root = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly delayMs = 50) {}

  /** undefined: the root. */
  add(node: T | undefined): void {
    if (node === undefined) this.root = true;
    else this.nodes.add(node);
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  private flush(): void {
    this.timer = undefined;
    const nodes = [...this.nodes];
    const root = this.root;
    this.nodes.clear();
    this.root = false;
    if (root) this.emitter.fire(undefined);
    else if (nodes.length) this.emitter.fire(nodes);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.emitter.dispose();
  }
}
