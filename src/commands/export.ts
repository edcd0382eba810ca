// Export Chains: every chain of the last runs as JSON (the CLI's `run --json` shape), CSV
// (one row per event, for spreadsheets) or a Markdown report. CSV cells that a spreadsheet
// would run as a formula are prefixed with a quote: log text is attacker-controlled.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { chainsToMarkdown } from '../core/export/chainMarkdown';
import type { Chain } from '../core/match/chain';

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
  if (format === 'JSON') return `${JSON.stringify({ chains: chains.map(isoTimes) }, null, 2)}\n`;
  return chainsCsv(chains);
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Times as ISO 8601 UTC, as `huntbench run --json` prints them. */
function isoTimes(chain: Chain): unknown {
  return {
    ...chain,
    start: iso(chain.start),
    end: iso(chain.end),
    steps: chain.steps.map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, ts: iso(e.ts) })) })),
  };
}

export function chainsCsv(chains: readonly Chain[]): string {
  const header = ['chain', 'analytic', 'severity', 'key', 'step', 'time_utc', 'host', 'channel', 'event_id', 'record_id', 'summary', 'source', 'line', 'offset', 'event'];
  const rows = chains.flatMap((chain, index) => {
    const key = Object.entries(chain.key).map(([k, v]) => `${k}=${v ?? ''}`).join(' ');
    return chain.steps.flatMap((step) => step.events.map((e) => [
      index + 1, chain.analytic, chain.severity, key, step.name, iso(e.ts), e.host, e.channel, e.event_id, e.record_id, e.summary, e.source.file, e.source.line, e.source.offset, e.id,
    ]));
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
