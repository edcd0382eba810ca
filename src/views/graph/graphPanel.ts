// The estate graph panel: every chain of the session's last runs as arrows between hosts
// (src/core/format/estate.ts), read from the chains' events' columns; a click on an arrow opens
// its chains as a timeline. One panel: opening it again refreshes and reveals it.

import * as vscode from 'vscode';
import type { Chain } from '../../core/types/chain';
import { estateGraph, estateTitle } from '../../core/format/estate';
import { printableDeep } from '../../core/text/printable';
import type { GraphMessage, GraphToHost } from '../../protocol/graph';
import { showPage, TimelinePanel } from '../timeline/timelinePanel';
import type { TimelineServices } from '../timelineServices';

export const GRAPH_VIEW_TYPE = 'huntbench.estateGraph';

export interface GraphSources {
  /** The chains to draw, now. */
  chains(): readonly Chain[];
  timeZone(): string;
  /** Opens chains as a timeline (the timeline's `open`). */
  openTimeline(chains: readonly Chain[]): Promise<void>;
}

export class EstateGraphPanel {
  private static current: EstateGraphPanel | undefined;
  private chains: readonly Chain[] = [];

  static async show(context: vscode.ExtensionContext, services: TimelineServices, sources: GraphSources): Promise<void> {
    if (EstateGraphPanel.current) {
      EstateGraphPanel.current.panel.reveal();
      await EstateGraphPanel.current.send();
      return;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Estate graph', vscode.ViewColumn.Active, TimelinePanel.webviewOptions(context.extensionUri));
    EstateGraphPanel.current = new EstateGraphPanel(panel, context, services, sources);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly services: TimelineServices, private readonly sources: GraphSources) {
    showPage(panel.webview, context.extensionUri, 'graph', 'Estate graph');
    const subscription = panel.webview.onDidReceiveMessage((m: GraphToHost) => void this.receive(m));
    panel.onDidDispose(() => { subscription.dispose(); EstateGraphPanel.current = undefined; });
  }

  private async receive(m: GraphToHost): Promise<void> {
    if (m.type === 'ready') return this.send();
    const chosen = m.chains.map((i) => this.chains[i]).filter((c): c is Chain => c !== undefined);
    if (chosen.length) await this.sources.openTimeline(chosen);
  }

  private async send(): Promise<void> {
    this.chains = this.sources.chains();
    const ids = [...new Set(this.chains.flatMap((c) => c.steps.flatMap((s) => s.events.map((e) => e.id))))];
    const rows = await this.services.rows(ids).catch(() => new Map());
    const message: GraphMessage = {
      type: 'graph',
      title: estateTitle(this.chains),
      timeZone: this.sources.timeZone(),
      graph: estateGraph(this.chains, rows),
      chains: this.chains.map((c) => ({ analytic: c.analytic, severity: c.severity, start: c.start })),
    };
    await this.panel.webview.postMessage(printableDeep(message));
  }
}
