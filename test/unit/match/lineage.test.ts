// Process facts from normalized columns: GUIDs when Sysmon gives them, host-qualified pids otherwise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processRefFromFields } from '../../../src/core/match/lineage';

test('Sysmon GUIDs win; pids are qualified by host; no process, no lane', () => {
  assert.deepEqual(processRefFromFields({ host: 'WS6', process_guid: '{A}', parent_guid: '{B}', process_name: 'cmd.exe', pid: 4, ppid: 3 }), { guid: '{A}', parentGuid: '{B}', name: 'cmd.exe' });
  assert.deepEqual(processRefFromFields({ host: 'WS6', pid: 4420, ppid: 612, process_name: null }), { guid: 'pid:WS6:4420', parentGuid: 'pid:WS6:612', name: 'process (pid 4420)' });
  assert.equal(processRefFromFields({ host: 'WS6', pid: 704, process_name: 'services.exe' })?.name, 'services.exe (pid 704)');
  assert.equal(processRefFromFields({ host: 'WS6', src_ip: '10.0.0.1' }), undefined);
  assert.equal(processRefFromFields({ process_guid: '' }), undefined);
});
