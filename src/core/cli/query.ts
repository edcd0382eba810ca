// `huntbench query <paths...> --sql "SELECT ..." [--param v]... [--json] [--limit N]`:
// one read-only SELECT over the loaded events. Field names may be canonical or Sigma,
// ECS, CIM or Zeek aliases; values come in as --param and are bound, never spliced.

import type { SqlValue } from '../types/store';
import { tableText } from '../format/query';
import { EXIT_INPUT_ERROR, EXIT_OK, UsageError, type CliCommand } from './command';
import { LOAD_OPTIONS, hasUnreadableSources, loadedSession, noteInputProblems } from './sessionArgs';

/** Integers are bound as numbers so `LIMIT ?` and integer comparisons work; the rest as text. */
export function paramValue(text: string): SqlValue {
  return /^-?\d{1,15}$/.test(text) ? Number(text) : text;
}

export const queryCommand: CliCommand = {
  name: 'query',
  summary: 'run one read-only SQL SELECT over the loaded events',
  usage: 'query <files or folders...> --sql "SELECT ..." [--param value]... [--json] [--limit N] [--timeout-s N] [--budget-mb N]',
  options: { ...LOAD_OPTIONS, sql: { type: 'string' }, param: { type: 'string', multiple: true }, json: { type: 'boolean' }, limit: { type: 'string' }, 'timeout-s': { type: 'string' } },
  async run(args, io) {
    const sql = args.values.sql;
    if (typeof sql !== 'string' || sql.trim() === '') throw new UsageError('--sql "SELECT ..." is required');
    const limit = args.values.limit === undefined ? undefined : Number(args.values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UsageError(`--limit needs a positive integer, got ${String(args.values.limit)}`);
    const timeout = args.values['timeout-s'] === undefined ? undefined : Number(args.values['timeout-s']);
    if (timeout !== undefined && !(timeout > 0 && Number.isFinite(timeout))) throw new UsageError(`--timeout-s needs a positive number of seconds, got ${String(args.values['timeout-s'])}`);
    const params = ((args.values.param ?? []) as string[]).map(paramValue);
    const { session, report } = await loadedSession(args, io);
    try {
      noteInputProblems(report, io);
      let result;
      try {
        result = await session.queryBounded(sql, params, { limit, budget: timeout === undefined ? {} : { timeMs: timeout * 1000 } });
      } catch (error) {
        io.err(`SQL error: ${(error as Error).message}`);
        return EXIT_INPUT_ERROR;
      }
      if (args.values.json) io.out(JSON.stringify(result, null, 2));
      else {
        io.out(tableText(result.columns, result.rows));
        io.err(`${result.rows.length} rows${result.stopReason ? `: ${result.stopReason}` : result.truncated ? ` (more matched; raise --limit)` : ''}`);
      }
      return hasUnreadableSources(report) ? EXIT_INPUT_ERROR : EXIT_OK;
    } finally {
      session.close();
    }
  },
};
