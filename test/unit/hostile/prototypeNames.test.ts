// Names and values a log writer chooses that are also Object.prototype's: `__proto__`,
// `constructor`, `toString`. Readers kept fields on plain objects and looked names up with
// `in` or `table[text]`, so an EVTX-XML <System> child <constructor> rejected a well-formed
// event ("kept.slice is not a function") with a bogus repeated-field warning, a field named
// `__proto__` vanished (EVTX, EVTX-XML, evtx_dump JSON, CSV columns, Sigma's view of CSV and
// Zeek JSON), a UserData leaf <constructor> was read as `constructor2`, and a direction,
// protocol, label or EVTX entity spelled `constructor` came out as "function Object() { [native
// code] }".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvtxXml, parseEventXml } from '../../../src/core/ingest/formats/evtxXml';
import { readPfirewall } from '../../../src/core/ingest/formats/pfirewall';
import { namedColumnRows } from '../../../src/core/ingest/formats/namedColumnsCsv';
import { eventViewerEvent } from '../../../src/core/ingest/formats/eventViewerCsv';
import { jsonWinEvent, normalizeJsonRecord } from '../../../src/core/ingest/normalize/json';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { loadPack } from '../../../src/core/sigma/pack';
import type { NormalizedEvent } from '../../../src/core/schema/columns';
import type { WinEvent } from '../../../src/core/types/records';
import { read, securityEventXml } from '../ingest/formats/helpers';
import { buildChunk, el, sub, text, v } from '../ingest/evtx/builder';
import { FIRST_DATA_SUB, decode, eventTemplate, systemValues } from '../ingest/evtx/events';

const NAMES = ['__proto__', 'constructor', 'toString'] as const;
/** Each name as a field holding its own value. */
const FIELDS = Object.fromEntries(NAMES.map((name) => [name, `${name} value`]));

const work = mkdtempSync(join(tmpdir(), 'huntbench-proto-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

/** The fields as a plain object, and each checked to be the event's own (not inherited). */
function ownFields(data: WinEvent['data'] | undefined): Record<string, unknown> {
  assert.ok(data);
  for (const name of NAMES) assert.ok(Object.hasOwn(data, name), `${name} is a field`);
  return Object.fromEntries(Object.entries(data));
}

const EVENT_DATA = `<EventData>${NAMES.map((n) => `<Data Name="${n}">${n} value</Data>`).join('')}</EventData>`;
/** UserData with the names as leaves, and `constructor` again one level down: the repeat is `constructor2`. */
const USER_DATA = `<UserData><X>${NAMES.map((n) => `<${n}>${n} value</${n}>`).join('')}<Y><constructor>again</constructor></Y></X></UserData>`;
const USER_FIELDS = { ...FIELDS, constructor2: 'again' };

test('EVTX-XML: <System> children named <constructor>, <toString>, <hasOwnProperty>, <__proto__> are no repeat: the event loads', async () => {
  const system = ['constructor', 'toString', 'hasOwnProperty', '__proto__'].map((n) => `<${n}>x</${n}>`).join('');
  const bytes = Buffer.from(`<Events>\n${securityEventXml(1)}${securityEventXml(2, { system })}${securityEventXml(3)}</Events>\n`);
  const { records, rejections, warnings } = await read(readEvtxXml, bytes);
  assert.deepEqual(rejections, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(records.map((r) => [r.event.record_id, r.event.host, r.event.channel]), [[1, 'WS1', 'Security'], [2, 'WS1', 'Security'], [3, 'WS1', 'Security']]);
});

test('EVTX-XML, EVTX and evtx_dump JSON keep EventData and UserData fields named __proto__, constructor, toString as data, repeats numbered alike', () => {
  for (const [body, want] of [[EVENT_DATA, FIELDS], [USER_DATA, USER_FIELDS]] as const) {
    const event = parseEventXml(securityEventXml(1, { body }));
    assert.ok(typeof event === 'object', String(event));
    assert.deepEqual(ownFields(event.data), want, body);
  }

  const values = [...NAMES.map((n) => v.string(`${n} value`)), v.string('again')];
  const data = (i: number) => sub(FIRST_DATA_SUB + i, 0x01);
  const eventData = el('EventData', undefined, ...NAMES.map((n, i) => el('Data', { Name: [text(n)] }, data(i))));
  const userData = el('UserData', undefined, el('X', undefined, ...NAMES.map((n, i) => el(n, undefined, data(i))), el('Y', undefined, el('constructor', undefined, data(NAMES.length)))));
  const systemChild = { id: 3, body: [el('Event', undefined, el('System', undefined, el('constructor', undefined, text('x')), el('EventID', undefined, text('4688'))))] };
  const chunk = buildChunk({
    records: [
      { id: 1, template: eventTemplate(1, eventData), values: [...systemValues(1), ...values] },
      { id: 2, template: eventTemplate(2, userData), values: [...systemValues(2), ...values] },
      { id: 3, template: systemChild, values: [] },
    ],
  });
  const decoded = decode(chunk.bytes);
  assert.deepEqual(decoded.problems, []);
  assert.deepEqual(ownFields(decoded.records[0]!.event.data), FIELDS, 'EVTX EventData');
  assert.deepEqual(ownFields(decoded.records[1]!.event.data), USER_FIELDS, 'EVTX UserData');
  assert.equal(decoded.records[2]!.event.eventId, 4688, 'EVTX <System><constructor>');

  // Parsed from text, as the reader does: JSON.parse keeps "__proto__" as a key.
  const fields = NAMES.map((n) => `"${n}": "${n} value"`).join(', ');
  const dump = (section: string) => JSON.parse(`{"Event": {"System": {"EventID": 4688, "Channel": "Security"}, ${section}}}`) as Record<string, unknown>;
  assert.deepEqual(ownFields(jsonWinEvent(dump(`"EventData": {${fields}}`))?.data), FIELDS, 'evtx_dump EventData');
  assert.deepEqual(ownFields(jsonWinEvent(dump(`"UserData": {"X": {${fields}, "Y": {"constructor": "again"}}}`))?.data), USER_FIELDS, 'evtx_dump UserData');
});

test('CSV: columns and rendered-message labels named __proto__, constructor, toString are data; a provider spelled constructor has no channel', () => {
  const context = { sourceName: 'test.csv', reject: () => {}, warn: () => {} };
  const header = ['TimeCreated', 'Id', 'MachineName', ...NAMES];
  const row = namedColumnRows(header, context)(['2024-05-06T07:08:09Z', '4688', 'WS1', ...NAMES.map((n) => `${n} value`)], { fields: [], line: 2, offset: 0, length: 0 });
  assert.deepEqual(ownFields(row?.event.data), FIELDS);

  const message = `A process was created.\r\n\r\n${NAMES.map((n) => `\t${n}: ${n} value`).join('\r\n')}`;
  const viewer = eventViewerEvent(['Information', '5/6/2024 7:08:09 AM', 'constructor', '4688', 'Process Creation', message]);
  assert.deepEqual(Object.fromEntries(NAMES.map((n) => [n, viewer.event.data[n]])), FIELDS);
  assert.ok(NAMES.every((n) => Object.hasOwn(viewer.event.data, n)));
  assert.equal(viewer.event.channel, null);
});

test('values and EVTX entity names spelled like Object.prototype members map to nothing, never to a function', async () => {
  const wfp = `<EventData><Data Name="Direction">constructor</Data><Data Name="Protocol">toString</Data><Data Name="DestAddress">10.0.0.2</Data></EventData>`;
  const rule = `<EventData><Data Name="Action">constructor</Data><Data Name="Direction">toString</Data></EventData>`;
  const xml = securityEventXml(1, { body: wfp }).replace('<EventID>4688', '<EventID>5156') + securityEventXml(2, { body: rule })
    .replace('<EventID>4688', '<EventID>2004')
    .replace('Microsoft-Windows-Security-Auditing', 'Microsoft-Windows-Windows Firewall With Advanced Security');
  const { records } = await read(readEvtxXml, Buffer.from(`<Events>${xml}</Events>`));
  const [connection, firewallRule] = records.map((r) => r.event);
  assert.deepEqual([connection!.direction, connection!.protocol], [null, 'tostring']);
  assert.deepEqual([firewallRule!.fw_action, firewallRule!.direction], [null, null]);

  const log = '#Version: 1.5\n#Software: Microsoft Windows Firewall\n#Time Format: Local\n#Fields: date time action protocol src-ip dst-ip src-port dst-port path\n'
    + '2024-05-06 07:08:09 constructor constructor 10.0.0.1 10.0.0.2 1000 80 toString\n';
  const firewall = (await read(readPfirewall, Buffer.from(log))).records[0]!.event;
  assert.deepEqual([firewall.action, firewall.fw_action, firewall.protocol, firewall.direction], ['constructor', null, 'constructor', null]);

  const ecs = normalizeJsonRecord({ '@timestamp': '2024-05-06T07:08:09Z', event: { code: '3' }, winlog: { channel: 'x' }, network: { direction: 'constructor' } });
  assert.ok('event' in ecs);
  assert.equal((ecs.event as NormalizedEvent).direction, null);

  const entity = el('EventData', undefined, el('Data', { Name: [text('Mixed')] }, text('a'), { entity: 'constructor' }, { entity: 'amp' }));
  const decoded = decode(buildChunk({ records: [{ id: 1, template: eventTemplate(1, entity), values: systemValues(1) }] }).bytes);
  assert.equal(decoded.records[0]!.event.data.Mixed, 'a&constructor;&');
});

test('raw_field() and Sigma rules read fields named __proto__, constructor, toString from the record', async () => {
  const evtxDump = join(work, 'evtx-dump.json');
  const system = { EventID: 4688, Channel: 'Security', TimeCreated: { '#attributes': { SystemTime: '2024-05-06T07:08:09Z' } } };
  writeFileSync(evtxDump, `${JSON.stringify({ Event: { System: system, EventData: FIELDS } })}\n`);
  const csv = join(work, 'columns.csv');
  writeFileSync(csv, `TimeCreated,Id,MachineName,${NAMES.join(',')}\n2024-05-06T07:08:09Z,4688,WS1,${NAMES.map((n) => `${n} value`).join(',')}\n`);
  const zeek = join(work, 'conn.json');
  writeFileSync(zeek, `${JSON.stringify({ ts: 1714979289, uid: 'C1', 'id.orig_h': '10.0.0.1', 'id.orig_p': 1000, 'id.resp_h': '10.0.0.2', 'id.resp_p': 80, proto: 'tcp', conn_state: 'SF', ...FIELDS })}\n`);
  const rule = (id: string, logsource: string[], selection: string[]) => {
    const path = join(work, `${id}.yml`);
    writeFileSync(path, [`title: ${id}`, `id: ${id}`, 'level: high', 'logsource:', ...logsource, 'detection:', '  sel:',
      ...selection, ...NAMES.map((n) => `    ${n}: ${n} value`), '  condition: sel', ''].join('\n'));
    return path;
  };
  const rules = [rule('windows', ['  product: windows'], ['    EventID: 4688']), rule('zeek', ['  product: zeek', '  service: conn'], [])];
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load([evtxDump, csv, zeek]);
    const sql = `SELECT ${NAMES.map((n) => `raw_field(id, '${n}')`).join(', ')} FROM events ORDER BY id`;
    assert.deepEqual(session.query(sql).rows, [1, 2, 3].map(() => NAMES.map((n) => `${n} value`)));
    assert.deepEqual(session.runSigma(loadPack(rules)).detections.map((d) => [d.rule.id, d.events]), [['windows', [1, 2]], ['zeek', [3]]]);
  } finally {
    session.close();
  }
});
