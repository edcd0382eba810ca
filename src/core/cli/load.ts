// `huntbench load <paths...> [--json]`: load logs and report, per source, the format,
// events loaded, rejected lines (first few, with line and reason), warnings, time span
// in ISO UTC, hosts, and counts by channel and event id; then what the address book learned
// and the address conflicts it kept apart.

import type { LoadReport, SourceReport } from '../types/reports';
import { EXIT_INPUT_ERROR, EXIT_OK, type CliCommand } from './command';
import { LOAD_OPTIONS, hasInputErrors, loadedSession } from './sessionArgs';
import { printableLines } from '../text/printable';
import { creatorsLine } from '../format/loadReport';

const SHOWN_REJECTIONS = 5;
const SHOWN_COUNTS = 12;
/** Host names shown per source: a log naming 100,000 hosts made a 1.2 MB line (`--json` lists them all). */
const SHOWN_HOSTS = 50;

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function counts(byKey: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byKey).sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, SHOWN_COUNTS).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`);
  if (entries.length > SHOWN_COUNTS) shown.push(`... ${entries.length - SHOWN_COUNTS} more`);
  return shown.join(', ');
}

export function sourceText(s: SourceReport): string[] {
  const lines = [s.source];
  const format = s.format === 'unknown' ? 'format unknown' : `format ${s.format}${s.dialect ? ` (${s.dialect})` : ''}`;
  lines.push(`  ${format}, ${s.events.toLocaleString('en-US')} events loaded, ${s.rejected.toLocaleString('en-US')} rejected`);
  for (const r of s.rejections.slice(0, SHOWN_REJECTIONS)) {
    const where = r.line !== undefined ? `line ${r.line}` : r.offset !== undefined ? `offset ${r.offset}` : 'record';
    lines.push(`    ${where}: ${r.reason}`);
  }
  if (s.rejected > SHOWN_REJECTIONS) lines.push(`    ... ${s.rejected - SHOWN_REJECTIONS} more rejected`);
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  if (s.events === 0) return lines;
  lines.push(`  time ${isoOrNull(s.start) ?? '?'} .. ${isoOrNull(s.end) ?? '?'}`);
  const more = s.hosts.length > SHOWN_HOSTS ? `, ... ${(s.hosts.length - SHOWN_HOSTS).toLocaleString('en-US')} more` : '';
  lines.push(`  hosts ${s.hosts.slice(0, SHOWN_HOSTS).join(', ') || '(none)'}${more}`);
  lines.push(`  channels ${counts(s.byChannel)}`);
  lines.push(`  event ids ${counts(s.byEventId)}`);
  return lines;
}

/** What the address book did: sensor rows attributed, and the address conflicts it kept apart. */
export function hostsText(report: LoadReport): string[] {
  if (!report.hosts) return [];
  const { learned, attributed, conflicts } = report.hosts;
  const lines = [`address book: ${learned.toLocaleString('en-US')} address claim(s) learned, ${attributed.toLocaleString('en-US')} sensor row(s) attributed to a host, ${conflicts.length} conflict(s)`];
  for (const c of conflicts) lines.push(`  ${c.kind}: ${c.message}`);
  return lines;
}

/** The report as JSON, with times as ISO 8601 UTC strings. */
export function reportJson(report: LoadReport, sizeBytes: number): unknown {
  return {
    ...report,
    sizeBytes,
    sources: report.sources.map((s) => ({ ...s, start: isoOrNull(s.start), end: isoOrNull(s.end) })),
  };
}

export const loadCommand: CliCommand = {
  name: 'load',
  summary: 'load logs and report what was read from each source',
  usage: 'load <files or folders...> [--json] [--budget-mb N]',
  options: { ...LOAD_OPTIONS, json: { type: 'boolean' } },
  async run(args, io) {
    const { session, report } = await loadedSession(args, io);
    try {
      if (args.values.json) {
        io.out(JSON.stringify(reportJson(report, session.stats().sizeBytes), null, 2));
      } else {
        for (const s of report.sources) io.out(printableLines(sourceText(s)));
        const hosts = hostsText(report);
        if (hosts.length) io.out(printableLines(hosts));
        const creators = creatorsLine(report);
        if (creators) io.out(creators);
        const seconds = report.millis / 1000;
        io.out(`${report.events.toLocaleString('en-US')} events from ${report.sources.length} sources in ${seconds.toFixed(1)} s` +
          ` (${Math.round(report.events / Math.max(seconds, 0.001)).toLocaleString('en-US')} events/s); database ${(session.stats().sizeBytes / 1024 ** 2).toFixed(1)} MB`);
      }
      return hasInputErrors(report) ? EXIT_INPUT_ERROR : EXIT_OK;
    } finally {
      session.close();
    }
  },
};
