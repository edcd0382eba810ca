// Hand-written chains for the timeline tests: the shape of the SVC-RPC-EXEC chain on
// WORKSTATION6 (inbound services.exe connection, then cmd.exe under services.exe), and a
// generator of many chains for windowing and render-time figures.

import type { Chain, ChainEvent } from '../../../src/core/types/chain';
import { chainId, type TimelineChain } from '../../../src/protocol/webview';

export const T0 = Date.UTC(2020, 9, 19, 3, 56, 1, 0);

export function event(id: number, ts: number, summary: string, host: string | null = 'WORKSTATION6', line = id): ChainEvent {
  return { id, ts, host, channel: 'Microsoft-Windows-Sysmon/Operational', provider: 'Microsoft-Windows-Sysmon', event_id: 1, record_id: id, summary, source: { file: 'logs/psexec.json', line } };
}

export function svcRpcExec(): TimelineChain {
  const chain: Chain = {
    analytic: 'SVC-RPC-EXEC', title: 'Remote service execution over RPC', severity: 'high', key: { host: 'WORKSTATION6' },
    start: T0, end: T0 + 600,
    steps: [
      { name: 'inbound', missing: false, events: [{ ...event(11, T0, 'services.exe accepted 172.18.39.5:56608 → :49726'), process: { guid: 'G-SERVICES', parentGuid: 'G-WININIT', name: 'services.exe' } }] },
      { name: 'install', missing: true, events: [] },
      { name: 'child', missing: false, events: [{ ...event(12, T0 + 600, 'services.exe started cmd.exe /c whoami'), process: { guid: 'G-CMD', parentGuid: 'G-SERVICES', name: 'cmd.exe' } }] },
    ],
  };
  return { id: chainId(chain), chain };
}

/** `count` two-step chains spread over hosts and an hour, deterministic. */
export function manyChains(count: number, eventsPerStep = 1): TimelineChain[] {
  const out: TimelineChain[] = [];
  let id = 1000;
  for (let i = 0; i < count; i++) {
    const host = `HOST${i % 7}`;
    const start = T0 + ((i * 7919) % 3_600_000);
    const steps = ['a', 'b'].map((name, s) => ({
      name, missing: false,
      events: Array.from({ length: eventsPerStep }, (_, k) => event(id++, start + s * 1500 + k * 10, `proc${i} did ${name}${k}`, host)),
    }));
    const chain: Chain = { analytic: i % 2 ? 'A-ODD' : 'B-EVEN', title: `chain ${i}`, severity: i % 3 ? 'medium' : 'high', key: { host }, start, end: start + 1500 + eventsPerStep * 10, steps };
    out.push({ id: chainId(chain), chain });
  }
  return out;
}
