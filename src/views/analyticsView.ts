// The Analytics view: the built-in analytics and the workspace's `.hunt` files, each analytic
// with its last run (time, chain count) or its errors. Refreshes when files change or a run
// finishes; selecting a file or an analytic opens it (a built-in one read-only, with "Copy to
// Workspace to Edit" in its context menu and title bar).

import * as vscode from 'vscode';
import { printableItem } from './printable';
import { discoverAnalytics, type AnalyticFile } from '../commands/analytics';
import { isBuiltIn } from '../commands/builtinAnalytics';
import type { Context } from '../context';
import { analyticAnchors } from '../core/dsl/service/lenses';
import { huntSource } from '../core/dsl/service/source';
import { formatTime } from '../core/format/time';

type Node =
  | { readonly kind: 'file'; readonly file: AnalyticFile }
  | { readonly kind: 'analytic'; readonly uri: vscode.Uri; readonly analytic: string; readonly line: number };

export class AnalyticsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: Context) {
    ctx.onRunsChanged(() => this.changed.fire());
  }

  /** Watches `.hunt` files; call once the view is registered. */
  watch(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.hunt');
    const refresh = (): void => this.changed.fire();
    return vscode.Disposable.from(watcher, watcher.onDidCreate(refresh), watcher.onDidDelete(refresh), watcher.onDidChange(refresh), this.changed);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return (await discoverAnalytics(this.ctx)).map((file) => ({ kind: 'file', file }));
    if (node.kind !== 'file') return [];
    const text = Buffer.from(await vscode.workspace.fs.readFile(node.file.uri)).toString('utf8');
    return analyticAnchors(huntSource(text)).map((a) => ({ kind: 'analytic', uri: node.file.uri, analytic: a.analytic, line: text.slice(0, a.span.start).split('\n').length - 1 }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return printableItem(this.item(node));
  }

  private item(node: Node): vscode.TreeItem {
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.file.uri, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.file.builtIn ? 'built-in, read-only' : vscode.workspace.asRelativePath(node.file.uri);
      item.contextValue = node.file.builtIn ? 'huntFile.builtIn' : 'huntFile';
      item.command = { command: 'huntbench.openAnalytic', title: 'Open analytic', arguments: [node.file.uri, 0] };
      return item;
    }
    const item = new vscode.TreeItem(node.analytic);
    const run = this.ctx.runOf(node.analytic);
    const errors = run?.diagnostics.filter((d) => d.severity === 'error') ?? [];
    const builtIn = isBuiltIn(this.ctx, node.uri);
    item.contextValue = builtIn ? 'analytic.builtIn' : 'analytic';
    item.id = `${node.uri.toString()}#${node.analytic}`;
    if (!run) {
      item.description = 'not run';
      item.iconPath = new vscode.ThemeIcon('circle-outline');
    } else if (errors.length) {
      item.description = `${errors.length} error(s)`;
      item.tooltip = errors.map((d) => `${d.code}: ${d.message}`).join('\n');
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    } else {
      const at = formatTime(run.at, this.ctx.settings().timeZone);
      item.description = `${run.chains.length} chain${run.chains.length === 1 ? '' : 's'} · ${run.millis} ms · ${at.slice(11, 19)}`;
      item.tooltip = `${node.analytic}: ${run.chains.length} chain(s) in ${run.millis} ms, run ${at}`;
      item.iconPath = new vscode.ThemeIcon(run.chains.length ? 'pass-filled' : 'pass');
    }
    item.command = { command: 'huntbench.openAnalytic', title: 'Open analytic', arguments: [node.uri, node.line] };
    return item;
  }
}
