// Archive member names are only ever names: nothing is written to disk, so `..` or an
// absolute path cannot escape anywhere. They are still worth a warning, because an
// archive built that way was either made carelessly or made to attack extractors.

export function memberNameWarning(name: string): string | undefined {
  if (/^([a-zA-Z]:)?[\\/]/.test(name)) return `member "${name}" has an absolute path; it is used as a name only, nothing is extracted to disk`;
  if (name.split(/[\\/]/).includes('..')) return `member "${name}" contains ".."; it is used as a name only, nothing is extracted to disk`;
  return undefined;
}

/** Separator between an archive member and a member of a nested archive inside it. */
export const NESTED_SEPARATOR = '!';
