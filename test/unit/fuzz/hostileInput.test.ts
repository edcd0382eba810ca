// Fuzzing the classes of issue 16 with inputs built here, fixed seed, bounded runs:
// - line terminators and byte-order marks: any mix of "\n", "\r\n", lone "\r" and BOMs at line
//   starts, cut into any chunks, costs no record (NDJSON both paths, CSV), with exact raw text;
// - namespace prefixes, CDATA, comments and PIs holding `</Event>`: every EVTX-XML event loads;
// - control characters: any text through printable() keeps nothing that acts on a terminal,
//   and JSON through it parses back to the same value;
// - archive metadata that lies: any flag and size field of one zip member's central entry,
//   never a crash or hang, and the other members load;
// - non-regular files: folders of random regular files, FIFOs, sockets and links (dangling,
//   looping, to folders) load every regular file and report every other entry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readJson } from '../../../src/core/ingest/formats/json';
import { readCsv } from '../../../src/core/ingest/formats/csv';
import { readEvtxXml } from '../../../src/core/ingest/formats/evtxXml';
import { parallelJsonReader } from '../../../src/core/ingest/parallel/parallelJson';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { printable } from '../../../src/core/text/printable';
import type { FormatReader } from '../../../src/core/types/records';
import { zip } from '../ingest/formats/helpers';
import { Figures, fuzzOptions, readChecked, reasonsOf } from './harness';

/** Load-through-a-session properties cost a session per case: at most this many, also under `npm run fuzz`. */
const bounded = (normal: number, most: number) => ({ ...fuzzOptions(normal), numRuns: Math.min(fuzzOptions(normal).numRuns ?? normal, most) });
/** Warnings without the path they start with, so the figures group them by kind. */
const withoutPaths = (warnings: readonly string[]) => warnings.map((w) => w.replace(/^\S+: /, ''));

const work = mkdtempSync(join(tmpdir(), 'huntbench-fuzz-hostile-'));
const servers: Server[] = [];
test.after(() => {
  for (const s of servers) s.close();
  rmSync(work, { recursive: true, force: true });
});

const figures = new Figures('hostile input');
const terminator = fc.constantFrom('\n', '\r\n', '\r');
const bomBefore = fc.boolean();

const sysmon = (n: number) => JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1', RecordNumber: n,
  UtcTime: '2024-01-01 10:00:00.000', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd ${n} é` });
const csvRow = (n: number) => `"2024-01-01T10:00:00.000+0000","WS1",1,"Microsoft-Windows-Sysmon/Operational","Microsoft-Windows-Sysmon","cmd ${n} é"`;
const CSV_HEADER = '"_time",host,EventCode,LogName,SourceName,CommandLine';

/** Lines joined by random terminators, each (but a header) maybe opened by a BOM; the text of each record line, in order. */
const joined = (header: string | undefined, row: (n: number) => string) => fc.array(fc.tuple(terminator, bomBefore), { minLength: 1, maxLength: 12 }).map((ends) => {
  let text = header === undefined ? '' : `${header}${ends[0]![0]}`;
  const rows = ends.map((_, i) => row(i + 1));
  ends.forEach(([end, bom], i) => { text += `${bom ? '\ufeff' : ''}${rows[i]}${end}`; });
  return { bytes: Buffer.from(text), rows };
});

async function lineEndsHold(name: string, reader: FormatReader, header: string | undefined, row: (n: number) => string, rawOf: (text: string) => string): Promise<void> {
  await fc.assert(fc.asyncProperty(joined(header, row), fc.integer({ min: 1, max: 97 }), async ({ bytes, rows }, piece) => {
    await figures.guard(async () => {
      const out = await readChecked(reader, bytes, piece);
      figures.count(reasonsOf(out));
      assert.deepEqual(out.rejections, [], name);
      assert.deepEqual(out.records.map((r) => bytes.toString('utf8', r.pointer.offset, r.pointer.offset + r.pointer.length)), rows.map(rawOf), name);
    });
  }), fuzzOptions(60));
}

test("line terminators and BOMs: NDJSON (both paths) and CSV lose no record, raw text exact", async () => {
  await lineEndsHold('ndjson', readJson, undefined, sysmon, (r) => r);
  await lineEndsHold('ndjson pool path', parallelJsonReader(readJson, 1), undefined, sysmon, (r) => r);
  await lineEndsHold('csv', readCsv, CSV_HEADER, csvRow, (r) => r);
});

const xmlName = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const hidden = fc.constantFrom('<![CDATA[ </Event> ]]>', '<!-- </Event><Event> -->', '<?x </Event> ?>', '', '&lt;/Event&gt;');

test('EVTX-XML: any namespace prefix, and </Event> hidden in CDATA, comments or PIs, costs no event', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.option(xmlName, { nil: undefined }), hidden, terminator), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 200 }), async (events, piece) => {
    await figures.guard(async () => {
      const xml = events.map(([prefix, inside, end], i) => {
        const q = prefix ? `${prefix}:` : '';
        const ns = prefix ? ` xmlns:${prefix}='http://schemas.microsoft.com/win/2004/08/events/event'` : '';
        return `<${q}Event${ns}><${q}System><${q}Provider Name='Microsoft-Windows-Sysmon'/><${q}EventID>1</${q}EventID><${q}TimeCreated SystemTime='2024-01-01T10:00:00.000Z'/>`
          + `<${q}EventRecordID>${i + 1}</${q}EventRecordID><${q}Computer>WS1</${q}Computer></${q}System><${q}EventData><${q}Data Name='CommandLine'>x${inside}</${q}Data></${q}EventData></${q}Event>${end}`;
      }).join('');
      const out = await readChecked(readEvtxXml, Buffer.from(`<Events>\n${xml}</Events>\n`), piece);
      figures.count(reasonsOf(out));
      assert.deepEqual(out.rejections, []);
      assert.deepEqual(out.records.map((r) => r.event.record_id), events.map((_, i) => i + 1));
    });
  }), fuzzOptions(80));
});

const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

test('control characters: printable() leaves none that acts on a terminal, and JSON through it keeps its values', () => {
  const nasty = fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), fc.constantFrom('\u202e', '\u2066', '\u2028', '\u061c', '\u200f', '😀', 'é')), maxLength: 40 });
  fc.assert(fc.property(nasty, (text) => {
    assert.equal(UNSAFE.test(printable(text)), false);
    assert.deepEqual(JSON.parse(printable(JSON.stringify({ v: text }, null, 2))), { v: text });
  }), fuzzOptions(2000));
});

/** Central-directory fields of one member an attacker may set: flags, method, sizes, name length kept. */
const lie = fc.record({ member: fc.integer({ min: 0, max: 2 }), field: fc.constantFrom(8, 10, 16, 20, 24), value: fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffffffff })) });

test('archive metadata that lies: one member\'s central entry changed any way never crashes, and the others load', async () => {
  await fc.assert(fc.asyncProperty(lie, fc.boolean(), async ({ member, field, value }, store) => {
    await figures.guard(async () => {
      const members = [1, 2, 3].map((n) => ({ name: `m${n}.json`, data: Buffer.from(`${sysmon(n)}\n`), store }));
      const bytes = zip(members);
      const central: number[] = [];
      for (let i = 0; i + 4 <= bytes.length; i++) if (bytes.readUInt32LE(i) === 0x02014b50) central.push(i);
      if (field === 8 || field === 10) bytes.writeUInt16LE(value & 0xffff, central[member]! + field);
      else bytes.writeUInt32LE(value >>> 0, central[member]! + field);
      const path = join(work, `lie-${member}-${field}-${value}-${store}.zip`);
      writeFileSync(path, bytes);
      const session = await HuntSession.create(defaultModules);
      try {
        const report = await session.load([path]);
        figures.count(withoutPaths(report.sources.flatMap((s) => s.warnings)));
        const ids = session.query('SELECT record_id FROM events ORDER BY record_id').rows.map((r) => r[0]);
        for (const n of [1, 2, 3].filter((k) => k !== member + 1)) assert.ok(ids.includes(n), `m${n}.json lost: ${JSON.stringify(report.sources)}`);
      } finally {
        session.close();
      }
    });
  }), bounded(40, 300));
});

test('non-regular files: random folders of files, FIFOs, sockets and links load every regular file and name every other entry', { timeout: 120_000 }, async (t) => {
  const kinds = fc.array(fc.constantFrom('file', 'fifo', 'socket', 'dangling', 'loop', 'parent', 'device'), { minLength: 1, maxLength: 7 });
  let run = 0;
  await fc.assert(fc.asyncProperty(kinds, async (entries) => {
    await figures.guard(async () => {
      const folder = join(work, `tree-${run++}`);
      mkdirSync(join(folder, 'sub'), { recursive: true });
      const expectedFiles: number[] = [];
      const irregular: string[] = [];
      for (const [i, kind] of entries.entries()) {
        const path = join(folder, i % 2 ? 'sub' : '', `e${i}.json`);
        if (kind === 'file') {
          writeFileSync(path, `${sysmon(i + 1)}\n`);
          expectedFiles.push(i + 1);
          continue;
        }
        irregular.push(path);
        if (kind === 'fifo') execFileSync('mkfifo', [path]);
        else if (kind === 'socket') {
          const server = createServer();
          servers.push(server);
          await new Promise<void>((resolve) => server.listen(path, resolve));
        } else if (kind === 'dangling') symlinkSync(join(folder, 'nowhere'), path);
        else if (kind === 'loop') symlinkSync(path, path);
        else if (kind === 'device') symlinkSync('/dev/zero', path);
        else symlinkSync(folder, path);
      }
      const session = await HuntSession.create(defaultModules);
      try {
        const report = await session.load([folder]);
        figures.count(withoutPaths(report.sources.flatMap((s) => s.warnings)));
        assert.deepEqual(session.query('SELECT record_id FROM events ORDER BY record_id').rows.map((r) => r[0]), expectedFiles);
        for (const path of irregular) {
          assert.ok(report.sources.some((s) => s.source === path && s.warnings.some((w) => w.startsWith('skipped: '))), `${path} not reported: ${JSON.stringify(report.sources.map((s) => [s.source, s.warnings]))}`);
        }
      } finally {
        session.close();
      }
    });
  }), bounded(15, 60));
  figures.report(t);
});
