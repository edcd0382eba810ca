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

test("ECS Sysmon 22 from Winlogbeat's Sysmon module (QueryName, QueryResults moved to dns.*): query_name and answers are read", () => {
  const row = normalized({
    '@timestamp': '2021-03-01T10:00:02.000Z', event: { code: '22' },
    winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', computer_name: 'ws01', event_id: 22 },
    process: { entity_id: '{e1}', pid: 4100, executable: 'C:\\Windows\\System32\\svchost.exe' },
    dns: {
      question: { name: 'files.corp.example' },
      answers: [{ type: 'CNAME', data: 'fs01.corp.example' }, { type: 'A', data: '10.0.0.31' }, { type: 'AAAA', data: '::ffff:10.0.0.32' }, { type: 'TXT', data: 'v=spf1' }],
      resolved_ip: ['10.0.0.31', '10.0.0.32'],
    },
  });
  assert.deepEqual([row.category, row.action, row.process_name], ['dns', 'query', 'svchost.exe']);
  assert.deepEqual([row.query_name, row.answers], ['files.corp.example', 'fs01.corp.example,10.0.0.31,10.0.0.32']);
  const resolvedOnly = normalized({ '@timestamp': '2021-03-01T10:00:02.000Z', event: { code: '22' }, winlog: { channel: 'Microsoft-Windows-Sysmon/Operational' }, dns: { question: { name: 'a.example' }, resolved_ip: ['10.0.0.5'] } });
  assert.deepEqual([resolvedOnly.query_name, resolvedOnly.answers], ['a.example', '10.0.0.5']);
});
