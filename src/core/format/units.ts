// Sizes and durations as people read them, one way everywhere: load and archive messages,
// the status bar and Data view, chain reports and the timeline (which gets formatGap
// through src/protocol). Pure functions, no imports: safe in every bundle.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** "512 bytes", "12 KiB", "3.4 MiB", "1.2 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= KiB) return `${Math.round(bytes / KiB)} KiB`;
  return `${Math.round(bytes)} bytes`;
}

/** The gap between two instants as shown on timelines and in reports: "+0.6 s", "+3 min". */
export function formatGap(ms: number): string {
  const sign = ms < 0 ? '−' : '+';
  const a = Math.abs(ms);
  if (a < 100) return `${sign}${Math.round(a)} ms`;
  if (a < 10_000) return `${sign}${oneDecimal(a / 1000)} s`;
  if (a < 60_000) return `${sign}${Math.round(a / 1000)} s`;
  if (a < 3_600_000) return `${sign}${short(a / 60_000)} min`;
  if (a < 86_400_000) return `${sign}${short(a / 3_600_000)} h`;
  return `${sign}${short(a / 86_400_000)} d`;
}

function oneDecimal(n: number): string {
  return n.toFixed(1).replace(/\.0$/, '');
}

function short(n: number): string {
  return n < 10 ? oneDecimal(n) : String(Math.round(n));
}
