// The `huntbench` command line: `huntbench <command> [args]`. Commands are modules under
// cli/, registered in COMMANDS by one line each. Exit codes: 0 ok, 1 errors in the input,
// 2 usage. Bundled to dist/cli.js.

import { parseArgs } from 'node:util';
import { printable } from './text/printable';
import { EXIT_INPUT_ERROR, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli/command';
import { loadCommand } from './cli/load';
import { queryCommand } from './cli/query';
import { hostsCommand } from './cli/hosts';
import { rawCommand } from './cli/raw';
import { runCommand } from './cli/run';
import { checkCommand } from './cli/check';
import { testCommand } from './cli/test';
import { exportCommand } from './cli/export';
import { explainCommand } from './cli/explain';
import { sigmaCommand } from './cli/sigma';

export const COMMANDS: readonly CliCommand[] = [
  loadCommand,
  queryCommand,
  hostsCommand,
  rawCommand,
  runCommand,
  checkCommand,
  testCommand,
  exportCommand,
  explainCommand,
  sigmaCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['usage: huntbench <command> [args]', '', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', 'huntbench <command> --help shows its options; see docs/cli.md.'].join('\n');
}

/** Every line the CLI prints goes through the one neutraliser: no command can print a control character raw. */
function printableIo(io: CliIo): CliIo {
  return { out: (text) => io.out(printable(text)), err: (text) => io.err(printable(text)) };
}

export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io = printableIo(rawIo);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  const usage = `usage: huntbench ${command.usage}`;
  try {
    const { values, positionals } = parseArgs({ args: [...rest], options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (values.help) {
      io.out(usage);
      return 0;
    }
    return await command.run({ values, positionals }, io);
  } catch (error) {
    const isUsage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.err(isUsage ? `${(error as Error).message}\n${usage}` : `huntbench ${name}: ${(error as Error).message}`);
    return isUsage ? EXIT_USAGE : EXIT_INPUT_ERROR;
  }
}

/**
 * Runs a command to its exit code. Node exits with 0 when its event loop empties, also while a
 * command still awaits something nothing will settle (a stream reader abandoned mid-way once
 * did that: the command printed nothing and "succeeded"); that ends with a message and exit 70.
 */
export function runToExit(command: Promise<number>, err: (text: string) => void): void {
  let settled = false;
  const unsettled = (): void => {
    if (settled) return;
    err('huntbench: internal error: the command stopped before it finished (it waited on a read that never ended); nothing it reported is complete');
    process.exitCode = EXIT_INTERNAL;
  };
  process.once('beforeExit', unsettled);
  command.then(
    (code) => { process.exitCode = code; },
    (error: unknown) => { err(printable(String(error instanceof Error ? error.stack ?? error.message : error))); process.exitCode = EXIT_INPUT_ERROR; },
  ).finally(() => {
    settled = true;
    process.off('beforeExit', unsettled);
  });
}

/** EX_SOFTWARE (sysexits.h): a fault of the program, not of its input. */
const EXIT_INTERNAL = 70;

if (require.main === module) {
  runToExit(main(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }), (t) => console.error(t));
}
