// AN0204 lab story: a baseline day of WORKSTATION5's network behaviour, then on day two a
// malicious DLL run by rundll32.exe reaches internal peers over SMB and RPC — process and
// destination pairs never seen in the baseline. Domain traffic repeats the baseline.
import { IMAGES, LAB } from '../lab';
import { benignNoise, makeProc } from '../noise';
import type { Random } from '../random';
import type { Scenario, WinRecord } from '../records';
import { sysmonNetworkConnect, sysmonProcessCreate } from '../windows';
import { readme } from './common';

const DAY = 24 * 3600_000;

export function an0204(rng: Random, start: number): Scenario {
  const { ws5, ws6, fileServer } = LAB;
  const sysmonOnly = (records: WinRecord[]): WinRecord[] => records.filter((r) => r.provider === 'Microsoft-Windows-Sysmon');
  const baseline = sysmonOnly(benignNoise(rng, ws5, start, start + DAY, 420, false));
  const hunt = sysmonOnly(benignNoise(rng, ws5, start + DAY, start + DAY + 8 * 3600_000, 160, false));
  const attack = start + DAY + 3 * 3600_000 + 17 * 60_000;
  const user = `${LAB.domain}\\${LAB.users.analyst}`;
  const explorer = makeProc(rng, ws5, IMAGES.explorer, 'C:\\Windows\\Explorer.EXE', user);
  const rundll = makeProc(rng, ws5, IMAGES.rundll32, `"C:\\Windows\\System32\\rundll32.exe" C:\\Users\\${LAB.users.analyst}\\AppData\\Local\\Temp\\invoice_0913.dll,DllRegisterServer`, user);
  const connect = (offset: number, dstIp: string, dstPort: number): WinRecord =>
    sysmonNetworkConnect(attack + offset, ws5, rundll, { protocol: 'tcp', initiated: true, srcIp: ws5.ip, srcPort: 57000 + offset % 997, dstIp, dstPort });
  hunt.push(
    sysmonProcessCreate(attack, ws5, rundll, explorer, { integrity: 'Medium', logonId: '0x5a3c1e' }),
    connect(2_310, ws6.ip, 445),
    connect(2_980, ws6.ip, 135),
    connect(3_140, ws6.ip, 49667),
    connect(6_020, fileServer.ip, 445),
  );
  return {
    folder: 'AN0204-rare-internal-peer',
    analytic: 'AN0204',
    files: [
      { path: 'WORKSTATION5-sysmon-day1-baseline.json', format: 'nxlog-ndjson', records: baseline },
      { path: 'WORKSTATION5-sysmon-day2.json', format: 'nxlog-ndjson', records: hunt },
    ],
    expected: { host: 'WORKSTATION5', keyEvent: 'rundll32.exe' },
    readme: readme({
      title: 'AN0204 — rundll32.exe reaches internal peers it never talked to',
      story: [
        `Day 1 is WORKSTATION5's ordinary life: lsass and svchost talking to the domain controller ${LAB.dc.ip}`,
        '(Kerberos 88, LDAP 389, SMB 445, RPC 135), Edge browsing, scheduled tasks. It is the baseline.',
        `On day 2 \`${LAB.users.analyst}\` opens a phishing attachment; \`rundll32.exe invoice_0913.dll,DllRegisterServer\``,
        `probes WORKSTATION6 (${ws6.ip}) over SMB 445, RPC 135 and a dynamic RPC port, then FILESRV01 (${fileServer.ip}).`,
        'svchost.exe keeps talking to the DC on 135 and 445 as on day 1: same tuples, no chain.',
      ],
      files: [
        '`WORKSTATION5-sysmon-day1-baseline.json` — Sysmon, NXLog NDJSON, day 1 (the baseline period).',
        '`WORKSTATION5-sysmon-day2.json` — Sysmon, NXLog NDJSON, day 2 (the hunt).',
        'Load both: the analytic baselines on the first day of the loaded data. From the CLI, `--baseline` takes the day-1 file.',
      ],
      chain: [
        'one event per first-seen tuple (host WORKSTATION5, process rundll32.exe, destination): 172.18.39.6 on 445/135/49667 and 172.18.38.20 on 445 (Sysmon 3, `Initiated true`);',
        'the process start (Sysmon 1, parent explorer.exe) is the context to open from the raw record.',
      ],
    }),
  };
}
