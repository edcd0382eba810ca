// EVTX rendered as XML (Event Viewer "Save as XML", `wevtutil qe /f:xml`, Get-WinEvent
// ToXml()): each `<Event>` element found by xmlElements.ts is parsed on its own with
// saxes and turned into a WinEvent, then normalized. saxes expands only XML's five
// predefined entities and character references; it never reads a DTD, so documents
// cannot pull in external entities or blow up through entity expansion.
//
//   System/Provider@Name, EventID, EventRecordID, TimeCreated@SystemTime, Computer, Channel
//   EventData/Data[@Name]           -> data[Name]      (unnamed: Data1, Data2, ...)
//   UserData/*/leaf                 -> data[leaf]      (leaf elements flattened by name)
//   RenderingInfo                   -> ignored (a rendering, not the event)

import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { FormatReader, WinEvent } from '../../types/records';
import { EventFields } from '../normalize/eventFields';
import { normalizeWinEvent } from '../normalize/windows';
import { decode } from '../../raw/encoding';
import { scanElements } from './xmlElements';

export const readEvtxXml: FormatReader = async function* (bytes, context) {
  const { encoding, elements } = await scanElements(bytes, 'Event', context);
  const repeats = { count: 0, first: '' };
  for await (const element of elements) {
    const parsed = parseEventXml(decode(element.bytes, encoding), (name, kept, dropped) => {
      if (repeats.count++ === 0) repeats.first = `line ${element.line}: <${name}> "${kept.slice(0, 80)}" and again "${dropped.slice(0, 80)}"`;
    });
    if (typeof parsed === 'string') {
      context.reject({ line: element.line, offset: element.offset, reason: `malformed <Event> element: ${inSource(parsed, element.line)}` });
      continue;
    }
    yield [{ pointer: { line: element.line, offset: element.offset, length: element.bytes.length }, event: normalizeWinEvent(parsed, true) }];
  }
  if (repeats.count > 0) {
    context.warn(`${repeats.count} <System> field(s) appear twice in one <Event> (first at ${repeats.first}); the first value is kept`);
  }
};

/** A <System> field given twice in one event: its name, the value kept (the first) and the one dropped. */
export type RepeatedField = (name: string, kept: string, dropped: string) => void;

/** One `<Event>` element's text → a WinEvent, or the reason it is not well-formed XML. */
export function parseEventXml(xml: string, onRepeat?: RepeatedField): WinEvent | string {
  // By element name, which the log writer chooses: a Map, so <constructor> is a name like any other.
  const system = new Map<string, string>();
  const data = new EventFields<string>();
  let provider: string | null = null;
  let timeCreated: string | null = null;
  let unnamed = 0;
  let error: string | undefined;
  // Element names from <Event> down, and for each open element whether it had children.
  const path: string[] = [];
  const hasChildren: boolean[] = [];
  let text = '';
  let dataName: string | undefined;

  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('error', (e) => {
    error ??= `${e.message} (in <${path.join('/')}>)`;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (hasChildren.length > 0) hasChildren[hasChildren.length - 1] = true;
    path.push(localName(tag.name));
    hasChildren.push(false);
    text = '';
    const [, section, name] = path;
    if (section === 'System' && path.length === 3) {
      if (name === 'Provider') provider = tag.attributes.Name ?? null;
      if (name === 'TimeCreated') timeCreated = tag.attributes.SystemTime ?? null;
    }
    if (section === 'EventData' && path.length === 3 && name === 'Data') dataName = tag.attributes.Name ?? `Data${++unnamed}`;
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('cdata', (t) => {
    text += t;
  });
  parser.on('closetag', () => {
    const [, section, name] = path;
    const leaf = !hasChildren[hasChildren.length - 1];
    if (section === 'System' && path.length === 3 && name !== undefined) {
      // One field twice (a forged <Computer> after the real one) is reported, not silently last-wins.
      const kept = system.get(name);
      if (kept !== undefined) onRepeat?.(name, kept, text.trim());
      else system.set(name, text.trim());
    }
    else if (section === 'EventData' && path.length === 3 && name !== undefined) data.set(name === 'Data' ? dataName! : name, text);
    else if (section === 'UserData' && path.length >= 3 && leaf) data.addLeaf(path[path.length - 1]!, text);
    path.pop();
    hasChildren.pop();
    text = '';
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  if (error !== undefined) return error;
  return {
    provider,
    channel: system.get('Channel') || null,
    eventId: integer(system.get('EventID')),
    recordId: integer(system.get('EventRecordID')),
    computer: system.get('Computer') || null,
    timeCreated,
    level: integer(system.get('Level')),
    keywords: system.get('Keywords') || null,
    data: data.data,
  };
}

/** saxes says `line:column: message` within the element; say it in source lines. */
function inSource(message: string, elementLine: number): string {
  const at = /^(\d+):(\d+): (.*)$/s.exec(message);
  if (!at) return message;
  return `${at[3]!.replace(/\.(?= \(in <)/, '')} at line ${elementLine + Number(at[1]) - 1}, column ${at[2]}`;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function integer(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}
