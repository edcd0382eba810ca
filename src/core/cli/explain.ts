// `huntbench explain <logs...> --analytic ID [--host H] [--analytics <file or folder>]... [--json]`:
// why an analytic found no chain on a host: the step that found nothing, the predicate that
// failed with the nearest candidate events, the service's named pipe when it was reached over
// SMB instead, and the other analytics' chains there (src/core/match/explain.ts).

import { formatDiagnostic } from '../dsl/load';
import { explain } from '../match/explain';
import { explanationSentence, explanationText } from '../match/explainText';
import { EXIT_INPUT_ERROR, EXIT_OK, UsageError, type CliCommand } from './command';
import { hasErrors, loadHuntPaths } from './check';
import { builtInAnalytics } from './run';
import { LOAD_OPTIONS, loadedSession } from './sessionArgs';

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'say why an analytic found no chain on a host: the step, the failed predicate, the nearest events',
  usage: 'explain <files or folders...> --analytic <ID> [--host <value>] [--analytics <file.hunt or folder>]... [--json] [--budget-mb N]',
  options: { ...LOAD_OPTIONS, analytic: { type: 'string' }, host: { type: 'string' }, analytics: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  async run(args, io) {
    const id = args.values.analytic;
    if (typeof id !== 'string' || id === '') throw new UsageError('--analytic <ID> is required');
    const files = loadHuntPaths((args.values.analytics as string[] | undefined) ?? [builtInAnalytics()]);
    for (const f of files) for (const d of f.diagnostics) if (d.severity === 'error') io.err(formatDiagnostic(f, d));
    if (hasErrors(files)) return EXIT_INPUT_ERROR;
    const file = files.find((f) => f.plans.some((p) => p.id === id));
    if (!file) throw new UsageError(`no analytic "${id}"; known: ${files.flatMap((f) => f.plans.map((p) => p.id)).join(', ')}`);
    const { session } = await loadedSession(args, io);
    try {
      const host = args.values.host;
      const result = explain(session.store, file, id, { key: typeof host === 'string' ? host : undefined, others: files.flatMap((f) => f.plans) });
      if (args.values.json) io.out(JSON.stringify({ sentence: explanationSentence(result), ...result }, null, 2));
      else io.out(explanationText(result));
      return EXIT_OK;
    } finally {
      session.close();
    }
  },
};
