// `huntbench sigma --rules <file or folder>... <logs...> [--json]`: load Sigma rules and logs,
// run every rule that compiles and print what matched, plus the rules that cannot run and
// why. Positional .yml/.yaml files are rules too (logs are never YAML). `--json` prints
// {"rules": [{id, title, level, matches, events}], "unsupported": [{id, reason}]} (docs/cli.md).

import { printableLine as printable } from '../text/printable';
import { loadPack } from '../sigma/pack';
import { EXIT_OK, UsageError, type CliCommand } from './command';
import { LOAD_OPTIONS, loadedSession, noteInputProblems } from './sessionArgs';

const LEVELS = ['critical', 'high', 'medium', 'low', 'informational'];

export const sigmaCommand: CliCommand = {
  name: 'sigma',
  summary: 'run Sigma rules (files or folders of .yml) over logs and print the detections',
  usage: 'sigma --rules <file.yml or folder>... <files or folders...> [--json] [--budget-mb N]',
  options: { ...LOAD_OPTIONS, rules: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  async run(args, io) {
    const yaml = (p: string): boolean => /\.ya?ml$/i.test(p);
    const rulePaths = [...((args.values.rules as string[] | undefined) ?? []), ...args.positionals.filter(yaml)];
    const logPaths = args.positionals.filter((p) => !yaml(p));
    if (rulePaths.length === 0) throw new UsageError('give the rules with --rules <file.yml or folder>');
    const pack = loadPack(rulePaths);
    const { session, report } = await loadedSession({ values: args.values, positionals: logPaths }, io);
    try {
      noteInputProblems(report, io);
      const result = session.runSigma(pack);
      // A correlation reports like a rule: its matches, and the events behind them.
      const rules = [
        ...result.detections.map((d) => ({ id: d.rule.id, title: d.rule.title, level: d.rule.level, matches: d.events.length, events: d.events })),
        ...result.correlations.map((c) => ({ id: c.correlation.id, title: c.correlation.title, level: c.correlation.level, matches: c.matches.length, events: [...new Set(c.matches.flatMap((m) => m.events))].sort((a, b) => a - b) })),
      ];
      if (args.values.json) {
        io.out(JSON.stringify({
          rules,
          unsupported: pack.unsupported.map((u) => ({ id: u.id, reason: u.reason })),
        }, null, 2));
        return EXIT_OK;
      }
      const matched = rules.filter((r) => r.matches > 0);
      matched.sort((a, b) => rank(a.level) - rank(b.level) || b.matches - a.matches);
      for (const r of matched) {
        const shown = r.events.slice(0, 20).join(', ') + (r.events.length > 20 ? ', …' : '');
        io.out(`[${printable(r.level)}] ${printable(r.title)} (${printable(r.id)}): ${r.matches} match(es), event(s) ${shown}`);
      }
      for (const u of pack.unsupported) io.err(`unsupported: ${printable(u.id)}: ${printable(u.reason)}`);
      io.err(`${matched.length} of ${rules.length} rule(s) and correlation(s) matched ${result.stats.candidates.toLocaleString('en-US')} candidate events in ${result.stats.millis} ms; ${pack.unsupported.length} rule(s) cannot run (listed above). \`huntbench raw <logs> --event <id>\` shows an event.`);
      return EXIT_OK;
    } finally {
      session.close();
    }
  },
};

function rank(level: string): number {
  const i = LEVELS.indexOf(level);
  return i < 0 ? LEVELS.length : i;
}
