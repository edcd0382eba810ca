// Entry of the timeline for the extension: `registerTimeline(context, services)` registers the
// panel serializer (restored panels reopen with their chains and their view) and returns
// `openTimeline`, which the Chains view and commands call to show one chain or a set.

import * as vscode from 'vscode';
import type { Chain } from '../../core/types/chain';
import { NO_FILTERS, chainId, type SigmaMark, type TimelineViewState, type TimelineWebviewState } from '../../protocol/webview';
import type { TimelineServices } from '../timelineServices';
import { TIMELINE_VIEW_TYPE, TimelinePanel } from './timelinePanel';
import { toTimelineChains } from './timelineChains';
import { markProgress, PROGRESS } from '../walkthrough';

export interface TimelineOptions {
  /** Panel title; defaults to "Timeline: <analytic> <key values>" or "Timeline: N chains". */
  readonly title?: string;
  /** Show every chain at once instead of the first one selected. */
  readonly showAll?: boolean;
  /** Sigma detections to draw beside the chains (a lane of their own per host). */
  readonly sigma?: readonly SigmaMark[];
}

export interface Timeline {
  open(chains: readonly Chain[], options?: TimelineOptions): Promise<void>;
}

export function registerTimeline(context: vscode.ExtensionContext, services: TimelineServices): Timeline {
  let counter = 0;
  const newKey = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

  context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      const s = state as Partial<TimelineWebviewState> | undefined;
      const key = s?.panelKey || newKey();
      const saved = TimelinePanel.saved(context, key);
      new TimelinePanel(panel, key, {
        title: saved?.title ?? 'Chain timeline',
        chains: saved?.chains ?? [],
        view: s?.view ?? null,
        notice: saved ? null : 'The chains of this timeline were not kept across the reload; run the analytics again and reopen it.',
        sigma: saved?.sigma ?? [],
      }, context, services);
    },
  }));

  // Opening the same chain set again reveals its panel instead of stacking a copy.
  const open = new Map<string, TimelinePanel>();
  return {
    async open(chains, options = {}) {
      const title = options.title ?? defaultTitle(chains);
      const setKey = `${options.showAll ? 'all' : 'one'}\u0000${chains.map(chainId).join('\u0000')}`;
      // Sigma detections change with every Sigma run: their timeline is always drawn anew.
      const existing = options.sigma ? undefined : open.get(setKey);
      if (existing) { existing.reveal(); return; }
      const timelineChains = await toTimelineChains(chains, services);
      const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, title, vscode.ViewColumn.Active, TimelinePanel.webviewOptions(context.extensionUri));
      const view: TimelineViewState | null = options.showAll ? { filters: NO_FILTERS, zoom: null, selectedChainIds: [], selectedEventId: null, showAll: true } : null;
      const timeline = new TimelinePanel(panel, newKey(), { title, chains: timelineChains, view, notice: null, sigma: options.sigma ?? [] }, context, services);
      if (!options.sigma) open.set(setKey, timeline);
      markProgress(PROGRESS.timeline);
      timeline.onDidDispose(() => { if (open.get(setKey) === timeline) open.delete(setKey); });
    },
  };
}

function defaultTitle(chains: readonly Chain[]): string {
  if (chains.length !== 1) return `Timeline: ${chains.length} chains`;
  const key = Object.values(chains[0].key).filter((v) => v !== null).join(', ');
  return `Timeline: ${chains[0].analytic}${key ? ` (${key})` : ''}`;
}
