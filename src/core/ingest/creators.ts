// Security 4688 before Windows 10 names a new process's creator only by its process id (the
// event's ProcessId, the schema's `ppid`): no ParentProcessName. After a load, each start that
// names no parent image gets the image of the process that had that id on its host at that
// moment: the latest start of that id before it (Sysmon 1 or 4688, from any loaded log of the
// host), unless a logged end of that id (Sysmon 5, 4689) came between. Without such a start the
// creator stays unnamed: Windows reuses process ids, so no older process is guessed at.
// The pass runs when a load stored such a start (counted as records are stored: a query for
// them cost ~0.3 µs per event of every load), so a creator's log loaded after its children's,
// in a later load, does not name them.

import type { NormalizedEvent } from '../schema/columns';
import type { CreatorsReport } from '../types/reports';
import type { SqlStore } from '../store/sqlStore';
import { processLives, writeCreatorNames, type ProcessLifeRow } from '../store/processQueries';
import { fileName } from './normalize/fields';

/** Whether a loaded event is a process start that names its creator only by id: what the pass has to name. */
export function namesCreatorOnlyById(event: NormalizedEvent): boolean {
  return event.category === 'process' && event.action === 'start' && event.ppid != null && event.parent_image == null;
}

/** Names the creators it can: how many starts named their creator only by id, and how many of them were given one. */
export function nameCreators(store: SqlStore): CreatorsReport {
  const lives = processLives(store);
  const names = creatorNames(lives);
  writeCreatorNames(store, names);
  return { byIdOnly: lives.filter((row) => row.unnamedCreator !== null).length, named: names.length };
}

/** For rows in time order per host: [parent_image, parent_name, id] of each start whose creator is known, in id order. */
export function creatorNames(rows: readonly ProcessLifeRow[]): [string, string | null, number][] {
  const names: [string, string | null, number][] = [];
  let host: string | undefined;
  /** The image of each process id running on `host` now (null: its start names no image). */
  const running = new Map<number, string | null>();
  for (const row of rows) {
    if (row.host !== host) {
      host = row.host;
      running.clear();
    }
    if (row.ends) {
      running.delete(row.pid);
      continue;
    }
    if (row.unnamedCreator !== null) {
      const image = running.get(row.unnamedCreator);
      if (image) names.push([image, fileName(image), row.id]);
    }
    running.set(row.pid, row.image);
  }
  return names.sort((a, b) => a[2] - b[2]);
}
