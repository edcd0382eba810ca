// Query results as a Markdown table. Values are log data, attacker-controlled: every cell is
// escaped so no pipe, newline or HTML can break out of it. Pure, no vscode import.

import type { SqlValue } from '../core/types/store';
import type { QueryResult } from '../core/types/session';

export function queryMarkdown(sql: string, result: QueryResult): string {
  const head = `| ${result.columns.map(cell).join(' | ')} |`;
  const rule = `|${result.columns.map(() => '---').join('|')}|`;
  const rows = result.rows.map((r) => `| ${r.map(cell).join(' | ')} |`);
  const note = result.stopReason ? `\n\n${result.rows.length} row(s) shown: ${result.stopReason}.`
    : result.truncated ? `\n\nFirst ${result.rows.length} rows shown; more matched.` : `\n\n${result.rows.length} row(s).`;
  return `\`\`\`sql\n${sql.replace(/```/g, '` ` `')}\n\`\`\`\n\n${head}\n${rule}\n${rows.join('\n')}${note}\n`;
}

/** One table cell: no pipes, newlines or HTML can escape it. */
function cell(value: SqlValue | string): string {
  if (value === null) return '';
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  return String(value).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
