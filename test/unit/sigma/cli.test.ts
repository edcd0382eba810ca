// `huntbench sigma` on a small NXLog fixture: the --json shape, matching event ids, rules that
// cannot run listed with their reason (also a file that is not YAML), and exit codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WinEventBuilder, WinEventCollector } from '../../../src/core/ingest/evtx/winEvent';
import { run } from '../cli/runCli';
import { ruleText } from './helpers';

const fixture = join(__dirname, '../../fixtures/store/psexec-nxlog.ndjson');

function rules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-'));
  writeFileSync(join(dir, 'child.yml'), ruleText("sel:\n  ParentImage|endswith: '\\services.exe'\n  Image|endswith: '\\cmd.exe'\ncondition: sel").replace('11111111-2222-3333-4444-555555555555', 'child-of-services'));
  writeFileSync(join(dir, 'net.yml'), ruleText("sel:\n  Initiated: 'true'\ncondition: sel", 'logsource:\n  product: windows\n  category: network_connection\n').replace('11111111-2222-3333-4444-555555555555', 'outbound'));
  writeFileSync(join(dir, 'web.yml'), ruleText("sel:\n  cs-uri-query|contains: 'x'\ncondition: sel", 'logsource:\n  category: webserver\n').replace('11111111-2222-3333-4444-555555555555', 'web'));
  writeFileSync(join(dir, 'broken.yml'), 'title: [unclosed\n');
  return dir;
}

test('sigma --json: every compiled rule with its matches and event ids, and what cannot run', async () => {
  const { code, out } = await run('sigma', '--rules', rules(), fixture, '--json');
  assert.equal(code, 0);
  const result = JSON.parse(out) as { rules: { id: string; title: string; level: string; matches: number; events: number[] }[]; unsupported: { id: string; reason: string }[] };
  assert.deepEqual(Object.keys(result), ['rules', 'unsupported']);
  const byId = Object.fromEntries(result.rules.map((r) => [r.id, r]));
  assert.deepEqual(Object.keys(byId).sort(), ['child-of-services', 'outbound']);
  // The fixture's 5th line (4th event: line 4 is rejected) is cmd.exe started by services.exe.
  assert.deepEqual(byId['child-of-services'], { id: 'child-of-services', title: 'test rule', level: 'high', matches: 1, events: [4] });
  assert.equal(byId.outbound!.matches, byId.outbound!.events.length);
  assert.ok(byId.outbound!.matches >= 1);
  const unsupported = Object.fromEntries(result.unsupported.map((u) => [u.id, u.reason]));
  assert.match(unsupported.web!, /^SIGMA2001: Log source category: webserver/);
  assert.match(Object.entries(unsupported).find(([id]) => id.endsWith('broken.yml'))![1], /^SIGMA1001/);
});

test('sigma prints matched rules as text and needs --rules', async () => {
  const { code, out, err } = await run('sigma', '--rules', rules(), fixture);
  assert.equal(code, 0);
  assert.match(out, /^\[high\] test rule \(child-of-services\): 1 match\(es\), event\(s\) 4$/m);
  assert.match(err, /unsupported: web: SIGMA2001/);
  assert.equal((await run('sigma', fixture)).code, 2);
});

test('evtx_dump JSON (Chainsaw, SigmaHQ samples) loads, and rules read its System, EventData and UserData fields', async () => {
  const evtxDump = join(__dirname, '../../fixtures/sigma/evtx-dump.json');
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-dump-'));
  writeFileSync(join(dir, 'logon.yml'), ruleText("sel:\n  EventID: 4624\n  LogonType: 3\n  TargetUserName: ALICE\ncondition: sel", 'logsource:\n  product: windows\n  service: security\n').replace('11111111-2222-3333-4444-555555555555', 'logon'));
  writeFileSync(join(dir, 'wmi.yml'), ruleText("sel:\n  Operation|contains: 'ExecQuery'\n  Provider_Name: Microsoft-Windows-WMI-Activity\ncondition: sel", 'logsource:\n  product: windows\n  service: wmi\n').replace('11111111-2222-3333-4444-555555555555', 'wmi'));
  const { code, out } = await run('sigma', '--rules', dir, evtxDump, '--json');
  assert.equal(code, 0);
  const byId = Object.fromEntries((JSON.parse(out) as { rules: { id: string; events: number[] }[] }).rules.map((r) => [r.id, r.events]));
  assert.deepEqual(byId, { logon: [1], wmi: [2] });
});

test('unnamed <Data> values are one field Data, as SigmaHQ rules read them: a test matches when one value does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-data-'));
  const event = (id: number, channel: string, provider: string, eventId: number, data: string[]) =>
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${provider}"/><EventID>${eventId}</EventID>` +
    `<TimeCreated SystemTime="2024-01-01T00:00:0${id}.000Z"/><EventRecordID>${id}</EventRecordID><Channel>${channel}</Channel><Computer>H1</Computer></System>` +
    `<EventData>${data.map((d) => `<Data>${d}</Data>`).join('')}</EventData></Event>`;
  const logs = join(dir, 'events.xml');
  writeFileSync(logs, `<Events>${[
    event(1, 'Windows PowerShell', 'PowerShell', 400, ['Available', 'None', '\tHostName=ConsoleHost\n\tHostApplication=powershell.exe -version 2\n\tEngineVersion=2.0']),
    event(2, 'Windows PowerShell', 'PowerShell', 400, ['Available', 'None', '\tHostName=ConsoleHost\n\tEngineVersion=5.1.19041.1']),
    event(3, 'Application', 'Application Error', 1000, ['MsMpEng.exe', '4.18.1', 'mpengine.dll', '1.1.2']),
  ].join('\n')}</Events>`);
  const rule = (id: string, detection: string, service: string) => writeFileSync(join(dir, `${id}.yml`), ruleText(detection, `logsource:\n  product: windows\n  service: ${service}\n`).replace('11111111-2222-3333-4444-555555555555', id));
  rule('downgrade', "sel:\n  Data|contains: 'EngineVersion=2.'\ncondition: sel", 'powershell-classic');
  // The two names are in different values of the event.
  rule('crash', "sel:\n  EventID: 1000\n  Data|contains|all:\n    - 'MsMpEng.exe'\n    - 'mpengine.dll'\ncondition: sel", 'application');
  const { code, out, err } = await run('sigma', '--rules', dir, logs, '--json');
  assert.equal(code, 0, err);
  const byId = Object.fromEntries((JSON.parse(out) as { rules: { id: string; events: number[] }[] }).rules.map((r) => [r.id, r.events]));
  assert.deepEqual(byId, { downgrade: [1], crash: [3] });
});

test('System Level and Keywords are fields, as SigmaHQ rules read them (Level: 2 is an error); EventData keeps its own Level', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-system-'));
  const system = (n: number, level: number, keywords: string) =>
    `<System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4673</EventID><Level>${level}</Level><Keywords>${keywords}</Keywords>` +
    `<TimeCreated SystemTime="2024-01-01T00:00:0${n}.000Z"/><EventRecordID>${n}</EventRecordID><Channel>Security</Channel><Computer>H1</Computer></System>`;
  const event = (n: number, level: number, keywords: string, data = '') => `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">${system(n, level, keywords)}<EventData>${data}</EventData></Event>`;
  const xml = join(dir, 'events.xml');
  writeFileSync(xml, `<Events>${[
    event(1, 0, '0x8010000000000000'),
    event(2, 0, '0x8020000000000000'),
    event(3, 2, '0x8020000000000000'),
    event(4, 0, '0x8020000000000000', '<Data Name="Level">2</Data>'),
  ].join('\n')}</Events>`);
  const dump = join(dir, 'events.json');
  writeFileSync(dump, JSON.stringify({ Event: { System: { Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing' } }, EventID: 4673, Level: 2, Keywords: '0x8010000000000000', EventRecordID: 9, TimeCreated: { '#attributes': { SystemTime: '2024-01-01T00:00:09Z' } }, Channel: 'Security', Computer: 'H1' }, EventData: { Service: 'x' } } }));
  const rule = (id: string, detection: string) => writeFileSync(join(dir, `${id}.yml`), ruleText(detection, 'logsource:\n  product: windows\n  service: security\n').replace('11111111-2222-3333-4444-555555555555', id));
  rule('failure', "sel:\n  EventID: 4673\n  Keywords: '0x8010000000000000'\ncondition: sel");
  rule('error', 'sel:\n  Level: 2\ncondition: sel');
  const byId = async (logs: string) => {
    const { code, out, err } = await run('sigma', '--rules', dir, logs, '--json');
    assert.equal(code, 0, err);
    return Object.fromEntries((JSON.parse(out) as { rules: { id: string; events: number[] }[] }).rules.map((r) => [r.id, r.events]));
  };
  assert.deepEqual(await byId(xml), { failure: [1], error: [3, 4] });
  assert.deepEqual(await byId(dump), { failure: [1], error: [1] });
  // The binary EVTX reader builds the same fields from the walked record.
  const collector = new WinEventCollector();
  const builder = new WinEventBuilder(collector);
  builder.open('Event');
  builder.open('System');
  for (const [name, text] of [['Level', '2'], ['Keywords', '0x8010000000000000']] as const) {
    builder.open(name);
    builder.text(text);
    builder.close(name);
  }
  builder.close('System');
  builder.close('Event');
  const built = collector.build();
  assert.deepEqual([built.level, built.keywords], [2, '0x8010000000000000']);
});
