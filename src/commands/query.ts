// Query Events: one read-only SQL SELECT over the session (field aliases allowed), results as
// a Markdown table in a read-only document. Values are log data, so every cell is escaped.

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { SqlValue } from '../core/store/types';
import type { QueryResult } from '../protocol/worker';

const ROW_LIMIT = 1000;
const EXAMPLE = 'SELECT host, category, count(*) AS n FROM events GROUP BY host, category ORDER BY n DESC';

export function queryEvents(ctx: Context) {
  let last = EXAMPLE;
  let runs = 0;
  return async (sqlArg?: string): Promise<void> => {
    if (!ctx.hasData) {
      void vscode.window.showInformationMessage('Huntbench: no logs are loaded. Load logs, then query the `events` table.');
      return;
    }
    const sql = sqlArg ?? await vscode.window.showInputBox({ title: 'Huntbench: Query Events (read-only SQL over `events`)', value: last, prompt: `Aliases such as DestinationPort or process.name work too. First ${ROW_LIMIT} rows are shown.` });
    if (!sql?.trim()) return;
    last = sql;
    try {
      const result = await ctx.request('query', { sql, params: [], limit: ROW_LIMIT });
      await ctx.reportDocuments.show(`/query-${++runs}.md`, queryMarkdown(sql, result));
    } catch (error) {
      void vscode.window.showErrorMessage(`Huntbench query failed: ${(error as Error).message}`);
    }
  };
}

export function queryMarkdown(sql: string, result: QueryResult): string {
  const head = `| ${result.columns.map(cell).join(' | ')} |`;
  const rule = `|${result.columns.map(() => '---').join('|')}|`;
  const rows = result.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  const note = result.truncated ? `\n\nFirst ${result.rows.length} rows shown; more matched.` : `\n\n${result.rows.length} row(s).`;
  return `\`\`\`sql\n${sql.replace(/```/g, '` ` `')}\n\`\`\`\n\n${head}\n${rule}\n${rows.join('\n')}${note}\n`;
}

/** One table cell: no pipes, newlines or HTML can escape it. */
function cell(value: SqlValue | string): string {
  if (value === null) return '';
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
