// Walks a parsed BinXML tree with its substitution values, as a stream of XML events for a
// sink: the WinEvent builder and the XML renderer are both sinks, so both see exactly the same
// document. Substitutions are resolved here: a value of type BinXML (0x21) is parsed in place
// (it may carry its own template instance); a NULL value renders nothing, and an attribute whose
// value is only NULL substitutions is left out, as Windows renders it.

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

export function walk(parser: ChunkBinXml, nodes: readonly BxNode[], values: SubstitutionValues | null, sink: BxSink, depth = 0): void {
  if (depth > MAX_NESTING) throw new Error(`BinXML nested more than ${MAX_NESTING} levels`);
  for (const node of nodes) {
    switch (node.kind) {
      case Kind.Element: {
        sink.open(node.name);
        for (const attr of node.attrs) {
          if (!sink.wantsAttr(attr.name)) continue;
          const value = attributeValue(parser, attr.value, values);
          if (value !== null) sink.attr(attr.name, value);
        }
        walk(parser, node.children, values, sink, depth);
        sink.close(node.name);
        break;
      }
      case Kind.Text:
      case Kind.Ref:
        sink.text(node.text);
        break;
      case Kind.CData:
        sink.cdata(node.text);
        break;
      case Kind.Pi:
        sink.pi(node.target, node.data);
        break;
      case Kind.Template:
        walk(parser, node.definition.body, node.values, sink, depth + 1);
        break;
      case Kind.Subst: {
        if (values === null || node.index >= values.types.length) break;
        const type = values.types[node.index];
        const size = values.sizes[node.index];
        if (type === VT.null || size === 0) break;
        const offset = values.offsets[node.index];
        if (type === VT.binXml) walk(parser, parser.parseFragment(offset, offset + size), null, sink, depth + 1);
        else if (sink.wantsText()) sink.text(renderValue(parser.bytes, type, offset, size));
        break;
      }
    }
  }
}

/** An attribute's text, or null when it is made only of NULL substitutions. */
function attributeValue(parser: ChunkBinXml, nodes: readonly BxNode[], values: SubstitutionValues | null): string | null {
  let text = '';
  let present = nodes.length === 0;
  for (const node of nodes) {
    if (node.kind === Kind.Text || node.kind === Kind.Ref) {
      text += node.text;
      present = true;
    } else if (node.kind === Kind.Subst && values !== null && node.index < values.types.length) {
      const type = values.types[node.index];
      const size = values.sizes[node.index];
      if (type === VT.null || size === 0 || type === VT.binXml) continue;
      text += renderValue(parser.bytes, type, values.offsets[node.index], size);
      present = true;
    }
  }
  return present ? text : null;
}
