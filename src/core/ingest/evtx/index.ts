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
// Pipeline: byte stream -> chunkStream (header + 64 KiB chunks) -> decoder (inline or worker
// pool; chunk.ts: records, binxml.ts: BinXML trees, walk.ts + winEvent.ts: WinEvent)
// -> records.ts (file order, coverage report) -> normalizeWinEvent -> LoadedRecord.

import type { FormatReader, LoadedRecord, ReaderContext } from '../types';
import { normalizeWinEvent } from '../normalize/windows';
import { readEvtxRecords } from './records';
import { poolDecoder } from './pool';

export { readEvtxRecords, inlineDecoder, type ChunkDecoder } from './records';
export { renderEvtxRecordXml, evtxChunkRange } from './rawRecord';
export type { DecodedRecord } from './chunk';

export const readEvtx: FormatReader = async function* (bytes: AsyncIterable<Uint8Array>, context: ReaderContext): AsyncIterable<LoadedRecord> {
  const decoder = poolDecoder();
  try {
    for await (const record of readEvtxRecords(bytes, context, decoder)) {
      yield {
        pointer: { offset: record.offset, length: record.size, evtx: { chunk: record.chunk, recordId: record.recordId } },
        event: normalizeWinEvent(record.event),
      };
    }
  } finally {
    await decoder.close();
  }
};
