// What the commands that load logs share: the --budget-mb option, opening a session over
// the given paths, and reporting what stopped the load to stderr.

import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_BUDGET_BYTES, HuntSession } from '../session/session';
import type { LoadReport } from '../types/reports';
import { printableLine } from '../text/printable';
import { UsageError, type CliIo, type ParsedArgs } from './command';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const LOAD_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  'budget-mb': { type: 'string' },
  hosts: { type: 'string' },
};

/** Where the inventory is looked for when --hosts is not given. */
export const DEFAULT_INVENTORY = join('.huntbench', 'hosts.csv');

/** The inventory file to read: --hosts FILE (which must exist), else .huntbench/hosts.csv when present. */
export function inventoryFile(args: ParsedArgs): string | undefined {
  const given = args.values.hosts;
  if (given !== undefined && (typeof given !== 'string' || !existsSync(given))) throw new UsageError(`--hosts needs an existing file, got ${String(given)}`);
  return given ?? (existsSync(DEFAULT_INVENTORY) ? DEFAULT_INVENTORY : undefined);
}

export function budgetBytes(args: ParsedArgs): number {
  const value = args.values['budget-mb'];
  if (value === undefined) return DEFAULT_BUDGET_BYTES;
  const mb = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(mb) || mb <= 0) throw new UsageError(`--budget-mb needs a positive number of megabytes, got ${String(value)}`);
  return mb * 1024 * 1024;
}

/** A session with the positional paths loaded; the load's stop reason goes to stderr. */
export async function loadedSession(args: ParsedArgs, io: CliIo): Promise<{ session: HuntSession; report: LoadReport }> {
  if (args.positionals.length === 0) throw new UsageError('give at least one file or folder to load');
  const session = await HuntSession.create(undefined, { budgetBytes: budgetBytes(args) });
  const report = await session.load(args.positionals, { inventoryFile: inventoryFile(args) });
  for (const problem of report.inventory?.problems ?? []) io.err(printableLine(problem));
  if (report.stopReason) io.err(printableLine(report.stopReason));
  return { session, report };
}

/** For commands other than `load`: one stderr line per source that lost records or could not be read. */
export function noteInputProblems(report: LoadReport, io: CliIo): void {
  for (const s of report.sources) {
    const failure = s.warnings.find((w) => w.startsWith('reading failed'));
    if (failure || s.format === 'unknown') io.err(printableLine(`${s.source}: ${failure ?? s.warnings[0] ?? 'not loaded'}`));
    else if (s.rejected > 0) io.err(printableLine(`${s.source}: ${s.rejected} record(s) rejected (see huntbench load)`));
  }
}

/** Whether a path, file or member could not be read at all (for query and raw, whose output still stands). */
export function hasUnreadableSources(report: LoadReport): boolean {
  return report.sources.some((s) => s.format === 'unknown' || s.warnings.some((w) => w.startsWith('reading failed')));
}

/** Whether any source had records rejected, could not be read, or was in no known format. Warnings alone are not errors. */
export function hasInputErrors(report: LoadReport): boolean {
  return report.sources.some((s) => s.rejected > 0) || hasUnreadableSources(report);
}
