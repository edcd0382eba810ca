// Builds a WinEvent from the walked XML of one record, in two parts. WinEventBuilder follows the
// document's structure (which section, which element, what text lies in it) and tells a
// WinEventTarget what each part holds; WinEventCollector turns that into the WinEvent: the
// System fields (text trimmed, empty = absent), EventData's Data by Name (unnamed ones as
// Data1..N, counted among the unnamed) and its other children by element name, and UserData's
// leaf elements by name (a repeated name gets 2, 3, ...). Same rules as the EVTX-XML reader
// (formats/evtxXml.ts), so an .evtx and its XML export give the same WinEvent; a test holds the
// two together. The split lets a template's structure be followed once (winEventPlan.ts).

import type { WinEvent } from '../../types/records';
import { EventFields } from '../normalize/eventFields';
import type { BxSink } from './walk';

const enum Section { None, System, EventData, UserData }
export const enum SystemField { None, EventId, RecordId, Channel, Computer, Level, Keywords }

/** A Map, not an object: element names are the log writer's (<constructor> is no field). */
const SYSTEM_FIELDS: ReadonlyMap<string, SystemField> = new Map([
  ['EventID', SystemField.EventId],
  ['EventRecordID', SystemField.RecordId],
  ['Channel', SystemField.Channel],
  ['Computer', SystemField.Computer],
  ['Level', SystemField.Level],
  ['Keywords', SystemField.Keywords],
]);

/** What the parts of an event's XML hold, in document order; texts as the document has them. */
export interface WinEventTarget {
  system(field: SystemField, text: string): void;
  provider(name: string): void;
  timeCreated(text: string): void;
  /** An EventData child: `name` is null for a <Data> without a Name attribute. */
  data(name: string | null, text: string): void;
  leaf(name: string, text: string): void;
}

function toInt(text: string): number | null {
  const n = Number(text);
  return text !== '' && Number.isInteger(n) ? n : null;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export class WinEventCollector implements WinEventTarget {
  private providerName: string | null = null;
  private channel: string | null = null;
  private eventId: number | null = null;
  private recordId: number | null = null;
  private computer: string | null = null;
  private time: string | null = null;
  private level: number | null = null;
  private keywords: string | null = null;
  /** Made at the first field: a record read by a plan may never need one (winEventPlan.ts). */
  private fields: EventFields<string> | undefined;
  private unnamed = 0;

  system(field: SystemField, text: string): void {
    const value = text.trim();
    switch (field) {
      case SystemField.EventId: this.eventId = toInt(value); break;
      case SystemField.RecordId: this.recordId = toInt(value); break;
      case SystemField.Channel: this.channel = value || null; break;
      case SystemField.Computer: this.computer = value || null; break;
      case SystemField.Level: this.level = toInt(value); break;
      case SystemField.Keywords: this.keywords = value || null; break;
    }
  }

  provider(name: string): void {
    this.providerName = name;
  }

  timeCreated(text: string): void {
    this.time = text;
  }

  data(name: string | null, text: string): void {
    (this.fields ??= new EventFields()).set(name ?? `Data${++this.unnamed}`, text);
  }

  leaf(name: string, text: string): void {
    (this.fields ??= new EventFields()).addLeaf(name, text);
  }

  build(): WinEvent {
    return { ...this.systemFields(), data: (this.fields ??= new EventFields()).data };
  }

  /** The System fields alone. */
  systemFields(): Omit<WinEvent, 'data'> {
    return {
      provider: this.providerName,
      channel: this.channel,
      eventId: this.eventId,
      recordId: this.recordId,
      computer: this.computer,
      timeCreated: this.time,
      level: this.level,
      keywords: this.keywords,
    };
  }
}

export class WinEventBuilder implements BxSink {
  private depth = 0;
  /** Local name of the open element at depth 3 (a System field, or an EventData child). */
  private element = '';
  private section = Section.None;
  private field = SystemField.None;
  private buffer = '';
  private dataName: string | null = null;
  /** UserData elements below the wrapper, innermost last: whether each has child elements. */
  private readonly userDataHasChild: boolean[] = [];

  constructor(private readonly target: WinEventTarget) {}

  open(qualifiedName: string): void {
    const name = localName(qualifiedName);
    this.depth++;
    this.buffer = '';
    if (this.depth === 3) this.element = name;
    if (this.depth === 2) {
      this.section = name === 'System' ? Section.System : name === 'EventData' ? Section.EventData : name === 'UserData' ? Section.UserData : Section.None;
    } else if (this.depth === 3 && this.section === Section.System) {
      this.field = SYSTEM_FIELDS.get(name) ?? SystemField.None;
    } else if (this.depth === 3 && this.section === Section.EventData) {
      this.dataName = null;
    } else if (this.depth >= 4 && this.section === Section.UserData) {
      if (this.userDataHasChild.length > 0) this.userDataHasChild[this.userDataHasChild.length - 1] = true;
      this.userDataHasChild.push(false);
    }
  }

  wantsText(): boolean {
    return this.section === Section.System ? this.depth === 3 && this.field !== SystemField.None : this.section !== Section.None;
  }

  wantsAttr(name: string): boolean {
    if (this.depth !== 3) return false;
    if (this.section === Section.System) return (this.element === 'Provider' && name === 'Name') || (this.element === 'TimeCreated' && name === 'SystemTime');
    return this.section === Section.EventData && name === 'Name';
  }

  attr(name: string, value: string): void {
    if (this.depth === 3 && this.section === Section.System) {
      if (this.element === 'Provider' && name === 'Name') this.target.provider(value);
      else if (this.element === 'TimeCreated' && name === 'SystemTime') this.target.timeCreated(value);
    } else if (this.depth === 3 && this.section === Section.EventData && name === 'Name') {
      this.dataName = value;
    }
  }

  text(text: string): void {
    this.buffer += text;
  }

  cdata(text: string): void {
    this.buffer += text;
  }

  pi(): void {}

  close(qualifiedName: string): void {
    const name = localName(qualifiedName);
    if (this.depth === 3 && this.section === Section.System) {
      if (this.field !== SystemField.None) this.target.system(this.field, this.buffer);
      this.field = SystemField.None;
    } else if (this.depth === 3 && this.section === Section.EventData) {
      this.target.data(name === 'Data' ? this.dataName : name, this.buffer);
    } else if (this.depth >= 4 && this.section === Section.UserData) {
      if (this.userDataHasChild.pop() === false) this.target.leaf(name, this.buffer);
    }
    if (this.depth === 2) this.section = Section.None;
    this.buffer = '';
    this.depth--;
  }
}
