// The Sigma Detections view: level → rule (or correlation) → host → event, from the last Sigma
// run over the session (Huntbench: Run Sigma Rules). Selecting an event opens its raw record;
// a rule node's context command opens the rule file.

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { SigmaDetection, SigmaDetectionEvent } from '../core/types/session';
import { printableItem } from './printable';
import { formatTime } from './time';

type Node =
  | { readonly kind: 'level'; readonly level: string; readonly detections: readonly SigmaDetection[] }
  | { readonly kind: 'rule'; readonly detection: SigmaDetection }
  | { readonly kind: 'host'; readonly host: string; readonly events: readonly SigmaDetectionEvent[] }
  | { readonly kind: 'event'; readonly event: SigmaDetectionEvent; readonly eventId: number }
  | { readonly kind: 'more'; readonly hidden: number };

const ICON: Readonly<Record<string, string>> = { critical: 'flame', high: 'warning', medium: 'info', low: 'circle-small', informational: 'circle-outline' };
const NO_HOST = '(no host)';

export class DetectionsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: Context) {
    ctx.onSigmaChanged(() => this.changed.fire());
  }

  getChildren(node?: Node): Node[] {
    const report = this.ctx.sigma;
    if (!report) return [];
    if (!node) {
      const levels = [...new Set(report.detections.map((d) => d.level))];
      return levels.map((level) => ({ kind: 'level', level, detections: report.detections.filter((d) => d.level === level) }));
    }
    switch (node.kind) {
      case 'level': return node.detections.map((detection) => ({ kind: 'rule', detection }));
      case 'rule': {
        const hosts = [...new Set(node.detection.events.map((e) => e.host ?? NO_HOST))].sort();
        return hosts.map((host) => ({ kind: 'host', host, events: node.detection.events.filter((e) => (e.host ?? NO_HOST) === host) }));
      }
      case 'host': {
        const limit = this.ctx.settings().maxChainsShown;
        const shown: Node[] = node.events.slice(0, limit).map((event) => ({ kind: 'event', event, eventId: event.id }));
        if (node.events.length > limit) shown.push({ kind: 'more', hidden: node.events.length - limit });
        return shown;
      }
      default: return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = this.item(node);
    return printableItem(item);
  }

  private item(node: Node): vscode.TreeItem {
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (node.kind) {
      case 'level': {
        const item = new vscode.TreeItem(node.level, vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.detections.length} rule(s)`;
        item.iconPath = new vscode.ThemeIcon(ICON[node.level] ?? 'circle-outline');
        return item;
      }
      case 'rule': {
        const d = node.detection;
        const item = new vscode.TreeItem(d.title, Collapsed);
        item.description = `${d.events.length} event(s)${d.kind === 'correlation' ? ', correlation' : ''}`;
        item.tooltip = `${d.id}\n${d.file}`;
        item.contextValue = 'sigmaRule';
        item.resourceUri = vscode.Uri.file(d.file);
        item.iconPath = new vscode.ThemeIcon(d.kind === 'correlation' ? 'references' : 'shield');
        return item;
      }
      case 'host': {
        const item = new vscode.TreeItem(node.host, Collapsed);
        item.description = `${node.events.length} event(s)`;
        item.iconPath = new vscode.ThemeIcon('server');
        return item;
      }
      case 'event': {
        const when = node.event.ts === null ? '(no time)' : formatTime(node.event.ts, this.ctx.settings().timeZone);
        const item = new vscode.TreeItem(when, vscode.TreeItemCollapsibleState.None);
        item.description = `event ${node.event.id}`;
        item.contextValue = 'event';
        item.command = { command: 'huntbench.showRawEvent', title: 'Show Raw Event', arguments: [node.event.id] };
        return item;
      }
      case 'more': return new vscode.TreeItem(`${node.hidden} more (huntbench.maxChainsShown)`, vscode.TreeItemCollapsibleState.None);
    }
  }
}
