// The Chains view: analytic → host → chain → step → event, from the last runs. Chains sort by
// start time or by severity (toggle in the view title); selecting a chain opens its timeline;
// an event node reveals its raw record. At most `huntbench.maxChainsShown` chains per analytic.

import * as vscode from 'vscode';
import { printableItem } from './printable';
import type { Context } from '../context';
import type { Chain, ChainEvent, ChainStep, Severity } from '../core/types/chain';
import { formatTime } from './time';

export type ChainSort = 'time' | 'severity';

type Node =
  | { readonly kind: 'analytic'; readonly analytic: string; readonly chains: readonly Chain[] }
  | { readonly kind: 'host'; readonly analytic: string; readonly host: string; readonly chains: readonly Chain[] }
  | { readonly kind: 'chain'; readonly chain: Chain }
  | { readonly kind: 'step'; readonly chain: Chain; readonly step: ChainStep }
  | { readonly kind: 'event'; readonly event: ChainEvent; readonly eventId: number }
  | { readonly kind: 'more'; readonly hidden: number };

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };
const ICON: Record<Severity, string> = { critical: 'flame', high: 'warning', medium: 'info', low: 'circle-small', informational: 'circle-outline' };

export function chainHost(chain: Chain): string {
  const key = chain.key.host ?? chain.steps.flatMap((s) => s.events)[0]?.host;
  return key == null ? '(no host)' : String(key);
}

export class ChainsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private sort: ChainSort = 'time';

  constructor(private readonly ctx: Context) {
    ctx.onRunsChanged(() => this.changed.fire());
    void vscode.commands.executeCommand('setContext', 'huntbench.chainSort', this.sort);
  }

  setSort(sort: ChainSort): void {
    this.sort = sort;
    void vscode.commands.executeCommand('setContext', 'huntbench.chainSort', sort);
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      return this.ctx.allRuns()
        .filter((r) => r.chains.length > 0)
        .sort((a, b) => a.analytic.localeCompare(b.analytic))
        .map((r) => ({ kind: 'analytic', analytic: r.analytic, chains: r.chains }));
    }
    switch (node.kind) {
      case 'analytic': {
        const limit = this.ctx.settings().maxChainsShown;
        const shown = this.sorted(node.chains).slice(0, limit);
        const hosts = [...new Set(shown.map(chainHost))];
        const children: Node[] = hosts.map((host) => ({ kind: 'host', analytic: node.analytic, host, chains: shown.filter((c) => chainHost(c) === host) }));
        if (node.chains.length > limit) children.push({ kind: 'more', hidden: node.chains.length - limit });
        return children;
      }
      case 'host': return node.chains.map((chain) => ({ kind: 'chain', chain }));
      case 'chain': return node.chain.steps.map((step) => ({ kind: 'step', chain: node.chain, step }));
      case 'step': return node.step.events.map((event) => ({ kind: 'event', event, eventId: event.id }));
      default: return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return printableItem(this.item(node));
  }

  private item(node: Node): vscode.TreeItem {
    const zone = this.ctx.settings().timeZone;
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'analytic': {
        const item = new vscode.TreeItem(node.analytic, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.chains.length} chain(s) · ${node.chains[0]?.title ?? ''}`;
        item.iconPath = new vscode.ThemeIcon('symbol-event');
        return item;
      }
      case 'host': {
        const item = new vscode.TreeItem(node.host, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.chains.length} chain(s)`;
        item.iconPath = new vscode.ThemeIcon('vm');
        return item;
      }
      case 'chain': {
        const c = node.chain;
        const key = Object.entries(c.key).filter(([k]) => k !== 'host').map(([k, v]) => `${k}=${v}`).join(' ');
        const item = new vscode.TreeItem(formatTime(c.start, zone), collapsed);
        item.description = `${c.severity}${key ? ` · ${key}` : ''} · ${c.steps.filter((s) => !s.missing).length}/${c.steps.length} steps`;
        item.tooltip = `${c.analytic}: ${c.title}\n${formatTime(c.start, zone)} → ${formatTime(c.end, zone)}`;
        item.iconPath = new vscode.ThemeIcon(ICON[c.severity]);
        item.contextValue = 'chain';
        item.command = { command: 'huntbench.openChain', title: 'Open Chain Timeline', arguments: [c] };
        return item;
      }
      case 'step': {
        const s = node.step;
        const item = new vscode.TreeItem(s.name, s.events.length ? collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = s.missing ? 'missing' : `${s.events.length} event(s)`;
        item.iconPath = new vscode.ThemeIcon(s.missing ? 'circle-slash' : 'debug-step-over');
        return item;
      }
      case 'event': {
        const e = node.event;
        const item = new vscode.TreeItem(e.summary || `event ${e.id}`);
        item.description = `${formatTime(e.ts, zone)}${e.event_id !== null ? ` · ${e.event_id}` : ''}`;
        item.tooltip = `${e.summary}\n${e.host ?? ''} ${e.channel ?? ''}\n${e.source.file}${e.source.line !== undefined ? `:${e.source.line}` : ''}`;
        item.contextValue = 'event';
        item.iconPath = new vscode.ThemeIcon('note');
        item.command = { command: 'huntbench.showRawEvent', title: 'Show Raw Event', arguments: [e.id] };
        return item;
      }
      case 'more': {
        const item = new vscode.TreeItem(`${node.hidden} more chain(s) not shown`);
        item.description = 'raise huntbench.maxChainsShown, or export all';
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        return item;
      }
    }
  }

  private sorted(chains: readonly Chain[]): Chain[] {
    const byTime = (a: Chain, b: Chain): number => a.start - b.start;
    return [...chains].sort(this.sort === 'time' ? byTime : (a, b) => RANK[a.severity] - RANK[b.severity] || byTime(a, b));
  }
}
