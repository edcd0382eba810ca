// `huntbench raw <paths...> --event <id> [--json]`: the original text of one event (JSON
// line, CSV row, XML element) re-read from its file or archive member.

import { EXIT_INPUT_ERROR, EXIT_OK, UsageError, type CliCommand } from './command';
import { LOAD_OPTIONS, loadedSession, noteInputProblems } from './sessionArgs';

export const rawCommand: CliCommand = {
  name: 'raw',
  summary: 'print the raw record of one event',
  usage: 'raw <files or folders...> --event <id> [--json] [--budget-mb N]',
  options: { ...LOAD_OPTIONS, event: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const id = Number(args.values.event);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--event needs an event id (a positive integer), got ${String(args.values.event ?? 'nothing')}`);
    const { session, report } = await loadedSession(args, io);
    try {
      noteInputProblems(report, io);
      const raw = session.raw(id);
      if (args.values.json) io.out(JSON.stringify(raw, null, 2));
      else if (raw.text !== null) {
        io.err(`event ${id}: ${raw.source.file}${raw.source.line !== undefined ? ` line ${raw.source.line}` : ''}, offset ${raw.source.offset}`);
        io.out(raw.text);
      }
      if (raw.error) io.err(`event ${id}: ${raw.error}`);
      return raw.text === null ? EXIT_INPUT_ERROR : EXIT_OK;
    } finally {
      session.close();
    }
  },
};
