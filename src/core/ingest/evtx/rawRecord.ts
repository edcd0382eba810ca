// Re-renders one record of a binary EVTX file as XML, for "Open raw record". A record's BinXML
// may use template definitions stored earlier in its chunk, so rendering needs the whole chunk:
// evtxChunkRange says which bytes to read for a pointer.

import type { RecordRenderer } from '../../raw/reader';
import type { RawPointer } from '../../types/records';
import { ChunkBinXml } from './binxml';
import { CHUNK_SIZE, FILE_HEADER_SIZE, FILE_SIGNATURE, RECORD_HEADER_SIZE, RECORD_SIGNATURE, hasSignature, u32, u64 } from './layout';
import { walkRecord } from './walk';
import { XmlRenderer } from './xml';

/** The byte range of the file holding the record's chunk. */
export function evtxChunkRange(pointer: RawPointer): { offset: number; length: number } {
  if (pointer.evtx === undefined) throw new Error('not a binary EVTX pointer (no chunk number)');
  return { offset: FILE_HEADER_SIZE + pointer.evtx.chunk * CHUNK_SIZE, length: CHUNK_SIZE };
}

/**
 * The record at `pointer` as indented XML. `source` is either the whole file or just the
 * chunk (the bytes of evtxChunkRange, possibly short at the end of a truncated file).
 */
export function renderEvtxRecordXml(source: Uint8Array, pointer: RawPointer): string {
  const range = evtxChunkRange(pointer);
  const chunk = hasSignature(source, 0, FILE_SIGNATURE) ? source.subarray(range.offset, range.offset + CHUNK_SIZE) : source;
  const at = pointer.offset - range.offset;
  if (at < 0 || at + RECORD_HEADER_SIZE > chunk.length || u32(chunk, at) !== RECORD_SIGNATURE) {
    throw new Error(`no EVTX record at offset ${pointer.offset} (chunk ${pointer.evtx!.chunk})`);
  }
  const size = u32(chunk, at + 4);
  const recordId = u64(chunk, at + 8);
  if (recordId !== pointer.evtx!.recordId) throw new Error(`record at offset ${pointer.offset} is ${recordId}, expected ${pointer.evtx!.recordId}`);
  if (at + size > chunk.length) throw new Error(`record ${recordId} at offset ${pointer.offset} runs past the end of the data`);
  const xml = new XmlRenderer();
  try {
    walkRecord(new ChunkBinXml(chunk), at + RECORD_HEADER_SIZE, at + size - 4, xml);
  } catch (error) {
    // Named the way the load names a record it rejects, so the two can be matched up.
    throw new Error(`record ${recordId} at offset ${pointer.offset}: ${(error as Error).message}`);
  }
  return xml.toString();
}

/**
 * Raw access's view of a binary EVTX source: the store keeps only a record's offset and
 * length, so the chunk is found from the offset and the record id read from its header.
 */
export const evtxRecordRenderer: RecordRenderer = {
  range: (pointer) => evtxChunkRange(chunkPointer(pointer, 0)),
  render(bytes, pointer) {
    const at = pointer.offset - evtxChunkRange(chunkPointer(pointer, 0)).offset;
    if (at < 0 || at + 16 > bytes.length) throw new Error(`no EVTX record at offset ${pointer.offset}`);
    return renderEvtxRecordXml(bytes, chunkPointer(pointer, u64(bytes, at + 8)));
  },
};

function chunkPointer(pointer: { offset: number; length: number }, recordId: number): RawPointer {
  const chunk = Math.floor((pointer.offset - FILE_HEADER_SIZE) / CHUNK_SIZE);
  return { offset: pointer.offset, length: pointer.length, evtx: { chunk, recordId } };
}
