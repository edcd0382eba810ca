// The bytes of the sql.js database file, held in fixed-size chunks so that the file never
// moves as it grows. sql.js keeps its database in an Emscripten MEMFS file whose contents are
// one Uint8Array, reallocated (×1.125) and copied on every growth: 37% of load time, twice
// the database in peak memory, and a stall at ~3.9 GB where the array reaches Node's 2^32
// byte limit (docs/benchmarks.md). sql.js does not export its file system, but MEMFS only
// ever uses a file's contents through `length`, `set`, `subarray` and `slice`, and adopts
// `data.slice()` as the contents when a database is opened from bytes. A ChunkedFile passed
// to `new SQL.Database(file)` is therefore adopted as the file's contents and receives every
// page write (`set`) and read (`subarray`) itself; `length` then reports a capacity no write
// reaches, so MEMFS never reallocates. Verified by `adopted` (SqlStore refuses to run
// without it) and by test/unit/store/chunkedFile.test.ts against the installed sql.js.
//
// Truncation (only when a transaction that grew the file is rolled back) makes MEMFS copy
// the file into one plain array: correct, but contiguous again; loads never roll back
// unless an insert fails.

/** 16 MiB: at most this much allocated beyond the database, and few enough chunks to index. */
export const CHUNK_BYTES = 16 * 1024 * 1024;

/**
 * The file as another thread can open it without a copy: the chunks are SharedArrayBuffers,
 * so a query worker reads the very pages the store wrote (store/sqlStore.ts `shared()`).
 */
export interface SharedChunks {
  readonly chunks: readonly (Uint8Array | undefined)[];
  readonly size: number;
}

/** What MEMFS sees as the allocated size once adopted: larger than any file position. */
const CAPACITY = Number.MAX_SAFE_INTEGER;

export class ChunkedFile {
  /** MEMFS reads the image's size here when it adopts the file, then the capacity. */
  length: number;
  /** Bytes written so far (the file's size as far as page writes reached). */
  private written = 0;
  private readonly chunks: (Uint8Array | undefined)[] = [];
  private adoptedByMemfs = false;

  /** `image`: a valid SQLite database (sql.js opens the file as one), or another file's shared chunks. */
  constructor(image: Uint8Array | SharedChunks) {
    if (image instanceof Uint8Array) {
      this.length = image.length;
      this.set(image, 0);
    } else {
      this.length = image.size;
      this.written = image.size;
      this.chunks = [...image.chunks];
    }
  }

  /** The chunks as they are now, for a reader on another thread (valid while nothing writes). */
  share(): SharedChunks {
    return { chunks: [...this.chunks], size: this.written };
  }

  /** Whether MEMFS took this object as the file's contents (it did if it sliced it whole). */
  get adopted(): boolean {
    return this.adoptedByMemfs;
  }

  /** Bytes held in chunks (what the file costs in memory). */
  get allocatedBytes(): number {
    return this.chunks.reduce((n, c) => n + (c ? c.length : 0), 0);
  }

  get size(): number {
    return this.written;
  }

  /** MEMFS's first write into an empty file: `node.contents = data.slice(0, data.length)`. */
  slice(start: number, end: number): ChunkedFile | Uint8Array {
    if (start === 0 && end === this.length && !this.adoptedByMemfs) {
      this.adoptedByMemfs = true;
      this.length = CAPACITY;
      return this;
    }
    return this.subarray(start, end).slice();
  }

  /** A page write: `node.contents.set(bytes, position)`. */
  set(bytes: Uint8Array, position: number): void {
    let from = 0;
    while (from < bytes.length) {
      const at = position + from;
      const index = Math.floor(at / CHUNK_BYTES);
      const offset = at - index * CHUNK_BYTES;
      const n = Math.min(bytes.length - from, CHUNK_BYTES - offset);
      const chunk = (this.chunks[index] ??= new Uint8Array(new SharedArrayBuffer(CHUNK_BYTES)));
      chunk.set(n === bytes.length ? bytes : bytes.subarray(from, from + n), offset);
      from += n;
    }
    this.written = Math.max(this.written, position + bytes.length);
  }

  /** A page read: `node.contents.subarray(position, end)`; a view when one chunk holds it. */
  subarray(start: number, end: number): Uint8Array {
    const index = Math.floor(start / CHUNK_BYTES);
    const offset = start - index * CHUNK_BYTES;
    if (offset + (end - start) <= CHUNK_BYTES) {
      const chunk = this.chunks[index];
      return chunk ? chunk.subarray(offset, offset + end - start) : new Uint8Array(end - start);
    }
    const copy = new Uint8Array(end - start);
    for (let at = start; at < end;) {
      const i = Math.floor(at / CHUNK_BYTES);
      const o = at - i * CHUNK_BYTES;
      const n = Math.min(end - at, CHUNK_BYTES - o);
      const chunk = this.chunks[i];
      if (chunk) copy.set(chunk.subarray(o, o + n), at - start);
      at += n;
    }
    return copy;
  }
}
