// Builds EVTX files byte by byte for tests: file header, chunks, records and BinXML with
// template definitions, reuse and substitution values, checksums computed as Windows does.
// Fixtures are generated from readable descriptions here rather than stored as opaque binaries,
// and a test can break any part on purpose (a checksum, a signature, a size) to see it reported.

import { crc32 } from '../../../../src/core/ingest/evtx/crc32';

export type Content =
  | { readonly el: string; readonly attrs?: Readonly<Record<string, readonly Content[]>> | readonly (readonly [string, readonly Content[]])[]; readonly children?: readonly Content[] }
  | { readonly text: string }
  | { readonly sub: number; readonly type: number; readonly optional?: boolean }
  | { readonly charRef: number }
  | { readonly entity: string }
  | { readonly cdata: string };

export interface Value {
  readonly type: number;
  readonly bytes: Uint8Array;
}

export interface Template {
  /** Identity of the template: a chunk defines it once and later records refer to it. */
  readonly id: number;
  readonly body: readonly Content[];
}

/** A nested BinXML value (type 0x21): its own template instance, written at its place in the chunk. */
export interface NestedValue {
  readonly nested: { readonly template: Template; readonly values: readonly SubstitutionValue[] };
}

export type SubstitutionValue = Value | NestedValue;

/** The BinXML of one record: a template instance, as Windows writes nearly every record. */
export interface RecordSpec {
  readonly id: number;
  readonly template: Template;
  readonly values: readonly SubstitutionValue[];
  /** FILETIME of the record header. */
  readonly written?: bigint;
}

export const el = (name: string, attrs?: Record<string, Content[]>, ...children: Content[]): Content => ({ el: name, attrs, children });
export const text = (t: string): Content => ({ text: t });
export const sub = (index: number, type: number, optional = false): Content => ({ sub: index, type, optional });

// ---- value encoders -------------------------------------------------------------------------

const le = (size: number, write: (v: DataView) => void): Uint8Array => {
  const b = new Uint8Array(size);
  write(new DataView(b.buffer));
  return b;
};
export const utf16 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
export const v = {
  null: (): Value => ({ type: 0x00, bytes: new Uint8Array(0) }),
  string: (s: string): Value => ({ type: 0x01, bytes: utf16(s) }),
  ansi: (s: string): Value => ({ type: 0x02, bytes: new Uint8Array(Buffer.from(`${s}\0`, 'latin1')) }),
  int8: (n: number): Value => ({ type: 0x03, bytes: le(1, (d) => d.setInt8(0, n)) }),
  uint8: (n: number): Value => ({ type: 0x04, bytes: le(1, (d) => d.setUint8(0, n)) }),
  int16: (n: number): Value => ({ type: 0x05, bytes: le(2, (d) => d.setInt16(0, n, true)) }),
  uint16: (n: number): Value => ({ type: 0x06, bytes: le(2, (d) => d.setUint16(0, n, true)) }),
  int32: (n: number): Value => ({ type: 0x07, bytes: le(4, (d) => d.setInt32(0, n, true)) }),
  uint32: (n: number): Value => ({ type: 0x08, bytes: le(4, (d) => d.setUint32(0, n, true)) }),
  int64: (n: bigint): Value => ({ type: 0x09, bytes: le(8, (d) => d.setBigInt64(0, n, true)) }),
  uint64: (n: bigint): Value => ({ type: 0x0a, bytes: le(8, (d) => d.setBigUint64(0, n, true)) }),
  real32: (n: number): Value => ({ type: 0x0b, bytes: le(4, (d) => d.setFloat32(0, n, true)) }),
  real64: (n: number): Value => ({ type: 0x0c, bytes: le(8, (d) => d.setFloat64(0, n, true)) }),
  bool: (b: boolean): Value => ({ type: 0x0d, bytes: le(4, (d) => d.setUint32(0, b ? 1 : 0, true)) }),
  binary: (hex: string): Value => ({ type: 0x0e, bytes: new Uint8Array(Buffer.from(hex, 'hex')) }),
  /** GUID from its text form: the first three groups are stored little-endian. */
  guid: (g: string): Value => {
    const h = Buffer.from(g.replace(/[{}-]/g, ''), 'hex');
    return { type: 0x0f, bytes: new Uint8Array([h[3], h[2], h[1], h[0], h[5], h[4], h[7], h[6], ...h.subarray(8)]) };
  },
  sizeT: (n: bigint): Value => ({ type: 0x10, bytes: le(8, (d) => d.setBigUint64(0, n, true)) }),
  filetime: (iso: string, extraTicks = 0n): Value => ({ type: 0x11, bytes: le(8, (d) => d.setBigUint64(0, filetime(iso) + extraTicks, true)) }),
  systemtime: (y: number, mo: number, dow: number, d: number, h: number, mi: number, s: number, ms: number): Value =>
    ({ type: 0x12, bytes: le(16, (view) => [y, mo, dow, d, h, mi, s, ms].forEach((x, i) => view.setUint16(i * 2, x, true))) }),
  sid: (s: string): Value => {
    const [, rev, auth, ...subs] = s.split('-');
    return {
      type: 0x13,
      bytes: le(8 + subs.length * 4, (d) => {
        d.setUint8(0, Number(rev));
        d.setUint8(1, subs.length);
        d.setUint16(2, 0);
        d.setUint32(4, Number(auth));
        subs.forEach((x, i) => d.setUint32(8 + i * 4, Number(x), true));
      }),
    };
  },
  hexInt32: (n: number): Value => ({ type: 0x14, bytes: le(4, (d) => d.setUint32(0, n, true)) }),
  hexInt64: (n: bigint): Value => ({ type: 0x15, bytes: le(8, (d) => d.setBigUint64(0, n, true)) }),
  stringArray: (items: string[]): Value => ({ type: 0x81, bytes: utf16(items.map((s) => `${s}\0`).join('')) }),
  uint16Array: (items: number[]): Value => ({ type: 0x86, bytes: le(items.length * 2, (d) => items.forEach((x, i) => d.setUint16(i * 2, x, true))) }),
};

export function filetime(iso: string): bigint {
  return (BigInt(Date.parse(iso)) + 11644473600000n) * 10000n;
}

// ---- BinXML and chunk writer ----------------------------------------------------------------

/** Writes into one chunk buffer, so every offset it records is chunk-relative, as in EVTX. */
class ChunkWriter {
  readonly bytes = new Uint8Array(65536);
  readonly view = new DataView(this.bytes.buffer);
  pos = 512;
  private readonly templates = new Map<number, number>();

  u8(n: number) { this.view.setUint8(this.pos, n); this.pos += 1; }
  u16(n: number) { this.view.setUint16(this.pos, n, true); this.pos += 2; }
  u32(n: number) { this.view.setUint32(this.pos, n, true); this.pos += 4; }
  u64(n: bigint) { this.view.setBigUint64(this.pos, n, true); this.pos += 8; }
  raw(b: Uint8Array) { this.bytes.set(b, this.pos); this.pos += b.length; }
  patch32(at: number, n: number) { this.view.setUint32(at, n, true); }

  /** A name stored inline: the offset field points right past itself. */
  name(s: string) {
    this.u32(this.pos + 4);
    this.u32(0); // next name in the hash bucket
    this.u16(0); // hash: not checked by readers
    this.u16(s.length);
    this.raw(utf16(s));
    this.u16(0);
  }

  content(c: Content) {
    if ('el' in c) {
      // A list of pairs may name an attribute twice, as crafted data can.
      const attrs: readonly (readonly [string, readonly Content[]])[] = Array.isArray(c.attrs) ? c.attrs as readonly (readonly [string, readonly Content[]])[] : Object.entries(c.attrs ?? {});
      const start = this.pos;
      this.u8(attrs.length > 0 ? 0x41 : 0x01);
      this.u16(0xffff);
      const sizeAt = this.pos;
      this.u32(0);
      this.name(c.el);
      if (attrs.length > 0) {
        const listAt = this.pos;
        this.u32(0);
        attrs.forEach(([name, value], i) => {
          this.u8(i < attrs.length - 1 ? 0x46 : 0x06);
          this.name(name);
          value.forEach((x) => this.content(x));
        });
        this.patch32(listAt, this.pos - listAt - 4);
      }
      const children = c.children ?? [];
      if (children.length === 0) this.u8(0x03);
      else {
        this.u8(0x02);
        children.forEach((x) => this.content(x));
        this.u8(0x04);
      }
      this.patch32(sizeAt, this.pos - start - 7);
    } else if ('text' in c) {
      this.u8(0x05);
      this.u8(0x01);
      this.u16(c.text.length);
      this.raw(utf16(c.text));
    } else if ('sub' in c) {
      this.u8(c.optional ? 0x0e : 0x0d);
      this.u16(c.sub);
      this.u8(c.type);
    } else if ('charRef' in c) {
      this.u8(0x08);
      this.u16(c.charRef);
    } else if ('entity' in c) {
      this.u8(0x09);
      this.name(c.entity);
    } else {
      this.u8(0x07);
      this.u16(c.cdata.length);
      this.raw(utf16(c.cdata));
    }
  }

  /** Fragment header, template instance (defining the template on first use), end of fragment. */
  instance(template: Template, values: readonly SubstitutionValue[]) {
    this.raw(new Uint8Array([0x0f, 0x01, 0x01, 0x00]));
    this.u8(0x0c);
    this.u8(0x01);
    this.u32(template.id);
    const defined = this.templates.get(template.id);
    if (defined !== undefined) this.u32(defined);
    else {
      const at = this.pos + 4;
      this.templates.set(template.id, at);
      this.u32(at);
      this.u32(0); // next template in the bucket
      this.raw(le(16, (d) => d.setUint32(0, template.id, true))); // GUID; starts with the id
      const sizeAt = this.pos;
      this.u32(0);
      const bodyStart = this.pos;
      this.raw(new Uint8Array([0x0f, 0x01, 0x01, 0x00]));
      template.body.forEach((c) => this.content(c));
      this.u8(0x00);
      this.patch32(sizeAt, this.pos - bodyStart);
    }
    this.u32(values.length);
    const descriptors = this.pos;
    for (const value of values) {
      this.u16('nested' in value ? 0 : value.bytes.length);
      this.u8('nested' in value ? 0x21 : value.type);
      this.u8(0);
    }
    values.forEach((value, i) => {
      if (!('nested' in value)) return this.raw(value.bytes);
      const start = this.pos;
      this.instance(value.nested.template, value.nested.values);
      this.view.setUint16(descriptors + i * 4, this.pos - start, true);
    });
    this.u8(0x00);
  }

  record(spec: RecordSpec): number {
    const start = this.pos;
    this.u32(0x00002a2a);
    this.u32(0);
    this.u64(BigInt(spec.id));
    this.u64(spec.written ?? filetime('2024-01-02T03:04:05Z'));
    this.instance(spec.template, spec.values);
    while ((this.pos - start + 4) % 8 !== 0) this.u8(0);
    const size = this.pos - start + 4;
    this.u32(size);
    this.patch32(start + 4, size);
    return start;
  }
}

export interface ChunkSpec {
  readonly records: readonly RecordSpec[];
}

export interface BuiltChunk {
  readonly bytes: Uint8Array;
  /** Chunk-relative offset of each record. */
  readonly offsets: number[];
}

/** One chunk with valid header and data checksums. */
export function buildChunk(spec: ChunkSpec): BuiltChunk {
  const w = new ChunkWriter();
  const offsets = spec.records.map((r) => w.record(r));
  const b = w.bytes;
  const d = w.view;
  b.set(Buffer.from('ElfChnk\0', 'latin1'), 0);
  const ids = spec.records.map((r) => BigInt(r.id));
  const first = ids[0] ?? 0n;
  const last = ids[ids.length - 1] ?? 0n;
  d.setBigUint64(8, first, true);
  d.setBigUint64(16, last, true);
  d.setBigUint64(24, first, true);
  d.setBigUint64(32, last, true);
  d.setUint32(40, 128, true);
  d.setUint32(44, offsets[offsets.length - 1] ?? 512, true);
  d.setUint32(48, w.pos, true);
  sealChunk(b);
  return { bytes: b, offsets };
}

/** Recomputes a chunk's checksums (after a test changed a header field on purpose). */
export function sealChunk(b: Uint8Array): void {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  d.setUint32(52, crc32(b, 512, d.getUint32(48, true)), true);
  d.setUint32(124, crc32(b, 128, 512, crc32(b, 0, 120)), true);
}

export interface FileSpec {
  readonly chunks: readonly Uint8Array[];
  /** Chunks the header announces (defaults to the number given). */
  readonly chunkCount?: number;
  readonly dirty?: boolean;
  readonly nextRecordId?: number;
}

export function buildFile(spec: FileSpec): Uint8Array {
  const file = new Uint8Array(4096 + spec.chunks.length * 65536);
  const d = new DataView(file.buffer);
  file.set(Buffer.from('ElfFile\0', 'latin1'), 0);
  const count = spec.chunkCount ?? spec.chunks.length;
  d.setBigUint64(8, 0n, true);
  d.setBigUint64(16, BigInt(Math.max(0, count - 1)), true);
  d.setBigUint64(24, BigInt(spec.nextRecordId ?? 0), true);
  d.setUint32(32, 128, true);
  d.setUint16(36, 1, true);
  d.setUint16(38, 3, true);
  d.setUint16(40, 4096, true);
  d.setUint16(42, count, true);
  d.setUint32(120, spec.dirty ? 1 : 0, true);
  sealFileHeader(file);
  spec.chunks.forEach((c, i) => file.set(c, 4096 + i * 65536));
  return file;
}

export function sealFileHeader(file: Uint8Array): void {
  new DataView(file.buffer, file.byteOffset).setUint32(124, crc32(file, 0, 120), true);
}
