// Loading logs: the Load Logs picker, the Explorer's "Load into Huntbench", and reloading a
// saved session. Loading runs in the engine worker behind a cancellable progress
// notification (file, events so far, events/s), so the editor stays responsive.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadReport } from '../core/types/reports';
import type { Context } from '../context';
import { readManifest, writeManifest } from './manifest';
import { requestWithProgress } from './progress';
import { hasLoadProblems, loadLogLines, loadSummary } from '../core/format/loadReport';

export function loadLogs(ctx: Context) {
  return async (): Promise<void> => {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      openLabel: 'Load into Huntbench',
      title: 'Huntbench: choose log files, archives or folders',
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (picked?.length) await loadPaths(ctx, picked.map((u) => u.fsPath));
  };
}

/** Explorer context menu: the clicked file, or every selected one. */
export function loadIntoHuntbench(ctx: Context) {
  return async (clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<void> => {
    const uris = selected?.length ? selected : clicked ? [clicked] : [];
    if (uris.length === 0) return loadLogs(ctx)();
    await loadPaths(ctx, uris.map((u) => u.fsPath));
  };
}

export function reloadSession(ctx: Context) {
  return async (): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Huntbench does not load a saved session in an untrusted workspace. Trust the workspace first, or use Load Logs.');
      return;
    }
    const manifest = await readManifest();
    if ('error' in manifest) {
      void vscode.window.showErrorMessage(manifest.error);
      return;
    }
    await ctx.resetSession();
    await loadPaths(ctx, manifest.files);
  };
}

/**
 * The first workspace folder's `.huntbench/hosts.csv`, as the CLI reads it from its current
 * folder. Only in a trusted workspace: the pins decide which host a sensor row belongs to.
 */
function workspaceInventory(ctx: Context): string | undefined {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const file = root && path.join(root, '.huntbench', 'hosts.csv');
  if (!file || !existsSync(file)) return undefined;
  if (vscode.workspace.isTrusted) return file;
  ctx.output.warn(`${file} is not read in an untrusted workspace; trust the workspace to use its address pins.`);
  return undefined;
}

export async function loadPaths(ctx: Context, paths: readonly string[]): Promise<LoadReport | undefined> {
  let reported = 0;
  let report: LoadReport;
  try {
    const request = { paths, budgetBytes: ctx.settings().memoryBudgetBytes, inventoryFile: workspaceInventory(ctx) };
    report = await requestWithProgress(ctx, 'Huntbench: loading logs', 'load', request, (p) => {
      if ('fraction' in p) return undefined;
      reported = p.events;
      return { message: `${path.basename(p.source)}: ${p.events.toLocaleString('en-US')} events (${Math.round(p.eventsPerSecond).toLocaleString('en-US')}/s)` };
    });
  } catch (error) {
    ctx.output.error(`load failed after ${reported} events: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`Huntbench could not load the logs: ${(error as Error).message}`);
    return undefined;
  }
  ctx.loadedPaths.push(...paths.filter((p) => !ctx.loadedPaths.includes(p)));
  await ctx.refreshStats();
  await writeManifest(ctx.loadedPaths);
  for (const line of loadLogLines(report)) ctx.output[line.warn ? 'warn' : 'info'](line.text);
  void vscode.window.showInformationMessage(loadSummary(report), ...(report.stopped || hasLoadProblems(report) ? ['Show Details'] : []))
    .then((choice) => choice && ctx.output.show());
  return report;
}
