// Well-known MS-RPC named pipes and the process that serves each (Microsoft's protocol
// documents: MS-SCMR, MS-TSCH, MS-LSAD, MS-SAMR, MS-NRPC, MS-RRP, MS-SRVS, MS-WKST, MS-RPRN,
// MS-EVEN). A remote client reaches these services either over TCP (endpoint mapper, then a
// dynamic port on the serving process) or over SMB, opening the pipe on IPC$. "Why not"
// explanations use this to say that a service an analytic expected over TCP was reached
// over its pipe instead (Sysmon 17/18 PipeName, Security 5145 RelativeTargetName).

export interface RpcPipe {
  /** Pipe name as Windows logs it, lower case, without `\` or `\pipe\`. */
  readonly pipe: string;
  /** Image name of the process that serves it (lower case). */
  readonly server: string;
  /** What a client does over it, in an analyst's words. */
  readonly purpose: string;
}

export const RPC_PIPES: readonly RpcPipe[] = [
  { pipe: 'svcctl', server: 'services.exe', purpose: 'service control, MS-SCMR' },
  { pipe: 'ntsvcs', server: 'services.exe', purpose: 'service control, MS-SCMR' },
  { pipe: 'atsvc', server: 'svchost.exe', purpose: 'task scheduling, MS-TSCH' },
  { pipe: 'lsarpc', server: 'lsass.exe', purpose: 'LSA policy, MS-LSAD' },
  { pipe: 'lsass', server: 'lsass.exe', purpose: 'LSA, MS-LSAD' },
  { pipe: 'samr', server: 'lsass.exe', purpose: 'account management, MS-SAMR' },
  { pipe: 'netlogon', server: 'lsass.exe', purpose: 'Netlogon, MS-NRPC' },
  { pipe: 'winreg', server: 'svchost.exe', purpose: 'remote registry, MS-RRP' },
  { pipe: 'srvsvc', server: 'svchost.exe', purpose: 'server service, MS-SRVS' },
  { pipe: 'wkssvc', server: 'svchost.exe', purpose: 'workstation service, MS-WKST' },
  { pipe: 'spoolss', server: 'spoolsv.exe', purpose: 'printing, MS-RPRN' },
  { pipe: 'eventlog', server: 'svchost.exe', purpose: 'event log, MS-EVEN' },
];

/** A logged pipe name (`\ntsvcs`, `\PIPE\svcctl`, `svcctl`) in the form RPC_PIPES uses. */
export function pipeKey(logged: string): string {
  return logged.trim().toLowerCase().replace(/^\\+/, '').replace(/^pipe\\/, '');
}

/** The pipes served by one of the given processes. */
export function pipesServedBy(processes: readonly string[]): RpcPipe[] {
  const names = new Set(processes.map((p) => p.toLowerCase()));
  return RPC_PIPES.filter((p) => names.has(p.server));
}
