// Read-only virtual documents: raw event records (`huntbench-raw:`) and generated reports such
// as query results and analytic explanations (`huntbench-report:`). The content is held here
// by URI; the editor cannot write it back, so attacker-controlled log text is only ever shown.

import * as vscode from 'vscode';

export const RAW_SCHEME = 'huntbench-raw';
export const REPORT_SCHEME = 'huntbench-report';
const KEEP = 200;

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(readonly scheme: string) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This Huntbench document is no longer available: run the command again.';
  }

  /** Stores `text` under `path` and opens it in an editor. */
  async show(path: string, text: string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: this.scheme, path });
    if (this.contents.size >= KEEP) this.contents.delete(this.contents.keys().next().value!);
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: true, ...options });
  }

  register(): vscode.Disposable {
    return vscode.Disposable.from(vscode.workspace.registerTextDocumentContentProvider(this.scheme, this), this);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
