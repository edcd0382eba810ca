// The shared EVTX-ATTACK-SAMPLES Lateral_Movement folder loaded whole (skipped when absent):
// dozens of captures from different labs, where one machine name (MSEDGEWIN10) had different
// addresses. Each capture is read with its own addresses, so smbmap's inbound SMB keeps its
// sides and AN0327 finds the attack; the load report names the address it kept apart.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';

const REPO = join(__dirname, '..', '..', '..');
const FOLDER = join(REPO, '..', 'shared', 'datasets', 'evtx', 'Lateral_Movement');
const SMBMAP = join(FOLDER, 'smbmap_upload_exec_sysmon.evtx');
const skip = existsSync(SMBMAP) ? false : `shared dataset absent (${FOLDER})`;

test('Lateral_Movement as one folder: the smbmap attack on MSEDGEWIN10 is found, the conflicting address reported', { skip }, async () => {
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([FOLDER]);
    const plans = huntFiles([join(REPO, 'analytics')]).flatMap((p) => loadHuntFile(p).plans);
    const { chains } = runAnalytics(session.store, plans);
    const smbmap = chains.filter((c) => c.analytic === 'AN0327' && c.key.host === 'MSEDGEWIN10'
      && c.steps.every((s) => s.events.every((e) => e.source.file === SMBMAP)));
    assert.equal(smbmap.length, 1, 'one AN0327 chain from the smbmap capture');
    const access = smbmap[0]!.steps.find((s) => s.name === 'access')!.events[0]!;
    const row = session.store.all('SELECT src_ip, dst_port, direction FROM events WHERE id = ?', [access.id])[0];
    assert.deepEqual(row, { src_ip: '10.0.2.15', dst_port: 445, direction: 'inbound' });
    const kept = report.hosts!.conflicts.filter((c) => c.address === '10.0.2.15' && c.captures.includes(SMBMAP));
    assert.equal(kept.length, 1, 'the report names 10.0.2.15 and the smbmap capture');
    assert.deepEqual(kept[0]!.hosts, ['MSEDGEWIN10']);
  } finally {
    session.close();
  }
});
