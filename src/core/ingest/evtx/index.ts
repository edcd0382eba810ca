// Binary EVTX (.evtx) reading, natively in TypeScript: the format reader for the ingest
// pipeline and raw-record rendering for "Open raw record".
//
// Sources used (format knowledge only; no code copied):
//  - libyal/libevtx, documentation/Windows XML Event Log (EVTX).asciidoc (J. Metz): file header,
//    chunk header, event record and Binary XML layouts, checksums, value types.
//  - Microsoft [MS-EVEN6] EventLog Remoting Protocol Version 6.0, 2.2.12 BinXml and 2.2.13
//    type system: tokens, templates, substitutions, value types.
//  - python-evtx (W. Ballenthin), used only as the reference decoder in the differential test.
//
// Pipeline: byte stream or regular file -> chunkStream (header + 64 KiB chunks) -> pool.ts (inline for small
// files, else worker threads) running normalizedChunk.ts per chunk (chunk.ts: records,
// binxml.ts: BinXML trees, winEventPlan.ts: a plan per record shape, data rendered when a
// mapper asks, else walk.ts + winEvent.ts; then the normalizer)
// -> records.ts (file order, coverage report) -> LoadedRecord.

import type { FormatReader, LoadedRecord, ReaderContext } from '../../types/records';
import { readEvtxChunks } from './records';
import { poolDecoder } from './pool';
import { inlineNormalizedDecoder, type ClosableDecoder } from './normalizedChunk';

export { readEvtxRecords, inlineDecoder, type ChunkDecoder } from './records';
export { renderEvtxRecordXml, evtxChunkRange, evtxRecordRenderer } from './rawRecord';
export type { DecodedRecord } from './chunk';

function evtxReader(decoder: () => ClosableDecoder): FormatReader {
  return async function* (bytes: AsyncIterable<Uint8Array>, context: ReaderContext): AsyncIterable<readonly LoadedRecord[]> {
    const chunks = decoder();
    try {
      for await (const records of readEvtxChunks(bytes, context, chunks)) {
        if (records.length === 0) continue;
        yield records.map((record) => ({
          pointer: { offset: record.offset, length: record.size, evtx: { chunk: record.chunk, recordId: record.recordId } },
          event: record.event,
        }));
      }
    } finally {
      await chunks.close();
    }
  };
}

/** Reads on the calling thread. */
export const readEvtx: FormatReader = evtxReader(inlineNormalizedDecoder);
/** Decodes and normalizes on worker threads (files over ~1 MB); same records, same order. */
export const readEvtxParallel: FormatReader = evtxReader(poolDecoder);
