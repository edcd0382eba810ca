// The Huntbench activity-bar views (Data, Analytics, Chains, Sigma Detections: the core builds
// their trees, core/format/*Tree.ts), the status bar, and the chain timeline and the estate
// graph, with the view-local commands (sort, open chain, open graph, detections on a timeline).

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { Chain } from '../core/types/chain';
import { chainTree, type ChainSort } from '../core/format/chainTree';
import { dataTree } from '../core/format/dataTree';
import { detectionTree } from '../core/format/detectionTree';
import type { TreeNode } from '../core/format/tree';
import { AnalyticsView } from './analyticsView';
import { NodeTreeProvider } from './tree';
import { registerStatusBar } from './statusBar';
import { registerTimeline } from './timeline/register';
import { timelineServices } from './timelineServices';
import { EstateGraphPanel } from './graph/graphPanel';

export function registerViews(ctx: Context): vscode.Disposable {
  const analytics = new AnalyticsView(ctx);
  let sort: ChainSort = 'time';
  const chains = new NodeTreeProvider(() => chainTree(ctx.allRuns(), { sort, limit: ctx.settings().maxChainsShown, timeZone: ctx.settings().timeZone }), ctx.onRunsChanged);
  const sortChains = (by: ChainSort) => {
    sort = by;
    void vscode.commands.executeCommand('setContext', 'huntbench.chainSort', by);
    chains.refresh();
  };
  sortChains('time');
  const services = timelineServices(ctx);
  const timeline = registerTimeline(ctx.extension, services);
  const tree = (id: string, view: NodeTreeProvider) => vscode.window.createTreeView(id, { treeDataProvider: view, showCollapseAll: true });
  return vscode.Disposable.from(
    tree('huntbench.data', new NodeTreeProvider(() => dataTree(ctx.stats, ctx.settings().timeZone), ctx.onSessionChanged)),
    vscode.window.createTreeView('huntbench.analytics', { treeDataProvider: analytics }),
    analytics.watch(),
    tree('huntbench.chains', chains),
    tree('huntbench.detections', new NodeTreeProvider(() => detectionTree(ctx.sigma, { limit: ctx.settings().maxChainsShown, timeZone: ctx.settings().timeZone }), ctx.onSigmaChanged)),
    vscode.commands.registerCommand('huntbench.openSigmaRule', (node: TreeNode) => node.file && vscode.window.showTextDocument(vscode.Uri.file(node.file))),
    registerStatusBar(ctx),
    vscode.commands.registerCommand('huntbench.sortChainsByTime', () => sortChains('time')),
    vscode.commands.registerCommand('huntbench.sortChainsBySeverity', () => sortChains('severity')),
    vscode.commands.registerCommand('huntbench.openChain', (chain: Chain) => timeline.open([chain])),
    vscode.commands.registerCommand('huntbench.openEstateGraph', () => EstateGraphPanel.show(ctx.extension, services, {
      chains: () => ctx.allRuns().flatMap((r) => r.chains),
      timeZone: () => ctx.settings().timeZone,
      openTimeline: (chosen) => timeline.open(chosen, { showAll: chosen.length > 1 }),
    })),
  );
}
