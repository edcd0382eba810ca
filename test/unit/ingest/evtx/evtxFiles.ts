// The .evtx files under a folder, in name order: the shared samples and the committed fixtures,
// for the tests and the EVTX bench.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function evtxFilesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return evtxFilesUnder(path);
    return name.toLowerCase().endsWith('.evtx') ? [path] : [];
  });
}
