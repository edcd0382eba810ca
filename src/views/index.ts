// The Huntbench activity-bar views (Data, Analytics, Chains, Sigma Detections), the status bar, and the chain
// timeline and the estate graph, with the view-local commands (sort, open chain, open graph).

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { Chain } from '../core/types/chain';
import { AnalyticsView } from './analyticsView';
import { ChainsView } from './chainsView';
import { DataView } from './dataView';
import { DetectionsView } from './detectionsView';
import { registerStatusBar } from './statusBar';
import { registerTimeline } from './timeline/register';
import { timelineServices } from './timelineServices';
import { EstateGraphPanel } from './graph/graphPanel';

export function registerViews(ctx: Context): vscode.Disposable {
  const analytics = new AnalyticsView(ctx);
  const chains = new ChainsView(ctx);
  const services = timelineServices(ctx);
  const timeline = registerTimeline(ctx.extension, services);
  return vscode.Disposable.from(
    vscode.window.createTreeView('huntbench.data', { treeDataProvider: new DataView(ctx), showCollapseAll: true }),
    vscode.window.createTreeView('huntbench.analytics', { treeDataProvider: analytics }),
    analytics.watch(),
    vscode.window.createTreeView('huntbench.chains', { treeDataProvider: chains, showCollapseAll: true }),
    vscode.window.createTreeView('huntbench.detections', { treeDataProvider: new DetectionsView(ctx), showCollapseAll: true }),
    vscode.commands.registerCommand('huntbench.openSigmaRule', (node: { detection?: { file: string } }) => node.detection && vscode.window.showTextDocument(vscode.Uri.file(node.detection.file))),
    registerStatusBar(ctx),
    vscode.commands.registerCommand('huntbench.sortChainsByTime', () => chains.setSort('time')),
    vscode.commands.registerCommand('huntbench.sortChainsBySeverity', () => chains.setSort('severity')),
    vscode.commands.registerCommand('huntbench.openChain', (chain: Chain) => timeline.open([chain])),
    vscode.commands.registerCommand('huntbench.openEstateGraph', () => EstateGraphPanel.show(ctx.extension, services, {
      chains: () => ctx.allRuns().flatMap((r) => r.chains),
      timeZone: () => ctx.settings().timeZone,
      openTimeline: (chosen) => timeline.open(chosen, { showAll: chosen.length > 1 }),
    })),
  );
}
