// Chains as JSON (the `huntbench run --json` chain shape, ISO 8601 UTC times) and as CSV
// (one row per event). CSV cells a spreadsheet would run as a formula are prefixed with a
// quote: log text is attacker-controlled. Pure functions, no vscode import.

import type { Chain } from '../types/chain';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The chain as plain data with ISO 8601 UTC times. (cli/run.ts's chainJson would pull the
 * whole engine into the extension bundle, so this stays separate until it moves.) */
function isoTimes(chain: Chain): unknown {
  return {
    ...chain,
    start: iso(chain.start),
    end: iso(chain.end),
    steps: chain.steps.map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, ts: iso(e.ts) })) })),
  };
}

export function chainsCsv(chains: readonly Chain[]): string {
  const header = ['chain', 'analytic', 'severity', 'key', 'step', 'time_utc', 'host', 'channel', 'event_id', 'record_id', 'summary', 'source', 'line', 'offset', 'event'];
  const rows = chains.flatMap((chain, index) => {
    const key = Object.entries(chain.key).map(([k, v]) => `${k}=${v ?? ''}`).join(' ');
    return chain.steps.flatMap((step) => step.events.map((e) => [
      index + 1, chain.analytic, chain.severity, key, step.name, iso(e.ts), e.host, e.channel, e.event_id, e.record_id, e.summary, e.source.file, e.source.line, e.source.offset, e.id,
    ]));
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function chainsJson(chains: readonly Chain[]): string {
  return `${JSON.stringify({ chains: chains.map(isoTimes) }, null, 2)}\n`;
}
