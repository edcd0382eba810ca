// Packed events (what parse workers send the writer) unpack to full rows with exactly the values
// packed: numbers bit for bit (-0, NaN, beyond 32 bits), empty and long strings, undefined kept
// apart from null.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventUnpacker, packedEventBuffers, packEvents, StringTable } from '../../../../src/core/ingest/parallel/packedEvents';
import { emptyRow } from '../../../../src/core/schema/eventRow';
import type { NormalizedEvent } from '../../../../src/core/schema/columns';

test('values come back exactly, each distinct string once', () => {
  const long = 'powershell -enc ' + 'A'.repeat(500);
  const events: NormalizedEvent[] = [
    { ...emptyRow(), ts: 1_600_000_000_123, pid: -0, ppid: Number.NaN, record_id: 2 ** 53 - 1, host: 'WS01', image: '', command_line: long, user: undefined },
    emptyRow(),
    { ...emptyRow(), ts: 1.5, host: 'WS01', image: 'C:\\Windows\\System32\\cmd.exe', command_line: long, answers: 'é\u0000\ud800' },
  ];
  const packed = packEvents(events, new StringTable());
  const eventAt = eventUnpacker(packed);
  assert.deepEqual(eventAt(0), events[0]);
  assert.ok(Object.is(eventAt(0).pid, -0));
  assert.ok('user' in eventAt(0) && eventAt(0).user === undefined);
  assert.deepEqual(eventAt(1), emptyRow());
  assert.deepEqual(eventAt(2), events[2]);
  assert.equal(packed.strings.filter((s) => s === 'WS01').length, 1);
  assert.equal(packed.strings.filter((s) => s === long).length, 1);
  assert.deepEqual(packedEventBuffers(packed), [packed.kinds.buffer, packed.values.buffer]);
});

test('a field holding an object or a boolean is refused, naming the event', () => {
  const bad = { ...emptyRow(), pid: true } as unknown as NormalizedEvent;
  assert.throws(() => packEvents([emptyRow(), bad], new StringTable()), /event 1: field \d+ holds a value of type boolean/);
});
