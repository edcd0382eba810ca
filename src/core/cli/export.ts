// `huntbench export <file.hunt> --to eql|kql|spl|sigma [--schema <mapping.json>] [--json]`:
// compile the file's analytics to another engine's language. The query goes to stdout; every
// approximation is also a diagnostic on stderr (`file:line:col: severity HUNT4xxx: message`).

import { formatDiagnostic, loadHuntFile } from '../dsl/load';
import { exportFile } from '../export/index';
import { loadMapping } from '../export/mapping';
import { TARGETS, type TargetName } from '../export/model';
import { EXIT_INPUT_ERROR, EXIT_OK, UsageError, type CliCommand } from './command';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'compile analytics to EQL, KQL, SPL or Sigma, reporting every approximation',
  usage: `export <file.hunt> --to ${TARGETS.join('|')} [--schema <mapping.json>] [--json]`,
  options: { to: { type: 'string' }, schema: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const [path, ...extra] = args.positionals;
    if (!path || extra.length > 0) throw new UsageError('give exactly one .hunt file');
    const to = args.values.to;
    if (typeof to !== 'string' || !(TARGETS as readonly string[]).includes(to)) throw new UsageError(`--to must be one of ${TARGETS.join(', ')}`);
    const target = to as TargetName;
    const file = loadHuntFile(path);
    const errors = file.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      for (const d of errors) io.err(formatDiagnostic(file, d));
      return EXIT_INPUT_ERROR;
    }
    const result = exportFile(file, target, loadMapping(target, typeof args.values.schema === 'string' ? args.values.schema : undefined));
    if (args.values.json) {
      io.out(JSON.stringify({ target, analytics: result.analytics }, null, 2));
    } else {
      io.out(result.text.trimEnd());
      for (const a of result.analytics) for (const d of a.diagnostics) io.err(formatDiagnostic(file, d));
    }
    return EXIT_OK;
  },
};
