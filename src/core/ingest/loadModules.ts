// The real ingest modules behind loadPaths(): source opening (sources/), format detection
// (detect.ts), the reader registry (formats/), and the post-load address book (hosts/).
// NDJSON and binary EVTX are parsed on worker pools when the load asks for it (parallel/,
// evtx/pool.ts); the rest reads on the main thread.

import type { IngestModules } from './load';
import type { FormatReader } from '../types/records';
import { openSources } from '../raw/sources';
import { describeUnknown, detectFormat } from './detect';
import { readerFor } from './formats';
import { parallelJsonReader } from './parallel/parallelJson';
import { HostPass } from '../hosts/fixUps';
import { enrichNetworkEvent } from '../hosts/peerScope';
import { evtxRecordRenderer, readEvtxParallel } from './evtx';

/** The readers that parse on worker pools, for loads that ask for them. */
const POOLED: Readonly<Record<string, FormatReader>> = { json: parallelJsonReader(readerFor('json')!), evtx: readEvtxParallel };

export const defaultModules: IngestModules = {
  openSources: (path, warn) => openSources(path, { warn }),
  detectFormat: (head, entry) => {
    const format = detectFormat(head, entry.member ?? entry.path);
    return format && { format, dialect: null };
  },
  describeUnknown: (head, entry) => describeUnknown(head, entry.member ?? entry.path),
  reader: ({ format }, { parallel }) => (parallel && Object.hasOwn(POOLED, format) ? POOLED[format] : readerFor(format)),
  enrich: enrichNetworkEvent,
  hostPass: () => new HostPass(),
  renderers: { evtx: evtxRecordRenderer },
};
