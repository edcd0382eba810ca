// Session lifecycle: New Session (drop all data and results) and Unload (drop some loaded
// paths). The store cannot delete one source's rows cheaply, so Unload rebuilds the session
// from the paths that remain.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { loadPaths } from './load';
import { writeManifest } from './manifest';

export function newSession(ctx: Context) {
  return async (): Promise<void> => {
    if (ctx.hasData) {
      const choice = await vscode.window.showWarningMessage('Start a new Huntbench session? Loaded logs and chains are dropped.', { modal: true }, 'New Session');
      if (choice !== 'New Session') return;
    }
    await ctx.resetSession();
    await writeManifest([]);
    void vscode.window.showInformationMessage('Huntbench: new empty session. Load logs to begin.');
  };
}

export function unloadLogs(ctx: Context) {
  return async (): Promise<void> => {
    if (ctx.loadedPaths.length === 0) {
      void vscode.window.showInformationMessage('Huntbench: no logs are loaded.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      ctx.loadedPaths.map((p) => ({ label: vscode.workspace.asRelativePath(p), path: p })),
      { canPickMany: true, title: 'Huntbench: unload which logs?', placeHolder: 'The session is rebuilt from the logs you keep' },
    );
    if (!picked?.length) return;
    const drop = new Set(picked.map((p) => p.path));
    const keep = ctx.loadedPaths.filter((p) => !drop.has(p));
    await ctx.resetSession();
    if (keep.length) await loadPaths(ctx, keep);
    else await writeManifest([]);
  };
}
