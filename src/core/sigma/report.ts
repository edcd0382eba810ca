// A pack run as the editor shows it (types/session.ts SigmaReport): each rule or correlation
// that matched with its events' host and time, most severe level first, and what cannot run.

import type { SigmaDetection, SigmaReport } from '../types/session';
import { hostsAndTimes } from '../store/recordPointers';
import type { EventStore } from '../types/store';
import type { PackResult } from './evaluate';
import type { SigmaPack } from './pack';

const LEVELS = ['critical', 'high', 'medium', 'low', 'informational'];
const rank = (level: string): number => (LEVELS.includes(level) ? LEVELS.indexOf(level) : LEVELS.length);

export function sigmaReport(store: EventStore, pack: SigmaPack, result: PackResult): SigmaReport {
  const raw: { head: Omit<SigmaDetection, 'events'>; ids: number[] }[] = [];
  for (const d of result.detections) if (d.events.length) raw.push({ head: { id: d.rule.id, title: d.rule.title, level: d.rule.level, kind: 'rule', file: d.rule.origin.file }, ids: d.events });
  for (const c of result.correlations) {
    const ids = [...new Set(c.matches.flatMap((m) => m.events))].sort((a, b) => a - b);
    if (ids.length) raw.push({ head: { id: c.correlation.id, title: c.correlation.title, level: c.correlation.level, kind: 'correlation', file: c.correlation.origin.file }, ids });
  }
  const facts = hostsAndTimes(store, [...new Set(raw.flatMap((r) => r.ids))]);
  const detections = raw
    .map((r) => ({ ...r.head, events: r.ids.map((id) => ({ id, ...(facts.get(id) ?? { host: null, ts: null }) })) }))
    .sort((a, b) => rank(a.level) - rank(b.level) || b.events.length - a.events.length);
  return {
    detections,
    unsupported: pack.unsupported.map((u) => ({ id: u.id, file: u.file, reason: u.reason })),
    ran: pack.rules.length + pack.correlations.length,
    millis: result.stats.millis,
    cancelled: result.cancelled,
  };
}
