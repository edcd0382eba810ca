// AN0842 seen by a network sensor: the same lab story as an0842.ts, but the host does not
// audit dropped packets (no 5152), so the sweep is visible only to the Zeek sensor (S0 where
// the firewall dropped the SYN, REJ where the host answered with a RST) — or, in the
// `pfirewall` variant, only in the host's pfirewall.log. Neither names the host: the loader
// attributes the rows to WORKSTATION6 because its own Security log (5156 outbound) shows the
// address is its own. The options build the negative variants the tests use (probes from
// another source, the connection to another port).
import { LAB } from '../lab';
import { benignNoise } from '../noise';
import type { Random } from '../random';
import type { PfirewallLine, SampleFile, Scenario, WinRecord, ZeekConn } from '../records';
import { securityWfpConnection } from '../windows';
import { readme } from './common';
import { implantOpensPort, PROBED_PORTS, sensorNoise } from './an0842';

export interface SensorScenarioOptions {
  /** Which log saw the probes: the Zeek sensor (default) or the host's pfirewall.log. */
  readonly probes?: 'zeek' | 'pfirewall';
  /** Where the probes come from (default: the lab's attacker, who also connects). */
  readonly probeSource?: string;
  /** The port of the first successful connection (default: the port the rule opens). */
  readonly accessPort?: number;
  readonly folder?: string;
}

const OPENED = 8443;

export function an0842Sensor(rng: Random, start: number, options: SensorScenarioOptions = {}): Scenario {
  const { ws6 } = LAB;
  const source = LAB.attacker;
  const probes = options.probes ?? 'zeek';
  const probeSource = options.probeSource ?? source;
  const accessPort = options.accessPort ?? OPENED;
  const recon = start + 40 * 60_000;
  const security = benignNoise(rng, ws6, start, start + 2 * 3600_000, 120, true).filter((r) => r.channel === 'Security');
  const conns: ZeekConn[] = [];
  const pfw: PfirewallLine[] = [];
  const uid = (): string => `C${rng.hex(17)}`;
  sensorNoise(rng, ws6, start, uid, conns, pfw);
  PROBED_PORTS.forEach((port, i) => {
    const ts = recon + i * 290;
    const srcPort = 52000 + i * 7;
    // Ports the default inbound policy drops look filtered (S0); the rest answer with a RST (REJ).
    const dropped = i % 3 !== 2;
    if (probes === 'zeek') {
      conns.push({ kind: 'zeek', ts, uid: uid(), origHost: probeSource, origPort: srcPort, respHost: ws6.ip, respPort: port, proto: 'tcp', service: null, duration: dropped ? 1.002 : 0.001, origBytes: 0, respBytes: 0, connState: dropped ? 'S0' : 'REJ', history: dropped ? 'S' : 'Sr', origPkts: dropped ? 2 : 1, respPkts: dropped ? 0 : 1 });
    } else {
      pfw.push({ kind: 'pfirewall', ts, action: 'DROP', protocol: 'TCP', srcIp: probeSource, dstIp: ws6.ip, srcPort, dstPort: port, size: 60, tcpFlags: 'S', path: 'RECEIVE' });
    }
  });
  const change = recon + 11 * 60_000;
  const { records: opening, listener } = implantOpensPort(rng, ws6, change, OPENED);
  const access = change + 2 * 60_000 + 41_000;
  const accessFlow = { protocol: 'tcp' as const, srcIp: source, srcPort: 52877, dstIp: ws6.ip, dstPort: accessPort };
  security.push(...opening.filter((r) => r.channel === 'Security'), securityWfpConnection(access, ws6, 5156, listener.pid, listener.image, true, accessFlow));
  conns.push({ kind: 'zeek', ts: access + 4, uid: uid(), origHost: source, origPort: 52877, respHost: ws6.ip, respPort: accessPort, proto: 'tcp', service: 'http', duration: 0.398, origBytes: 187, respBytes: 2231, connState: 'SF', history: 'ShADadFf', origPkts: 6, respPkts: 5 });
  pfw.push({ kind: 'pfirewall', ts: access, action: 'ALLOW', protocol: 'TCP', srcIp: source, dstIp: ws6.ip, srcPort: 52877, dstPort: accessPort, size: 0, tcpFlags: '-', path: 'RECEIVE' });
  const firewall: WinRecord[] = opening.filter((r) => r.channel.endsWith('/Firewall'));
  const files: SampleFile[] = [
    probes === 'zeek'
      ? { path: 'sensor/conn.log', format: 'zeek-tsv', records: conns }
      : { path: 'WORKSTATION6-pfirewall.log', format: 'pfirewall', records: pfw },
    { path: 'WORKSTATION6-security.xml', format: 'evtx-xml', records: security },
    { path: 'WORKSTATION6-firewall.xml', format: 'evtx-xml', records: firewall },
  ];
  return {
    folder: options.folder ?? 'AN0842-sensor-probes',
    analytic: 'AN0842',
    files,
    expected: { host: 'WORKSTATION6', keyEvent: String(OPENED) },
    readme: readme({
      title: 'AN0842 seen by the network sensor — probes no host log recorded',
      story: [
        `${source} sweeps WORKSTATION6 (${ws6.ip}) on ${PROBED_PORTS.length} TCP ports. WORKSTATION6 does not audit dropped packets`,
        '(no 5152), so only the Zeek sensor sees the sweep: `S0` where the firewall dropped the SYN, `REJ` where a RST came back.',
        'conn.log names no host; Huntbench attributes its rows to WORKSTATION6 because WORKSTATION6\'s own Security log',
        `(5156 outbound) shows ${ws6.ip} is its address, so the probes join WORKSTATION6's chain.`,
        `Eleven minutes later the implant adds a firewall rule for ${OPENED} (4946, Firewall 2004) and python listens on it (5158);`,
        `then ${source} connects to ${OPENED}: Zeek \`SF\` and Security 5156, one connection seen by two logs.`,
      ],
      files: [
        '`sensor/conn.log` — Zeek conn.log (TSV) from the network sensor: the sweep and the first successful connection.',
        '`WORKSTATION6-security.xml` — the Security channel as EVTX-XML (no packet-drop auditing).',
        '`WORKSTATION6-firewall.xml` — the Windows Firewall With Advanced Security channel as EVTX-XML.',
      ],
      chain: [
        `step 1 (probe): the sensor's S0/REJ rows from ${source} to WORKSTATION6, each linked to its conn.log line;`,
        `step 2 (opened): the rule for ${OPENED} (4946 / 2004 with \`LocalPorts=${OPENED}\`);`,
        `step 3 (access): ${source} connecting to ${OPENED} — the Zeek SF row and the 5156, one observation.`,
      ],
    }),
  };
}
