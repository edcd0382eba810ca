// Record shapes that other exports of the same events write: each test is one variant a
// collector or pipeline produces, read through normalizeJsonRecord as the JSON reader does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonRecordError, normalizeJsonRecord } from '../../../../src/core/ingest/normalize/json';
import type { NormalizedEvent } from '../../../../src/core/schema/columns';

function normalized(record: unknown): NormalizedEvent {
  const result = normalizeJsonRecord(record);
  assert.ok(!isJsonRecordError(result), isJsonRecordError(result) ? result.error : '');
  return result.event;
}

test('ECS with every key flattened (winlog.event_data.Name at the top level): the event data is read', () => {
  const row = normalized({
    '@timestamp': '2021-03-01T10:00:01.000Z', 'event.code': '4688', 'winlog.channel': 'Security',
    'winlog.provider_name': 'Microsoft-Windows-Security-Auditing', 'winlog.computer_name': 'ws01.corp.example',
    'winlog.event_data.NewProcessId': '0x10', 'winlog.event_data.NewProcessName': 'C:\\Windows\\System32\\cmd.exe',
    'winlog.event_data.ProcessId': '0x20', 'winlog.event_data.ParentProcessName': 'C:\\Windows\\System32\\services.exe',
    'winlog.event_data.CommandLine': 'cmd.exe /c whoami',
  });
  assert.deepEqual([row.category, row.action, row.host], ['process', 'start', 'WS01']);
  assert.deepEqual([row.pid, row.process_name, row.ppid, row.parent_name, row.command_line], [0x10, 'cmd.exe', 0x20, 'services.exe', 'cmd.exe /c whoami']);
});
