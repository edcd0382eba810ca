// Tar entries of an archive held in memory, synchronously, for raw lookups (tar.ts streams
// for loading). Names are built the way tar-stream builds them, so a member is found under
// the name loading gave it: GNU long names ('L'), pax `path` records ('x', over 'g'), and the
// POSIX ustar prefix. A cut-off last entry yields the bytes that are there.

export interface TarBufferEntry {
  readonly name: string;
  readonly isFile: boolean;
  readonly data: Buffer;
}

const BLOCK = 512;

function field(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

function paxPath(body: Buffer): string | undefined {
  return /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
}

export function* tarEntriesOf(tar: Buffer): Generator<TarBufferEntry> {
  let longName: string | undefined;
  let globalPath: string | undefined;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = header[156] === 0 ? '0' : String.fromCharCode(header[156]!);
    const data = tar.subarray(at + BLOCK, Math.min(tar.length, at + BLOCK + size));
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') longName = field(data, 0, data.length);
    else if (type === 'x') longName = paxPath(data) ?? globalPath ?? longName;
    else if (type === 'g') globalPath = paxPath(data);
    else {
      const posix = header.toString('latin1', 257, 263) === 'ustar\0';
      const short = posix && header[345] ? `${field(header, 345, 155)}/${field(header, 0, 100)}` : field(header, 0, 100);
      const name = longName ?? short;
      longName = undefined;
      yield { name, isFile: (type === '0' || type === '7') && !name.endsWith('/'), data };
    }
  }
}
