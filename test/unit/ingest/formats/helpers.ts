// Test helpers for the format and source tests: run a reader over bytes (optionally in
// tiny chunks, to cross every boundary) and build small archives in memory.

import { deflateRawSync, crc32, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import type { FormatReader, LoadedRecord, Rejection } from '../../../../src/core/types/records';

export const FIXTURES = join(__dirname, '../../../fixtures/formats');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export interface ReadResult {
  readonly records: LoadedRecord[];
  readonly rejections: Rejection[];
  readonly warnings: string[];
  readonly dialects: string[];
}

export async function* chunks(bytes: Uint8Array, size = bytes.length || 1): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function read(reader: FormatReader, bytes: Uint8Array, chunkSize?: number): Promise<ReadResult> {
  const result: ReadResult = { records: [], rejections: [], warnings: [], dialects: [] };
  const context = {
    sourceName: 'test-source',
    reject: (r: Rejection) => result.rejections.push(r),
    warn: (m: string) => result.warnings.push(m),
    dialect: (name: string) => result.dialects.push(name),
  };
  for await (const records of reader(chunks(bytes, chunkSize), context)) result.records.push(...records);
  return result;
}

/** One Security 4688 `<Event>` as Event Viewer saves it, with `system` inside <System> and `body` after it. */
export function securityEventXml(recordId: number, inside: { readonly system?: string; readonly body?: string } = {}): string {
  return '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-Auditing"/>'
    + `<EventID>4688</EventID><TimeCreated SystemTime="2024-05-06T07:08:09.123Z"/><EventRecordID>${recordId}</EventRecordID>`
    + `<Channel>Security</Channel><Computer>WS1</Computer>${inside.system ?? ''}</System>${inside.body ?? ''}</Event>\n`;
}

/** The raw text a record's pointer designates. */
export function rawText(bytes: Uint8Array, record: LoadedRecord, encoding: BufferEncoding = 'utf8'): string {
  return Buffer.from(bytes).toString(encoding, record.pointer.offset, record.pointer.offset + record.pointer.length);
}

export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** A minimal zip (deflate or stored members, no data descriptors). */
export function zip(members: ReadonlyArray<{ name: string; data: Uint8Array; store?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const body = m.store ? Buffer.from(m.data) : deflateRawSync(m.data);
    const crc = crc32(m.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(m.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(m.store ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(m.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export async function tar(members: ReadonlyArray<{ name: string; data: Uint8Array }>): Promise<Buffer> {
  const archive = pack();
  for (const m of members) archive.entry({ name: m.name, size: m.data.length }, Buffer.from(m.data));
  archive.finalize();
  const parts: Buffer[] = [];
  for await (const part of archive as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts);
}

export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes);
}

/** NDJSON lines, `count` of them, each naming its index. */
export function ndjson(count: number, tag: string): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => JSON.stringify({ tag, i })).join('\n') + '\n');
}

/**
 * A tar written header by header, for entries tar-stream's packer will not write: a link or a
 * directory whose header declares data. `type` is the ustar type flag ('0' file, '1' hard link,
 * '2' symbolic link, '5' directory); `size` is what the header declares, `data` what follows.
 */
export function rawTar(entries: ReadonlyArray<{ name: string; type: string; data?: Uint8Array; size?: number; linkName?: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data ?? new Uint8Array(0);
    const header = Buffer.alloc(512);
    header.write(e.name, 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${(e.size ?? data.length).toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write(e.type, 156);
    header.write(e.linkName ?? '', 157);
    header.write('ustar\x0000', 257);
    header.write(' '.repeat(8), 148);
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, Buffer.from(data), Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
