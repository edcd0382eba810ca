// Chains as the CLI and the editor's exports write them: JSON (the `huntbench run --json`
// chain shape of docs/cli.md, ISO 8601 UTC times), text (one line per event, `huntbench run`)
// and CSV (one row per event). CSV cells a spreadsheet would run as a formula are prefixed
// with a quote: log text is attacker-controlled. Pure functions, no vscode import.

import type { Chain } from '../types/chain';
import { printableLines } from '../text/printable';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A chain in the `run --json` format: ISO times, events as documented in docs/cli.md. */
export function chainJson(chain: Chain): unknown {
  return {
    analytic: chain.analytic,
    title: chain.title,
    severity: chain.severity,
    key: chain.key,
    start: iso(chain.start),
    end: iso(chain.end),
    steps: chain.steps.map((s) => ({
      name: s.name,
      ...(s.alternative ? { alternative: s.alternative } : {}),
      missing: s.missing,
      events: s.events.map((e) => ({
        ts: iso(e.ts),
        host: e.host,
        channel: e.channel,
        provider: e.provider,
        event_id: e.event_id,
        record_id: e.record_id,
        id: e.id,
        summary: e.summary,
        source: e.source,
        ...(e.obs_id === undefined ? {} : { obs_id: e.obs_id }),
        ...(e.corrected_ts === undefined ? {} : { corrected_ts: iso(e.corrected_ts) }),
      })),
    })),
  };
}

export function chainText(chain: Chain): string {
  const key = Object.entries(chain.key).map(([k, v]) => `${k}=${v}`).join(' ');
  const lines = [`[${chain.severity}] ${chain.analytic} ${chain.title}  ${key}  ${iso(chain.start)} .. ${iso(chain.end)}`];
  for (const s of chain.steps) {
    const label = `${s.name}${s.alternative ? ` (${s.alternative})` : ''}`;
    if (s.missing) { lines.push(`  ${label}: -`); continue; }
    for (const e of s.events) {
      const where = `${e.source.file}:${e.source.line ?? `@${e.source.offset ?? 0}`}`;
      const corrected = e.corrected_ts === undefined ? '' : ` (corrected ${iso(e.corrected_ts)})`;
      lines.push(`  ${label}: ${iso(e.ts)}${corrected} ${e.host ?? ''} ${e.provider ?? ''}/${e.event_id ?? ''} ${e.summary}  (${where})`);
    }
  }
  return printableLines(lines);
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
  return `${JSON.stringify({ chains: chains.map(chainJson) }, null, 2)}\n`;
}
