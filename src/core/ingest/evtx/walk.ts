// Walks a record's parsed BinXML tree with its substitution values, as a stream of XML events
// for a sink: the WinEvent builder and the XML renderer are both sinks, so both see exactly the
// same document. Substitutions are resolved here: a value of type BinXML (0x21) is parsed in
// place (it may carry its own template instance); a NULL value renders nothing, and an attribute
// whose value is only NULL substitutions is left out, as Windows renders it.

import { type BxNode, type ChunkBinXml, Kind, type SubstitutionValues } from './binxml';
import { renderValue, VT } from './values';

export interface BxSink {
  /** Whether text of the open element matters; substitution values are not rendered when not. */
  wantsText(): boolean;
  /** Whether the named attribute of the open element matters. */
  wantsAttr(name: string): boolean;
  open(name: string): void;
  attr(name: string, value: string): void;
  text(text: string): void;
  cdata(text: string): void;
  pi(target: string, data: string): void;
  close(name: string): void;
}

/** Nested BinXML values can nest again; a bound stops crafted input from recursing forever. */
const MAX_NESTING = 32;

/**
 * What one record may expand to. Template instances and nested BinXML values are references,
 * so a few hundred bytes can stand for an exponential document (a template that repeats a
 * nested value 8 times, the value holding the same template again, 12 deep: 8^12 nodes), which
 * the depth bounds do not stop. So the walk counts every node it visits (element, attribute,
 * text, reference, substitution, template instance) and the bytes it expands (names and text at
 * 2 bytes a character, as BinXML stores them, and each substitution value's stored size, also
 * for a nested BinXML value it then parses), and gives up on the record past either bound.
 * The bounds lie above what a record can reach without repeating any part of its 64 KiB chunk
 * (~21,800 nodes, as a node takes at least 3 bytes; ~1.1 MiB, its bytes counted once per level
 * of nested BinXML, at most 17), so only repetition trips them; the largest record of the 168
 * EVTX-ATTACK-SAMPLES files (3,434 records, slack included) visits 165 nodes and expands 45,776
 * bytes. They are kept that low because a record at the bound still costs milliseconds.
 */
export const MAX_RECORD_NODES = 25_000;
export const MAX_RECORD_BYTES = 2 * 1024 * 1024;
// Built once: with the message built in count() and expand(), the reader ran ~3% slower.
const TOO_MANY_NODES = `expands past ${MAX_RECORD_NODES.toLocaleString('en-US')} BinXML nodes (its templates and nested BinXML values repeat one another)`;
const TOO_MANY_BYTES = `expands past ${MAX_RECORD_BYTES / (1024 * 1024)} MiB of BinXML names, text and values (its templates and nested BinXML values repeat one another)`;

/** How far one record's walk has expanded so far. */
interface Expansion {
  nodes: number;
  bytes: number;
}

/** Walks the BinXML of the record in [start, end) of the parser's chunk into `sink`. */
export function walkRecord(parser: ChunkBinXml, start: number, end: number, sink: BxSink): void {
  walkFragment(parser, parser.parseFragment(start, end), sink);
}

/** Walks a record's fragment, already parsed, into `sink`. */
export function walkFragment(parser: ChunkBinXml, nodes: readonly BxNode[], sink: BxSink): void {
  walk(parser, nodes, null, sink, { nodes: 0, bytes: 0 }, 0);
}

function walk(parser: ChunkBinXml, nodes: readonly BxNode[], values: SubstitutionValues | null, sink: BxSink, expansion: Expansion, depth: number): void {
  if (depth > MAX_NESTING) throw new Error(`BinXML nested more than ${MAX_NESTING} levels`);
  count(expansion, nodes.length);
  for (const node of nodes) {
    switch (node.kind) {
      case Kind.Element: {
        expand(expansion, node.name.length * 2);
        sink.open(node.name);
        count(expansion, node.attrs.length);
        for (const attr of node.attrs) {
          expand(expansion, attr.name.length * 2);
          if (!sink.wantsAttr(attr.name)) continue;
          const value = attributeValue(parser, attr.value, values, expansion);
          if (value !== null) sink.attr(attr.name, value);
        }
        walk(parser, node.children, values, sink, expansion, depth);
        sink.close(node.name);
        break;
      }
      case Kind.Text:
      case Kind.Ref:
        expand(expansion, node.text.length * 2);
        sink.text(node.text);
        break;
      case Kind.CData:
        expand(expansion, node.text.length * 2);
        sink.cdata(node.text);
        break;
      case Kind.Pi:
        expand(expansion, (node.target.length + node.data.length) * 2);
        sink.pi(node.target, node.data);
        break;
      case Kind.Template:
        walk(parser, node.definition.body, node.values, sink, expansion, depth + 1);
        break;
      case Kind.Subst: {
        if (values === null || node.index >= values.types.length) break;
        const type = values.types[node.index];
        const size = values.sizes[node.index];
        expand(expansion, size);
        if (type === VT.null || size === 0) break;
        const offset = values.offsets[node.index];
        if (type === VT.binXml) walk(parser, parser.parseFragment(offset, offset + size), null, sink, expansion, depth + 1);
        else if (sink.wantsText()) sink.text(renderValue(parser.bytes, type, offset, size));
        break;
      }
    }
  }
}

/** An attribute's text, or null when it is made only of NULL substitutions. */
function attributeValue(parser: ChunkBinXml, nodes: readonly BxNode[], values: SubstitutionValues | null, expansion: Expansion): string | null {
  let text = '';
  let present = nodes.length === 0;
  count(expansion, nodes.length);
  for (const node of nodes) {
    if (node.kind === Kind.Text || node.kind === Kind.Ref) {
      expand(expansion, node.text.length * 2);
      text += node.text;
      present = true;
    } else if (node.kind === Kind.Subst && values !== null && node.index < values.types.length) {
      const type = values.types[node.index];
      const size = values.sizes[node.index];
      expand(expansion, size);
      if (type === VT.null || size === 0 || type === VT.binXml) continue;
      text += renderValue(parser.bytes, type, values.offsets[node.index], size);
      present = true;
    }
  }
  return present ? text : null;
}

/** Counts `nodes` more nodes (a list at a time: cheaper than one by one); past the bound the record is given up. */
function count(expansion: Expansion, nodes: number): void {
  if ((expansion.nodes += nodes) > MAX_RECORD_NODES) throw new Error(TOO_MANY_NODES);
}

/** Counts `bytes` more expanded bytes; past the bound the record is given up. */
function expand(expansion: Expansion, bytes: number): void {
  if ((expansion.bytes += bytes) > MAX_RECORD_BYTES) throw new Error(TOO_MANY_BYTES);
}
