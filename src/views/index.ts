// The Huntbench activity-bar views (Data, Analytics, Chains), the status bar, and the chain
// timeline, with the view-local commands (sort, open chain).

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { Chain } from '../core/types/chain';
import { AnalyticsView } from './analyticsView';
import { ChainsView } from './chainsView';
import { DataView } from './dataView';
import { registerStatusBar } from './statusBar';
import { registerTimeline } from './timeline/register';
import { timelineServices } from './timelineServices';

export function registerViews(ctx: Context): vscode.Disposable {
  const analytics = new AnalyticsView(ctx);
  const chains = new ChainsView(ctx);
  const timeline = registerTimeline(ctx.extension, timelineServices(ctx));
  return vscode.Disposable.from(
    vscode.window.createTreeView('huntbench.data', { treeDataProvider: new DataView(ctx), showCollapseAll: true }),
    vscode.window.createTreeView('huntbench.analytics', { treeDataProvider: analytics }),
    analytics.watch(),
    vscode.window.createTreeView('huntbench.chains', { treeDataProvider: chains, showCollapseAll: true }),
    registerStatusBar(ctx),
    vscode.commands.registerCommand('huntbench.sortChainsByTime', () => chains.setSort('time')),
    vscode.commands.registerCommand('huntbench.sortChainsBySeverity', () => chains.setSort('severity')),
    vscode.commands.registerCommand('huntbench.openChain', (chain: Chain) => timeline.open([chain])),
  );
}
