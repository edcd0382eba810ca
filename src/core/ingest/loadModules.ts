// The real ingest modules behind loadPaths(): source opening (sources/), format detection
// (detect.ts) and one reader per format. NDJSON is parsed on a worker pool when the load
// asks for it (parallel/); everything else reads on the main thread.

import type { FormatName, FormatReader } from './types';
import type { IngestModules } from './load';
import { openSources } from './sources';
import { describeUnknown, detectFormat } from './detect';
import { readJson } from './formats/json';
import { readZeekTsv } from './formats/zeek';
import { readPfirewall } from './formats/pfirewall';
import { readEvtx } from './evtx';
import { parallelJsonReader } from './parallel/parallelJson';

const READERS: Partial<Record<FormatName, FormatReader>> = {
  json: readJson,
  'zeek-tsv': readZeekTsv,
  pfirewall: readPfirewall,
  evtx: readEvtx,
};

const parallelJson = parallelJsonReader(readJson);

export const defaultModules: IngestModules = {
  openSources: (path, warn) => openSources(path, { warn }),
  detectFormat: (head, entry) => {
    const format = detectFormat(head, entry.member ?? entry.path);
    return format && { format, dialect: null };
  },
  describeUnknown: (head, entry) => describeUnknown(head, entry.member ?? entry.path),
  reader: ({ format }, { parallel }) => (format === 'json' && parallel ? parallelJson : READERS[format]),
};
