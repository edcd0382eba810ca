// `huntbench run <logs...> [--analytics <file or folder>]... [--baseline <logs>]... [--json]`:
// load logs, run analytics (the built-in ones unless --analytics is given) and print the
// chains. `--json` prints the stable format documented in docs/cli.md, times in ISO 8601 UTC.

import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunStats } from '../types/session';
import { chainJson, chainText } from '../format/chains';
import { printableLine } from '../text/printable';
import { formatDiagnostic } from '../dsl/load';
import { EXIT_INPUT_ERROR, EXIT_OK, type CliCommand } from './command';
import { hasErrors, loadHuntPaths, SIGMA_OPTION, sigmaOption } from './check';
import { LOAD_OPTIONS, loadedSession } from './sessionArgs';

/** The built-in analytics folder: `analytics/` next to the bundle or above the sources. */
export function builtInAnalytics(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'analytics');
    if (existsSync(candidate) && readdirSync(candidate).some((n) => n.endsWith('.hunt'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`the built-in analytics folder was not found above ${__dirname}; pass --analytics`);
  }
}

function statsText(stats: RunStats): string {
  const per = stats.analytics.map((a) => `${a.analytic} ${a.chains}${a.truncated ? ` (${a.truncated} searches cut off)` : ''}`).join(', ');
  return `${stats.chains} chain(s) from ${stats.events.toLocaleString('en-US')} events in ${stats.millis} ms: ${per}`;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run analytics (the built-in four by default) over logs and print the chains',
  usage: 'run <files or folders...> [--analytics <file.hunt or folder>]... [--baseline <file or folder>]... [--sigma <rules.yml or folder>]... [--json] [--budget-mb N]',
  options: { ...LOAD_OPTIONS, ...SIGMA_OPTION, analytics: { type: 'string', multiple: true }, baseline: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  async run(args, io) {
    const analyticPaths = (args.values.analytics as string[] | undefined) ?? [builtInAnalytics()];
    const sigma = sigmaOption(args);
    const files = loadHuntPaths(analyticPaths, sigma.info);
    for (const f of files) for (const d of f.diagnostics) if (d.severity === 'error') io.err(formatDiagnostic(f, d));
    if (hasErrors(files)) return EXIT_INPUT_ERROR;
    const plans = files.flatMap((f) => f.plans);
    const baselinePaths = args.values.baseline as string[] | undefined;
    const baseline = baselinePaths ? await loadedSession({ values: args.values, positionals: baselinePaths }, io) : undefined;
    const { session } = await loadedSession(args, io);
    try {
      session.sigma.setPack(sigma.pack);
      session.sigma.prepare(plans.flatMap((p) => p.sigmaRules));
      const result = session.runPlans(plans, { baseline: baseline?.session });
      for (const w of result.stats.warnings) io.err(printableLine(`warning: ${w}`));
      if (result.stats.stopReason) io.err(printableLine(`stopped: ${result.stats.stopReason}`));
      if (args.values.json) io.out(JSON.stringify({ chains: result.chains.map(chainJson), stats: result.stats }, null, 2));
      else {
        for (const c of result.chains) io.out(chainText(c));
        io.err(statsText(result.stats));
      }
      return EXIT_OK;
    } finally {
      session.close();
      baseline?.session.close();
    }
  },
};
