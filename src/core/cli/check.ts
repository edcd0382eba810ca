// `huntbench check <files.hunt or folders...> [--json]`: parse and check analytics, print
// diagnostics as `file:line:col: severity CODE: message`, exit 1 when any is an error (rule
// authors run this in their CI).

import { formatDiagnostic, huntFiles, lineColumn, loadHuntFile, type HuntFile } from '../dsl/load';
import { EXIT_INPUT_ERROR, EXIT_OK, UsageError, type CliCommand } from './command';

/** Loads every `.hunt` file under the paths; unreadable paths are reported as errors. */
export function loadHuntPaths(paths: readonly string[]): HuntFile[] {
  return huntFiles(paths).map((p) => loadHuntFile(p));
}

export function hasErrors(files: readonly HuntFile[]): boolean {
  return files.some((f) => f.diagnostics.some((d) => d.severity === 'error'));
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check .hunt analytics and print diagnostics with file:line:col and codes',
  usage: 'check <files.hunt or folders...> [--json]',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('give at least one .hunt file or folder');
    const files = loadHuntPaths(args.positionals);
    if (args.values.json) {
      io.out(JSON.stringify(files.flatMap((f) => f.diagnostics.map((d) => ({ file: f.path, ...lineColumn(f.text, d.span.start), ...d }))), null, 2));
    } else {
      for (const f of files) for (const d of f.diagnostics) io.out(formatDiagnostic(f, d));
      const count = (s: string): number => files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === s).length, 0);
      io.err(`${files.length} file(s) checked: ${count('error')} error(s), ${count('warning')} warning(s)`);
    }
    return hasErrors(files) ? EXIT_INPUT_ERROR : EXIT_OK;
  },
};
