// The format registry: one reader per FormatName. Detection (../detect.ts) names the
// format; the load pipeline asks here for the reader. A format with no entry has no
// reader yet and its sources are reported as unreadable, never half-read.

import type { FormatName, FormatReader } from '../../types/records';
import { readEvtx } from '../evtx';
import { readCsv } from './csv';
import { readEvtxXml } from './evtxXml';
import { readJson } from './json';
import { readPfirewall } from './pfirewall';
import { readZeekTsv } from './zeek';

const READERS: Readonly<Record<FormatName, FormatReader>> = {
  json: readJson,
  csv: readCsv,
  'evtx-xml': readEvtxXml,
  evtx: readEvtx,
  'zeek-tsv': readZeekTsv,
  pfirewall: readPfirewall,
};

export function readerFor(format: FormatName): FormatReader | undefined {
  return READERS[format];
}
