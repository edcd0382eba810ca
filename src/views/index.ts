// The Huntbench activity-bar views (Data, Analytics, Chains, Sigma Detections: the core builds
// their trees, core/format/*Tree.ts), the status bar, and the chain timeline and the estate
// graph, with the view-local commands (sort, open chain, open graph, and a host's Sigma
// detections on a timeline beside its chains).

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { Chain } from '../core/types/chain';
import { chainHost, chainTree, type ChainSort } from '../core/format/chainTree';
import { dataTree } from '../core/format/dataTree';
import { detectionHosts, detectionTree } from '../core/format/detectionTree';
import { NO_HOST, type TreeNode } from '../core/format/tree';
import { AnalyticsView } from './analyticsView';
import { NodeTreeProvider } from './tree';
import { registerStatusBar } from './statusBar';
import { registerTimeline } from './timeline/register';
import { timelineServices } from './timelineServices';
import { EstateGraphPanel } from './graph/graphPanel';

/** Detections drawn on one timeline at most (the view lists them all). */
const MAX_SIGMA_MARKS = 2000;

/** A host with Sigma detections, picked by the user; undefined when there is none or none was picked. */
async function pickHost(hosts: readonly (string | null)[]): Promise<string | null | undefined> {
  if (!hosts.length) void vscode.window.showInformationMessage('Huntbench: no Sigma detections yet; run Sigma rules first.');
  if (hosts.length <= 1) return hosts[0];
  const picked = await vscode.window.showQuickPick(hosts.map((host) => ({ label: host ?? NO_HOST, host })), { title: 'Huntbench: Sigma detections of which host?' });
  return picked?.host;
}

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
    vscode.commands.registerCommand('huntbench.showDetectionsOnTimeline', async (node?: TreeNode) => {
      const host = node ? node.host ?? null : await pickHost(detectionHosts(ctx.sigma));
      if (host === undefined) return;
      const sigma = await ctx.request('sigmaMarks', { host, limit: MAX_SIGMA_MARKS });
      const chains = ctx.allRuns().flatMap((r) => r.chains).filter((c) => chainHost(c) === (host ?? NO_HOST));
      await timeline.open(chains, { title: `Timeline: ${host ?? NO_HOST} with Sigma detections`, showAll: true, sigma });
    }),
    vscode.commands.registerCommand('huntbench.openEstateGraph', () => EstateGraphPanel.show(ctx.extension, services, {
      chains: () => ctx.allRuns().flatMap((r) => r.chains),
      timeZone: () => ctx.settings().timeZone,
      openTimeline: (chosen) => timeline.open(chosen, { showAll: chosen.length > 1 }),
    })),
  );
}
