// Records lost or misread, round two: lone-CR line ends, a byte-order mark in the middle of a
// source (two exports concatenated), EVTX-XML with a namespace prefix, `</Event>` inside CDATA
// or a comment, a repeated <Computer>, zip metadata that lies (encryption flag, understated
// sizes, a member named `/`), duplicate CSV column names. Through the real load pipeline.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import type { LoadReport } from '../../../src/core/types/reports';
import type { SqlValue } from '../../../src/core/types/store';
import { zip } from '../ingest/formats/helpers';

const work = mkdtempSync(join(tmpdir(), 'huntbench-quirks-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

interface Loaded {
  readonly report: LoadReport;
  readonly rows: Record<string, SqlValue>[];
  readonly rejections: string[];
  readonly warnings: string[];
  readonly raw: string[];
}

async function load(name: string, bytes: Buffer | string, parallel = false): Promise<Loaded> {
  const path = join(work, name);
  writeFileSync(path, bytes);
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([path], { parallel });
    const result = session.query('SELECT id, record_id, host, command_line, line, "offset", length FROM events ORDER BY id');
    const rows = result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c, r[i]!])));
    return {
      report,
      rows,
      rejections: report.sources.flatMap((s) => s.rejections.map((r) => `line ${r.line ?? '-'}: ${r.reason}`)),
      warnings: report.sources.flatMap((s) => s.warnings),
      raw: rows.map((r) => session.raw(Number(r.id)).text ?? ''),
    };
  } finally {
    session.close();
  }
}

const sysmon = (n: number, extra: Record<string, unknown> = {}) => JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1', RecordNumber: n,
  UtcTime: `2024-01-01 10:00:0${n}.000`, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd ${n}`, ...extra });
const BOM = '\ufeff';

for (const parallel of [false, true]) {
  test(`NDJSON${parallel ? ' (parse pool path)' : ''}: lone CR, CRLF and LF line ends, BOMs mid-file: every record, right lines`, async () => {
    const text = `${BOM}${sysmon(1)}\r${sysmon(2)}\r\n${BOM}${sysmon(3)}\n${sysmon(4)}\r\r${BOM}${sysmon(5)}\r`;
    const got = await load(`lonecr-${parallel}.json`, text, parallel);
    assert.deepEqual(got.rejections, []);
    assert.deepEqual(got.rows.map((r) => r.record_id), [1, 2, 3, 4, 5]);
    assert.deepEqual(got.rows.map((r) => r.line), [1, 2, 3, 4, 6]);
    assert.deepEqual(got.raw, [1, 2, 3, 4, 5].map((n) => sysmon(n)));
  });
}

test('CSV and Zeek TSV with lone CR line ends and a BOM mid-file load every row', async () => {
  const csv = ['"_time",host,EventCode,LogName,SourceName,CommandLine', '"2024-01-01T10:00:01.000+0000","WS1",1,"Microsoft-Windows-Sysmon/Operational","Microsoft-Windows-Sysmon","a"',
    `${BOM}"2024-01-01T10:00:02.000+0000","WS1",1,"Microsoft-Windows-Sysmon/Operational","Microsoft-Windows-Sysmon","b"`].join('\r') + '\r';
  const got = await load('lonecr.csv', csv);
  assert.deepEqual(got.rejections, []);
  assert.deepEqual(got.rows.map((r) => r.command_line), ['a', 'b']);
  const zeek = ['#separator \\x09', '#path\tconn', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto', '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
    '1704103201.000000\tC1\t10.0.0.1\t5000\t10.0.0.2\t445\ttcp', `${BOM}1704103202.000000\tC2\t10.0.0.1\t5001\t10.0.0.2\t445\ttcp`].join('\r') + '\r';
  const conn = await load('conn.log', zeek);
  assert.deepEqual(conn.rejections, []);
  assert.equal(conn.rows.length, 2);
});

/** One Sysmon process event as EVTX-XML; `p` is the namespace prefix ('' for none), `data` extra markup inside EventData. */
function xmlEvent(n: number, p = '', data = '', computer = '<Computer>WS1</Computer>'): string {
  const q = p ? `${p}:` : '';
  const ns = p ? ` xmlns:${p}='http://schemas.microsoft.com/win/2004/08/events/event'` : " xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";
  return `<${q}Event${ns}><${q}System><${q}Provider Name='Microsoft-Windows-Sysmon'/><${q}EventID>1</${q}EventID><${q}TimeCreated SystemTime='2024-01-01T10:00:0${n}.000Z'/>`
    + `<${q}EventRecordID>${n}</${q}EventRecordID><${q}Channel>Microsoft-Windows-Sysmon/Operational</${q}Channel>${computer.replace(/<(\/?)Computer>/g, `<$1${q}Computer>`)}</${q}System>`
    + `<${q}EventData><${q}Data Name='Image'>C:\\Windows\\System32\\cmd.exe</${q}Data><${q}Data Name='CommandLine'>cmd ${n}${data}</${q}Data></${q}EventData></${q}Event>`;
}

test('EVTX-XML: namespace prefixes on the elements are read like plain ones', async () => {
  const got = await load('prefixed.xml', `<?xml version="1.0"?>\n<Events>\n${xmlEvent(1, 'e')}\n${xmlEvent(2)}\n${xmlEvent(3, 'ev')}\n</Events>\n`);
  assert.deepEqual(got.rejections, []);
  assert.deepEqual(got.warnings, []);
  assert.deepEqual(got.rows.map((r) => r.record_id), [1, 2, 3]);
  assert.deepEqual(got.rows.map((r) => r.line), [3, 4, 5]);
});

test('EVTX-XML: </Event> inside CDATA, a comment or a processing instruction does not end the event', async () => {
  const events = [xmlEvent(1, '', '<![CDATA[ </Event><Event> ]]>'), xmlEvent(2, '', '<!-- </Event> <Event> -->'), xmlEvent(3, '', '<?pi </Event> ?>'), xmlEvent(4, 'e', '<![CDATA[</e:Event>]]>')];
  const got = await load('cdata.xml', `<Events>\n<!-- an old <Event> kept as a comment </Event> -->\n${events.join('\n')}\n</Events>\n`);
  assert.deepEqual(got.rejections, []);
  assert.deepEqual(got.rows.map((r) => r.record_id), [1, 2, 3, 4]);
  assert.deepEqual(got.rows.map((r) => r.command_line), ['cmd 1 </Event><Event> ', 'cmd 2', 'cmd 3', 'cmd 4</e:Event>']);
});

test('EVTX-XML: a repeated <Computer> is reported with its line; the first value is kept', async () => {
  const got = await load('computer.xml', `<Events>\n${xmlEvent(1)}\n${xmlEvent(2, '', '', '<Computer>WS1</Computer><Computer>DC01</Computer>')}\n</Events>\n`);
  assert.deepEqual(got.rows.map((r) => r.host), ['WS1', 'WS1']);
  assert.ok(got.warnings.some((w) => /1 <System> field\(s\) appear twice in one <Event> \(first at line 3: <Computer> "WS1" and again "DC01"\); the first value is kept/.test(w)), JSON.stringify(got.warnings));
});

/** Offsets of each member's local and central header in a zip built by helpers' zip(). */
function headers(z: Buffer): { local: number[]; central: number[] } {
  const local: number[] = [];
  const central: number[] = [];
  for (let i = 0; i + 4 <= z.length; i++) {
    if (z.readUInt32LE(i) === 0x04034b50) local.push(i);
    if (z.readUInt32LE(i) === 0x02014b50) central.push(i);
  }
  return { local, central };
}

const threeMembers = (store: boolean) => [
  { name: 'a.json', data: Buffer.from(`${sysmon(1)}\n`), store },
  { name: 'b.json', data: Buffer.from(`${sysmon(2)}\n${sysmon(3)}\n`), store },
  { name: 'c.json', data: Buffer.from(`${sysmon(4)}\n`), store },
];

for (const store of [false, true]) {
  const kind = store ? 'stored' : 'deflated';
  test(`zip (${kind}): a member flagged as encrypted is reported by name and skipped; the members after it load`, async () => {
    const bytes = zip(threeMembers(store));
    const { local, central } = headers(bytes);
    bytes.writeUInt16LE(bytes.readUInt16LE(local[1]! + 6) | 1, local[1]! + 6);
    bytes.writeUInt16LE(bytes.readUInt16LE(central[1]! + 8) | 1, central[1]! + 8);
    const got = await load(`encrypted-${kind}.zip`, bytes);
    assert.deepEqual(got.rows.map((r) => r.record_id), [1, 4]);
    assert.ok(got.warnings.some((w) => /encrypted-\w+\.zip!b\.json: is encrypted \(its flag is set\); .*member skipped/.test(w)), JSON.stringify(got.warnings));
  });

  test(`zip (${kind}): a central directory that understates a size: one consistent message, every record read`, async () => {
    for (const field of [20, 24]) {
      const bytes = zip(threeMembers(store));
      const { central } = headers(bytes);
      bytes.writeUInt32LE(bytes.readUInt32LE(central[1]! + field) - 10, central[1]! + field);
      const got = await load(`understated-${kind}-${field}.zip`, bytes);
      assert.deepEqual(got.rejections, []);
      assert.deepEqual(got.rows.map((r) => r.record_id), [1, 2, 3, 4]);
      assert.deepEqual(got.raw, [1, 2, 3, 4].map((n) => sysmon(n)));
      const notes = got.warnings.filter((w) => w.includes('b.json'));
      assert.equal(notes.length, 1, JSON.stringify(got.warnings));
      assert.match(notes[0]!, /the central directory says \d+ bytes \(\d+ uncompressed\) and the local header \d+ \(\d+\); read by the local header's sizes/);
    }
  });

  test(`zip (${kind}): a member named "/" that holds data is read and reported`, async () => {
    const members = threeMembers(store);
    const got = await load(`slash-${kind}.zip`, zip([members[0]!, { ...members[1]!, name: '/' }, members[2]!]));
    assert.deepEqual(got.rows.map((r) => r.record_id), [1, 2, 3, 4]);
    assert.deepEqual(got.raw, [1, 2, 3, 4].map((n) => sysmon(n)));
    assert.ok(got.warnings.some((w) => /!\/: a folder entry \(its name ends in "\/"\) that holds \d+ byte\(s\) of data; read as a file/.test(w)), JSON.stringify(got.warnings));
  });
}

test('CSV: a repeated column name is reported; the first column keeps the name, later ones are read as Name2 (loading and raw_field agree)', async () => {
  const csv = '"_time",host,EventCode,LogName,SourceName,CommandLine,Image,commandline,CommandLine\r\n'
    + '"2024-01-01T10:00:01.000+0000","WS1",1,"Microsoft-Windows-Sysmon/Operational","Microsoft-Windows-Sysmon","first","c:\\\\x.exe","second","third"\r\n';
  const path = join(work, 'dupcols.csv');
  writeFileSync(path, csv);
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([path]);
    const warnings = report.sources.flatMap((s) => s.warnings);
    assert.ok(warnings.some((w) => w === 'CSV header repeats column name(s): commandline (column 8, read as commandline2), CommandLine (column 9, read as CommandLine3); the first column of a name keeps it'), JSON.stringify(warnings));
    const row = session.query("SELECT command_line, raw_field(id, 'CommandLine'), raw_field(id, 'CommandLine2'), raw_field(id, 'CommandLine3') FROM events").rows[0];
    assert.deepEqual(row, ['first', 'first', 'second', 'third']);
  } finally {
    session.close();
  }
});
