// Rejection reasons and warnings quote the log: a JSON record's keys, an XML element's path, CSV
// column names. A 2 MB key made a 2 MB rejection line in the load report (a 20 MB one, 20 MB),
// and `<a>` opened 100,000 times a 200 KB one. The report keeps the first MAX_MESSAGE_CHARS.
// The `load` text named every host of a source on one line: 100,000 hosts, 1.2 MB.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { MAX_MESSAGE_CHARS, shortened } from '../../../src/core/ingest/load';
import { securityEventXml } from '../ingest/formats/helpers';
import { sourceText } from '../../../src/core/cli/load';

const work = mkdtempSync(join(tmpdir(), 'huntbench-long-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

/** Room for the note of what was left out. */
const MAX_LENGTH = MAX_MESSAGE_CHARS + 40;

async function load(name: string, text: string) {
  const path = join(work, name);
  writeFileSync(path, text);
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([path]);
    return { source: report.sources[0]!, events: report.events };
  } finally {
    session.close();
  }
}

const sysmon = (n: number) => JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1', RecordNumber: n, UtcTime: '2024-01-01 10:00:00.000' });

test('JSON: a record of no dialect whose key is 2 MB long is rejected with a reason of at most about 1,000 characters', async () => {
  const got = await load('key.json', [sysmon(1), JSON.stringify({ ['K'.repeat(2_000_000)]: 1 }), sysmon(3)].join('\n'));
  assert.equal(got.events, 2);
  const [rejection] = got.source.rejections;
  assert.equal(rejection?.line, 2);
  assert.ok(rejection.reason.length <= MAX_LENGTH, `${rejection.reason.length} characters`);
  assert.match(rejection.reason, /^not a known JSON event dialect .*; keys: K+… \(1,999,\d+ more characters\)$/);
});

test('EVTX-XML: an element 100,000 levels deep is rejected with a short reason naming its line', async () => {
  const deep = `<Event><System><Computer>WS1</Computer></System><UserData>${'<a>'.repeat(100_000)}</UserData></Event>\n`;
  const got = await load('deep.xml', `<Events>\n${securityEventXml(1)}${deep}${securityEventXml(3)}</Events>\n`);
  assert.equal(got.events, 2);
  const [rejection] = got.source.rejections;
  assert.equal(rejection?.line, 3);
  assert.ok(rejection.reason.length <= MAX_LENGTH, `${rejection.reason.length} characters`);
  assert.match(rejection.reason, /^malformed <Event> element: unexpected close tag \(in <Event\/UserData\/a\/a.*more characters\)$/);
});

test('CSV: a warning naming repeated column names 100,000 characters long is shortened', async () => {
  const name = 'N'.repeat(100_000);
  const got = await load('names.csv', `TimeCreated,Id,MachineName,${name},${name}\n2024-01-01T10:00:00Z,4688,WS1,a,b\n`);
  assert.equal(got.events, 1);
  assert.ok(got.source.warnings.length > 0);
  for (const warning of got.source.warnings) assert.ok(warning.length <= MAX_LENGTH, `${warning.length} characters`);
});

test('shortened() never cuts a surrogate pair in two', () => {
  const text = `${'x'.repeat(MAX_MESSAGE_CHARS - 1)}😀${'y'.repeat(10)}`;
  const short = shortened(text);
  assert.ok(!/[\uD800-\uDBFF]…/.test(short));
  assert.equal(short, `${'x'.repeat(MAX_MESSAGE_CHARS - 1)}… (12 more characters)`);
});

test('load text: a source naming 20,000 hosts shows 50 and counts the rest (--json keeps them all)', async () => {
  const records = Array.from({ length: 20_000 }, (_, i) => JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: `HOST-${i}`, RecordNumber: i, UtcTime: '2024-01-01 10:00:00.000' }));
  const got = await load('hosts.json', records.join('\n'));
  assert.equal(got.source.hosts.length, 20_000);
  const line = sourceText(got.source).find((l) => l.startsWith('  hosts '))!;
  assert.ok(line.length < 1_000, `${line.length} characters`);
  assert.match(line, /^ {2}hosts HOST-0, HOST-1, HOST-10, .*, \.\.\. 19,950 more$/);
});
