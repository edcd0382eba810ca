// Benign background activity around an attack: scheduled tasks, browsing, domain traffic,
// service state changes, logons. Trainers need the attack to stand out of realistic noise,
// and the analytics must not fire on it.
import { IMAGES, LAB, type LabHost } from './lab';
import type { Random } from './random';
import type { WinRecord } from './records';
import {
  securityLogon, securityProcessCreate, securityWfpConnection, securityWfpListen, serviceStateChanged,
  sysmonNetworkConnect, sysmonProcessCreate, type Proc,
} from './windows';

export function makeProc(rng: Random, host: LabHost, image: string, commandLine: string, user = 'NT AUTHORITY\\SYSTEM'): Proc {
  return { guid: rng.guid(host.guidPrefix), pid: rng.int(400, 9000), image, commandLine, user };
}

/** Long-lived processes every host has; noise hangs off them. */
export function systemProcs(rng: Random, host: LabHost) {
  return {
    services: { ...makeProc(rng, host, IMAGES.services, 'C:\\Windows\\system32\\services.exe'), pid: 688 },
    schedule: makeProc(rng, host, IMAGES.svchost, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule'),
    rpcss: makeProc(rng, host, IMAGES.svchost, 'C:\\Windows\\system32\\svchost.exe -k RPCSS -p', 'NT AUTHORITY\\NETWORK SERVICE'),
    explorer: makeProc(rng, host, IMAGES.explorer, 'C:\\Windows\\Explorer.EXE', `${LAB.domain}\\${LAB.users.analyst}`),
    lsass: { ...makeProc(rng, host, IMAGES.lsass, 'C:\\Windows\\system32\\lsass.exe'), pid: 704 },
  };
}

const SCHEDULED = [
  [IMAGES.svchost, 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s NetSetupSvc'],
  [IMAGES.sppsvc, 'C:\\Windows\\system32\\sppsvc.exe'],
  [IMAGES.wuauclt, 'C:\\Windows\\system32\\wuauclt.exe /RunHandlerComServer'],
  [IMAGES.msiexec, 'C:\\Windows\\system32\\msiexec.exe /V'],
  [IMAGES.trustedInstaller, 'C:\\Windows\\servicing\\TrustedInstaller.exe'],
] as const;

const SERVICES = ['BITS', 'wuauserv', 'TrustedInstaller', 'sppsvc', 'WinHttpAutoProxySvc', 'Netlogon', 'DoSvc'];

/**
 * `count` benign events on `host` spread over [start, end). With `withSecurity`, process and
 * network activity also appears in Security (4688, 5156, 5158), as audited hosts log it.
 */
export function benignNoise(rng: Random, host: LabHost, start: number, end: number, count: number, withSecurity: boolean): WinRecord[] {
  const sys = systemProcs(rng, host);
  const records: WinRecord[] = [];
  const at = (): number => start + Math.floor(rng.next() * (end - start));
  while (records.length < count) {
    const ts = at();
    const kind = rng.int(0, 5);
    if (kind === 0) {
      // services.exe starting allowlisted service binaries: the normal case SVC-RPC-EXEC must ignore.
      const [image, cmd] = rng.pick(SCHEDULED);
      const proc = makeProc(rng, host, image, cmd);
      records.push(sysmonProcessCreate(ts, host, proc, sys.services));
      if (withSecurity) records.push(securityProcessCreate(ts, host, proc, sys.services, `${host.name}$`));
    } else if (kind === 1) {
      const edge = makeProc(rng, host, IMAGES.msedge, `"${IMAGES.msedge}" --type=utility --utility-sub-type=network.mojom.NetworkService`, sys.explorer.user);
      const flow = { protocol: 'tcp' as const, srcIp: host.ip, srcPort: rng.int(49152, 65535), dstIp: rng.pick(['13.107.42.14', '204.79.197.200', '20.190.151.68']), dstPort: 443 };
      records.push(sysmonNetworkConnect(ts, host, edge, { ...flow, initiated: true }));
      if (withSecurity) records.push(securityWfpConnection(ts, host, 5156, edge.pid, edge.image, false, flow));
    } else if (kind === 2) {
      // Domain traffic from lsass and svchost to the DC: Kerberos, LDAP, SMB for group policy.
      const proc = rng.next() < 0.5 ? sys.lsass : sys.rpcss;
      const flow = { protocol: 'tcp' as const, srcIp: host.ip, srcPort: rng.int(49152, 65535), dstIp: LAB.dc.ip, dstPort: rng.pick([88, 389, 445, 135]) };
      records.push(sysmonNetworkConnect(ts, host, proc, { ...flow, initiated: true }));
      if (withSecurity) records.push(securityWfpConnection(ts, host, 5156, proc.pid, proc.image, false, flow));
    } else if (kind === 3) {
      records.push(serviceStateChanged(ts, host, rng.pick(SERVICES), rng.next() < 0.5 ? 'running' : 'stopped'));
    } else if (kind === 4 && withSecurity) {
      records.push(securityLogon(ts, host, `${host.name}$`, 3, LAB.dc.ip, rng.int(49152, 65535), `0x${rng.hex(7)}`));
    } else if (kind === 5 && withSecurity) {
      records.push(securityWfpListen(ts, host, 5158, sys.rpcss.pid, sys.rpcss.image, rng.int(49152, 65535)));
    }
  }
  return records;
}
