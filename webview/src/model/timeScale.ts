// A linear time scale for the timeline: epoch ms <-> pixels, with "nice" tick steps
// (1 ms ... 1 day and multiples of days) and labels in UTC or a configured IANA zone.
// Pure: no DOM, so it is unit-tested in node.

export interface TimeScale {
  readonly start: number;
  readonly end: number;
  readonly width: number;
  x(ts: number): number;
  ts(x: number): number;
}

export function timeScale(start: number, end: number, width: number): TimeScale {
  const span = Math.max(end - start, 1);
  const k = width / span;
  return { start, end: start + span, width, x: (ts) => (ts - start) * k, ts: (x) => start + x / k };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Candidate tick steps in ms, smallest first. */
export const TICK_STEPS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY,
];

export interface Tick {
  readonly ts: number;
  readonly x: number;
  readonly label: string;
}

/** The smallest step that keeps ticks at least `minGapPx` apart. */
export function tickStep(scale: TimeScale, minGapPx: number): number {
  const msPerPx = (scale.end - scale.start) / Math.max(scale.width, 1);
  return TICK_STEPS.find((s) => s / msPerPx >= minGapPx) ?? TICK_STEPS[TICK_STEPS.length - 1];
}

/** Ticks on multiples of the step (UTC-aligned), labelled with what changes at that step. */
export function ticks(scale: TimeScale, minGapPx = 90, timeZone = 'UTC'): Tick[] {
  const step = tickStep(scale, minGapPx);
  const format = tickFormatter(step, timeZone);
  const out: Tick[] = [];
  for (let t = Math.ceil(scale.start / step) * step; t <= scale.end; t += step) {
    out.push({ ts: t, x: scale.x(t), label: format(t) });
  }
  return out;
}

function tickFormatter(step: number, timeZone: string): (ts: number) => string {
  const parts = (ts: number) => zonedParts(ts, timeZone);
  if (step < SECOND) return (ts) => { const p = parts(ts); return `${p.time}.${String(ts % 1000).padStart(3, '0')}`; };
  if (step < DAY) return (ts) => parts(ts).time;
  return (ts) => parts(ts).date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zonedParts(ts: number, timeZone: string): { date: string; time: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ts)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
}

/** A full timestamp for tooltips and the side panel, e.g. "2020-10-19 03:56:01.123 UTC". */
export function formatInstant(instant: number, timeZone = 'UTC'): string {
  // Window edges are fractional ms after zooming: a label shows whole ms.
  const ts = Math.floor(instant);
  const p = zonedParts(ts, timeZone);
  const ms = String(((ts % 1000) + 1000) % 1000).padStart(3, '0');
  return `${p.date} ${p.time}.${ms} ${timeZone === 'UTC' ? 'UTC' : timeZone}`;
}

/** True when the zone name is one Intl knows; bad settings fall back to UTC. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
