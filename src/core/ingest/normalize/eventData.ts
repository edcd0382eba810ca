// Read access to a Windows event's EventData for the per-provider mappers. Field names
// differ in case between renderers (NXLog `ProcessID` vs `ProcessId`, Sysmon 10
// `SourceProcessGUID`), so a lookup that misses the exact name falls back to a
// case-insensitive one, built once per event and only when needed.

import { account, bool, drivePath, fileName, int, protocol, text, type FieldValue } from './fields';
import type { NormalizedEvent } from '../../schema/columns';

export class EventData {
  private lower: Map<string, FieldValue> | undefined;

  constructor(private readonly fields: Readonly<Record<string, FieldValue>>) {}

  get(name: string): FieldValue {
    const exact = this.fields[name];
    if (exact !== undefined) return exact;
    if (this.lower === undefined) {
      this.lower = new Map();
      for (const key in this.fields) this.lower.set(key.toLowerCase(), this.fields[key]);
    }
    return this.lower.get(name.toLowerCase());
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
