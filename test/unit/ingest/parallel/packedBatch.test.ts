// The parse pool's packed batches: unpacking gives back exactly what was parsed (events, local
// clock marks, data problems, rejected lines), each distinct string travels once, and a value
// that is neither text, a number nor null is refused rather than changed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBatch, type ParsedBatch } from '../../../../src/core/ingest/parallel/jsonBatch';
import { packBatch, packedBuffers, unpackBatch } from '../../../../src/core/ingest/parallel/packedBatch';
import { EVENT_FIELD_COUNT } from '../../../../src/core/schema/eventRow';

function parsed(lines: string[]): ParsedBatch {
  return parseBatch({ seq: 7, bytes: new Uint8Array(Buffer.from(lines.join('\n') + '\n')), firstLine: 40, firstOffset: 1000 });
}

const nxlog = (i: number, extra: object = {}) => JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', SourceName: 'Microsoft-Windows-Sysmon', Hostname: 'WS01',
  EventTime: '2020-09-20 12:00:00', UtcTime: `2020-09-20 16:00:0${i}.250`, RecordNumber: i, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd /c echo ${i} é`, ...extra });

test('unpacking a packed batch gives the parsed batch back, rejected lines and all', () => {
  const batch = parsed([
    nxlog(1),
    nxlog(2, { ProcessId: -0, ParentProcessId: 4294967295 }),
    '{"broken": ',
    '{"ts":1588205199.82437,"uid":"C1","id.orig_h":"10.0.1.6","id.orig_p":54243,"id.resp_h":"10.0.0.4","id.resp_p":445,"proto":"tcp","conn_state":"S0"}',
    JSON.stringify({ EventId: 7045, EventRecordId: '3', Provider: 'Service Control Manager', Channel: 'System', Computer: 'ws01', TimeCreated: '2020-09-04T03:00:07.0000000+00:00', Payload: '{"EventData":' }),
    JSON.stringify({ '@timestamp': '2020-09-20T16:00:00Z', winlog: { channel: 'Security', event_id: 4624, computer_name: 'dc01.corp.local', event_data: { LogonType: '3', TargetUserName: 'alice' } } }),
  ]);
  assert.equal(batch.lines.length, 6);
  assert.ok(batch.lines.some((l) => 'clockSample' in l.result && l.result.clockSample !== null), 'a record with a clock sample');
  assert.ok(batch.lines.some((l) => 'dataProblem' in l.result), 'a record with a data problem');
  assert.ok(batch.lines.some((l) => 'error' in l.result), 'a rejected line');
  const packed = packBatch(batch);
  assert.deepEqual(unpackBatch(packed), batch);
  assert.equal(new Set(packed.events.strings).size, packed.events.strings.length, 'each string once');
  assert.equal(packed.events.strings.filter((s) => s === 'C:\\Windows\\System32\\cmd.exe').length, 1);
  assert.deepEqual(packedBuffers(packed), [packed.positions.buffer, packed.results.buffer, packed.events.kinds.buffer, packed.events.values.buffer]);
});

test('a source the reader skips keeps its reason through the pack', () => {
  const batch = parsed(['{"@stream":"http","ts":1588205199.8,"uid":"D1","id_orig_h":"10.0.1.6","id_orig_p":54243,"id_resp_h":"10.0.0.30","id_resp_p":80,"proto":"tcp","method":"GET"}']);
  const result = unpackBatch(packBatch(batch)).lines[0]!.result;
  assert.ok('unsupportedSource' in result && result.unsupportedSource);
  assert.deepEqual(result, batch.lines[0]!.result);
});

test('an event field that holds anything but text, a number or null is refused', () => {
  const batch = parsed([nxlog(1)]);
  const result = batch.lines[0]!.result;
  assert.ok('event' in result);
  (result.event as Record<string, unknown>).pid = { not: 'a value' };
  assert.throws(() => packBatch(batch), /event 0: field \d+ holds a value of type object/);
});

test('a batch of mostly rejected lines packs room for its events only', () => {
  const batch = parsed([...Array.from({ length: 1000 }, () => '{"broken": '), nxlog(1)]);
  const packed = packBatch(batch);
  assert.equal(packed.events.kinds.length, EVENT_FIELD_COUNT, 'one event, not 1,001 lines');
  assert.equal(packed.events.values.length, EVENT_FIELD_COUNT);
  assert.deepEqual(unpackBatch(packed), batch);
});
