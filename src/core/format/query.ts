// Query results as the editor and the CLI show them: a Markdown table (every cell escaped so no
// pipe, newline or HTML breaks out of it: values are log data, attacker-controlled) and an
// aligned text table for the terminal. Pure, no vscode import.

import type { SqlValue } from '../types/store';
import type { QueryResult } from '../types/session';

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

function textCell(value: SqlValue): string {
  if (value === null) return '';
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return String(value).replace(/[\t\r\n]+/g, ' ');
}

/** Columns aligned with spaces; wide cells are cut so a row stays readable. */
export function tableText(columns: readonly string[], rows: readonly (readonly SqlValue[])[], maxWidth = 80): string {
  const cells = [columns.map(String), ...rows.map((r) => r.map(textCell))].map((r) => r.map((c) => (c.length > maxWidth ? `${c.slice(0, maxWidth - 1)}…` : c)));
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
