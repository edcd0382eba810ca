// Run Sigma Rules: the rule pack of `huntbench.sigmaRules` (or files and folders the user
// picks) over the session, in the engine worker behind a cancellable progress notification.
// Detections go to the Sigma Detections view; rules that cannot run go to the output log.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Context } from '../context';
import { sigmaSummary } from '../core/format/notices';
import { requestWithProgress } from './progress';

/** The configured rule paths, workspace-relative ones resolved against the first folder. */
export function configuredRulePaths(ctx: Context): string[] {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return ctx.settings().sigmaRules.map((p) => (path.isAbsolute(p) || !root ? p : path.join(root, p)));
}

async function chooseRules(ctx: Context): Promise<string[] | undefined> {
  const configured = configuredRulePaths(ctx);
  if (configured.length) {
    const pick = await vscode.window.showQuickPick([
      { label: 'Rules from huntbench.sigmaRules', description: configured.join(', '), paths: configured },
      { label: 'Choose rule files or folders…', paths: undefined },
    ], { title: 'Huntbench: which Sigma rules?' });
    if (!pick) return undefined;
    if (pick.paths) return pick.paths;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: 'Run these Sigma rules', filters: { 'Sigma rules': ['yml', 'yaml'] }, title: 'Huntbench: Sigma rule files or folders' });
  return picked?.map((u) => u.fsPath);
}

export function runSigmaRules(ctx: Context) {
  return async (): Promise<void> => {
    if (!ctx.hasData) {
      void vscode.window.showInformationMessage('Huntbench: load logs first; Sigma rules run over the loaded events.');
      return;
    }
    const rulePaths = await chooseRules(ctx);
    if (!rulePaths?.length) return;
    let done = 0;
    const report = await requestWithProgress(ctx, 'Huntbench: running Sigma rules', 'sigma', { rulePaths }, (p) => {
      if (!('fraction' in p)) return undefined;
      const percent = Math.round(p.fraction * 100);
      const increment = percent - done;
      done = percent;
      return { message: `${percent}% of the events`, increment };
    });
    ctx.setSigma(report);
    for (const u of report.unsupported) ctx.output.warn(`Sigma rule ${u.id} (${u.file}) cannot run: ${u.reason}`);
    void vscode.window.showInformationMessage(sigmaSummary(report));
    if (report.detections.length) void vscode.commands.executeCommand('huntbench.detections.focus');
  };
}
