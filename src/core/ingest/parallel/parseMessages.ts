// What the writer and the NDJSON parse workers send each other (parsePool.ts, jsonParseWorker.ts).

import type { FileRange, RangeLines } from './fileRanges';
import type { LineBatch } from './jsonBatch';
import type { PackedBatch } from './packedBatch';

/** A regular file the writer opened, which a worker reads by offset (the descriptor is the process's, shared by its threads). */
export interface OpenFile {
  readonly fd: number;
  /** Its size when the load began: nothing after it is read. */
  readonly size: number;
  /** Bytes at its start that belong to no line (a byte-order mark). */
  readonly skip: number;
  readonly maxLineBytes: number;
}

/** Lines to parse: a batch cut by the writer, or a range of an open file that the worker cuts into lines itself. */
export type ParseJob = { readonly batch: LineBatch } | { readonly seq: number; readonly file: OpenFile; readonly range: FileRange };

/** A range's lines parsed: numbered from 0 (the writer adds the lines before the range), with how many began in it. */
export interface RangeAnswer {
  readonly packed: PackedBatch;
  readonly lineCount: number;
  readonly tooLong?: RangeLines['tooLong'];
}

/** A batch parsed, its bytes' memory handed back for reuse (batchBuffers.ts); a range parsed; or why it failed. */
export type ParseAnswer = { readonly packed: PackedBatch; readonly spent: ArrayBuffer } | RangeAnswer | { readonly seq: number; readonly error: string };
