// The editor's one-line notices about a run (analytics, Sigma rules) and the session (status
// bar), and the file names it derives from titles and log names for generated documents.

import type { AnalyticRun, SessionStats, SigmaReport } from '../types/session';
import { formatBytes } from './units';

/** "N chain(s) from M analytic(s).", naming the analytics that did not run. */
export function runSummary(runs: readonly AnalyticRun[]): string {
  const chains = runs.reduce((n, r) => n + r.chains.length, 0);
  const failed = runs.filter((r) => r.diagnostics.some((d) => d.severity === 'error'));
  const problems = failed.length ? ` ${failed.map((r) => r.analytic).join(', ')} did not run: fix the errors shown in the Problems panel.` : '';
  return `Huntbench: ${chains} chain(s) from ${runs.length - failed.length} analytic(s).${problems}`;
}

export function sigmaSummary(report: SigmaReport): string {
  const events = new Set(report.detections.flatMap((d) => d.events.map((e) => e.id))).size;
  return `Huntbench: ${report.detections.length} of ${report.ran} Sigma rule(s) matched ${events} event(s) in ${report.millis} ms${report.cancelled ? ' (cancelled: partial results)' : ''}; ${report.unsupported.length} cannot run (see the Huntbench output).`;
}

/** A name safe in a file name: every run of other characters becomes one `_`. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The status bar's text and tooltip for a session, and the share of its memory budget in use. */
export function sessionStatus(stats: SessionStats, budget: number): { text: string; tooltip: string; share: number } {
  const share = stats.sizeBytes / budget;
  return {
    text: `${stats.events.toLocaleString('en-US')} events · ${formatBytes(stats.sizeBytes)}`,
    tooltip: `Huntbench: ${stats.events.toLocaleString('en-US')} events in ${stats.sources.length} source(s); store ${formatBytes(stats.sizeBytes)} of a ${formatBytes(budget)} budget (${Math.round(share * 100)}%).`,
    share,
  };
}
