// One adapter for the side-bar views the core describes as data (core/format/tree.ts): it
// turns nodes into tree items, every label, description and tooltip through the one
// control-character neutraliser (log values and file names are attacker-controlled), and
// refreshes when one of the given events fires. Context-menu commands receive the node.

import * as vscode from 'vscode';
import type { TreeNode } from '../core/format/tree';
import { printableItem } from './printable';

export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly roots: () => readonly TreeNode[], ...changes: vscode.Event<unknown>[]) {
    for (const change of changes) change(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return [...(node ? node.children?.() ?? [] : this.roots())];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const State = vscode.TreeItemCollapsibleState;
    const item = new vscode.TreeItem(node.label, !node.children ? State.None : node.expanded ? State.Expanded : State.Collapsed);
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.warning ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
    if (node.file) item.resourceUri = vscode.Uri.file(node.file);
    if (node.command) item.command = { command: node.command.id, title: node.label, arguments: [...node.command.args] };
    return printableItem(item);
  }
}
