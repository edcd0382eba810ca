// The built-in analytics (the extension's `analytics/` folder) are opened read-only: a click
// in the Analytics view shows the file locked for this session, so the shipped analytic is
// never edited in place. "Copy to Workspace to Edit" copies it, with the list files it names,
// into the workspace's `hunts/` folder and opens the copy; a workspace analytic with a
// built-in's id replaces the built-in when analytics run.

import * as vscode from 'vscode';
import { posix } from 'node:path';
import type { Context } from '../context';
import { localListFiles } from '../core/dsl/load';

/** What the Analytics view passes: a file node, an analytic node, or a URI. */
type Target = vscode.Uri | { readonly uri: vscode.Uri; readonly line?: number } | { readonly file: { readonly uri: vscode.Uri } } | undefined;

function uriOf(target: Target): vscode.Uri | undefined {
  if (target instanceof vscode.Uri) return target;
  if (target && 'file' in target) return target.file.uri;
  if (target && 'uri' in target) return target.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

export function isBuiltIn(ctx: Context, uri: vscode.Uri): boolean {
  const dir = vscode.Uri.joinPath(ctx.extension.extensionUri, 'analytics').path;
  return uri.scheme === 'file' && uri.path.startsWith(`${dir}/`);
}

/** Opens an analytic file (from a view item, or a URI and a line); a built-in one read-only for this session. */
export function openAnalytic(ctx: Context) {
  return async (target: Target, line?: number): Promise<void> => {
    const uri = uriOf(target);
    if (!uri) return;
    const at = line ?? (target && !(target instanceof vscode.Uri) && 'line' in target ? target.line ?? 0 : 0);
    const editor = await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, 0, at, 0), preview: true });
    if (isBuiltIn(ctx, uri) && editor.document.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) {
      await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
    }
  };
}

/** Copies a built-in analytic and its list files into `<workspace>/hunts/` and opens the copy. */
export function copyAnalyticToWorkspace(ctx: Context) {
  return async (target?: Target): Promise<void> => {
    const source = uriOf(target);
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!source || !isBuiltIn(ctx, source)) {
      void vscode.window.showInformationMessage('Huntbench: pick a built-in analytic in the Analytics view to copy it into the workspace.');
      return;
    }
    if (!folder) {
      void vscode.window.showInformationMessage('Huntbench: open a folder first; the copy goes into its hunts/ folder.');
      return;
    }
    const text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
    const name = posix.basename(source.path);
    const dest = vscode.Uri.joinPath(folder.uri, 'hunts', name);
    if (await exists(dest)) {
      const choice = await vscode.window.showWarningMessage(`hunts/${name} already exists in the workspace.`, 'Open It', 'Overwrite');
      if (choice === 'Open It') { await vscode.window.showTextDocument(dest); return; }
      if (choice !== 'Overwrite') return;
    }
    const copies = [{ from: source, to: dest }];
    // List files are named relative to the analytic: copy them beside the copy, the same way.
    for (const relative of localListFiles(text)) {
      const from = vscode.Uri.joinPath(source, '..', relative);
      const to = vscode.Uri.joinPath(dest, '..', relative);
      if (!(await exists(to))) copies.push({ from, to });
    }
    for (const c of copies) await vscode.workspace.fs.copy(c.from, c.to, { overwrite: true });
    await vscode.window.showTextDocument(dest, { preview: false });
    void vscode.window.showInformationMessage(`Huntbench: copied ${name}${copies.length > 1 ? ` and ${copies.length - 1} list file(s)` : ''} to hunts/; this copy replaces the built-in when analytics run.`);
  };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

/** Keeps `huntbench.builtInAnalytic` true while a built-in analytic is the active editor (its title bar offers the copy). */
export function watchBuiltInEditor(ctx: Context): vscode.Disposable {
  const update = (editor: vscode.TextEditor | undefined) => vscode.commands.executeCommand('setContext', 'huntbench.builtInAnalytic', !!editor && isBuiltIn(ctx, editor.document.uri));
  void update(vscode.window.activeTextEditor);
  return vscode.window.onDidChangeActiveTextEditor(update);
}
