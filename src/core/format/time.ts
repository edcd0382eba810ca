// Display of event times in the `huntbench.timeZone` setting: `UTC` (default), `local`, or an
// IANA zone name. Stored times stay UTC epoch ms; only the views format them (no vscode).

export function formatTime(ms: number, timeZone: string): string {
  if (timeZone === 'UTC' || !timeZone) return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
  try {
    const zone = timeZone === 'local' ? undefined : timeZone;
    const text = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, timeZoneName: 'short',
    }).format(new Date(ms));
    return text;
  } catch {
    return `${new Date(ms).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
  }
}

export function formatSpan(start: number | null, end: number | null, timeZone: string): string {
  if (start === null || end === null) return 'no timestamps';
  return `${formatTime(start, timeZone)} → ${formatTime(end, timeZone)}`;
}
