// The editor's one-line notices about a run (analytics, Sigma rules), and the file names it
// derives from titles and log names for generated documents. Pure text, unit-tested in node.

import type { AnalyticRun, SigmaReport } from '../types/session';

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
