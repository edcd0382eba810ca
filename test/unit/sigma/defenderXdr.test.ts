// Sigma's process_creation and network_connection rules over Microsoft Defender XDR advanced
// hunting exports: the rows are read under the tables' own column names (FolderPath,
// ProcessCommandLine, InitiatingProcessFolderPath, RemoteIP, ...), which the rules' Sysmon
// names map to as pySigma's Microsoft XDR pipeline maps them, connections by their direction
// (ActionType) as Sysmon 3 names the same connection's sides. Each rule is checked against a
// value the row has and one it does not, so a branch that reads every row, or none, fails.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { runSigmaRules } from '../../../src/core/sigma/run';
import { ruleOccurrences } from '../../../src/core/sigma/correlation';
import { loadSigmaText } from '../../../src/core/sigma/load';
import type { SigmaCorrelation } from '../../../src/core/sigma/model';
import { compileDetection } from './helpers';

const DEVICE = 'fs01.corp.example';

const PROCESS_ROW = {
  Timestamp: '2024-05-06T07:08:10.4560000Z', DeviceId: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2', DeviceName: DEVICE, ActionType: 'ProcessCreated',
  FileName: 'cmd.exe', FolderPath: 'C:\\Windows\\System32\\cmd.exe', SHA1: 'ab'.repeat(20), ProcessId: 5120,
  ProcessCommandLine: 'cmd.exe /c "whoami > C:\\Windows\\Temp\\o.txt"', ProcessIntegrityLevel: 'System',
  ProcessVersionInfoOriginalFileName: 'Cmd.Exe', AccountDomain: 'NT AUTHORITY', AccountName: 'SYSTEM', LogonId: 999,
  InitiatingProcessFileName: 'services.exe', InitiatingProcessFolderPath: 'c:\\windows\\system32\\services.exe',
  InitiatingProcessId: 640, InitiatingProcessCommandLine: 'services.exe', ReportId: 1202,
};

/** The same cmd.exe reaches another machine's SMB port. */
const NETWORK_ROW = {
  Timestamp: '2024-05-06T07:08:12.0000000Z', DeviceId: PROCESS_ROW.DeviceId, DeviceName: DEVICE, ActionType: 'ConnectionSuccess',
  RemoteIP: '10.0.0.40', RemotePort: 445, RemoteUrl: 'fs02.corp.example', LocalIP: '10.0.0.31', LocalPort: 50400, Protocol: 'Tcp',
  InitiatingProcessFileName: 'cmd.exe', InitiatingProcessFolderPath: 'c:\\windows\\system32\\cmd.exe', InitiatingProcessId: 5120,
  InitiatingProcessAccountDomain: 'nt authority', InitiatingProcessAccountName: 'system', ReportId: 1203,
};

/** WS02 reaches the device's SMB port: Sysmon 3 would log it with Initiated false, SourceIp the peer's. */
const INBOUND_ROW = {
  Timestamp: '2024-05-06T07:08:09.1200000Z', DeviceId: PROCESS_ROW.DeviceId, DeviceName: DEVICE, ActionType: 'InboundConnectionAccepted',
  RemoteIP: '10.0.0.22', RemotePort: 50311, RemoteUrl: '', LocalIP: '10.0.0.31', LocalPort: 445, Protocol: 'Tcp',
  InitiatingProcessFileName: 'System', InitiatingProcessFolderPath: '', InitiatingProcessId: 4,
  InitiatingProcessAccountDomain: 'nt authority', InitiatingProcessAccountName: 'system', ReportId: 1201,
};

/** A DeviceFileEvents row: it also has FolderPath, but is no process start. */
const FILE_ROW = {
  Timestamp: '2024-05-06T07:08:11.0000000Z', DeviceId: PROCESS_ROW.DeviceId, DeviceName: DEVICE, ActionType: 'FileCreated',
  FileName: 'cmd.exe', FolderPath: 'C:\\Windows\\Temp\\cmd.exe', SHA1: 'cd'.repeat(20), InitiatingProcessFileName: 'cmd.exe',
  InitiatingProcessFolderPath: 'c:\\windows\\system32\\cmd.exe', InitiatingProcessId: 5120, InitiatingProcessCommandLine: 'cmd.exe /c copy',
  ReportId: 1204,
};

const PROCESS_RULE = [
  'selection:',
  "  Image|endswith: '\\cmd.exe'",
  "  OriginalFileName: 'Cmd.Exe'",
  "  CommandLine|contains: 'whoami'",
  "  ParentImage|endswith: '\\services.exe'",
  "  IntegrityLevel: 'System'",
  'condition: selection',
].join('\n');

const NETWORK_RULE = [
  'selection:',
  "  Initiated: 'true'",
  "  Image|endswith: '\\cmd.exe'",
  '  DestinationPort: 445',
  "  DestinationIp|cidr: '10.0.0.0/8'",
  "  DestinationHostname|endswith: '.corp.example'",
  'condition: selection',
].join('\n');

const NETWORK = 'logsource:\n  product: windows\n  category: network_connection\n';

async function withDefenderSession(run: (session: HuntSession) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-xdr-'));
  const file = join(dir, 'advanced-hunting.json');
  writeFileSync(file, [INBOUND_ROW, PROCESS_ROW, NETWORK_ROW, FILE_ROW].map((row) => JSON.stringify(row)).join('\n') + '\n');
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([file]);
    assert.equal(report.events, 4, JSON.stringify(report.sources[0]));
    run(session);
  } finally {
    session.close();
  }
}

function matchCount(session: HuntSession, detection: string, logsource?: string): number {
  const { compiled, diagnostics } = compileDetection(detection, logsource);
  assert.ok(compiled, JSON.stringify(diagnostics));
  return runSigmaRules(session.store, [compiled]).detections[0]!.events.length;
}

test('Sigma process_creation rules read Defender XDR DeviceProcessEvents rows by their column names', async () => {
  await withDefenderSession((session) => {
    assert.equal(matchCount(session, PROCESS_RULE), 1);
    assert.equal(matchCount(session, PROCESS_RULE.replace("'\\services.exe'", "'\\wmiprvse.exe'")), 0, 'another parent');
    assert.equal(matchCount(session, "selection:\n  User: 'SYSTEM'\ncondition: selection"), 1, 'the account name');
    // The file row's FolderPath ends in cmd.exe too: it is not read as a process start.
    assert.equal(matchCount(session, "selection:\n  Image|endswith: '\\cmd.exe'\ncondition: selection"), 1, 'only the process start');
    // Not mapped (Defender keeps hashes in columns of their own): a rule on it reads nothing here.
    assert.equal(matchCount(session, "selection:\n  Hashes|contains: 'SHA1='\ncondition: selection"), 0);
  });
});

test('Sigma network_connection rules read Defender XDR DeviceNetworkEvents rows by their column names', async () => {
  await withDefenderSession((session) => {
    assert.equal(matchCount(session, NETWORK_RULE, NETWORK), 1);
    assert.equal(matchCount(session, NETWORK_RULE.replace('445', '3389'), NETWORK), 0, 'another port');
    // The process row is not a connection: a network rule on its image alone does not read it.
    assert.equal(matchCount(session, "selection:\n  Image|endswith: '\\cmd.exe'\ncondition: selection", NETWORK), 1);
  });
});

test('Defender XDR connections are read by their direction, as Sysmon 3 logs the same connection', async () => {
  await withDefenderSession((session) => {
    // Accepted: the peer is Source, the device Destination (Defender's Remote and Local), Initiated false.
    const inbound = "selection:\n  Initiated: 'false'\n  SourceIp: '10.0.0.22'\n  DestinationIp: '10.0.0.31'\n  DestinationPort: 445\ncondition: selection";
    assert.equal(matchCount(session, inbound, NETWORK), 1);
    assert.equal(matchCount(session, inbound.replace("'false'", "'true'"), NETWORK), 0, 'the accepted connection was not initiated here');
    // Both rows have a destination port 445 (the device's own, the peer's); only the outbound one was initiated.
    assert.equal(matchCount(session, 'selection:\n  DestinationPort: 445\ncondition: selection', NETWORK), 2);
    assert.equal(matchCount(session, "selection:\n  Initiated: 'true'\n  DestinationPort: 445\ncondition: selection", NETWORK), 1);
    assert.equal(matchCount(session, "selection:\n  Initiated: 'true'\ncondition: selection", NETWORK), 1, 'a constant alone');
  });
});

test('a logsource naming a Windows service does not read Defender XDR rows', async () => {
  await withDefenderSession((session) => {
    const sysmon = 'logsource:\n  product: windows\n  category: process_creation\n  service: sysmon\n';
    assert.equal(matchCount(session, "selection:\n  Image|endswith: '\\cmd.exe'\ncondition: selection", sysmon), 0);
  });
});

test('a correlation groups Defender XDR connections by the field names of their direction', async () => {
  await withDefenderSession((session) => {
    const { compiled } = compileDetection('selection:\n  DestinationPort: 445\ncondition: selection', NETWORK);
    const run = runSigmaRules(session.store, [compiled!]);
    const events = run.detections[0]!.events;
    const loaded = loadSigmaText('/c.yml', 'title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [r]\n  group-by: [SourceIp, DestinationIp]\n  timespan: 1m\n  condition:\n    gte: 1\n');
    const correlation = loaded.documents[0] as SigmaCorrelation;
    const groups = ruleOccurrences(session.store, correlation, 0, [], compiled!.branches.map((b) => b.branch), events).map((o) => o.group);
    assert.deepEqual(groups.sort(), [['10.0.0.22', '10.0.0.31'], ['10.0.0.31', '10.0.0.40']]);
  });
});
