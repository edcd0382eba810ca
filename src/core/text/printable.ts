// The one neutraliser for everything a user sees: log values, member and file names, `.hunt`
// and list text are attacker-controlled, and a control character in them would act on a
// terminal (ESC/CSI/OSC sequences clear the screen, set the window title, forge OSC-8 links),
// and a bidi override or a NUL would make text read as something else. Every such character
// becomes a visible `\uXXXX`. The escape is also JSON's, and those characters only ever occur
// inside JSON strings, so JSON text passed through stays valid JSON with the same values.

/**
 * C0 controls except tab and line feed (and a CR that ends a line, as in CRLF), DEL, C1
 * controls, bidi marks, embeddings, overrides and isolates, the Unicode line and paragraph
 * separators, and the characters that show nothing: soft hyphen, zero-width space, joiners and
 * non-joiner, word joiner and invisible operators, zero-width no-break space (BOM), the
 * Mongolian vowel separator, interlinear annotation marks and the tag characters (U+E0000 to
 * U+E007F, written as a surrogate pair). Without them `DC01` and `DC01` plus a zero-width space
 * were two hosts that print alike.
 */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|\r(?!\n)/g;

/** Each UTF-16 code unit as JSON writes it (a tag character is two). */
function escape(c: string): string {
  let escaped = '';
  for (let i = 0; i < c.length; i++) escaped += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}

/** The text with every unsafe character as `\uXXXX`; tabs and line breaks stay. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** The same for text that must stay on one line (a label, a table cell): line breaks are escaped too. */
export function printableLine(text: string): string {
  return printable(text).replace(/[\r\n]/g, escape);
}

/** Lines built to be one line each (values and names in them), joined: a line break in a value cannot forge a line. */
export function printableLines(lines: readonly string[]): string {
  return lines.map(printableLine).join('\n');
}

/**
 * The value with every string in it (nested in arrays and plain objects) made printable: a
 * message to a webview carries log values the page shows as text, where a bidi override or a
 * control character would still make text read as something else.
 */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, printableDeep(v)])) as T;
}
