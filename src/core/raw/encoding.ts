// Text encodings of exported logs: UTF-8 (with or without BOM), and UTF-16 as Windows
// tools write it (PowerShell 5 `>` and Event Viewer exports: UTF-16LE with a BOM; some
// tools omit the BOM). Readers work on the original bytes so that record offsets are
// byte offsets in the source as stored, whatever its encoding.

import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface TextEncoding {
  readonly name: TextEncodingName;
  /** Bytes of byte-order mark at the start of the source (0 when absent). */
  readonly bomLength: number;
  /** Bytes per code unit. */
  readonly unit: 1 | 2;
}

export const UTF8: TextEncoding = { name: 'utf-8', bomLength: 0, unit: 1 };

/** The encoding of a source from its first bytes: BOM first, then the pattern of zero bytes. */
export function sniffEncoding(head: Uint8Array): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { name: 'utf-8', bomLength: 3, unit: 1 };
  if (head[0] === 0xff && head[1] === 0xfe) return { name: 'utf-16le', bomLength: 2, unit: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: 'utf-16be', bomLength: 2, unit: 2 };
  const guess = bomlessUtf16(head);
  return guess ? { name: guess, bomLength: 0, unit: 2 } : UTF8;
}

/** Mostly-ASCII text in UTF-16 has a zero in nearly every other byte. */
function bomlessUtf16(head: Uint8Array): TextEncodingName | undefined {
  const pairs = Math.floor(Math.min(head.length, 1024) / 2);
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** `text` (ASCII markup such as `<Event` or a newline) as it appears in bytes of `encoding`. */
export function encodeAscii(text: string, encoding: TextEncoding): Uint8Array {
  const out = new Uint8Array(text.length * encoding.unit);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (encoding.name === 'utf-16be') out[i * 2 + 1] = code;
    else out[i * encoding.unit] = code;
  }
  return out;
}

/** The byte-order mark U+FEFF as it appears in bytes of `encoding`. */
export function byteOrderMark(encoding: TextEncoding): Uint8Array {
  if (encoding.name === 'utf-8') return Uint8Array.of(0xef, 0xbb, 0xbf);
  return encoding.name === 'utf-16le' ? Uint8Array.of(0xff, 0xfe) : Uint8Array.of(0xfe, 0xff);
}

const decoders = new Map<TextEncodingName, TextDecoder>();

/** Decodes without throwing: invalid sequences become U+FFFD (callers check UTF-8 validity first when it matters). */
export function decode(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding.name === 'utf-8') {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Most records are ASCII: the same text copied as Latin-1 skips UTF-8 decoding (a Sigma
    // run decodes every record of the store).
    return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
  }
  let decoder = decoders.get(encoding.name);
  if (!decoder) {
    decoder = new TextDecoder(encoding.name, { ignoreBOM: true });
    decoders.set(encoding.name, decoder);
  }
  return decoder.decode(bytes);
}
