// EvtxECmd's CSV (csv.ts picks it by its header): each row becomes the record EvtxECmd's JSON
// output would be, keyed by column name, and is read by the same dialect
// (normalize/dialects/evtxECmd.ts), so the two outputs of one log give the same events. Its
// times are UTC (`2020-09-04 03:00:00.0000000`): no local clock to correct.

import type { ReaderContext } from '../../types/records';
import { fromEvtxECmd } from '../normalize/dialects/evtxECmd';
import { fieldsByName } from '../normalize/eventFields';
import { uniqueColumnNames } from '../../raw/field';
import { hasHeaderWidth, type RowMapper } from './csvRecords';

/** Columns only EvtxECmd writes together: the System fields under its names, its map's description and the Payload. */
const EVTXECMD_COLUMNS = ['EventId', 'EventRecordId', 'MapDescription', 'Payload'];

export function isEvtxECmdHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((name) => name.trim()));
  return EVTXECMD_COLUMNS.every((name) => names.has(name));
}

export function evtxECmdRows(header: readonly string[], context: ReaderContext): RowMapper {
  context.dialect?.('evtxecmd');
  const names = uniqueColumnNames(header);
  return (fields, record) => {
    if (!hasHeaderWidth(fields, header, record, context)) return undefined;
    const row = fieldsByName<string>();
    names.forEach((name, i) => { row[name] = fields[i]!; });
    const { event, dataProblem } = fromEvtxECmd(row);
    return { event, localTimeRaw: null, recordTime: true, dataProblem };
  };
}
