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
