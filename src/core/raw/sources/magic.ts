// Archive kinds recognised by their magic bytes; a name that says `.zip` but holds
// plain text is read as text, and a renamed archive is still opened.

export type ArchiveKind = 'zip' | 'gzip' | 'tar' | '7z';

/** Bytes needed to tell every kind apart (the tar magic sits at offset 257). */
export const MAGIC_HEAD_BYTES = 512;

export function archiveKind(head: Uint8Array): ArchiveKind | undefined {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8) return 'gzip';
  if (isTarHeader(head)) return 'tar';
  if (SEVEN_ZIP.every((byte, i) => head[i] === byte)) return '7z';
  return undefined;
}

/** `7z\xBC\xAF\x27\x1C`, the signature a .7z starts with. */
const SEVEN_ZIP = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];

function isTarHeader(head: Uint8Array): boolean {
  if (head.length < 263) return false;
  // "ustar\0" (POSIX) or "ustar " (GNU).
  const magic = String.fromCharCode(...head.subarray(257, 262));
  return magic === 'ustar';
}
