// One timeline webview panel: builds its page, waits for the webview's `ready`, then sends
// `init` and the chains in pages; answers each webview request with one reply of the same id.
// The chains are kept in workspace state (when small enough) so a restored panel can show them.

import * as vscode from 'vscode';
import { eventDetails } from '../../core/format/pretty';
import { fileSafe } from '../../core/format/notices';
import { chainsToMarkdown } from '../../core/format/markdown';
import { printableDeep } from '../../core/text/printable';
import {
  type HostToWebview, type SigmaMark, type RequestMessage, type TimelineChain, type TimelineRequests, type TimelineViewState, type WebviewToHost,
} from '../../protocol/webview';
import type { TimelineServices } from '../timelineServices';
import { chainPages } from './timelineChains';
import { timelineHtml } from './html';

export const TIMELINE_VIEW_TYPE = 'huntbench.timeline';
/** The editor's command (commands/raw.ts): plain files at the event's line, archives and EVTX as read-only documents. */
const SHOW_RAW_EVENT_COMMAND = 'huntbench.showRawEvent';
const STATE_PREFIX = 'huntbench.timeline.';
/** Larger chain sets are not kept across reloads (workspace state is not a database). */
const MAX_SAVED_BYTES = 4 * 1024 * 1024;

export interface TimelineContent {
  readonly title: string;
  readonly chains: readonly TimelineChain[];
  readonly view: TimelineViewState | null;
  /** Shown when there is nothing to show, e.g. the chains of a restored panel were not kept. */
  readonly notice: string | null;
  /** Sigma detections beside the chains. */
  readonly sigma: readonly SigmaMark[];
}

/** Sets up one of our webview pages (`timeline` or `graph`: its bundle and style sheet) on the page of html.ts. */
export function showPage(webview: vscode.Webview, extensionUri: vscode.Uri, name: 'timeline' | 'graph', title?: string): void {
  webview.options = TimelinePanel.webviewOptions(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${name}.js`)).toString();
  webview.html = timelineHtml({ cspSource: webview.cspSource, script, style: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', `${name}.css`)).toString(), title });
}

export class TimelinePanel {
  private presenting = false;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly panelKey: string,
    private readonly content: TimelineContent,
    private readonly context: vscode.ExtensionContext,
    private readonly services: TimelineServices,
  ) {
    panel.title = content.title;
    showPage(panel.webview, context.extensionUri, 'timeline');
    const subscription = panel.webview.onDidReceiveMessage((m: WebviewToHost) => void this.receive(m));
    panel.onDidDispose(() => {
      subscription.dispose();
      this.disposed.fire();
      this.disposed.dispose();
      void context.workspaceState.update(STATE_PREFIX + panelKey, undefined);
    });
    void this.save();
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The panel's chains as saved for restore, or undefined when none were kept. */
  static saved(context: vscode.ExtensionContext, panelKey: string): Pick<TimelineContent, 'title' | 'chains' | 'sigma'> | undefined {
    return context.workspaceState.get(STATE_PREFIX + panelKey);
  }

  private async save(): Promise<void> {
    const saved = { title: this.content.title, chains: this.content.chains, sigma: this.content.sigma };
    if (JSON.stringify(saved).length <= MAX_SAVED_BYTES) await this.context.workspaceState.update(STATE_PREFIX + this.panelKey, saved);
  }

  private post(message: HostToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(printableDeep(message));
  }

  private async receive(m: WebviewToHost): Promise<void> {
    if (m.type === 'ready') return this.sendAll();
    if (m.type !== 'request') return;
    try {
      const result = await this.handle(m);
      await this.post({ type: 'reply', id: m.id, ok: true, result });
    } catch (err) {
      await this.post({ type: 'reply', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Every `ready` (first load, or the webview re-created after being hidden) gets everything anew. */
  private async sendAll(): Promise<void> {
    const timeZone = vscode.workspace.getConfiguration('huntbench').get<string>('timeZone', 'UTC');
    const c = this.content;
    await this.post({ type: 'init', panelKey: this.panelKey, title: c.title, timeZone, total: c.chains.length, view: c.view, notice: c.notice, sigma: c.sigma });
    for (const page of chainPages(c.chains)) await this.post(page);
  }

  private async handle(m: RequestMessage): Promise<TimelineRequests[typeof m.method]['result']> {
    switch (m.method) {
      case 'details': return eventDetails(await this.services.event(m.params.eventId));
      case 'neighbours': return this.services.neighbours(m.params.eventId, m.params.seconds);
      case 'openRaw':
        await vscode.commands.executeCommand(SHOW_RAW_EVENT_COMMAND, m.params.eventId);
        return null;
      case 'copy':
        await vscode.env.clipboard.writeText(m.params.text);
        return null;
      case 'present':
        if (m.params.on !== this.presenting) {
          this.presenting = m.params.on;
          await vscode.commands.executeCommand('workbench.action.toggleZenMode');
        }
        return null;
      case 'export': return { message: await this.export(m.params.kind, m.params.data, m.params.chainIds) };
    }
  }

  private async export(kind: 'svg' | 'png' | 'markdown', data: string, chainIds: readonly string[]): Promise<string> {
    if (kind === 'markdown') {
      const wanted = new Set(chainIds);
      const chains = this.content.chains.filter((c) => wanted.has(c.id)).map((c) => c.chain);
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: chainsToMarkdown(chains, { title: this.content.title }) });
      await vscode.window.showTextDocument(document, { preview: false });
      return `Opened ${chains.length} chain${chains.length === 1 ? '' : 's'} as Markdown.`;
    }
    const bytes = kind === 'svg' ? Buffer.from(data, 'utf8') : pngBytes(data);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${fileSafe(this.content.title)}.${kind}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: kind === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    });
    if (!target) return 'Export cancelled.';
    await vscode.workspace.fs.writeFile(target, bytes);
    return `Saved ${target.fsPath}`;
  }
}

function pngBytes(dataUrl: string): Uint8Array {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl.startsWith(prefix)) throw new Error('the webview did not send a PNG');
  return Buffer.from(dataUrl.slice(prefix.length), 'base64');
}
