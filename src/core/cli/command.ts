// The shape of one CLI command: its options for node:util parseArgs and what it runs.
// Each command is one module under src/core/cli/ registered by one line in cli.ts.

import type { ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
/** Something in the input was wrong: unreadable files, rejected records, bad SQL. */
export const EXIT_INPUT_ERROR = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: OptionValues;
}

export interface CliCommand {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Usage line(s) after `huntbench`, shown on usage errors. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Thrown by a command for a usage mistake the parser cannot see (a missing required option). */
export class UsageError extends Error {}
