// The lab the scenarios happen in, modelled on the OTRF "theshire.local" lab so trainers
// can compare with the public datasets: hosts, addresses, accounts and well-known images.

export interface LabHost {
  readonly name: string;
  readonly fqdn: string;
  readonly ip: string;
  /** Sysmon ProcessGuid prefix: the machine part of every GUID logged on this host. */
  readonly guidPrefix: string;
}

const DOMAIN = 'theshire.local';
export function labHost(name: string, ip: string, guidPrefix: string): LabHost {
  return { name, fqdn: `${name}.${DOMAIN}`, ip, guidPrefix };
}

export const LAB = {
  domain: 'THESHIRE',
  ws5: labHost('WORKSTATION5', '172.18.39.5', '8a2f0c11'),
  ws6: labHost('WORKSTATION6', '172.18.39.6', 'd273d0f0'),
  dc: labHost('MORDORDC', '172.18.38.5', '5c1d9e27'),
  fileServer: labHost('FILESRV01', '172.18.38.20', '0b7e44a3'),
  /** The WEF collector: forwards events over WinRM 5985, a known false positive for AN0327. */
  wec: labHost('WEC', '172.18.38.10', 'e91b2f60'),
  attacker: '10.10.10.5',
  azureWireServer: '168.63.129.16',
  users: { admin: 'pgustavo', analyst: 'nmartha', service: 'svc_backup' },
} as const;

export const IMAGES = {
  services: 'C:\\Windows\\System32\\services.exe',
  svchost: 'C:\\Windows\\System32\\svchost.exe',
  cmd: 'C:\\Windows\\System32\\cmd.exe',
  powershell: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  wsmprovhost: 'C:\\Windows\\System32\\wsmprovhost.exe',
  rundll32: 'C:\\Windows\\System32\\rundll32.exe',
  netsh: 'C:\\Windows\\System32\\netsh.exe',
  explorer: 'C:\\Windows\\explorer.exe',
  msedge: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  onedrive: 'C:\\Users\\nmartha\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe',
  msiexec: 'C:\\Windows\\System32\\msiexec.exe',
  trustedInstaller: 'C:\\Windows\\servicing\\TrustedInstaller.exe',
  sppsvc: 'C:\\Windows\\System32\\sppsvc.exe',
  wuauclt: 'C:\\Windows\\System32\\wuauclt.exe',
  lsass: 'C:\\Windows\\System32\\lsass.exe',
  python: 'C:\\Users\\pgustavo\\AppData\\Local\\Programs\\Python\\Python39\\python.exe',
  system: 'System',
} as const;

/** Security 5156/5152/5158 log images as device paths, as Windows does. */
export function devicePath(image: string): string {
  return image.replace(/^C:\\/i, '\\device\\harddiskvolume2\\').toLowerCase();
}
