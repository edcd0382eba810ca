// `huntbench hosts <paths...> [--hosts FILE] [--json]`: who is who on the network. Loads the
// logs and prints the address book (host, address, when, learned from which capture or pinned
// by the inventory), the address conflicts the load kept apart, and the clock skews it
// estimated between logs of one host (docs/schema.md, "The address book").

import type { AddressClaim } from '../types/reports';
import type { LoadReport } from '../types/reports';
import { tableText } from '../format/query';
import { printableLines } from '../text/printable';
import { EXIT_INPUT_ERROR, EXIT_OK, type CliCommand } from './command';
import { isoOrNull, hostsText } from './load';
import { LOAD_OPTIONS, hasInputErrors, loadedSession, noteInputProblems } from './sessionArgs';

export function addressBookRows(book: readonly AddressClaim[]): (string | number | null)[][] {
  return book.map((c) => [c.host, c.address, isoOrNull(c.from), isoOrNull(c.to), c.capture ?? '(inventory)', c.evidence, c.events]);
}

function skewsText(report: LoadReport): string[] {
  const skews = report.hosts?.observations?.skews ?? [];
  return skews.map((s) => `  ${s.host}: ${s.b} runs ${s.skewMs >= 0 ? '+' : ''}${(s.skewMs / 1000).toFixed(1)} s against ${s.a} (${s.pairs} connection(s) both logged)`);
}

export const hostsCommand: CliCommand = {
  name: 'hosts',
  summary: 'load logs and print who is who: the address book, its conflicts and clock skews',
  usage: 'hosts <files or folders...> [--hosts inventory.csv] [--json] [--budget-mb N]',
  options: { ...LOAD_OPTIONS, json: { type: 'boolean' } },
  async run(args, io) {
    const { session, report } = await loadedSession(args, io);
    try {
      noteInputProblems(report, io);
      const book = session.addressBook();
      if (args.values.json) {
        io.out(JSON.stringify({ addresses: book.map((c) => ({ ...c, from: isoOrNull(c.from), to: isoOrNull(c.to) })), hosts: report.hosts ?? null }, null, 2));
      } else {
        io.out(tableText(['host', 'address', 'from', 'to', 'capture', 'evidence', 'events'], addressBookRows(book)));
        io.out(printableLines(hostsText(report)));
        const skews = skewsText(report);
        if (skews.length) io.out(printableLines(['clock skews between logs of one host:', ...skews]));
      }
      return hasInputErrors(report) ? EXIT_INPUT_ERROR : EXIT_OK;
    } finally {
      session.close();
    }
  },
};
