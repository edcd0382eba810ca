// Export Chains: every chain of the last runs as JSON (the CLI's `run --json` shape), CSV
// (one row per event, for spreadsheets) or a Markdown report, to a file the user picks.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { chainsToMarkdown } from '../core/format/markdown';
import type { Chain } from '../core/types/chain';
import { chainsCsv, chainsJson } from '../core/format/chains';

type Format = 'JSON' | 'CSV' | 'Markdown';
const EXTENSIONS: Record<Format, string> = { JSON: 'json', CSV: 'csv', Markdown: 'md' };

export function exportChains(ctx: Context) {
  return async (): Promise<void> => {
    const chains = ctx.allRuns().flatMap((r) => r.chains);
    if (chains.length === 0) {
      void vscode.window.showInformationMessage('Huntbench: no chains to export. Run the analytics first.');
      return;
    }
    const format = await vscode.window.showQuickPick<vscode.QuickPickItem & { format: Format }>([
      { label: 'JSON', detail: 'The stable `huntbench run --json` shape', format: 'JSON' },
      { label: 'CSV', detail: 'One row per event', format: 'CSV' },
      { label: 'Markdown', detail: 'A readable report, one section per chain', format: 'Markdown' },
    ], { title: `Huntbench: export ${chains.length} chain(s) as` });
    if (!format) return;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: root && vscode.Uri.joinPath(root, `huntbench-chains.${EXTENSIONS[format.format]}`),
      filters: { [format.format]: [EXTENSIONS[format.format]] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(render(format.format, chains), 'utf8'));
    void vscode.window.showInformationMessage(`Huntbench: exported ${chains.length} chain(s) to ${vscode.workspace.asRelativePath(target)}.`, 'Open')
      .then((choice) => choice && vscode.window.showTextDocument(target));
  };
}

function render(format: Format, chains: readonly Chain[]): string {
  if (format === 'Markdown') return chainsToMarkdown(chains);
  if (format === 'JSON') return chainsJson(chains);
  return chainsCsv(chains);
}
