// Read access to a Windows event's EventData for the per-provider mappers. A few field names
// are spelled differently by the Windows templates themselves (WFP 5156's `ProcessID`,
// Sysmon 10's `SourceProcessGUID`), so a lookup that misses the exact name tries the known
// other spellings: a small table, not a case-insensitive scan, because it runs per field on
// the load's hot path. Positional data (`param1…`, as NXLog, Winlogbeat and PowerShell name
// it) is `Data1…` when an EVTX reader names unnamed <Data> elements.

import { account, address, bool, drivePath, fileName, int, protocol, text, type FieldValue } from './fields';
import type { NormalizedEvent } from '../../schema/columns';

const SPELLINGS: ReadonlyMap<string, readonly string[]> = new Map([
  ['ProcessId', ['ProcessID']],
  ['SourceProcessGuid', ['SourceProcessGUID']],
  ['TargetProcessGuid', ['TargetProcessGUID']],
  ['SourceProcessId', ['SourceProcessID']],
  ['TargetProcessId', ['TargetProcessID']],
]);

export class EventData {
  constructor(private readonly fields: Readonly<Record<string, FieldValue>>) {}

  /**
   * The value of the field of exactly that name, undefined when there is none. A reader that
   * renders fields when asked (binary EVTX) overrides it; a method, not a function passed in:
   * with the closure every load of JSON events took 2-3% longer.
   */
  protected field(name: string): FieldValue {
    return this.fields[name];
  }

  get(name: string): FieldValue {
    const exact = this.field(name);
    if (exact !== undefined) return exact;
    const others = SPELLINGS.get(name);
    if (others === undefined) return name.startsWith('param') ? this.field(`Data${name.slice(5)}`) : undefined;
    for (const other of others) {
      const value = this.field(other);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  text(name: string): string | null {
    return text(this.get(name));
  }

  /** The first of several names that has a value. */
  first(...names: string[]): string | null {
    for (const name of names) {
      const value = this.text(name);
      if (value !== null) return value;
    }
    return null;
  }

  int(name: string): number | null {
    return int(this.get(name));
  }

  address(name: string): string | null {
    return address(this.get(name));
  }

  bool(name: string): boolean | null {
    return bool(this.get(name));
  }

  protocol(name: string): string | null {
    return protocol(this.get(name));
  }

  account(domainField: string, userField: string): string | null {
    return account(this.get(domainField), this.get(userField));
  }
}

/** The output row a mapper fills in place. */
export type EventRow = NormalizedEvent;

/** Sets `image` (device paths made drive paths) and the lower-case `process_name` together. */
export function setImage(row: EventRow, path: string | null): void {
  const image = drivePath(path);
  row.image = image;
  row.process_name = fileName(image);
}

export function setParentImage(row: EventRow, path: string | null): void {
  const image = drivePath(path);
  row.parent_image = image;
  row.parent_name = fileName(image);
}

/** A mapper fills the canonical columns of one provider's events. */
export type Mapper = (data: EventData, row: EventRow, eventId: number) => void;
