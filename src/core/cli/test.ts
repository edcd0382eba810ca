// `huntbench test <files.hunt or folders...>`: run the analytics' inline tests (sample events
// that must or must not produce chains) and print one PASS/FAIL line each; exit 1 on any
// failure or check error.

import { formatDiagnostic } from '../dsl/load';
import { runInlineTests } from '../session/inlineTests';
import { printableLine } from '../text/printable';
import { EXIT_INPUT_ERROR, EXIT_OK, UsageError, type CliCommand } from './command';
import { hasErrors, loadHuntPaths } from './check';

export const testCommand: CliCommand = {
  name: 'test',
  summary: 'run the inline tests of .hunt analytics',
  usage: 'test <files.hunt or folders...>',
  options: {},
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('give at least one .hunt file or folder');
    const files = loadHuntPaths(args.positionals);
    for (const f of files) for (const d of f.diagnostics) if (d.severity === 'error') io.err(formatDiagnostic(f, d));
    let passed = 0;
    let failed = 0;
    for (const file of files) {
      for (const r of await runInlineTests(file)) {
        if (r.passed) passed++; else failed++;
        const detail = r.error ?? (r.passed ? `${r.actual} chain(s)` : `expected ${r.expected} chain(s), got ${r.actual}`);
        io.out(printableLine(`${r.passed ? 'PASS' : 'FAIL'} ${r.analytic} "${r.name}": ${detail}`));
      }
    }
    io.err(`${passed} passed, ${failed} failed`);
    return failed > 0 || hasErrors(files) ? EXIT_INPUT_ERROR : EXIT_OK;
  },
};
