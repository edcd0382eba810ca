// Creators named after a load (ingest/creators.ts): a 4688 from before Windows 10 names its
// creator only by process id; the start of that id on the same host, not ended since, names it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { CreatorWalk } from '../../../src/core/ingest/creators';
import type { ProcessLifeRow } from '../../../src/core/store/processQueries';
import { loadLogLines } from '../../../src/core/format/loadReport';

/** The walk's names over rows in time order per host, in id order. */
function creatorNames(rows: readonly ProcessLifeRow[]): [string, string | null, number][] {
  const walk = new CreatorWalk();
  for (const row of rows) walk.see(row);
  return walk.names.sort((a, b) => a[2] - b[2]);
}

function start(id: number, ts: number, pid: number, image: string | null, unnamedCreator: number | null = null, host = 'H1'): ProcessLifeRow {
  return { id, host, ts, ends: false, pid, image, unnamedCreator };
}

function end(id: number, ts: number, pid: number, host = 'H1'): ProcessLifeRow {
  return { id, host, ts, ends: true, pid, image: null, unnamedCreator: null };
}

test('a start takes the image of the latest start of its creator\'s id before it', () => {
  const names = creatorNames([
    start(1, 10, 100, 'C:\\Windows\\old.exe'),
    end(2, 20, 100),
    start(3, 30, 100, 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe'),
    start(4, 40, 200, 'C:\\Windows\\System32\\calc.exe', 100),
  ]);
  assert.deepEqual(names, [['C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', 'wmiprvse.exe', 4]]);
});

test('no creator is named when its id ended since, started on another host, or never started in the logs', () => {
  const names = creatorNames([
    start(1, 10, 100, 'C:\\a.exe'),
    end(2, 20, 100),
    start(3, 30, 200, 'C:\\b.exe', 100), // its creator's id ended before
    start(4, 10, 300, 'C:\\c.exe', null, 'H2'),
    start(5, 40, 400, 'C:\\d.exe', 300), // 300 ran on H2, not here
    start(6, 50, 500, 'C:\\e.exe', 999), // no start of 999 at all
  ]);
  assert.deepEqual(names, []);
});

test('creators named in chains of starts, each by the one running at its time, in id order', () => {
  const names = creatorNames([
    start(7, 10, 100, 'C:\\w\\services.exe'),
    start(5, 20, 200, 'C:\\w\\cmd.exe', 100),
    start(6, 30, 300, 'C:\\w\\whoami.exe', 200),
  ]);
  assert.deepEqual(names, [['C:\\w\\services.exe', 'services.exe', 5], ['C:\\w\\cmd.exe', 'cmd.exe', 6]]);
});

/** A Security event as NXLog writes it. */
function security(eventId: number, time: string, data: Record<string, string>): string {
  return JSON.stringify({ EventTime: time, Hostname: 'WIN7.lab.local', SourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security', EventID: eventId, ...data });
}

test('a load names the creator of a 4688 without ParentProcessName, and analytics see it in the columns in memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-creators-'));
  const file = join(dir, 'security.json');
  writeFileSync(file, [
    security(4688, '2019-05-18 10:00:00', { NewProcessId: '0xae8', NewProcessName: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe', ProcessId: '0x248' }),
    security(4688, '2019-05-18 10:00:05', { NewProcessId: '0x424', NewProcessName: 'C:\\Windows\\System32\\calc.exe', ProcessId: '0xae8' }),
    security(4689, '2019-05-18 10:00:06', { ProcessId: '0xae8', ProcessName: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe' }),
    security(4688, '2019-05-18 10:00:07', { NewProcessId: '0x500', NewProcessName: 'C:\\Windows\\System32\\notepad.exe', ProcessId: '0xae8' }),
  ].join('\n'));
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([file]);
    // Said in the load report, the editor's output log included: these parents were inferred.
    assert.deepEqual(report.creators, { byIdOnly: 3, named: 1 });
    assert.ok(loadLogLines(report).some((l) => l.text.startsWith('creators: 1 of 3 process start(s)')), 'the output log says it');
    const rows = session.query("SELECT process_name, parent_name, parent_image FROM events WHERE action = 'start' ORDER BY ts").rows;
    assert.deepEqual(rows, [
      ['wmiprvse.exe', null, null],
      ['calc.exe', 'wmiprvse.exe', 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe'],
      ['notepad.exe', null, null], // its creator's id had ended: not named
    ]);
    const columns = session.store.columns();
    assert.ok(columns, 'the columns in memory followed the write');
    const calc = session.query("SELECT id FROM events WHERE process_name = 'calc.exe'").rows[0]![0] as number;
    assert.equal(columns.reader('parent_name')(columns.position(calc)!), 'wmiprvse.exe');
  } finally {
    session.close();
  }
});

const WMI = join(__dirname, '..', '..', '..', '..', 'shared', 'datasets', 'evtx', 'Lateral_Movement', 'LM_WMI_4624_4688_TargetHost.evtx');

test('the shared WMI capture (Windows 7-era 4688): calc.exe\'s creator is the wmiprvse.exe started before it', { skip: existsSync(WMI) ? false : 'shared dataset absent' }, async () => {
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([WMI]);
    assert.deepEqual(report.creators, { byIdOnly: 2, named: 1 }, 'wmiprvse.exe\'s own creator started before the capture');
    const rows = session.query("SELECT parent_name FROM events WHERE process_name = 'calc.exe' AND action = 'start'").rows;
    assert.deepEqual(rows, [['wmiprvse.exe']]);
  } finally {
    session.close();
  }
});
