// "Why not" (src/core/match/explain.ts): the step that found nothing, the predicate that
// failed, the nearest events, the service's pipe and the other analytics' chains, on small
// Sysmon exports written here, and `huntbench explain` on two published captures in
// ../shared/datasets (skipped when absent).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { huntFiles, loadHuntFile, loadHuntText } from '../../../src/core/dsl/load';
import { explain, type Explanation } from '../../../src/core/match/explain';
import { explanationSentence, explanationText } from '../../../src/core/match/explainText';
import { main } from '../../../src/core/cli';

const REPO = join(__dirname, '..', '..', '..');
const ANALYTICS = join(REPO, 'analytics');
const builtIn = huntFiles([ANALYTICS]).map((p) => loadHuntFile(p));
const svc = builtIn.find((f) => f.plans.some((p) => p.id === 'SVC-RPC-EXEC'))!;
const allPlans = builtIn.flatMap((f) => f.plans);

type Json = Record<string, string | number>;
const SYSMON = { Channel: 'Microsoft-Windows-Sysmon/Operational', SourceName: 'Microsoft-Windows-Sysmon' };
const at = (s: number): string => `2024-05-01 10:00:${String(s).padStart(2, '0')}.000`;
const inbound445 = (s: number, host = 'WS1'): Json => ({ ...SYSMON, EventID: 3, Hostname: host, UtcTime: at(s), Image: 'System', Initiated: 'false', Protocol: 'tcp', SourceIp: '10.0.0.9', SourcePort: 50000, DestinationIp: '10.0.0.5', DestinationPort: 445 });
const pipe = (s: number, name: string, host = 'WS1'): Json => ({ ...SYSMON, EventID: 18, Hostname: host, UtcTime: at(s), Image: 'System', PipeName: name, EventType: 'ConnectPipe' });
const child = (s: number, host = 'WS1', cmd = 'cmd.exe /c whoami'): Json => ({ ...SYSMON, EventID: 1, Hostname: host, UtcTime: at(s), Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: cmd, ParentImage: 'C:\\Windows\\System32\\services.exe', ProcessId: 4242, ParentProcessId: 600 });
const inbound135 = (s: number, host = 'WS1'): Json => ({ ...SYSMON, EventID: 3, Hostname: host, UtcTime: at(s), Image: 'C:\\Windows\\System32\\svchost.exe', Initiated: 'false', Protocol: 'tcp', SourceIp: '10.0.0.9', SourcePort: 50000, DestinationIp: '10.0.0.5', DestinationPort: 135 });
const dynamic = (s: number, host = 'WS1'): Json => ({ ...SYSMON, EventID: 3, Hostname: host, UtcTime: at(s), Image: 'C:\\Windows\\System32\\services.exe', Initiated: 'false', Protocol: 'tcp', SourceIp: '10.0.0.9', SourcePort: 50001, DestinationIp: '10.0.0.5', DestinationPort: 49700 });

async function explainEvents(events: Json[], options: { key?: string; analytic?: string; file?: typeof svc } = {}): Promise<Explanation> {
  const dir = mkdtempSync(join(tmpdir(), 'explain-'));
  const path = join(dir, 'sysmon.json');
  writeFileSync(path, events.map((e) => JSON.stringify(e)).join('\n'));
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load([path]);
    return explain(session.store, options.file ?? svc, options.analytic ?? 'SVC-RPC-EXEC', { key: options.key, others: allPlans });
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('service control over the SMB pipe with its connection not logged: each inbound alternative fails, the pipe and AN0327 say what happened', async () => {
  const e = await explainEvents([inbound135(1), pipe(2, '\\svcctl'), child(3)]);
  assert.equal(e.key?.value, 'WS1');
  assert.equal(e.chains, 0);
  assert.deepEqual(e.blocking, { step: 'inbound', reason: 'nothing' });
  const [rpc, smb] = e.steps[0]!.alternatives;
  assert.equal(rpc!.failed?.text, 'process_name == "services.exe"');
  assert.equal(smb!.failed?.text, '(pid == 4 or process_name == "system")');
  assert.equal(rpc!.nearest[0]?.event.summary.startsWith('svchost.exe accepted 10.0.0.9:50000'), true);
  assert.deepEqual(smb!.nearest[0]?.fails, ['(pid == 4 or process_name == "system")', 'dst_port in (445, 139)']);
  assert.equal(e.steps[2]!.matched, 1);
  assert.deepEqual(e.pipes.map((p) => [p.pipe.pipe, p.events]), [['svcctl', 1]]);
  assert.deepEqual(e.related.map((c) => c.analytic), ['AN0327']);
  const sentence = explanationSentence(e);
  assert.match(sentence, /^SVC-RPC-EXEC on WS1: step inbound found nothing, rpc: no network event where process_name == "services\.exe"/);
  assert.match(sentence, /services\.exe was reached over \\pipe\\svcctl instead/);
  assert.match(sentence, /child: services\.exe started cmd\.exe \/c whoami/);
  assert.match(sentence, /\(see AN0327's chain\)\.$/);
});

test('service control over SMB with its connection logged: the SMB server\'s 445 access is the inbound step', async () => {
  const e = await explainEvents([inbound445(1), pipe(2, '\\svcctl'), child(3)]);
  assert.equal(e.chains, 1);
  assert.equal(explanationSentence(e), 'SVC-RPC-EXEC on WS1: 1 chain(s) found.');
});

test('a later conjunct that leaves nothing is named with the ones before it and how many passed them', async () => {
  const blocked = { ...dynamic(1), EventID: 3 };
  // Initiated true makes Sysmon 3 outbound: direction == "inbound" is the predicate that fails.
  const e = await explainEvents([{ ...blocked, Initiated: 'true' }, child(3)]);
  const inbound = e.steps[0]!.alternatives[0]!;
  assert.equal(inbound.failed?.text, 'direction == "inbound"');
  assert.equal(inbound.failed?.before, 1);
  assert.match(explanationSentence(e), /1 network event\(s\) where process_name == "services\.exe" on WS1 in this capture, none with direction == "inbound"/);
  assert.deepEqual(e.pipes, []);
});

test('no event of the category at all, and the host where the analytic got furthest is chosen', async () => {
  const e = await explainEvents([{ ...inbound445(1, 'WS2'), DestinationPort: 80 }, dynamic(2, 'WS1')]);
  assert.equal(e.key?.value, 'WS1');
  assert.deepEqual(e.otherKeys, []);
  assert.deepEqual(e.blocking, { step: 'child', reason: 'nothing' });
  assert.equal(e.steps[2]!.alternatives[0]!.failed?.index, -1);
  assert.match(explanationSentence(e), /step child found nothing, no process events on WS1 in this capture at all/);
});

test('every step has events but not in order: the sequence is the reason; a found chain is said so', async () => {
  const late = await explainEvents([child(1), dynamic(30)]);
  assert.deepEqual(late.blocking, { step: 'child', reason: 'sequence' });
  assert.match(explanationSentence(late), /every required step has events on WS1 in this capture, but never in order within 300 s \(slack 2 s\)/);
  const found = await explainEvents([dynamic(1), child(3)]);
  assert.equal(found.chains, 1);
  assert.equal(found.blocking, null);
  assert.equal(explanationSentence(found), 'SVC-RPC-EXEC on WS1: 1 chain(s) found.');
});

test('the explanation of an analytic written by hand: alternatives, links, and a host asked for', async () => {
  const file = loadHuntText(join(ANALYTICS, 'mine.hunt'), `analytic "MINE" {
  title "mine"
  severity low
  sequence by host within 1m
    step a: network where direction == "inbound" and dst_port == 445
    step b: any of {
        shell: process where process_name == "powershell.exe"
      | svc: process where parent_name == "services.exe" and process_name == a.process_name
    }
}`);
  const e = await explainEvents([inbound445(1, 'WS1'), inbound445(1, 'WS2'), child(2, 'WS2')], { analytic: 'MINE', file, key: 'ws1' });
  assert.equal(e.key?.value, 'ws1');
  const b = e.steps[1]!;
  assert.deepEqual(b.alternatives.map((a) => a.name), ['shell', 'svc']);
  assert.deepEqual(b.alternatives[1]!.links, ['process_name == a.process_name']);
  assert.match(explanationSentence(e), /step b found nothing, shell: no process events on ws1 in this capture at all; svc: no process events on ws1/);
});

test('log values with control characters are escaped in the text', async () => {
  const e = await explainEvents([inbound445(1), child(3, 'WS1', 'cmd.exe /c \u001b]0;pwned\u0007 echo')]);
  const text = explanationText(e);
  assert.doesNotMatch(text, /[\u001b\u0007]/);
  assert.match(text, /\\u001b\]0;pwned\\u0007/);
});

const DATASETS = join(REPO, '..', 'shared', 'datasets');
const PSEXEC_SMB = join(DATASETS, 'evtx', 'Lateral_Movement', 'LM_sysmon_psexec_smb_meterpreter.evtx');
const SHARPSC = join(DATASETS, 'otrf', 'covenant_sharpsc_create_dcerpc_smb_svcctl.zip');

async function cliExplain(path: string): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(['explain', path, '--analytic', 'SVC-RPC-EXEC'], { out: (t) => out.push(t), err: () => {} });
  return { code, out: out.join('\n') };
}

test('huntbench explain: psexec over SMB (Sysmon only): the SMB server\'s access, then services.exe\'s child, is a chain', { skip: existsSync(PSEXEC_SMB) ? false : `${PSEXEC_SMB} absent` }, async () => {
  const { code, out } = await cliExplain(PSEXEC_SMB);
  assert.equal(code, 0);
  assert.equal(out.split('\n')[0], 'SVC-RPC-EXEC on IEWIN7: 1 chain(s) found.');
});

test('huntbench explain: SharpSC (a service created, no process started): the SMB access and the service, no child', { skip: existsSync(SHARPSC) ? false : `${SHARPSC} absent` }, async () => {
  const { code, out } = await cliExplain(SHARPSC);
  assert.equal(code, 0);
  const sentence = out.split('\n')[0]!;
  assert.match(sentence, /^SVC-RPC-EXEC on WORKSTATION6: step child found nothing, no process event where action == "start" on WORKSTATION6 in this capture/);
  assert.match(sentence, /; inbound: system accepted 172\.18\.39\.5:\d+ → 172\.18\.39\.6:445 \(allow\) \(\+3\), installed: service OTR installed C:\\Windows\\System32\\GruntHTTP2\.exe \(\+1\)\.$/);
  // The RPC/TCP attempts were blocked: the rpc alternative says so.
  assert.match(out, /rpc: \d+ network event\(s\) on WORKSTATION6 examined, 0 matched\n(?:.*\n)*? +\d+ pass {2}action == "connect" {3}<- nothing left after this/);
  assert.match(out, /step child \(required\): 0 event\(s\)\n {2}\d+ process event\(s\) on WORKSTATION6 examined, 0 matched\n +0 pass {2}action == "start" {3}<- nothing left after this/);
});
