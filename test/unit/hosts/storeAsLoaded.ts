// Records stored as the loader stores them for the load's who-is-who pass: inserted, and each
// event handed to the pass with its id.

import type { HostPass } from '../../../src/core/hosts/fixUps';
import type { SqlStore } from '../../../src/core/store/sqlStore';
import type { LoadedRecord } from '../../../src/core/types/records';

export function storeAsLoaded(store: SqlStore, pass: HostPass, sourceId: number, records: readonly LoadedRecord[]): void {
  const first = store.insertBatch(sourceId, records);
  records.forEach((record, i) => pass.stored(sourceId, first + i, record.event));
}
