// Builds a WinEvent from the walked XML of one record: the System fields, EventData's Data
// by Name (unnamed Data as Data1..N by position), and UserData's leaf elements by name.
// Same rules as the EVTX-XML reader, so an .evtx and its XML export give the same WinEvent.

import type { WinEvent } from '../types';
import type { BxSink } from './walk';

const enum Section { None, System, EventData, UserData }
const enum SystemField { None, EventId, RecordId, Channel, Computer }

const SYSTEM_FIELDS: Readonly<Record<string, SystemField>> = {
  EventID: SystemField.EventId,
  EventRecordID: SystemField.RecordId,
  Channel: SystemField.Channel,
  Computer: SystemField.Computer,
};

function toInt(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) ? n : null;
}

export class WinEventBuilder implements BxSink {
  private provider: string | null = null;
  private channel: string | null = null;
  private eventId: number | null = null;
  private recordId: number | null = null;
  private computer: string | null = null;
  private timeCreated: string | null = null;
  private data: Record<string, string> = {};

  private depth = 0;
  private section = Section.None;
  private field = SystemField.None;
  private buffer = '';
  private dataName: string | null = null;
  private dataIndex = 0;
  /** UserData elements below the wrapper, innermost last: whether each has child elements. */
  private readonly userDataHasChild: boolean[] = [];

  open(name: string): void {
    this.depth++;
    this.buffer = '';
    if (this.depth === 2) {
      this.section = name === 'System' ? Section.System : name === 'EventData' ? Section.EventData : name === 'UserData' ? Section.UserData : Section.None;
    } else if (this.depth === 3 && this.section === Section.System) {
      this.field = SYSTEM_FIELDS[name] ?? SystemField.None;
    } else if (this.depth === 3 && this.section === Section.EventData && name === 'Data') {
      this.dataIndex++;
      this.dataName = null;
    } else if (this.depth >= 4 && this.section === Section.UserData) {
      if (this.userDataHasChild.length > 0) this.userDataHasChild[this.userDataHasChild.length - 1] = true;
      this.userDataHasChild.push(false);
    }
  }

  attr(name: string, value: string): void {
    if (this.depth === 3 && this.section === Section.System) {
      if (name === 'Name' && this.provider === null) this.provider = value;
      else if (name === 'SystemTime') this.timeCreated = value;
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

  close(name: string): void {
    if (this.depth === 3 && this.section === Section.System) {
      switch (this.field) {
        case SystemField.EventId: this.eventId = toInt(this.buffer); break;
        case SystemField.RecordId: this.recordId = toInt(this.buffer); break;
        case SystemField.Channel: this.channel = this.buffer; break;
        case SystemField.Computer: this.computer = this.buffer; break;
      }
      this.field = SystemField.None;
    } else if (this.depth === 3 && this.section === Section.EventData && name === 'Data') {
      this.data[this.dataName ?? `Data${this.dataIndex}`] = this.buffer;
    } else if (this.depth >= 4 && this.section === Section.UserData) {
      if (this.userDataHasChild.pop() === false) this.data[name] = this.buffer;
    }
    if (this.depth === 2) this.section = Section.None;
    this.buffer = '';
    this.depth--;
  }

  build(): WinEvent {
    return {
      provider: this.provider,
      channel: this.channel,
      eventId: this.eventId,
      recordId: this.recordId,
      computer: this.computer,
      timeCreated: this.timeCreated,
      data: this.data,
    };
  }
}
