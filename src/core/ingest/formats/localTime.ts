// Local times as Windows tools print them for the user's locale, with no zone
// (Event Viewer CSV, PowerShell Export-Csv). Read as wall-clock time; callers say that it
// is taken as UTC.

/**
 * Event Viewer writes the locale's short date and long time: `9/20/2020 5:14:32 PM`
 * (en-US), `20.09.2020 17:14:32`, `20/09/2020 17:14:32`, `2020-09-20 17:14:32`. The Azure
 * portal's CSV export writes the browser's locale with a comma and milliseconds:
 * `9/20/2020, 5:14:32.123 PM`, `20.9.2020, 17:14:32,123`.
 * Day and month order is taken as month first for `/` with AM/PM, day first otherwise,
 * and whichever order is possible when one part is over 12. Returns `YYYY-MM-DD HH:MM:SS`,
 * with `.fff` when the text has a fraction of a second.
 */
export function localTimeAsIso(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (iso) return format(+iso[1]!, +iso[2]!, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!);
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,7}))?\s*([AaPp][Mm])?$/.exec(text);
  if (!m) return null;
  const [a, b, year, hour12, minute, second] = [+m[1]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!];
  const meridiem = m[9]?.toUpperCase();
  const monthFirst = a > 12 ? false : b > 12 ? true : m[2] === '/' && meridiem !== undefined;
  const [month, day] = monthFirst ? [a, b] : [b, a];
  let hour = hour12;
  if (meridiem === 'PM' && hour < 12) hour += 12;
  if (meridiem === 'AM' && hour === 12) hour = 0;
  const time = format(year, month, day, hour, minute, second);
  return time === null || m[8] === undefined ? time : `${time}.${m[8].padEnd(3, '0').slice(0, 3)}`;
}

function format(year: number, month: number, day: number, hour: number, minute: number, second: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}`;
}
