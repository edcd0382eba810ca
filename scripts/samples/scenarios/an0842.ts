// AN0842 lab story: a remote source probes WORKSTATION6 and every SYN is dropped by the
// host firewall (Zeek S0 with history "S", Security 5152, pfirewall DROP — the three views of
// one drop, never a RST). Through its implant the attacker then adds an allow rule for
// TCP 8443 with netsh (4688/Sysmon 1, Security 4946, Firewall 2004 LocalPorts=8443), starts
// a listener (5158/5154), and connects from the same source to 8443 (5156 inbound, Zeek SF).
import { IMAGES, LAB, type LabHost } from '../lab';
import { benignNoise, makeProc } from '../noise';
import type { Random } from '../random';
import type { PfirewallLine, Scenario, WinRecord, ZeekConn } from '../records';
import {
  firewallRuleAdded, securityFirewallRuleAdded, securityProcessCreate, securityWfpConnection, securityWfpListen,
  sysmonNetworkConnect, sysmonProcessCreate, type FirewallRule, type Proc,
} from '../windows';
import { readme } from './common';

export function ruleId(rng: Random): string {
  const part = (digits: number): string => rng.hex(digits).toUpperCase();
  return `{${part(8)}-${part(4)}-${part(4)}-${part(4)}-${part(12)}}`;
}

export const PROBED_PORTS = [21, 22, 23, 80, 443, 1433, 3306, 5900, 8080, 8443];

/** The workstation's own outbound sessions, as the sensor (Zeek) and its pfirewall.log see them. */
export function sensorNoise(rng: Random, host: LabHost, start: number, uid: () => string, conns: ZeekConn[], pfw: PfirewallLine[]): void {
  for (let i = 0; i < 60; i++) {
    const ts = start + Math.floor(rng.next() * 2 * 3600_000);
    const dst = rng.pick([LAB.dc.ip, LAB.fileServer.ip, '13.107.42.14', '20.190.151.68']);
    const port = dst === LAB.dc.ip ? rng.pick([88, 389, 445]) : dst === LAB.fileServer.ip ? 445 : 443;
    const srcPort = rng.int(49152, 65535);
    conns.push({ kind: 'zeek', ts, uid: uid(), origHost: host.ip, origPort: srcPort, respHost: dst, respPort: port, proto: 'tcp', service: port === 443 ? 'ssl' : port === 445 ? 'smb' : port === 88 ? 'krb_tcp' : 'ldap', duration: rng.int(20, 9000) / 1000, origBytes: rng.int(200, 5000), respBytes: rng.int(300, 90000), connState: 'SF', history: 'ShADadFf', origPkts: rng.int(6, 40), respPkts: rng.int(6, 80) });
    pfw.push({ kind: 'pfirewall', ts, action: 'ALLOW', protocol: 'TCP', srcIp: host.ip, dstIp: dst, srcPort, dstPort: port, size: 0, tcpFlags: '-', path: 'SEND' });
  }
}

/**
 * The implant (an earlier foothold) opens `port`: cmd.exe, netsh adds an allow rule (4688,
 * Sysmon 1, Security 4946, Firewall 2004 with LocalPorts), then a python listener binds (5158, 5154).
 */
export function implantOpensPort(rng: Random, host: LabHost, change: number, port: number): { records: WinRecord[]; listener: Proc } {
  const user = `${LAB.domain}\\${LAB.users.analyst}`;
  const implant = makeProc(rng, host, IMAGES.powershell, `"${IMAGES.powershell}" -nop -w hidden -c "IEX $env:UPD"`, user);
  const cmd = makeProc(rng, host, IMAGES.cmd, 'C:\\Windows\\system32\\cmd.exe', user);
  const netsh = makeProc(rng, host, IMAGES.netsh, `netsh  advfirewall firewall add rule name="Windows Update Delivery" dir=in action=allow protocol=TCP localport=${port}`, user);
  const listener = makeProc(rng, host, IMAGES.python, `"${IMAGES.python}" -m http.server ${port}`, user);
  const rule: FirewallRule = { id: ruleId(rng), name: 'Windows Update Delivery', localPorts: String(port), applicationPath: '', protocol: 'TCP' };
  const userSid = 'S-1-5-21-4228717743-1032521047-1810997296-1105';
  const records = [
    sysmonProcessCreate(change, host, cmd, implant, { integrity: 'High', logonId: '0x5a3c1e' }),
    sysmonProcessCreate(change + 2_110, host, netsh, cmd, { integrity: 'High', logonId: '0x5a3c1e' }),
    securityProcessCreate(change + 2_110, host, netsh, cmd, LAB.users.analyst, '0x5a3c1e'),
    securityFirewallRuleAdded(change + 2_460, host, rule),
    firewallRuleAdded(change + 2_460, host, 2004, rule, userSid),
    sysmonProcessCreate(change + 41_000, host, listener, cmd, { integrity: 'High', logonId: '0x5a3c1e' }),
    securityWfpListen(change + 41_870, host, 5158, listener.pid, listener.image, port),
    securityWfpListen(change + 41_871, host, 5154, listener.pid, listener.image, port),
  ];
  return { records, listener };
}

export function an0842(rng: Random, start: number): Scenario {
  const { ws6 } = LAB;
  const source = LAB.attacker;
  const recon = start + 40 * 60_000;
  const opened = 8443;
  const win: WinRecord[] = benignNoise(rng, ws6, start, start + 2 * 3600_000, 120, true);
  const conns: ZeekConn[] = [];
  const pfw: PfirewallLine[] = [];
  const uid = (): string => `C${rng.hex(17)}`;
  sensorNoise(rng, ws6, start, uid, conns, pfw);
  // Recon: one SYN per port, retransmitted once, dropped by the default-block inbound policy.
  PROBED_PORTS.forEach((port, i) => {
    const ts = recon + i * 310;
    const srcPort = 41000 + i * 3;
    conns.push({ kind: 'zeek', ts, uid: uid(), origHost: source, origPort: srcPort, respHost: ws6.ip, respPort: port, proto: 'tcp', service: null, duration: 1.004, origBytes: 0, respBytes: 0, connState: 'S0', history: 'S', origPkts: 2, respPkts: 0 });
    pfw.push({ kind: 'pfirewall', ts, action: 'DROP', protocol: 'TCP', srcIp: source, dstIp: ws6.ip, srcPort, dstPort: port, size: 60, tcpFlags: 'S', path: 'RECEIVE' });
    win.push(securityWfpConnection(ts, ws6, 5152, 0, '-', true, { protocol: 'tcp', srcIp: source, srcPort, dstIp: ws6.ip, dstPort: port }));
  });
  // Benign rule churn earlier in the day: a Teams update registering its inbound rules.
  const teams = 'C:\\Users\\nmartha\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe';
  for (const [offset, protocol] of [[8 * 60_000, 'TCP'], [8 * 60_000 + 40, 'UDP']] as const) {
    const teamsRule: FirewallRule = { id: ruleId(rng), name: `teams.exe (${protocol}-In)`, localPorts: '*', applicationPath: teams, protocol };
    win.push(securityFirewallRuleAdded(start + offset, ws6, teamsRule), firewallRuleAdded(start + offset, ws6, 2004, teamsRule, 'S-1-5-18'));
  }
  const change = recon + 9 * 60_000;
  const { records: opening, listener } = implantOpensPort(rng, ws6, change, opened);
  win.push(...opening);
  const access = change + 3 * 60_000 + 12_000;
  const accessFlow = { protocol: 'tcp' as const, srcIp: source, srcPort: 41877, dstIp: ws6.ip, dstPort: opened };
  win.push(
    securityWfpConnection(access, ws6, 5156, listener.pid, listener.image, true, accessFlow),
    sysmonNetworkConnect(access + 3, ws6, listener, { ...accessFlow, initiated: false }),
  );
  conns.push({ kind: 'zeek', ts: access, uid: uid(), origHost: source, origPort: 41877, respHost: ws6.ip, respPort: opened, proto: 'tcp', service: 'http', duration: 0.412, origBytes: 187, respBytes: 2231, connState: 'SF', history: 'ShADadFf', origPkts: 6, respPkts: 5 });
  pfw.push({ kind: 'pfirewall', ts: access, action: 'ALLOW', protocol: 'TCP', srcIp: source, dstIp: ws6.ip, srcPort: 41877, dstPort: opened, size: 0, tcpFlags: '-', path: 'RECEIVE' });
  const isFirewallChannel = (r: WinRecord): boolean => r.channel.endsWith('/Firewall');
  return {
    folder: 'AN0842-closed-port-opened',
    analytic: 'AN0842',
    files: [
      { path: 'sensor/conn.log', format: 'zeek-tsv', records: conns },
      { path: 'WORKSTATION6-pfirewall.log', format: 'pfirewall', records: pfw },
      { path: 'WORKSTATION6-security-sysmon.json', format: 'nxlog-ndjson', records: win.filter((r) => !isFirewallChannel(r)) },
      { path: 'WORKSTATION6-firewall.xml', format: 'evtx-xml', records: win.filter(isFirewallChannel) },
    ],
    expected: { host: 'WORKSTATION6', keyEvent: String(opened) },
    readme: readme({
      title: 'AN0842 — closed ports probed, a port opened, the same source walks in',
      story: [
        `${source} sweeps WORKSTATION6 (${ws6.ip}) on ${PROBED_PORTS.length} TCP ports. The Domain-profile firewall drops`,
        'every SYN: the Zeek sensor sees `S0` with history `S` (no answer), Security logs 5152, pfirewall.log logs DROP.',
        `Nine minutes later the attacker's implant runs \`netsh advfirewall firewall add rule ... localport=${opened}\``,
        `(Sysmon 1 / Security 4688), Windows logs the new rule (Security 4946, Firewall 2004 with \`LocalPorts=${opened}\`),`,
        `and \`python -m http.server ${opened}\` binds and listens (5158, 5154). Three minutes later ${source} connects to`,
        `${opened}: Security 5156 inbound, Sysmon 3, Zeek \`SF\`, pfirewall ALLOW. Around it: two hours of ordinary traffic.`,
      ],
      files: [
        '`sensor/conn.log` — Zeek conn.log (TSV) from the network sensor.',
        '`WORKSTATION6-pfirewall.log` — Windows Firewall log (pfirewall.log 1.5, local time = UTC in this lab).',
        '`WORKSTATION6-security-sysmon.json` — Security and Sysmon, NXLog NDJSON.',
        '`WORKSTATION6-firewall.xml` — the Windows Firewall With Advanced Security channel as EVTX-XML.',
      ],
      chain: [
        `step 1 (probe): ${source} touching closed ports on WORKSTATION6 (Zeek S0, 5152, pfirewall DROP), several distinct ports within minutes;`,
        `step 2 (open): the firewall rule change — 4946 / 2004 with \`LocalPorts=${opened}\` (and the listener, 5158/5154);`,
        `step 3 (access): the first successful connection from ${source} to port ${opened} (5156 inbound, Zeek SF) — the port is carried from step 2.`,
      ],
    }),
  };
}
