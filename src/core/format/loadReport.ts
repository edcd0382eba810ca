// A load report in the editor's words: the one-line summary of the notification, and the
// lines of the output log (per source: format, events, rejections with line or offset,
// warnings; the inventory file's pins and unusable lines; the address conflicts the load kept
// apart; why it stopped).

import type { LoadReport } from '../types/reports';
import { printableLine } from '../text/printable';

export function hasLoadProblems(report: LoadReport): boolean {
  return report.sources.some((s) => s.rejected > 0 || s.warnings.length > 0 || s.format === 'unknown') || (report.hosts?.conflicts.length ?? 0) > 0
    || (report.inventory?.problems.length ?? 0) > 0;
}

export function loadSummary(report: LoadReport): string {
  const base = `Huntbench loaded ${report.events.toLocaleString('en-US')} events from ${report.sources.length} source(s) in ${(report.millis / 1000).toFixed(1)} s.`;
  // Stop reasons are sentences of their own (the budget's and the cancel's end with a period).
  if (report.stopped) return `${base} Loading stopped early: ${(report.stopReason ?? 'cancelled').replace(/\.$/, '')}.`;
  const rejected = report.sources.reduce((n, s) => n + s.rejected, 0);
  const unknown = report.sources.filter((s) => s.format === 'unknown').length;
  const conflicts = report.hosts?.conflicts.length ?? 0;
  const notes = [rejected ? `${rejected} record(s) rejected` : '', unknown ? `${unknown} source(s) in no known format` : '', conflicts ? `${conflicts} address conflict(s) kept apart` : ''].filter(Boolean);
  return notes.length ? `${base} ${notes.join(', ')}.` : base;
}

/** What the creator pass did, in one line; undefined when the load stored no start naming its creator only by id. */
export function creatorsLine(report: LoadReport): string | undefined {
  const c = report.creators;
  if (!c) return undefined;
  return `creators: ${c.named.toLocaleString('en-US')} of ${c.byIdOnly.toLocaleString('en-US')} process start(s) that name their creator only by id (4688 before Windows 10) given its image from the creator's own start (the others: no start of that id before them, or it had ended)`;
}

/** The output log's lines; `warn` marks a problem. */
export function loadLogLines(report: LoadReport): { readonly warn: boolean; readonly text: string }[] {
  const lines: { warn: boolean; text: string }[] = [];
  for (const s of report.sources) {
    lines.push({ warn: false, text: `${s.source}: ${s.format}${s.dialect ? ` (${s.dialect})` : ''}, ${s.events} events, ${s.rejected} rejected` });
    for (const r of s.rejections) lines.push({ warn: true, text: `  ${s.source}${r.line !== undefined ? `:${r.line}` : r.offset !== undefined ? ` @${r.offset}` : ''}: ${r.reason}` });
    for (const w of s.warnings) lines.push({ warn: true, text: `  ${s.source}: ${w}` });
  }
  if (report.inventory) lines.push({ warn: false, text: `inventory ${report.inventory.file}: ${report.inventory.pins} address pin(s)` });
  for (const p of report.inventory?.problems ?? []) lines.push({ warn: true, text: `  ${p}` });
  for (const c of report.hosts?.conflicts ?? []) lines.push({ warn: true, text: `address ${c.kind}: ${c.message}` });
  const creators = creatorsLine(report);
  if (creators) lines.push({ warn: false, text: creators });
  if (report.stopped) lines.push({ warn: true, text: `loading stopped: ${report.stopReason ?? 'cancelled'}` });
  return lines.map((line) => ({ warn: line.warn, text: printableLine(line.text) }));
}
