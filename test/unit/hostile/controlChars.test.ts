// Terminal escape injection: ESC/CSI/OSC sequences (clear screen, window title, OSC-8 links),
// C1 controls, NUL, lone CR, bidi overrides and invisible characters (zero-width space and
// joiners, soft hyphen, BOM, tag characters: `DC01` and `DC01` with one print alike) in field
// values, member names, file names and `.hunt` text never reach the terminal raw, through any
// command's text or JSON output; JSON output stays valid JSON and gives the original values back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/runCli';
import { printable, printableDeep, printableLine } from '../../../src/core/text/printable';
import { zip } from '../ingest/formats/helpers';

const HOSTILE = ['\x1b[2J\x1b[H', '\x1b]0;pwned\x07', '\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\', '\x9b31m', '\0', 'over\rwrite', '\u202eexe.txt', '\u2066iso\u2069', '\x7f', 'zero\u200bwidth\u2060join\u00adsoft\ufeffbom', 'tag\u{E0041}'];
const PAYLOAD = HOSTILE.join('|');
/** What must never appear raw in output. */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|\r(?!\n)/;

const work = mkdtempSync(join(tmpdir(), 'huntbench-ctl-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const record = (n: number, extra: Record<string, unknown>) => JSON.stringify({
  EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: `WS1${PAYLOAD}`, RecordNumber: n,
  UtcTime: `2024-01-01 10:00:0${n}.000`, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd /c ${PAYLOAD}`, ...extra,
});
const logs = join(work, 'logs.zip');
writeFileSync(logs, zip([{ name: `evil${PAYLOAD.replace(/[\0/\\]/g, '')}.json`, data: Buffer.from(`${record(1, { ParentImage: `p${PAYLOAD}` })}\n{"broken${PAYLOAD}\n`) }]));
const hunt = join(work, 'evil.hunt');
writeFileSync(hunt, `analytic "E1" {\n  title "title ${PAYLOAD.replace(/["\\\n\r]/g, '')}"\n  severity low\n  sequence by host within 5m\n    step a: process where image like "*cmd.exe"\n`
  + `  test "t${'\x1b[2J'}" expect 1 [ {"host": "H\x1b]0;x\x07", "ts": "2024-01-01T00:00:00Z", "category": "process", "image": "c:\\\\cmd.exe"} ]\n}\n`);
const badHunt = join(work, 'bad\x1b]0;title\x07.hunt');
writeFileSync(badHunt, `analytic "E2" {\n  title "t"\n  severity low\n  sequence by host within 5m\n    step a: process where image == "\x1b[31m" and ${'\x1b[2J'}pid == 1\n}\n`);

const COMMANDS: ReadonlyArray<readonly string[]> = [
  ['load', logs], ['load', logs, '--json'],
  ['query', logs, '--sql', 'SELECT host, command_line, parent_image FROM events'], ['query', logs, '--sql', 'SELECT host, command_line FROM events', '--json'],
  ['query', logs, '--sql', 'SELECT ? AS v', '--param', PAYLOAD],
  ['raw', logs, '--event', '1'], ['raw', logs, '--event', '1', '--json'],
  ['run', logs, '--analytics', hunt], ['run', logs, '--analytics', hunt, '--json'],
  ['check', hunt], ['check', badHunt], ['check', badHunt, '--json'], ['test', hunt], ['export', hunt, '--to', 'kql'],
  ['query', logs, '--sql', `SELECT * FROM nowhere${PAYLOAD}`],
];

for (const argv of COMMANDS) {
  test(`${argv.filter((a) => a !== logs && a !== hunt && a !== badHunt).join(' ').slice(0, 60)}: no control character reaches the terminal`, async () => {
    const { code, out, err } = await run(...argv);
    assert.ok(out.length + err.length > 0);
    for (const [stream, text] of [['stdout', out], ['stderr', err]] as const) {
      const m = UNSAFE.exec(text);
      assert.equal(m, null, `${stream} holds U+${m?.[0].charCodeAt(0).toString(16)} near ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 30), (m?.index ?? 0) + 30))}`);
    }
    if (argv.includes('--json') && code === 0) JSON.parse(out);
  });
}

test('JSON output stays JSON and gives the original values back', async () => {
  const { out } = await run('query', logs, '--sql', 'SELECT command_line FROM events', '--json');
  const parsed = JSON.parse(out) as unknown;
  assert.ok(JSON.stringify(parsed).includes(JSON.stringify(`cmd /c ${PAYLOAD}`).slice(1, -1)), out);
});

test('printable escapes what acts on a terminal and keeps text and line breaks', () => {
  assert.equal(printable('a\x1b[2Jb\r\nc\td\u202e\x9b'), 'a\\u001b[2Jb\r\nc\td\\u202e\\u009b');
  assert.equal(printableLine('a\nb\r\n'), 'a\\u000ab\\u000d\\u000a');
  assert.equal(printable('plain text, ünïcode 😀'), 'plain text, ünïcode 😀');
});

test('printable shows invisible characters, so two names that differ by one never print alike', () => {
  assert.equal(printable('DC01\u200b'), 'DC01\\u200b');
  assert.equal(printable('D\u2060C\u00ad01\ufeff'), 'D\\u2060C\\u00ad01\\ufeff');
  assert.equal(printable('DC01\u{E0041}'), 'DC01\\udb40\\udc41');
  assert.deepEqual(JSON.parse(printable(JSON.stringify({ host: 'DC01\u200b\u{E0041}' }))), { host: 'DC01\u200b\u{E0041}' });
});

test('a message to a webview has every string in it neutralised, its shape and other values kept', () => {
  const message = { type: 'init', chains: [{ analytic: 'AN0327', events: [{ id: 7, ts: 1.5, fields: { image: PAYLOAD, user: null } }], ok: true }] };
  const clean = printableDeep(message);
  assert.equal(clean.chains[0].events[0].fields.image, printable(PAYLOAD));
  assert.doesNotMatch(clean.chains[0].events[0].fields.image, UNSAFE);
  assert.deepEqual({ ...clean, chains: [{ ...clean.chains[0], events: [{ ...clean.chains[0].events[0], fields: { image: PAYLOAD, user: null } }] }] }, message);
});

test('a line feed in a file, member or host name or a command line cannot forge a line of text output', async () => {
  const forged = '\n  FORGED line';
  const dir = mkdtempSync(join(work, 'lf-'));
  const member = (n: number) => JSON.stringify({
    EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: `WS1${forged}`, RecordNumber: n, EventTime: `2024-01-01 10:00:0${n}`,
    UtcTime: `2024-01-01 10:00:0${n}.000`, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd${forged}`,
  });
  const archive = join(dir, `logs${forged}.zip`);
  writeFileSync(archive, zip([{ name: `m${forged}.json`, data: Buffer.from(`${member(1)}\n{"broken${forged}\n`) }]));
  for (const argv of [['load', archive], ['run', archive, '--analytics', hunt], ['hosts', archive]]) {
    const { out, err } = await run(...argv);
    const lines = `${out}\n${err}`.split('\n');
    assert.ok(lines.some((l) => l.includes("FORGED")), `${argv[0]} shows the names: ${out}${err}`);
    assert.deepEqual(lines.filter((l) => l.trimStart().startsWith('FORGED')), [], `${argv[0]}: ${out}${err}`);
  }
});
