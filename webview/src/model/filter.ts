// Chain filters: analytic, host, severity, time range and free text. An empty list means
// "any"; text matches case-insensitively against the chain's title, analytic, key values
// and every event's summary and host.

import { NO_FILTERS, type SigmaMark, type TimelineChain, type TimelineFilters } from '../../../src/protocol/webview';

export { NO_FILTERS };

export function matchesFilters(tc: TimelineChain, f: TimelineFilters): boolean {
  const c = tc.chain;
  if (f.analytics.length && !f.analytics.includes(c.analytic)) return false;
  if (f.severities.length && !f.severities.includes(c.severity)) return false;
  if (f.from !== null && c.end < f.from) return false;
  if (f.to !== null && c.start > f.to) return false;
  if (f.hosts.length && !hostsOf(tc).some((h) => f.hosts.includes(h))) return false;
  const text = f.text.trim().toLowerCase();
  return !text || searchText(tc).includes(text);
}

export function filterChains(chains: readonly TimelineChain[], f: TimelineFilters): TimelineChain[] {
  return chains.filter((tc) => matchesFilters(tc, f));
}

/** Sigma detections pass the host and time filters (they belong to no analytic or severity). */
export function filterMarks(marks: readonly SigmaMark[], f: TimelineFilters): SigmaMark[] {
  return marks.filter((m) => (!f.hosts.length || (m.event.host !== null && f.hosts.includes(m.event.host))) && (f.from === null || m.event.ts >= f.from) && (f.to === null || m.event.ts <= f.to));
}

export function hostsOf(tc: TimelineChain): string[] {
  const hosts = new Set<string>();
  for (const step of tc.chain.steps) for (const e of step.events) if (e.host) hosts.add(e.host);
  return [...hosts];
}

/** The distinct values each filter can take, for the filter pickers. */
export function filterChoices(chains: readonly TimelineChain[]): { analytics: string[]; hosts: string[]; severities: string[] } {
  const analytics = new Set<string>();
  const hosts = new Set<string>();
  const severities = new Set<string>();
  for (const tc of chains) {
    analytics.add(tc.chain.analytic);
    severities.add(tc.chain.severity);
    for (const h of hostsOf(tc)) hosts.add(h);
  }
  return { analytics: [...analytics].sort(), hosts: [...hosts].sort(), severities: [...severities] };
}

const searchCache = new WeakMap<TimelineChain, string>();

function searchText(tc: TimelineChain): string {
  let text = searchCache.get(tc);
  if (text === undefined) {
    const c = tc.chain;
    const parts = [c.title, c.analytic, ...Object.values(c.key).map(String)];
    for (const step of c.steps) for (const e of step.events) parts.push(e.summary, e.host ?? '');
    text = parts.join('\n').toLowerCase();
    searchCache.set(tc, text);
  }
  return text;
}

/**
 * A time typed into a range field: ISO 8601 or "YYYY-MM-DD HH:MM[:SS[.mmm]]", read as UTC
 * unless it names an offset. Empty means unbounded (null); unreadable text is undefined.
 */
export function parseTimeInput(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
  if (!m) return undefined;
  const zone = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}
