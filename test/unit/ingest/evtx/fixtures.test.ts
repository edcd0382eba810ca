// The committed binary fixtures are exactly what fixtureFiles.ts generates (so none is opaque),
// and they read as described: the clean sample in full, the truncated copy up to the cut.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, FIXTURE_DIR } from './fixtureFiles';
import { readAll } from './events';

test('committed EVTX fixtures match their generator', () => {
  for (const [name, generate] of Object.entries(FIXTURES)) {
    const path = join(FIXTURE_DIR, name);
    const bytes = generate();
    if (process.env.HUNTBENCH_UPDATE_FIXTURES === '1' || !existsSync(path)) {
      mkdirSync(FIXTURE_DIR, { recursive: true });
      writeFileSync(path, bytes);
    }
    assert.ok(Buffer.from(readFileSync(path)).equals(Buffer.from(bytes)), `${path} differs from its generator (HUNTBENCH_UPDATE_FIXTURES=1 rewrites it)`);
  }
});

test('the sample reads fully; the truncated copy reads up to the cut and reports the rest', async () => {
  const sample = await readAll(new Uint8Array(readFileSync(join(FIXTURE_DIR, 'sample.evtx'))));
  assert.deepEqual(sample.records.map((r) => [r.recordId, r.event.eventId, r.event.channel]), [
    [1, 4624, 'Security'], [2, 7045, 'System'], [3, 1, 'Microsoft-Windows-Sysmon/Operational'], [4, 3, 'Microsoft-Windows-Sysmon/Operational'],
    [5, 4624, 'Security'], [6, 7045, 'System'], [7, 1, 'Microsoft-Windows-Sysmon/Operational'], [8, 3, 'Microsoft-Windows-Sysmon/Operational'],
  ]);
  assert.deepEqual([sample.rejects, sample.warnings], [[], []]);
  assert.equal(sample.records[2].event.data.ParentImage, 'C:\\Windows\\System32\\services.exe');

  const truncated = await readAll(new Uint8Array(readFileSync(join(FIXTURE_DIR, 'truncated.evtx'))));
  assert.deepEqual(truncated.records.map((r) => r.recordId), [1, 2, 3, 4, 5, 6]);
  assert.equal(truncated.rejects.length, 2);
  assert.match(truncated.rejects[0].reason, /^chunk 1 \(file offset 69632\), record at file offset \d+: record 7 is cut off by the end of the file \(40 of \d+ bytes present\)$/);
  assert.match(truncated.rejects[1].reason, /file ends inside the chunk: record 8 is missing$/);
});
