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
import { visitProcessLives, writeCreatorNames, type ProcessLifeRow } from '../store/processQueries';
import { fileName } from './normalize/fields';

/** Whether a loaded event is a process start that names its creator only by id: what the pass has to name. */
export function namesCreatorOnlyById(event: NormalizedEvent): boolean {
  return event.category === 'process' && event.action === 'start' && event.ppid != null && event.parent_image == null;
}

/** Names the creators it can: how many starts named their creator only by id, and how many of them were given one. */
export function nameCreators(store: SqlStore): CreatorsReport {
  const walk = new CreatorWalk();
  visitProcessLives(store, (row) => walk.see(row));
  writeCreatorNames(store, walk.names.sort((a, b) => a[2] - b[2]));
  return { byIdOnly: walk.byIdOnly, named: walk.names.length };
}

/** Process starts and ends seen in time order per host; each start that names its creator only by id is named when that id runs. */
export class CreatorWalk {
  /** [parent_image, parent_name, id] of each start given its creator. */
  readonly names: [string, string | null, number][] = [];
  /** Starts seen that name their creator only by id. */
  byIdOnly = 0;
  private host: string | undefined;
  /** The image of each process id running on `host` now (null: its start names no image). */
  private readonly running = new Map<number, string | null>();

  see(row: ProcessLifeRow): void {
    if (row.host !== this.host) {
      this.host = row.host;
      this.running.clear();
    }
    if (row.ends) {
      this.running.delete(row.pid);
      return;
    }
    if (row.unnamedCreator !== null) {
      this.byIdOnly++;
      const image = this.running.get(row.unnamedCreator);
      if (image) this.names.push([image, fileName(image), row.id]);
    }
    this.running.set(row.pid, row.image);
  }
}
