// The connection index groups the events exactly as connectionKey() does: missing parts, a NULL
// protocol beside an empty one, letter case, port 0 and extremes, addresses that share a prefix.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';
import { connectionIndex } from '../../../src/core/store/connectionIndex';
import { CONNECTION_COLUMNS, connectionKey } from '../../../src/core/schema/connections';
import type { Row } from '../../../src/core/types/store';

const choices = {
  host: ['WS1', 'ws1', 'DC01', null],
  protocol: [null, '', 'tcp', 'TCP', 'udp'],
  src_ip: ['10.0.0.1', '10.0.0.10', 'fe80::1', null],
  src_port: [0, 445, 50000, 65535, 2147483647, null, 'ephemeral'],
  dst_ip: ['10.0.0.1', '10.0.0.2', null],
  dst_port: [445, 3389, 0, null],
};

/** A deterministic spread of every combination's neighbours (xorshift). */
function events(count: number): Record<string, unknown>[] {
  let state = 0x2545f491;
  const next = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const event: Record<string, unknown> = { ts: 1_700_000_000_000 + i * 1000, category: 'network', event_id: 3 };
    for (const [column, values] of Object.entries(choices)) {
      const value = values[next(values.length)];
      event[column] = value === 'ephemeral' ? 49152 + next(16384) : value;
    }
    return event;
  });
}

/**
 * Asserts that the index groups `count` varied events as connectionKey() does: all of them at
 * once, and the records of a sample of them, whose hashes let other tuples past the first filter.
 */
async function assertPartitionOf(count: number): Promise<void> {
  const store = await storeOf('connections', events(count).map((e) => normalizeTestEvent(e as never)));
  const view = store.columns()!;
  const index = connectionIndex(view)!;
  const readers = CONNECTION_COLUMNS.map((c) => view.reader(c));
  const all = Int32Array.from({ length: view.rows }, (_, p) => p);
  const { of, count: connections } = index.among(all);
  const byKey = new Map<string, number[]>();
  for (let p = 0; p < view.rows; p++) {
    const row: Row = {};
    CONNECTION_COLUMNS.forEach((c, i) => { row[c] = readers[i]!(p); });
    const key = connectionKey(row);
    if (key === null) {
      assert.equal(of[p], -1, `position ${p} has no key`);
      continue;
    }
    assert.ok(of[p]! >= 0, `position ${p} has a key`);
    byKey.set(key, [...(byKey.get(key) ?? []), p]);
  }
  assert.ok(byKey.size > 500, 'the data spreads over many connections');
  assert.equal(connections, byKey.size);
  const sample = [...byKey.values()].filter((_, i) => i % 7 === 0);
  const records = index.recordsOf(sample.map((positions) => positions[positions.length - 1]!));
  assert.equal(records.size, sample.length);
  for (const positions of byKey.values()) assert.ok(positions.every((p) => of[p] === of[positions[0]!]), 'one group per connection');
  for (const positions of sample) assert.deepEqual([...records.get(positions[positions.length - 1]!)!], positions);
}

test('events share a connection exactly when connectionKey() is the same; none where it is null', async () => {
  await assertPartitionOf(4000);
});

test('the same holds over many connections, asked about a few at a time', async () => {
  await assertPartitionOf(150_000);
});

test('the index follows the columns as events are added', async () => {
  const store = await storeOf('connections', events(50).map((e) => normalizeTestEvent(e as never)));
  const before = connectionIndex(store.columns()!)!.among(Int32Array.from({ length: 50 }, (_, p) => p));
  const source = store.addSource({ path: 'more', member: null, format: 'test', dialect: null });
  store.insertBatch(source, events(50).map((e, i) => ({ pointer: { line: i + 1, offset: 0, length: 0 }, event: normalizeTestEvent(e as never) })));
  const after = connectionIndex(store.columns()!)!.among(Int32Array.from({ length: 100 }, (_, p) => p));
  assert.equal(after.of.length, 100);
  // The same 50 events again: each joins the connection of its twin.
  for (let p = 0; p < 50; p++) assert.equal(after.of[p + 50], after.of[p]);
  assert.equal(after.count, before.count);
});
