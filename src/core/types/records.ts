// Contracts between the stages of ingest:
//   path -> source entries (files, archive members) -> format reader -> records -> store.
// Readers never throw on bad input: they report a Rejection naming line or offset and go on.

import type { NormalizedEvent } from '../schema/columns';

/** One loadable unit: a plain file, or a member of an archive. */
export interface SourceEntry {
  /** Path of the file on disk. */
  readonly path: string;
  /** Member name inside an archive (zip member, tar entry; for .gz the inner name). */
  readonly member?: string;
  /** Which member of that name it is, per nesting level (0 the first): names are not unique in archives. */
  readonly memberOccurrence?: readonly number[];
  /** Decompressed bytes of the entry, streamed. */
  open(): AsyncIterable<Uint8Array>;
}

/** Where a record's raw text lives inside its (decompressed) source. */
export interface RawPointer {
  /** 1-based line for line-oriented formats. */
  readonly line?: number;
  /** Byte offset in the decompressed source. */
  readonly offset: number;
  /** Byte length of the raw record. */
  readonly length: number;
  /** For binary EVTX: the record id and chunk number, so the record can be re-rendered as XML. */
  readonly evtx?: { readonly chunk: number; readonly recordId: number };
}

/** A record read from a source and normalized. */
export interface LoadedRecord {
  readonly pointer: RawPointer;
  readonly event: NormalizedEvent;
}

export interface Rejection {
  readonly line?: number;
  readonly offset?: number;
  readonly reason: string;
}

/** What a reader reports about its source besides records. */
export interface ReaderContext {
  /** Display name: path, and `!member` for archive members. */
  readonly sourceName: string;
  reject(rejection: Rejection): void;
  /** A source-level problem that did not stop the read (truncation, encoding guess, checksum). */
  warn(message: string): void;
  /** Names the source's dialect once the reader knows it (e.g. JSON `nxlog`); shown in the load report. */
  dialect?(name: string): void;
  /**
   * Set when the source is a whole regular file (no archive member): a reader may read it itself
   * by offset, on other threads, instead of reading the stream on, and says through `reached`
   * how far it has read (for the load's progress).
   */
  readonly file?: { readonly path: string; reached(offset: number): void };
}

export type FormatName =
  | 'json' // NDJSON or JSON array, any dialect
  | 'csv'
  | 'evtx-xml'
  | 'evtx'
  | 'zeek-tsv'
  | 'pfirewall';

/**
 * A reader turns a source's bytes into normalized records, given in batches (those of each
 * chunk read, in source order): a record at a time cost each record a promise and a turn of
 * the microtask queue on the loading thread (docs/benchmarks.md).
 */
export type FormatReader = (bytes: AsyncIterable<Uint8Array>, context: ReaderContext) => AsyncIterable<readonly LoadedRecord[]>;

/**
 * A Windows event in the shape every Windows-event format produces before normalization
 * (EVTX-XML, binary EVTX, Event Viewer CSV, and the JSON dialects after unwrapping).
 * `data` holds EventData (or UserData's flattened fields) by name.
 */
export interface WinEvent {
  readonly provider: string | null;
  readonly channel: string | null;
  readonly eventId: number | null;
  readonly recordId: number | null;
  readonly computer: string | null;
  /** SystemTime as given (ISO 8601 UTC in XML/EVTX). */
  readonly timeCreated: string | null;
  /**
   * System's Level and Keywords (Sigma rules test both: Level 2 is an error), from the
   * formats that carry them (EVTX, EVTX-XML, evtx_dump JSON); absent from the others.
   */
  readonly level?: number | null;
  readonly keywords?: string | null;
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * A raw record's fields as logged: what Sigma rules and raw_field() read. A Windows event's are
 * its EventData by name plus the System fields; other records' (Zeek, pfirewall) their own.
 */
export interface RecordFields {
  readonly fields: Readonly<Record<string, string | number | boolean | null>>;
  /** The fields are a Windows event's (Sigma then serves no other name through the aliases). */
  readonly windows: boolean;
}

/** Reads one source's records as fields, from a record's text without its trailing line break. */
export type RecordFieldReader = (text: string) => RecordFields | undefined;
