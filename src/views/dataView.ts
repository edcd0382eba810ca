// The Data view: the session, its sources (file or archive member) and for each the format,
// event count, time span, hosts, and what went wrong (rejected records, truncation).
// Empty when nothing is loaded, so the view's welcome text offers Load Logs.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { printableItem } from './printable';
import type { Context } from '../context';
import type { SourceReport } from '../core/types/reports';
import type { SessionStats } from '../core/types/session';
import { formatBytes } from '../core/format/units';
import { formatSpan } from './time';

type Node =
  | { readonly kind: 'session'; readonly stats: SessionStats }
  | { readonly kind: 'source'; readonly source: SourceReport }
  | { readonly kind: 'detail'; readonly label: string; readonly description?: string; readonly warning?: boolean; readonly tooltip?: string };

const fmt = (n: number): string => n.toLocaleString('en-US');

export class DataView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly ctx: Context) {
    ctx.onSessionChanged(() => this.changed.fire());
  }

  getChildren(node?: Node): Node[] {
    const stats = this.ctx.stats;
    if (!node) return stats && stats.sources.length ? [{ kind: 'session', stats }] : [];
    if (node.kind === 'session') return node.stats.sources.map((source) => ({ kind: 'source', source }));
    if (node.kind === 'source') return this.details(node.source);
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return printableItem(this.item(node));
  }

  private item(node: Node): vscode.TreeItem {
    if (node.kind === 'session') {
      const item = new vscode.TreeItem('Session', vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${fmt(node.stats.events)} events · ${formatBytes(node.stats.sizeBytes)}`;
      item.iconPath = new vscode.ThemeIcon('database');
      return item;
    }
    if (node.kind === 'source') {
      const s = node.source;
      const item = new vscode.TreeItem(path.basename(s.source.split('!')[0]!) + (s.source.includes('!') ? ` › ${s.source.split('!').pop()}` : ''), vscode.TreeItemCollapsibleState.Collapsed);
      const problems = s.rejected > 0 || s.warnings.length > 0 || s.format === 'unknown';
      item.description = `${s.format}${s.dialect ? ` (${s.dialect})` : ''} · ${fmt(s.events)} events`;
      item.tooltip = s.source;
      item.iconPath = new vscode.ThemeIcon(problems ? 'warning' : 'file', problems ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
      return item;
    }
    const item = new vscode.TreeItem(node.label);
    item.description = node.description;
    item.tooltip = node.tooltip ?? (node.description ? `${node.label}: ${node.description}` : node.label);
    if (node.warning) item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    return item;
  }

  private details(s: SourceReport): Node[] {
    const zone = this.ctx.settings().timeZone;
    const out: Node[] = [
      { kind: 'detail', label: 'Format', description: `${s.format}${s.dialect ? ` (${s.dialect})` : ''}` },
      { kind: 'detail', label: 'Events', description: fmt(s.events) },
      { kind: 'detail', label: 'Time span', description: formatSpan(s.start, s.end, zone) },
      { kind: 'detail', label: 'Hosts', description: s.hosts.length ? s.hosts.join(', ') : 'none' },
    ];
    if (s.rejected) {
      const first = s.rejections.map((r) => `${r.line !== undefined ? `line ${r.line}` : r.offset !== undefined ? `offset ${r.offset}` : ''}: ${r.reason}`).join('\n');
      out.push({ kind: 'detail', label: `${fmt(s.rejected)} record(s) rejected`, description: s.rejections[0]?.reason, warning: true, tooltip: first });
    }
    for (const w of s.warnings) out.push({ kind: 'detail', label: w, warning: true });
    if (s.format === 'unknown') out.push({ kind: 'detail', label: 'Format not recognised: nothing was loaded from this source', warning: true });
    return out;
  }
}
