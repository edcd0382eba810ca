// Reads the XML that python-evtx's evtx_dump.py prints into WinEvent-shaped records, for the
// differential test. Its output is not always well-formed XML (attribute values are not
// quote-escaped, restricted characters are dropped), so this is a small tolerant tag/text
// scanner, not an XML parser. The field rules (Data by Name or Data1..N, UserData leaves) are
// written again here, independently of src/, so the test checks the parser against them.
// (Data by Name, unnamed Data as Data1..N among the unnamed, other EventData children by name,
// UserData leaves by name with 2, 3, ... for repeats.)

export interface ReferenceEvent {
  readonly provider: string | null;
  readonly channel: string | null;
  readonly eventId: string | null;
  readonly recordId: string | null;
  readonly computer: string | null;
  readonly timeCreated: string | null;
  readonly data: Record<string, string>;
}

interface XNode {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XNode[];
  text: string;
}

const TOKEN = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"]*")*)\s*(\/?)>|<\?[^>]*\?>|([^<]+)/g;
const ATTR = /([\w.:-]+)="([^"]*)"/g;

function unescape(s: string): string {
  return s.replace(/&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    switch (ref) {
      case 'amp': return '&';
      case 'lt': return '<';
      case 'gt': return '>';
      case 'quot': return '"';
      case 'apos': return "'";
      default: return String.fromCodePoint(ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    }
  });
}

/** The complete <Event> elements of an evtx_dump.py output, as trees. */
function parseEvents(xml: string): XNode[] {
  const events: XNode[] = [];
  const stack: XNode[] = [];
  for (const m of xml.matchAll(TOKEN)) {
    const [, closing, name, attrText, selfClosing, text] = m;
    if (text !== undefined) {
      if (stack.length > 0) stack[stack.length - 1].text += unescape(text);
    } else if (name === undefined) {
      continue;
    } else if (closing) {
      const node = stack.pop();
      if (node && stack.length === 0 && node.name === 'Event') events.push(node);
    } else if (name !== 'Events' || stack.length > 0) {
      const attrs: Record<string, string> = {};
      for (const a of (attrText ?? '').matchAll(ATTR)) attrs[a[1]] = unescape(a[2]);
      const node: XNode = { name, attrs, children: [], text: '' };
      stack[stack.length - 1]?.children.push(node);
      if (!selfClosing) stack.push(node);
      else if (stack.length === 0 && name === 'Event') events.push(node);
    }
  }
  return events;
}

const child = (node: XNode | undefined, name: string) => node?.children.find((c) => c.name === name);

function uniqueKey(data: Record<string, string>, name: string): string {
  let key = name;
  for (let n = 2; Object.hasOwn(data, key); n++) key = `${name}${n}`;
  return key;
}

function userDataLeaves(node: XNode, into: Record<string, string>): void {
  for (const c of node.children) {
    if (c.children.length === 0) into[uniqueKey(into, c.name)] = c.text;
    else userDataLeaves(c, into);
  }
}

export function parseReference(xml: string): ReferenceEvent[] {
  return parseEvents(xml).map((event) => {
    const system = child(event, 'System');
    const text = (name: string) => child(system, name)?.text.trim() || null;
    // No prototype: a field may be named `__proto__` or `constructor`.
    const data = Object.create(null) as Record<string, string>;
    const eventData = child(event, 'EventData');
    let unnamed = 0;
    for (const d of eventData?.children ?? []) {
      data[d.name !== 'Data' ? d.name : (d.attrs.Name ?? `Data${++unnamed}`)] = d.text;
    }
    for (const wrapper of child(event, 'UserData')?.children ?? []) userDataLeaves(wrapper, data);
    return {
      provider: child(system, 'Provider')?.attrs.Name ?? null,
      channel: text('Channel'),
      eventId: text('EventID'),
      recordId: text('EventRecordID'),
      computer: text('Computer'),
      timeCreated: child(system, 'TimeCreated')?.attrs.SystemTime ?? null,
      data,
    };
  });
}
