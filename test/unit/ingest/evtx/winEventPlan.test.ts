// Plans (winEventPlan.ts) against the walk they stand in for: every record of the sample files
// and of generated chunks whose templates mix what real logs and crafted ones hold (values in
// text and attributes, NULL and missing values, attributes made only of values, nested BinXML
// values, unnamed and repeated names, values that do not render, the plan's marker characters)
// gives the same WinEvent, or the same error, both ways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ChunkBinXml, type BxNode } from '../../../../src/core/ingest/evtx/binxml';
import { CH, CHUNK_HEADER_SIZE, CHUNK_SIGNATURE, CHUNK_SIZE, FILE_HEADER_SIZE, RECORD_HEADER_SIZE, RECORD_SIGNATURE, hasSignature, u32 } from '../../../../src/core/ingest/evtx/layout';
import { walkRecord } from '../../../../src/core/ingest/evtx/walk';
import { WinEventBuilder, WinEventCollector } from '../../../../src/core/ingest/evtx/winEvent';
import { countNodes, sameNodes, TemplateCatalog } from '../../../../src/core/ingest/evtx/templateCatalog';
import { WinEventReader } from '../../../../src/core/ingest/evtx/winEventPlan';
import { decodeNormalizedChunk, normalizeRenderedWhenAsked } from '../../../../src/core/ingest/evtx/normalizedChunk';
import { normalizeWinEvent } from '../../../../src/core/ingest/normalize/windows';
import type { WinEvent } from '../../../../src/core/types/records';
import { seededRandom, type Random } from '../../../../scripts/samples/random';
import { buildChunk, el, sub, text, v, type Content, type RecordSpec, type SubstitutionValue, type Template } from './builder';
import { eventTemplate as systemTemplate, systemValues } from './events';
import { FIXTURE_DIR } from './fixtureFiles';
import { evtxFilesUnder } from './evtxFiles';

const DATASET = '../shared/datasets/evtx';

type Outcome = { event: unknown } | { error: string };

function outcome(read: () => unknown): Outcome {
  try {
    return { event: read() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * Compares plan and walk on every record of one chunk, and the row normalized from a lazily
 * read record with the row of the walked one; returns how many records there were, how many
 * the plans left to the walk, and how many were read lazily.
 */
function compareChunk(chunk: Uint8Array, where: string): { records: number; walked: number; lazy: number } {
  const reader = new WinEventReader(new ChunkBinXml(chunk));
  const limit = Math.min(chunk.length, Math.max(CHUNK_HEADER_SIZE, u32(chunk, CH.freeSpaceOffset)));
  let records = 0;
  let lazy = 0;
  for (let pos = CHUNK_HEADER_SIZE; pos + RECORD_HEADER_SIZE <= limit && u32(chunk, pos) === RECORD_SIGNATURE; ) {
    const size = u32(chunk, pos + 4);
    if (size < RECORD_HEADER_SIZE + 4 || pos + size > chunk.length) break;
    const start = pos + RECORD_HEADER_SIZE;
    const end = pos + size - 4;
    const walked = outcome(() => {
      const collector = new WinEventCollector();
      walkRecord(new ChunkBinXml(chunk), start, end, new WinEventBuilder(collector));
      return collector.build();
    });
    assert.deepEqual(outcome(() => reader.read(start, end)), walked, `${where}, record at ${pos}`);
    const lazyRow = outcome(() => {
      const record = reader.lazy(start, end);
      return record && normalizeRenderedWhenAsked(record.event, record.field);
    });
    if ('error' in lazyRow) assert.deepEqual(lazyRow, walked, `${where}, record at ${pos}, read lazily`);
    else if (lazyRow.event !== undefined) {
      lazy++;
      assert.deepEqual(lazyRow.event, normalizeWinEvent((walked as { event: WinEvent }).event, true), `${where}, record at ${pos}, read lazily`);
    }
    records++;
    pos += size;
  }
  return { records, walked: reader.walked, lazy };
}

test('on every record of the sample files, a plan gives what the walk gives, and plans read nearly all of them, lazily', () => {
  const files = [...evtxFilesUnder(FIXTURE_DIR), ...(existsSync(DATASET) ? evtxFilesUnder(DATASET) : [])];
  let records = 0;
  let walked = 0;
  let lazy = 0;
  for (const path of files) {
    const bytes = new Uint8Array(readFileSync(path));
    for (let o = FILE_HEADER_SIZE; o < bytes.length; o += CHUNK_SIZE) {
      if (!hasSignature(bytes, o, CHUNK_SIGNATURE)) continue;
      const counts = compareChunk(bytes.subarray(o, o + CHUNK_SIZE), `${path} chunk at ${o}`);
      records += counts.records;
      walked += counts.walked;
      lazy += counts.lazy;
    }
  }
  assert.ok(records > 0);
  assert.ok(walked <= records * 0.01, `${walked} of ${records} records walked`);
  assert.ok(lazy >= records * 0.99, `${lazy} of ${records} records read lazily`);
});

// ---- generated records ------------------------------------------------------------------------

/** Values a generated template may refer to: 0-11; a record gives 0-12 of them. */
const VALUES = 12;

function attributeValue(r: Random): Content[] {
  switch (r.int(0, 6)) {
    case 0: return [];
    case 1: return [text(r.pick(['Microsoft-Windows-Sysmon', 'Target', '']))];
    case 2: return [sub(r.int(0, VALUES - 1), 0x01), text('-'), sub(r.int(0, VALUES - 1), 0x01)];
    case 3: return [{ charRef: 0x41 }, sub(r.int(0, VALUES - 1), 0x01)];
    case 4: return [text('\uFDD0x')];
    default: return [sub(r.int(0, VALUES - 1), 0x01)];
  }
}

function content(r: Random, depth: number): Content {
  switch (r.int(0, depth > 2 ? 4 : 7)) {
    case 0: return text(r.pick(['  padded  ', 'text', '', '\uFDD1']));
    case 1: return { cdata: 'c<d>' };
    case 2: return { entity: r.pick(['amp', 'lt', 'nbsp']) };
    case 3: return { charRef: 0x263a };
    case 4: return sub(r.int(0, VALUES + 1), 0x01); // past the values a record may give: renders nothing
    default: {
      const name = r.pick(['Data', 'Data', 'Param', 'x:Leaf', 'Binary', 'Data']);
      // Sometimes Name twice: crafted, but the walk takes the last present one.
      const attrs = Array.from({ length: r.next() < 0.6 ? r.int(1, 2) : 0 }, (): [string, Content[]] => [r.pick(['Name', 'Name', 'Other']), attributeValue(r)]);
      return { el: name, attrs, children: Array.from({ length: r.int(0, 3) }, () => content(r, depth + 1)) };
    }
  }
}

const SYSTEM_NAMES = ['Provider', 'EventID', 'TimeCreated', 'EventRecordID', 'Channel', 'Computer', 'Level', 'Keywords', 'Security'];

function system(r: Random): Content {
  const children = Array.from({ length: r.int(1, 8) }, (): Content => {
    const name = r.pick(SYSTEM_NAMES);
    const attrs: Record<string, Content[]> = {};
    if (r.next() < 0.7) attrs[name === 'Provider' ? 'Name' : name === 'TimeCreated' ? 'SystemTime' : 'UserID'] = attributeValue(r);
    if (r.next() < 0.1) attrs.Guid = [sub(r.int(0, VALUES - 1), 0x0f)];
    return el(name, attrs, ...Array.from({ length: r.int(0, 2) }, () => r.next() < 0.7 ? sub(r.int(0, VALUES - 1), 0x01) : text(r.pick([' 7 ', 'Security', '0x8020']))));
  });
  return el('System', undefined, ...children);
}

/** A body for a template or a nested value: EventData, UserData, loose values or elements. */
function payload(r: Random): Content[] {
  switch (r.int(0, 3)) {
    case 0: return [el('EventData', undefined, ...Array.from({ length: r.int(0, 5) }, () => content(r, 1)))];
    case 1: return [el('UserData', undefined, el('Wrapper', undefined, ...Array.from({ length: r.int(0, 4) }, () => content(r, 1))))];
    case 2: return [sub(r.int(0, VALUES - 1), 0x21)];
    default: return Array.from({ length: r.int(0, 3) }, () => content(r, 1));
  }
}

function eventTemplate(r: Random, id: number): Template {
  return { id, body: [el('Event', undefined, system(r), ...payload(r))] };
}

function scalar(r: Random): SubstitutionValue {
  switch (r.int(0, 11)) {
    case 0: return v.null();
    case 1: return v.string('');
    case 2: return v.uint16(r.int(0, 65535));
    case 3: return v.filetime('2024-05-06T07:08:09.123Z', BigInt(r.int(0, 9999)));
    case 4: return v.guid('{12345678-9abc-def0-1234-56789abcdef0}');
    case 5: return v.sid('S-1-5-21-1-2-3-500');
    case 6: return { type: 0x13, bytes: new Uint8Array([1, 9, 0, 0, 0, 0, 0, 5]) }; // SID claiming 9 sub-authorities in 8 bytes: does not render
    case 7: return { type: 0x30, bytes: new Uint8Array([1]) }; // unknown type
    case 8: return v.stringArray(['a', 'b']);
    case 9: return { type: 0x21, bytes: new Uint8Array(0) }; // BinXML of size 0: nothing
    default: return v.string(r.pick(['  Security  ', 'WS1.corp.example', '4688', 'x\uFDD0y']));
  }
}

function values(r: Random, templates: readonly Template[], depth: number): SubstitutionValue[] {
  return Array.from({ length: r.int(0, VALUES) }, (): SubstitutionValue => {
    if (depth < 3 && r.next() < 0.3) {
      const template = r.pick(templates);
      return { nested: { template, values: values(r, templates, depth + 1) } };
    }
    return scalar(r);
  });
}

test('on generated records, a plan gives what the walk gives (the same WinEvent or the same error)', () => {
  const r = seededRandom(20261208);
  let records = 0;
  let walked = 0;
  let lazy = 0;
  for (let c = 0; c < 150; c++) {
    const events = Array.from({ length: 3 }, (_, i) => eventTemplate(r, 100 + i));
    const nested = Array.from({ length: 3 }, (_, i): Template => ({ id: 200 + i, body: payload(r) }));
    const specs: RecordSpec[] = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, template: r.pick(events), values: values(r, nested, 0) }));
    const counts = compareChunk(buildChunk({ records: specs }).bytes, `generated chunk ${c}`);
    records += counts.records;
    walked += counts.walked;
    lazy += counts.lazy;
  }
  assert.equal(records, 150 * 8);
  // Every way is exercised: plans for most records, lazily for many, the walk for what plans step aside from.
  assert.ok(walked > records * 0.05 && walked < records * 0.7, `${walked} of ${records} records walked`);
  assert.ok(lazy > records * 0.2, `${lazy} of ${records} records read lazily`);
});

/** Field names the Sysmon, Security and SCM mappers read, and some they do not. */
const FIELD_NAMES = ['UtcTime', 'ProcessGuid', 'ProcessId', 'Image', 'CommandLine', 'User', 'ParentProcessGuid', 'ParentProcessId', 'ParentImage',
  'SourceIp', 'SourcePort', 'DestinationIp', 'DestinationPort', 'Protocol', 'Initiated', 'TargetFilename', 'TargetObject', 'Details',
  'TargetUserName', 'TargetDomainName', 'LogonType', 'IpAddress', 'IpPort', 'NewProcessName', 'ServiceName', 'ServiceFileName',
  'Hashes', 'Company', 'FileVersion', 'IntegrityLevel', 'QueryName', 'ShareName', 'RelativeTargetName', 'param1', 'Data2'];
const SOURCES = [['Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational'], ['Microsoft-Windows-Security-Auditing', 'Security'], ['Service Control Manager', 'System']] as const;
const EVENT_IDS = [1, 3, 5, 8, 10, 11, 12, 13, 17, 22, 4624, 4625, 4648, 4656, 4663, 4672, 4688, 4697, 4698, 5140, 5145, 5156, 7009, 7036, 7040, 7045];
/** Per record: values 0-6 System, 7-20 the Data texts, 21-34 Data names given as values. */
const DATA_VALUES = 14;

test('on generated Sysmon, Security and SCM records, the rows from data rendered when asked are the rows of whole records', () => {
  const r = seededRandom(20261209);
  let records = 0;
  let lazy = 0;
  for (let c = 0; c < 60; c++) {
    const templates = Array.from({ length: 3 }, (_, i) => {
      const data = Array.from({ length: r.int(1, DATA_VALUES) }, (_, n): Content => {
        const naming = r.next();
        // A static Name, none (Data1, Data2, ...), or a Name given by a value (NULL ones leave it out).
        const attrs: Record<string, Content[]> = naming < 0.7 ? { Name: [text(r.pick(FIELD_NAMES))] } : naming < 0.85 ? {} : { Name: [sub(7 + DATA_VALUES + n, 0x01)] };
        return el('Data', attrs, sub(7 + n, 0x01));
      });
      return systemTemplate(100 + i, el('EventData', undefined, ...data));
    });
    const specs: RecordSpec[] = Array.from({ length: 8 }, (_, i) => {
      const [provider, channel] = r.pick(SOURCES);
      const texts = Array.from({ length: DATA_VALUES }, () => r.next() < 0.6 ? v.string(r.pick(['C:\\Windows\\System32\\cmd.exe', '10.0.0.5', '445', '2024-05-06 07:08:09.123', 'running', ''])) : scalar(r));
      const names = Array.from({ length: DATA_VALUES }, () => r.next() < 0.8 ? v.string(r.pick(FIELD_NAMES)) : v.null());
      return { id: i + 1, template: r.pick(templates), values: [...systemValues(i + 1, r.pick(EVENT_IDS), provider, channel), ...texts, ...names] };
    });
    const counts = compareChunk(buildChunk({ records: specs }).bytes, `generated chunk ${c}`);
    records += counts.records;
    lazy += counts.lazy;
  }
  assert.ok(lazy > records * 0.2 && lazy < records * 0.8, `${lazy} of ${records} records read lazily`);
});

function firstRecordError(chunk: Uint8Array): string {
  const at = CHUNK_HEADER_SIZE;
  const read = outcome(() => new WinEventReader(new ChunkBinXml(chunk)).read(at + RECORD_HEADER_SIZE, at + u32(chunk, at + 4) - 4));
  return 'error' in read ? read.error : '';
}

test('a record that repeats one value past the byte bound is rejected by the plan as by the walk', () => {
  // 40 references to a 60,000-byte value: 2.4 MB expanded from one template instance, no nesting.
  const repeats = systemTemplate(1, el('EventData', undefined, ...Array.from({ length: 40 }, () => el('Data', undefined, sub(7, 0x01)))));
  const chunk = buildChunk({ records: [{ id: 1, template: repeats, values: [...systemValues(1), v.string('x'.repeat(30_000))] }] }).bytes;
  assert.deepEqual(compareChunk(chunk, 'repeated value'), { records: 1, walked: 1, lazy: 0 });
  assert.match(firstRecordError(chunk), /expands past 2 MiB/);
});

test('a record whose nested values repeat past the node bound is rejected by the plan as by the walk', () => {
  // A nested value used 7 times, each holding 3,600 nodes (half of them in the Name the builder reads): 25,200 nodes.
  const letters = () => Array.from({ length: 1800 }, () => text('a'));
  const nested: Template = { id: 2, body: [{ el: 'Data', attrs: [['Name', letters()]], children: letters() }] };
  const repeats = systemTemplate(1, el('EventData', undefined, ...Array.from({ length: 7 }, () => sub(7, 0x21))));
  const chunk = buildChunk({ records: [{ id: 1, template: repeats, values: [...systemValues(1), { nested: { template: nested, values: [] } }] }] }).bytes;
  assert.deepEqual(compareChunk(chunk, 'repeated nested value'), { records: 1, walked: 1, lazy: 0 });
  assert.match(firstRecordError(chunk), /expands past 25,000 BinXML nodes/);
});

test('plans are shared between chunks only by templates of the same skeleton', () => {
  // Bodies that differ in one thing each: a name, an attribute's name, a text, a value's index, type or optionality.
  const variants: Content[][] = [
    [el('EventData', undefined, el('Data', { Name: [text('Image')] }, sub(7, 0x01)))],
    [el('EventData', undefined, el('Data', { Name: [text('Image')] }, sub(8, 0x01)))],
    [el('EventData', undefined, el('Data', { Name: [text('Image')] }, sub(7, 0x08)))],
    [el('EventData', undefined, el('Data', { Name: [text('Image')] }, sub(7, 0x01, true)))],
    [el('EventData', undefined, el('Data', { Name: [text('CommandLine')] }, sub(7, 0x01)))],
    [el('EventData', undefined, el('Data', { Other: [text('Image')] }, sub(7, 0x01)))],
    [el('EventData', undefined, el('Param', { Name: [text('Image')] }, sub(7, 0x01)))],
    [el('EventData', undefined, el('Data', { Name: [text('Image')] }, text('x'), sub(7, 0x01)))],
    [el('EventData', undefined, el('Data', { Name: [text('Image')] }, { cdata: 'x' }, sub(7, 0x01)))],
  ];
  const bodies = variants.map((body, i) => {
    const chunk = buildChunk({ records: [{ id: 1, template: systemTemplate(1, ...body), values: [...systemValues(1), v.string('a'), v.string('b')] }] }).bytes;
    // Every variant read after every other one, as one thread reads chunks, gives what the walk gives.
    assert.deepEqual(compareChunk(chunk, `variant ${i}`), { records: 1, walked: 0, lazy: 1 });
    return firstBody(chunk);
  });
  bodies.forEach((a, i) => bodies.forEach((b, j) => assert.equal(sameNodes(a, b), i === j, `variants ${i} and ${j}`)));
  // The same skeleton defined again in another chunk is the same.
  const again = buildChunk({ records: [{ id: 1, template: systemTemplate(1, ...variants[0]!), values: systemValues(1) }] }).bytes;
  assert.ok(sameNodes(firstBody(again), bodies[0]!));
});

/** The template body of the chunk's first record. */
function firstBody(chunk: Uint8Array): readonly BxNode[] {
  const [instance] = new ChunkBinXml(chunk).parseFragment(CHUNK_HEADER_SIZE + RECORD_HEADER_SIZE, CHUNK_HEADER_SIZE + u32(chunk, CHUNK_HEADER_SIZE + 4) - 4);
  assert.ok(instance && 'definition' in instance, 'the record is a template instance');
  return instance.definition.body;
}

test('the template catalog gives one id per body, starts over before it keeps too many nodes, and never gives an id twice', () => {
  const body = (name: string): BxNode[] => firstBody(buildChunk({ records: [{ id: 1, template: systemTemplate(1, el(name)), values: systemValues(1) }] }).bytes) as BxNode[];
  const [a, b, c] = [body('A'), body('B'), body('C')];
  const nodes = countNodes(a);
  assert.ok(nodes > 10 && countNodes(b) === nodes && countNodes(c) === nodes);
  const catalog = new TemplateCatalog(2 * nodes);
  const first = [catalog.idOf(a), catalog.idOf(b), catalog.idOf(body('A')), catalog.idOf(b)];
  assert.deepEqual(first, [0, 1, 0, 1]);
  // A third body would pass the bound: the catalog starts over, so A comes back under a new id, kept again.
  const after = [catalog.idOf(c), catalog.idOf(a), catalog.idOf(a)];
  assert.equal(new Set([...first, after[0], after[1]]).size, 4);
  assert.equal(after[2], after[1]);
  // A body larger than the bound is never kept: a new id each time.
  const small = new TemplateCatalog(nodes - 1);
  assert.notEqual(small.idOf(a), small.idOf(a));
});

test('chunks of ever new large templates (crafted) do not pile up plans or kept templates', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heapAfterGc = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const load = (count: number, from: number) => {
    for (let c = from; c < from + count; c++) {
      // 2,500 text nodes, the first one different in every chunk: a new template each time.
      const template = systemTemplate(1, el('EventData', undefined, ...Array.from({ length: 2500 }, (_, i) => text(i === 0 ? `c${c}` : 'x')), el('Data', { Name: [text('Image')] }, sub(7, 0x01))));
      const chunk = buildChunk({ records: [{ id: 1, template, values: [...systemValues(1), v.string('a')] }] }).bytes;
      assert.equal(decodeNormalizedChunk(chunk, c, 0).records.length, 1);
    }
  };
  load(200, 0); // past the bounds once: what is kept from here on stays below them
  const before = heapAfterGc();
  load(400, 200);
  // Kept, the 400 templates and their plans took ~50 MB (1,000,000 nodes); bounded, a few.
  assert.ok(heapAfterGc() - before < 20 * 1024 * 1024, `${Math.round((heapAfterGc() - before) / 2 ** 20)} MB more`);
});
