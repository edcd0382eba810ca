// One-line summaries of the Zeek dns and dhcp rows, and Sysmon 22 (no query_name column) keeping its default line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarize } from '../../../src/core/match/summary';

test('dns and dhcp rows say what was asked and answered, what was leased to whom', () => {
  assert.equal(summarize({ category: 'dns', provider: 'zeek', action: 'query', src_ip: '10.0.1.6', query_name: 'intranet.corp.local', query_type: 'A', answers: 'web01.corp.local,10.0.0.31' }),
    '10.0.1.6 asked A intranet.corp.local → web01.corp.local,10.0.0.31');
  assert.equal(summarize({ category: 'dns', provider: 'zeek', action: 'query', src_ip: '10.0.1.6', query_name: 'wpad.corp.local', query_type: 'A', answers: null }), '10.0.1.6 asked A wpad.corp.local');
  assert.equal(summarize({ category: 'dns', provider: 'Microsoft-Windows-Sysmon', event_id: 22, action: 'query', process_name: 'powershell.exe' }), 'Microsoft-Windows-Sysmon 22 query powershell.exe');
  assert.equal(summarize({ category: 'dhcp', provider: 'zeek', action: 'lease', src_ip: '10.0.1.7', src_host: 'WS7', dst_ip: '10.0.0.1' }), 'DHCP lease 10.0.1.7 for WS7 from 10.0.0.1');
});

test('a process event other than a start says what the process did, not that it was started', () => {
  const explorer = { category: 'process', image: 'C:\\Windows\\explorer.exe', process_name: 'explorer.exe' };
  assert.equal(summarize({ ...explorer, action: 'access', event_id: 10 }), 'explorer.exe opened another process');
  assert.equal(summarize({ ...explorer, action: 'end', event_id: 4689 }), 'explorer.exe ended');
  assert.equal(summarize({ category: 'process', action: 'crash', image: 'C:\\x\\svc.exe' }), 'C:\\x\\svc.exe crashed');
  assert.equal(summarize({ category: 'process', action: 'image_load', process_name: 'a.exe' }), 'a.exe image_load');
  assert.equal(summarize({ ...explorer, action: 'start', parent_name: 'userinit.exe', command_line: 'C:\\Windows\\Explorer.EXE' }), 'userinit.exe started C:\\Windows\\Explorer.EXE');
  assert.equal(summarize({ category: 'process', action: null, parent_name: 'cmd.exe', image: 'C:\\t\\a.exe' }), 'cmd.exe started C:\\t\\a.exe');
});
