// Raw events: the store keeps only a pointer (source, line, offset, length) per event, so
// the original text is re-read from the source here: a slice of a plain file, or of an
// archive member decompressed once and kept in a small bounded cache.
// `rawField` reads an original (unmapped) field out of that text for the raw_field() SQL function.

import type { SourceInfo } from './types';
import { decode, sniffEncoding, type TextEncoding } from '../ingest/formats/encoding';
import { readEntryBytes, readFileRange } from './entryBytes';
import { evtxChunkRange, renderEvtxRecordXml } from '../ingest/evtx';
import { CHUNK_SIZE, FILE_HEADER_SIZE, u64 } from '../ingest/evtx/layout';

export interface RawPointerRow {
  readonly line: number | null;
  readonly offset: number;
  readonly length: number;
}

const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;


/** Reads raw record text; decompressed members are cached, least recently used evicted first. */
export class RawReader {
  private readonly members = new Map<string, Buffer>();
  private readonly encodings = new Map<number, TextEncoding>();
  private cachedBytes = 0;

  constructor(private readonly cacheBytes = DEFAULT_CACHE_BYTES) {}

  /** The raw text of the record a pointer designates, decoded in its source's encoding (offsets are byte offsets as stored). */
  text(source: SourceInfo, pointer: RawPointerRow): string {
    if (source.format === 'evtx') return this.evtxXml(source, pointer);
    const bytes = source.member === null ? readFileRange(source.path, pointer.offset, pointer.length) : this.member(source).subarray(pointer.offset, pointer.offset + pointer.length);
    if (bytes.length < pointer.length) {
      throw new Error(`${displayName(source)}: offset ${pointer.offset}+${pointer.length} is past the end of the source; was it changed since it was loaded?`);
    }
    return decode(bytes, this.encoding(source)).replace(/\r?\n$/, '');
  }

  /** A binary EVTX record re-rendered as XML from its chunk (the store keeps only the record's offset). */
  private evtxXml(source: SourceInfo, pointer: RawPointerRow): string {
    const chunk = Math.floor((pointer.offset - FILE_HEADER_SIZE) / CHUNK_SIZE);
    const range = evtxChunkRange({ offset: pointer.offset, length: pointer.length, evtx: { chunk, recordId: 0 } });
    const bytes = source.member === null ? readFileRange(source.path, range.offset, range.length) : this.member(source).subarray(range.offset, range.offset + range.length);
    const at = pointer.offset - range.offset;
    if (at < 0 || at + 16 > bytes.length) throw new Error(`${displayName(source)}: no EVTX record at offset ${pointer.offset}`);
    return renderEvtxRecordXml(bytes, { offset: pointer.offset, length: pointer.length, evtx: { chunk, recordId: u64(bytes, at + 8) } });
  }

  /** The first lines of a source up to `bytes`, for header rows (CSV, Zeek, pfirewall). */
  head(source: SourceInfo, bytes = 65536): string {
    const data = source.member === null ? readFileRange(source.path, 0, bytes) : this.member(source).subarray(0, bytes);
    const encoding = this.encoding(source);
    return decode(data.subarray(encoding.bomLength), encoding);
  }

  private encoding(source: SourceInfo): TextEncoding {
    let encoding = this.encodings.get(source.id);
    if (!encoding) {
      encoding = sniffEncoding(source.member === null ? readFileRange(source.path, 0, 1024) : this.member(source).subarray(0, 1024));
      this.encodings.set(source.id, encoding);
    }
    return encoding;
  }

  private member(source: SourceInfo): Buffer {
    const key = `${source.path}\u0000${source.member}`;
    const cached = this.members.get(key);
    if (cached) {
      this.members.delete(key);
      this.members.set(key, cached);
      return cached;
    }
    const bytes = readEntryBytes(source.path, source.member);
    this.members.set(key, bytes);
    this.cachedBytes += bytes.length;
    for (const [oldKey, old] of this.members) {
      if (this.cachedBytes <= this.cacheBytes || oldKey === key) break;
      this.members.delete(oldKey);
      this.cachedBytes -= old.length;
    }
    return bytes;
  }
}

export function displayName(source: Pick<SourceInfo, 'path' | 'member'>): string {
  return source.member === null ? source.path : `${source.path}!${source.member}`;
}
