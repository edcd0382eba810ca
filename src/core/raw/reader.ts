// Raw events: the store keeps only a pointer (source, line, offset, length) per event, so
// the original text is re-read from the source here: a slice of a plain file, or of an
// archive member decompressed once and kept in a small bounded cache.
// store/rawAccess.ts reads original (unmapped) fields out of that text for the raw_field() SQL function.

import type { SourceInfo } from '../types/store';
import { decode, sniffEncoding, type TextEncoding } from './encoding';
import { readEntryBytes } from './entryBytes';
import { OpenFiles } from './openFiles';

export interface RawPointerRow {
  readonly line: number | null;
  readonly offset: number;
  readonly length: number;
}

/**
 * Re-renders a record of a binary format (binary EVTX) from the bytes around it. Format
 * decoding is ingest's; the session hands its renderers in, so raw access stays below ingest.
 */
export interface RecordRenderer {
  /** The byte range of the source to read for the record at `pointer`. */
  range(pointer: RawPointerRow): { offset: number; length: number };
  /** The record's text from the bytes of `range(pointer)`. */
  render(bytes: Uint8Array, pointer: RawPointerRow): string;
}

const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

/** Reads raw record text; decompressed members are cached, least recently used evicted first. */
export class RawReader {
  private readonly members = new Map<string, Buffer>();
  private readonly encodings = new Map<number, TextEncoding>();
  private cachedBytes = 0;

  /** `renderers` by source format, for formats whose records are not text slices; `files` reads plain files. */
  constructor(private readonly renderers: Readonly<Record<string, RecordRenderer>> = {}, private readonly files = new OpenFiles(), private readonly cacheBytes = DEFAULT_CACHE_BYTES) {}

  /** The raw text of the record a pointer designates, decoded in its source's encoding (offsets are byte offsets as stored). */
  text(source: SourceInfo, pointer: RawPointerRow): string {
    const renderer = this.renderers[source.format];
    if (renderer) return this.rendered(source, pointer, renderer);
    const bytes = source.member === null ? this.files.read(source.path, pointer.offset, pointer.length) : this.member(source).subarray(pointer.offset, pointer.offset + pointer.length);
    if (bytes.length < pointer.length) {
      throw new Error(`${displayName(source)}: offset ${pointer.offset}+${pointer.length} is past the end of the source; was it changed since it was loaded?`);
    }
    return decode(bytes, this.encoding(source)).replace(/\r?\n$/, '');
  }

  private rendered(source: SourceInfo, pointer: RawPointerRow, renderer: RecordRenderer): string {
    const range = renderer.range(pointer);
    const bytes = source.member === null ? this.files.read(source.path, range.offset, range.length) : this.member(source).subarray(range.offset, range.offset + range.length);
    try {
      return renderer.render(bytes, pointer);
    } catch (error) {
      throw new Error(`${displayName(source)}: ${(error as Error).message}`);
    }
  }

  /** The first lines of a source up to `bytes`, for header rows (CSV, Zeek, pfirewall). */
  head(source: SourceInfo, bytes = 65536): string {
    const data = source.member === null ? this.files.read(source.path, 0, bytes) : this.member(source).subarray(0, bytes);
    const encoding = this.encoding(source);
    return decode(data.subarray(encoding.bomLength), encoding);
  }

  private encoding(source: SourceInfo): TextEncoding {
    let encoding = this.encodings.get(source.id);
    if (!encoding) {
      encoding = sniffEncoding(source.member === null ? this.files.read(source.path, 0, 1024) : this.member(source).subarray(0, 1024));
      this.encodings.set(source.id, encoding);
    }
    return encoding;
  }

  private member(source: SourceInfo): Buffer {
    const key = `${source.path}\u0000${source.member}\u0000${source.memberOccurrence?.join() ?? ''}`;
    const cached = this.members.get(key);
    if (cached) {
      this.members.delete(key);
      this.members.set(key, cached);
      return cached;
    }
    const bytes = readEntryBytes(source.path, source.member, source.memberOccurrence ?? undefined);
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
