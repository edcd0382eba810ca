// The chunked database file: byte-exact across chunk boundaries, adopted by the installed
// sql.js (so the database never sits in one growing array), and still correct when SQLite
// truncates it on a rollback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHUNK_BYTES, ChunkedFile } from '../../../src/core/store/chunkedFile';
import { SqlStore } from '../../../src/core/store/sqlStore';

function pattern(n: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

test('writes and reads back bytes that straddle chunk boundaries', () => {
  const file = new ChunkedFile(pattern(100, 1));
  const across = pattern(10_000, 7);
  file.set(across, CHUNK_BYTES - 4_000);
  assert.deepEqual(file.subarray(CHUNK_BYTES - 4_000, CHUNK_BYTES + 6_000), across);
  assert.deepEqual(file.subarray(0, 100), pattern(100, 1));
  // never written: zeros, without allocating the chunk
  assert.deepEqual(file.subarray(5 * CHUNK_BYTES, 5 * CHUNK_BYTES + 8), new Uint8Array(8));
  assert.equal(file.allocatedBytes, 2 * CHUNK_BYTES);
  // a slice that is not MEMFS adopting the file is a plain copy
  assert.deepEqual(file.slice(CHUNK_BYTES - 2, CHUNK_BYTES + 2), across.subarray(3_998, 4_002));
});

/** ~1 MB distinct strings, so the database crosses several chunks. */
function insertWide(store: SqlStore, from: number, count: number): void {
  for (let i = from; i < from + count; i++) {
    store.execute('INSERT INTO events (source_id, "offset", length, record_id, command_line) VALUES (1, 0, 0, ?, ?)', [i, `${i}:`.padEnd(1_000_000, String.fromCharCode(97 + (i % 26)))]);
  }
}

test('the store keeps its database in the chunked file, past several chunks', async () => {
  const store = await SqlStore.open();
  try {
    store.execute('BEGIN');
    insertWide(store, 0, 40);
    store.execute('COMMIT');
    assert.ok(store.sizeBytes() > 2 * CHUNK_BYTES, `database of ${store.sizeBytes()} bytes`);
    assert.ok(store.fileBytes() >= store.sizeBytes(), 'the pages live in the chunked file');
    assert.ok(store.fileBytes() < store.sizeBytes() + 2 * CHUNK_BYTES, 'at most one partly used chunk, never a copy');
    const rows = store.all('SELECT record_id, length(command_line) AS n, substr(command_line, 999999, 2) AS tail FROM events ORDER BY record_id');
    assert.equal(rows.length, 40);
    rows.forEach((r, i) => assert.deepEqual(r, { record_id: i, n: 1_000_000, tail: String.fromCharCode(97 + (i % 26)).repeat(2) }));
  } finally {
    store.close();
  }
});

test('a rolled-back transaction that grew the file leaves the committed rows intact', async () => {
  const store = await SqlStore.open();
  try {
    insertWide(store, 0, 20);
    store.execute('BEGIN');
    insertWide(store, 20, 30);
    store.execute('ROLLBACK');
    insertWide(store, 50, 5);
    const ids = store.all('SELECT record_id AS r, substr(command_line, 1, 3) AS head FROM events ORDER BY record_id');
    assert.deepEqual(ids.map((r) => r.r), [...Array.from({ length: 20 }, (_, i) => i), 50, 51, 52, 53, 54]);
    assert.equal(ids[19]!.head, '19:');
    assert.equal(store.all('PRAGMA integrity_check')[0]!.integrity_check, 'ok');
  } finally {
    store.close();
  }
});
