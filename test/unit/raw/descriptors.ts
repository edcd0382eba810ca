// The process's open descriptors on one file, read from /proc (Linux): the tests of files kept
// open by raw reads count those on their own file, as other work may open others meanwhile.

import { readdirSync, readlinkSync, realpathSync } from 'node:fs';

export function descriptorsOn(path: string): number {
  const target = realpathSync(path);
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === target;
    } catch {
      return false; // closed since it was listed
    }
  }).length;
}
