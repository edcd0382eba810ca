// Test helper: runs the JSON reader over bytes fed in small chunks (so records and
// multi-byte characters straddle chunk boundaries) and collects what it reports.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from '../../../../src/core/ingest/formats/json';
import type { LoadedRecord, Rejection } from '../../../../src/core/types/records';

export const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'normalize');

export interface ReadResult {
  readonly records: LoadedRecord[];
  readonly rejections: Rejection[];
  readonly warnings: string[];
  /** What the reader named as the source's dialect, each time it did. */
  readonly dialects: string[];
}

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function readBytes(bytes: Uint8Array, chunkSize = 7): Promise<ReadResult> {
  const result: ReadResult = { records: [], rejections: [], warnings: [], dialects: [] };
  const context = { sourceName: 'test', reject: (r: Rejection) => result.rejections.push(r), warn: (m: string) => result.warnings.push(m), dialect: (d: string) => result.dialects.push(d) };
  for await (const records of readJson(chunked(bytes, chunkSize), context)) result.records.push(...records);
  return result;
}

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export function readFixture(name: string, chunkSize?: number): Promise<ReadResult> {
  return readBytes(fixture(name), chunkSize);
}
