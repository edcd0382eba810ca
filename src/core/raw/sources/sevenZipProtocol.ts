// What sevenZip.ts and its worker (sevenZipWorker.ts) say to each other, and how 7-Zip's
// listing (`l -slt`) is read. After `encrypted` (the members left out), each file 7-Zip
// writes is an `open`, its `data` batches and a `close`; 7-Zip's error lines come as `error`
// where 7-Zip prints them (after the member they concern); one `end` closes the run, or
// comes alone when 7-Zip cannot open the archive.

import type { MessagePort } from 'node:worker_threads';

export interface SevenZipItem {
  /** The member's path as 7-Zip lists it. */
  readonly name: string;
  readonly isDirectory: boolean;
  readonly encrypted: boolean;
}

export type SevenZipSource = { readonly path: string } | { readonly bytes: Uint8Array };

export interface SevenZipRequest {
  readonly source: SevenZipSource;
  readonly port: MessagePort;
  /** Int32 cells indexed by CONTROL. */
  readonly control: SharedArrayBuffer;
}

export type SevenZipMessage =
  | { readonly type: 'encrypted'; readonly names: readonly string[] }
  /** `name`: the member's path as 7-Zip extracts it. */
  | { readonly type: 'open'; readonly name: string }
  | { readonly type: 'data'; readonly bytes: Uint8Array }
  | { readonly type: 'close' }
  | { readonly type: 'error'; readonly line: string }
  /** `status`: 7-Zip's exit code (0 when all went well); `errors`: why it could not open the archive. */
  | { readonly type: 'end'; readonly status: number; readonly errors: readonly string[] };

export const CONTROL = {
  /** Batches the reader will take now; the worker waits while it is 0. */
  credits: 0,
  /** Set by the reader to end the extraction early. */
  stop: 1,
  /** Messages posted so far: a synchronous reader waits on it. */
  posted: 2,
} as const;

export const CONTROL_BYTES = 3 * Int32Array.BYTES_PER_ELEMENT;

/** Bytes per `data` batch; with the credits in flight, this bounds the memory an extraction holds. */
export const BATCH_BYTES = 1 << 20;

/** The items of `7zz l -slt -ba`: blocks of `Key = Value` lines, one block per member. */
export function parseListing(lines: readonly string[]): SevenZipItem[] {
  const items: SevenZipItem[] = [];
  let fields = new Map<string, string>();
  const close = (): void => {
    const name = fields.get('Path');
    if (name !== undefined) {
      items.push({
        name,
        isDirectory: fields.get('Folder') === '+' || (fields.get('Attributes') ?? '').startsWith('D'),
        encrypted: fields.get('Encrypted') === '+',
      });
    }
    fields = new Map();
  };
  for (const line of lines) {
    if (line === '') {
      close();
      continue;
    }
    const at = line.indexOf(' = ');
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 3));
  }
  close();
  return items;
}
