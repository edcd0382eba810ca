// Which files a load reads: a path named by the user is read whatever its name; a folder
// offers every log-like regular file below it, sorted. An entry that cannot be read (a
// dangling or looping symbolic link, a FIFO, a socket, a device, a folder reached again
// through a link, no permission) is skipped and reported with its path and reason, and the
// files beside it still load.

import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { irregularKind, notRegularMessage } from '../fs/regularFile';

export interface SkippedPath {
  readonly path: string;
  readonly reason: string;
}

export interface ExpandedPaths {
  readonly files: string[];
  readonly skipped: SkippedPath[];
}

/** Files a folder of logs usually carries beside them (trainer notes, analytics, images): never logs. */
const NOT_LOGS_IN_FOLDERS = /\.(md|markdown|hunt|png|jpe?g|gif|svg|pdf|html?)$/i;

/** Why a path could not be looked at, in words. */
function statFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT': return 'dangling symbolic link or missing file (nothing exists at its target)';
    case 'ELOOP': return 'symbolic link loop';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    default: return error.code ?? error.message;
  }
}

/** Files to load under a path; throws only when the path named itself cannot be looked at. */
export function expandPath(path: string): ExpandedPaths {
  const result: ExpandedPaths = { files: [], skipped: [] };
  const stats = statSync(path);
  if (stats.isDirectory()) walk(path, result, new Set());
  else {
    const kind = irregularKind(stats);
    if (kind === undefined) result.files.push(path);
    else result.skipped.push({ path, reason: notRegularMessage(kind) });
  }
  return result;
}

function walk(folder: string, result: ExpandedPaths, seen: Set<string>): void {
  // A link to a parent folder would otherwise walk the same files again and again.
  const real = realpathSync(folder);
  if (seen.has(real)) {
    result.skipped.push({ path: folder, reason: 'folder reached again through a symbolic link (a link loop); skipped' });
    return;
  }
  seen.add(real);
  for (const name of readdirSync(folder).sort()) {
    if (name.startsWith('.')) continue;
    const child = join(folder, name);
    let stats;
    try {
      stats = statSync(child);
    } catch (error) {
      result.skipped.push({ path: child, reason: statFailure(error as NodeJS.ErrnoException) });
      continue;
    }
    if (stats.isDirectory()) {
      walk(child, result, seen);
      continue;
    }
    if (NOT_LOGS_IN_FOLDERS.test(name)) continue;
    const kind = irregularKind(stats);
    if (kind === undefined) result.files.push(child);
    else result.skipped.push({ path: child, reason: notRegularMessage(kind) });
  }
}
