// Each input limit triggers, with a message that names where and what to do, and keeps what
// came before: the store's memory budget (through the real pipeline), the CSV multi-line
// record cap (a quote that never closes), an EVTX-XML element that never closes, and the archive
// decompressed-size and ratio caps. Defaults are listed in docs/security.md.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { readCsv } from '../../../src/core/ingest/formats/csv';
import { readEvtxXml } from '../../../src/core/ingest/formats/evtxXml';
import { DEFAULT_MAX_RECORD_BYTES } from '../../../src/core/ingest/formats/csvRecords';
import { DEFAULT_MAX_ELEMENT_BYTES } from '../../../src/core/ingest/formats/xmlElements';
import { openSources } from '../../../src/core/raw/sources';
import { collect } from '../../../src/core/raw/sources/byteStream';
import { readChecked } from '../fuzz/harness';
import { gzip, tar } from '../ingest/formats/helpers';

const work = mkdtempSync(join(tmpdir(), 'huntbench-limits-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const record = (n: number) => JSON.stringify({ EventID: 1, SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1', RecordNumber: n, EventTime: '2020-09-20 12:16:56', UtcTime: '2020-09-20 12:16:56.000', CommandLine: 'x'.repeat(200) });

test('memory budget: loading stops between batches, keeps what was loaded and says how to narrow the load', async () => {
  const path = join(work, 'many.ndjson');
  writeFileSync(path, Array.from({ length: 20_000 }, (_, i) => record(i + 1)).join('\n'));
  const session = await HuntSession.create(defaultModules);
  try {
    const budget = session.stats().sizeBytes + 1024 * 1024;
    const report = await session.load([path, path], { budget, batchSize: 500 });
    assert.equal(report.stopped, true);
    assert.ok(report.events > 0 && report.events < 20_000, String(report.events));
    assert.equal(session.stats().events, report.events);
    assert.match(report.stopReason!, /^Stopped at [\d,]+ events: the database reached .* the memory budget of .*What was loaded is kept.*load fewer files or archive members.*narrower time range.*--budget-mb/s);
  } finally {
    session.close();
  }
});

test('CSV: a quote that never closes is cut at the record cap, its line rejected, and reading resumes after it', async () => {
  const header = 'TimeCreated,EventID,RecordNumber,Computer,Channel,Provider,CommandLine';
  const row = (n: number) => `2020-09-04T03:07:02Z,4688,${n},WS1,Security,Microsoft-Windows-Security-Auditing,cmd${n}`;
  const filler = Array.from({ length: Math.ceil(DEFAULT_MAX_RECORD_BYTES / 80) + 10 }, (_, i) => row(i + 10));
  const text = [header, row(1), `${row(2)},"never closed`, ...filler].join('\n');
  const { records, rejections } = await readChecked(readCsv, Buffer.from(text), 1 << 16);
  assert.deepEqual(rejections.map((r) => [r.line, r.reason]), [[3, `unterminated quoted field starting on this line (record exceeds ${DEFAULT_MAX_RECORD_BYTES} bytes); line skipped`]]);
  assert.equal(records.length, 1 + filler.length);
});

test('EVTX-XML: an element that never closes (over 16 MiB of data) is rejected by line; the next one loads', async () => {
  const ev = (n: number, data: string) => `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2020-09-04T03:07:02Z'/><EventRecordID>${n}</EventRecordID><Computer>W</Computer></System><EventData><Data Name='CommandLine'>${data}</Data></EventData></Event>`;
  const huge = ev(2, 'A'.repeat(DEFAULT_MAX_ELEMENT_BYTES + 1)).replace('</Event>', '');
  const text = `<Events>\n${ev(1, 'a')}\n${huge}\n${ev(3, 'c')}\n</Events>\n`;
  const { records, rejections } = await readChecked(readEvtxXml, Buffer.from(text), 1 << 20);
  assert.deepEqual(records.map((r) => r.event.record_id), [1, 3]);
  assert.equal(rejections.length, 1);
  // Whichever comes first ends it: the next <Event>, or the element cap.
  assert.match(rejections[0]!.reason, new RegExp(`not closed before the next <Event>|longer than ${DEFAULT_MAX_ELEMENT_BYTES} bytes without a closing tag`));
  assert.equal(rejections[0]!.line, 3);
});

test('archives: the decompressed-size cap stops the stream with a message naming the member and the limit', async () => {
  const path = join(work, 'big.json.gz');
  writeFileSync(path, gzipSync(Buffer.from(Array.from({ length: 5000 }, (_, i) => record(i)).join('\n'))));
  const warnings: string[] = [];
  let bytes = 0;
  for await (const entry of openSources(path, { warn: (m) => warnings.push(m), limits: { maxBytes: 256 * 1024 } })) bytes += (await collect(entry.open())).length;
  assert.equal(bytes, 256 * 1024, "what fits the limit is kept, nothing past it");
  assert.match(warnings.join('\n'), /big\.json: decompressed size exceeds the limit of 256 KiB; stopped reading/);
});

test('archives: a .tar.gz member past the ratio cap stops that archive with a message; what was read before and the files after it load', { timeout: 60_000 }, async () => {
  const lines = (from: number, count: number) => Buffer.from(Array.from({ length: count }, (_, i) => record(from + i)).join('\n') + '\n');
  const bomb = join(work, 'bomb.tar.gz');
  writeFileSync(bomb, gzip(await tar([{ name: 'a.json', data: lines(1, 3) }, { name: 'zeros.bin', data: Buffer.alloc(4 * 1024 * 1024) }, { name: 'b.json', data: lines(4, 3) }])));
  const after = join(work, 'after.ndjson');
  writeFileSync(after, lines(7, 2));
  const limits = { ratioFloorBytes: 1024 * 1024, maxRatio: 100 };
  const session = await HuntSession.create({ ...defaultModules, openSources: (path, warn) => openSources(path, { warn, limits }) });
  try {
    const report = await session.load([bomb, after]);
    assert.deepEqual(report.sources.map((s) => [s.source, s.events]), [[`${bomb}!a.json`, 3], [`${bomb}!zeros.bin`, 0], [after, 2]]);
    assert.match(report.sources[1]!.warnings.join('\n'), /bomb\.tar\.gz!zeros\.bin: expands \d+x \(limit 100x\), which looks like a decompression bomb; stopped reading/);
    assert.deepEqual(session.query('SELECT record_id FROM events ORDER BY id').rows.map((r) => r[0]), [1, 2, 3, 7, 8]);
  } finally {
    session.close();
  }
});
