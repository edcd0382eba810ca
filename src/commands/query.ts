// Query Events: one read-only SQL SELECT over the session (field aliases allowed), results as
// a Markdown table in a read-only document (queryTable.ts escapes every cell).

import * as vscode from 'vscode';
import type { Context } from '../context';
import { EXAMPLE_QUERY } from '../core/schema/columns';
import { queryMarkdown } from '../core/format/query';
import { requestWithProgress } from './progress';

const ROW_LIMIT = 1000;

export function queryEvents(ctx: Context) {
  let last = EXAMPLE_QUERY;
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
      // Cancellable: the engine stops the query's worker mid-way (it also stops at its time budget).
      const result = await requestWithProgress(ctx, 'Huntbench: running the query', 'query', { sql, params: [], limit: ROW_LIMIT });
      await ctx.reportDocuments.show(`/query-${++runs}.md`, queryMarkdown(sql, result));
    } catch (error) {
      void vscode.window.showErrorMessage(`Huntbench query failed: ${(error as Error).message}`);
    }
  };
}
