// Decodes one 64 KiB chunk: verifies its header and record-data checksums, walks its records
// in order, and turns each record's BinXML into a WinEvent. Chunks are independent (all
// offsets are chunk-relative and templates are cached per chunk), which is what lets the pool
// decode them in parallel. Never throws on bad data: every problem becomes a ChunkProblem
// naming the chunk, the file offset and what was skipped, and the other records still load.

import { ChunkBinXml } from './binxml';
import { crc32 } from './crc32';
import { CH, CHUNK_HEADER_SIZE, CHUNK_SIGNATURE, CHUNK_SIZE, RECORD_HEADER_SIZE, RECORD_SIGNATURE, hasSignature, u32, u64 } from './layout';
import { filetimeToIso } from './values';
import { WinEventReader } from './winEventPlan';
import type { WinEvent } from '../../types/records';

export interface DecodedRecord<E = WinEvent> {
  readonly chunk: number;
  /** Offset of the record in the file. */
  readonly offset: number;
  readonly size: number;
  readonly recordId: number;
  readonly event: E;
}

export interface ChunkProblem {
  /** 'reject' = a record was skipped; 'warn' = something is off but nothing was lost to it. */
  readonly kind: 'reject' | 'warn';
  readonly offset: number;
  readonly message: string;
}

export interface DecodedChunk<E = WinEvent> {
  readonly chunk: number;
  readonly records: DecodedRecord<E>[];
  readonly problems: ChunkProblem[];
  /** True for a chunk that was allocated but never written (all zero). */
  readonly empty: boolean;
  /** The highest record id the chunk holds or announces (0 when unknown). */
  readonly lastRecordId: number;
}

function isAllZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Whether a well-formed record header starts at `pos`: signature, and a size whose trailing copy agrees. */
function recordSizeAt(bytes: Uint8Array, pos: number): number {
  if (pos + RECORD_HEADER_SIZE > bytes.length || u32(bytes, pos) !== RECORD_SIGNATURE) return 0;
  const size = u32(bytes, pos + 4);
  if (size < RECORD_HEADER_SIZE + 4 || pos + size > bytes.length) return 0;
  return u32(bytes, pos + size - 4) === size ? size : 0;
}

/** A record whose header is intact but whose body runs past the end of a truncated chunk. */
function isTruncatedRecord(bytes: Uint8Array, pos: number): boolean {
  return pos + RECORD_HEADER_SIZE <= bytes.length && u32(bytes, pos) === RECORD_SIGNATURE && pos + u32(bytes, pos + 4) > bytes.length && bytes.length < CHUNK_SIZE;
}

function nextRecordStart(bytes: Uint8Array, from: number): number {
  for (let p = from; p + RECORD_HEADER_SIZE <= bytes.length; p++) {
    if (bytes[p] === 0x2a && bytes[p + 1] === 0x2a && recordSizeAt(bytes, p) > 0) return p;
  }
  return -1;
}

/**
 * What a record becomes, read from the chunk's bytes by `reader`: the record starts at `pos`
 * and takes `size` bytes (header, BinXML, size copy). Throws what the record's BinXML fails on.
 */
export type RecordReading<E> = (reader: WinEventReader, pos: number, size: number) => E;

/** The record's WinEvent. */
export const readWinEvent: RecordReading<WinEvent> = (reader, pos, size) =>
  withHeaderDefaults(reader.read(pos + RECORD_HEADER_SIZE, pos + size - 4), reader.bytes, pos);

/**
 * Decodes chunk number `chunk` whose bytes (CHUNK_SIZE, or fewer when the file is truncated)
 * start at `fileOffset` in the file. `reading` makes each record what the caller keeps
 * (normalizedChunk.ts normalizes it), so no second list of records is built.
 */
export function decodeChunk(bytes: Uint8Array, chunk: number, fileOffset: number): DecodedChunk;
export function decodeChunk<E>(bytes: Uint8Array, chunk: number, fileOffset: number, reading: RecordReading<E>): DecodedChunk<E>;
export function decodeChunk<E>(bytes: Uint8Array, chunk: number, fileOffset: number, reading: RecordReading<E> = readWinEvent as RecordReading<E>): DecodedChunk<E> {
  const problems: ChunkProblem[] = [];
  const records: DecodedRecord<E>[] = [];
  const where = `chunk ${chunk} (file offset ${fileOffset})`;
  const warn = (offset: number, message: string) => problems.push({ kind: 'warn', offset: fileOffset + offset, message: `${where}: ${message}` });
  const reject = (offset: number, message: string) => problems.push({ kind: 'reject', offset: fileOffset + offset, message: `${where}, record at file offset ${fileOffset + offset}: ${message}` });

  if (bytes.length < CHUNK_HEADER_SIZE) {
    if (!isAllZero(bytes, 0, bytes.length)) warn(0, `truncated to ${bytes.length} bytes, shorter than a chunk header; skipped`);
    return { chunk, records, problems, empty: isAllZero(bytes, 0, bytes.length), lastRecordId: 0 };
  }
  if (!hasSignature(bytes, 0, CHUNK_SIGNATURE)) {
    if (isAllZero(bytes, 0, bytes.length)) return { chunk, records, problems, empty: true, lastRecordId: 0 };
    warn(0, 'bad chunk signature; looking for records anyway');
  }

  const headerCrc = crc32(bytes, CH.stringTable, CHUNK_HEADER_SIZE, crc32(bytes, 0, CH.flags));
  if (headerCrc !== u32(bytes, CH.headerChecksum)) warn(0, `chunk header checksum mismatch (stored 0x${u32(bytes, CH.headerChecksum).toString(16)}, computed 0x${headerCrc.toString(16)})`);

  const freeSpace = u32(bytes, CH.freeSpaceOffset);
  const freeSpaceValid = freeSpace >= CHUNK_HEADER_SIZE && freeSpace <= CHUNK_SIZE;
  if (!freeSpaceValid) warn(CH.freeSpaceOffset, `free space offset ${freeSpace} is outside the chunk; reading records up to the chunk end`);
  else if (freeSpace > bytes.length) warn(bytes.length, `truncated: ${bytes.length} of ${freeSpace} written bytes present`);
  else {
    const dataCrc = crc32(bytes, CHUNK_HEADER_SIZE, freeSpace);
    if (dataCrc !== u32(bytes, CH.recordsChecksum)) warn(CHUNK_HEADER_SIZE, `record data checksum mismatch (stored 0x${u32(bytes, CH.recordsChecksum).toString(16)}, computed 0x${dataCrc.toString(16)})`);
  }

  const limit = freeSpaceValid ? Math.min(freeSpace, bytes.length) : bytes.length;
  const reader = new WinEventReader(new ChunkBinXml(bytes));
  let pos = CHUNK_HEADER_SIZE;
  let lastId = -1;
  let beyondFreeSpace = 0;
  while (pos + RECORD_HEADER_SIZE <= bytes.length) {
    const size = recordSizeAt(bytes, pos);
    if (pos >= limit) {
      // A writer that was not flushed may leave records after the header's free space offset;
      // only a record continuing the id sequence is one of them (older slack data is not).
      if (size === 0 || lastId < 0 || u64(bytes, pos + 8) !== lastId + 1) break;
      beyondFreeSpace++;
    } else if (size === 0) {
      if (isTruncatedRecord(bytes, pos)) {
        lastId = u64(bytes, pos + 8);
        reject(pos, `record ${lastId} is cut off by the end of the file (${bytes.length - pos} of ${u32(bytes, pos + 4)} bytes present)`);
        pos = bytes.length;
        break;
      }
      const next = nextRecordStart(bytes, pos + 1);
      const end = next < 0 || next > limit ? limit : next;
      reject(pos, `not a valid record (bad signature, size or size copy); ${end - pos} bytes skipped`);
      pos = end;
      continue;
    }
    const recordId = u64(bytes, pos + 8);
    try {
      records.push({ chunk, offset: fileOffset + pos, size, recordId, event: reading(reader, pos, size) });
    } catch (error) {
      reject(pos, `record ${recordId}: ${(error as Error).message}`);
    }
    lastId = recordId;
    pos += size;
  }
  if (beyondFreeSpace > 0) warn(limit, `${beyondFreeSpace} records after the header's free space offset (log not flushed) were read`);

  const lastHeaderId = u64(bytes, CH.lastRecordId);
  if (bytes.length < CHUNK_SIZE && lastId >= 0 && lastHeaderId > lastId && lastHeaderId - lastId < CHUNK_SIZE) {
    const missing = lastHeaderId - lastId;
    // Reported where the first missing record starts (or would have started).
    reject(Math.min(pos, bytes.length), `file ends inside the chunk: ${missing === 1 ? `record ${lastHeaderId} is` : `records ${lastId + 1}-${lastHeaderId} are`} missing`);
  }
  const announced = lastHeaderId - lastId < CHUNK_SIZE ? lastHeaderId : 0;
  return { chunk, records, problems, empty: false, lastRecordId: Math.max(lastId, announced) };
}

/** The header of the record at `pos` gives its id and time when the event XML lacks them. */
export function withHeaderDefaults<T extends Pick<WinEvent, 'recordId' | 'timeCreated'>>(event: T, bytes: Uint8Array, pos: number): T {
  if (event.recordId !== null && event.timeCreated !== null) return event;
  return { ...event, recordId: event.recordId ?? u64(bytes, pos + 8), timeCreated: event.timeCreated ?? filetimeToIso(bytes, pos + 16) };
}
