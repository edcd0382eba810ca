// Loading logs: the Load Logs picker, the Explorer's "Load into Huntbench", and reloading a
// saved session. Loading runs in the engine worker behind a cancellable progress
// notification (file, events so far, events/s), so the editor stays responsive.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadReport } from '../core/types/reports';
import type { Context } from '../context';
import { readManifest, writeManifest } from './manifest';

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

export async function loadPaths(ctx: Context, paths: readonly string[]): Promise<LoadReport | undefined> {
  const budgetBytes = ctx.settings().memoryBudgetBytes;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Huntbench: loading logs', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        return await ctx.request('load', { paths, budgetBytes }, {
          signal: abort.signal,
          onProgress: (p) => {
            if ('fraction' in p) return;
            progress.report({
              message: `${path.basename(p.source)}: ${p.events.toLocaleString('en-US')} events (${Math.round(p.eventsPerSecond).toLocaleString('en-US')}/s)`,
              increment: 0,
            });
            reported = p.events;
          },
        });
      } catch (error) {
        ctx.output.error(`load failed after ${reported} events: ${(error as Error).message}`);
        void vscode.window.showErrorMessage(`Huntbench could not load the logs: ${(error as Error).message}`);
        return undefined;
      }
    },
  );
  if (!report) return undefined;
  ctx.loadedPaths.push(...paths.filter((p) => !ctx.loadedPaths.includes(p)));
  await ctx.refreshStats();
  await writeManifest(ctx.loadedPaths);
  logReport(ctx, report);
  void vscode.window.showInformationMessage(summary(report), ...(report.stopped || hasProblems(report) ? ['Show Details'] : []))
    .then((choice) => choice && ctx.output.show());
  return report;
}

function hasProblems(report: LoadReport): boolean {
  return report.sources.some((s) => s.rejected > 0 || s.warnings.length > 0 || s.format === 'unknown');
}

function summary(report: LoadReport): string {
  const seconds = (report.millis / 1000).toFixed(1);
  const base = `Huntbench loaded ${report.events.toLocaleString('en-US')} events from ${report.sources.length} source(s) in ${seconds} s.`;
  if (report.stopped) return `${base} Loading stopped early: ${report.stopReason ?? 'cancelled'}.`;
  const rejected = report.sources.reduce((n, s) => n + s.rejected, 0);
  const unknown = report.sources.filter((s) => s.format === 'unknown').length;
  const notes = [rejected ? `${rejected} record(s) rejected` : '', unknown ? `${unknown} source(s) in no known format` : ''].filter(Boolean);
  return notes.length ? `${base} ${notes.join(', ')}.` : base;
}

function logReport(ctx: Context, report: LoadReport): void {
  for (const s of report.sources) {
    ctx.output.info(`${s.source}: ${s.format}${s.dialect ? ` (${s.dialect})` : ''}, ${s.events} events, ${s.rejected} rejected`);
    for (const r of s.rejections) ctx.output.warn(`  ${s.source}${r.line !== undefined ? `:${r.line}` : r.offset !== undefined ? ` @${r.offset}` : ''}: ${r.reason}`);
    for (const w of s.warnings) ctx.output.warn(`  ${s.source}: ${w}`);
  }
  if (report.stopped) ctx.output.warn(`loading stopped: ${report.stopReason ?? 'cancelled'}`);
}
