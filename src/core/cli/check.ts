// `huntbench check <files.hunt or folders...> [--json]`: parse and check analytics, print
// diagnostics as `file:line:col: severity CODE: message`, exit 1 when any is an error (rule
// authors run this in their CI).

import { formatDiagnostic, huntFiles, lineColumn, loadHuntFile, type HuntFile } from '../dsl/load';
import type { SchemaInfo } from '../dsl/index';
import { loadPack, type SigmaPack } from '../sigma/pack';
import { EXIT_INPUT_ERROR, EXIT_OK, UsageError, type CliCommand, type ParsedArgs } from './command';

/** Loads every `.hunt` file under the paths; unreadable paths are reported as errors. */
export function loadHuntPaths(paths: readonly string[], info: SchemaInfo = {}): HuntFile[] {
  return huntFiles(paths).map((p) => loadHuntFile(p, info));
}

/** `--sigma <file.yml or folder>`: the Sigma rules sigma("…") steps may name. */
export const SIGMA_OPTION = { sigma: { type: 'string', multiple: true } } as const;

/** The rule pack of --sigma, if given, and the names the checker accepts in sigma("…"). */
export function sigmaOption(args: ParsedArgs): { pack?: SigmaPack; info: SchemaInfo } {
  const paths = args.values.sigma as string[] | undefined;
  if (!paths) return { info: {} };
  const pack = loadPack(paths);
  return { pack, info: { sigmaRules: pack.rules.flatMap((r) => [r.rule.id, ...(r.rule.name !== undefined ? [r.rule.name] : [])]) } };
}

export function hasErrors(files: readonly HuntFile[]): boolean {
  return files.some((f) => f.diagnostics.some((d) => d.severity === 'error'));
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check .hunt analytics and print diagnostics with file:line:col and codes',
  usage: 'check <files.hunt or folders...> [--sigma <rules.yml or folder>]... [--json]',
  options: { json: { type: 'boolean' }, ...SIGMA_OPTION },
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('give at least one .hunt file or folder');
    const files = loadHuntPaths(args.positionals, sigmaOption(args).info);
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
