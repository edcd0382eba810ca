// Binary XML (MS-EVEN6 2.2.12 "BinXml", libevtx "Binary XML") parsed into node trees.
// A record's BinXML is usually one template instance: a reference to a template definition
// (an XML skeleton with numbered substitution slots), followed by the substitution values.
// Definitions are stored once per chunk and reused by later records, so they are parsed once
// per chunk and cached by offset; an instance then costs only its value descriptors.
// All offsets (names, template definitions) are relative to the chunk, so a parser works on
// one chunk's bytes.

import { u16, u32 } from './layout';
import { readUtf16 } from './values';

export const enum Kind {
  Element,
  Text,
  Subst,
  Ref,
  CData,
  Pi,
  Template,
}

export interface ElementNode {
  readonly kind: Kind.Element;
  readonly name: string;
  readonly attrs: readonly AttrNode[];
  readonly children: readonly BxNode[];
}
export interface AttrNode {
  readonly name: string;
  readonly value: readonly BxNode[];
}
export interface TextNode {
  readonly kind: Kind.Text;
  readonly text: string;
}
export interface SubstNode {
  readonly kind: Kind.Subst;
  readonly index: number;
  readonly type: number;
  readonly optional: boolean;
}
/** A character reference (`&#N;`) or entity reference (`&name;`). */
export interface RefNode {
  readonly kind: Kind.Ref;
  /** The text it stands for, when known (character refs and XML's predefined entities). */
  readonly text: string;
  /** The reference as written in XML. */
  readonly xml: string;
}
export interface CDataNode {
  readonly kind: Kind.CData;
  readonly text: string;
}
export interface PiNode {
  readonly kind: Kind.Pi;
  readonly target: string;
  readonly data: string;
}
export interface TemplateNode {
  readonly kind: Kind.Template;
  readonly definition: TemplateDefinition;
  readonly values: SubstitutionValues;
}
export type BxNode = ElementNode | TextNode | SubstNode | RefNode | CDataNode | PiNode | TemplateNode;

export interface TemplateDefinition {
  readonly offset: number;
  readonly body: readonly BxNode[];
}

/**
 * A template instance's substitution array: value i is `types[i]`, `sizes[i]` bytes at
 * `offsets[i]`. Plain arrays: one instance per record, and three small typed arrays cost
 * more to allocate than the values they describe.
 */
export interface SubstitutionValues {
  readonly types: readonly number[];
  readonly sizes: readonly number[];
  readonly offsets: readonly number[];
}

/** A Map: the entity name is the record's, and an object would answer `&constructor;` with its own. */
const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);

const MAX_FRAGMENT_DEPTH = 16;

export class BinXmlError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at chunk offset ${offset}`);
  }
}

/** Parses the BinXML of one chunk; holds the chunk's template and name caches. */
export class ChunkBinXml {
  private readonly templates = new Map<number, TemplateDefinition>();
  private readonly names = new Map<number, string>();
  private pos = 0;
  private end = 0;
  private fragmentDepth = 0;

  constructor(readonly bytes: Uint8Array) {}

  /** Parses the fragment in [start, end): a record's event, or a nested BinXML value. */
  parseFragment(start: number, end: number): BxNode[] {
    // A template whose body instantiates itself (crafted or corrupt data) would recurse forever.
    if (this.fragmentDepth >= MAX_FRAGMENT_DEPTH) throw new BinXmlError(`BinXML fragments nested more than ${MAX_FRAGMENT_DEPTH} deep`, start);
    const savedPos = this.pos;
    const savedEnd = this.end;
    this.pos = start;
    this.end = Math.min(end, this.bytes.length);
    this.fragmentDepth++;
    try {
      return this.parseContent(false);
    } finally {
      this.fragmentDepth--;
      this.pos = savedPos;
      this.end = savedEnd;
    }
  }

  private fail(message: string): never {
    throw new BinXmlError(message, this.pos);
  }

  private need(count: number): void {
    if (this.pos + count > this.end) this.fail(`BinXML needs ${count} more bytes`);
  }

  /** Content up to an end-of-element (when `inElement`) or end-of-fragment token. */
  private parseContent(inElement: boolean): BxNode[] {
    const nodes: BxNode[] = [];
    const b = this.bytes;
    for (;;) {
      if (this.pos >= this.end) {
        if (inElement) this.fail('BinXML ends inside an element');
        return nodes;
      }
      const token = b[this.pos];
      switch (token & 0xbf) {
        case 0x00:
          this.pos++;
          if (inElement) this.fail('end of fragment inside an element');
          return nodes;
        case 0x01:
          nodes.push(this.parseElement());
          break;
        case 0x04:
          this.pos++;
          if (!inElement) this.fail('end of element outside an element');
          return nodes;
        case 0x05: case 0x08: case 0x09: case 0x0d: case 0x0e:
          nodes.push(this.parseValueToken());
          break;
        case 0x07: {
          this.need(3);
          const chars = u16(b, this.pos + 1);
          this.pos += 3;
          nodes.push({ kind: Kind.CData, text: this.utf16(chars) });
          break;
        }
        case 0x0a: {
          this.need(5);
          const target = this.nameAt(u32(b, this.pos + 1), this.pos + 5);
          this.need(3);
          if ((b[this.pos] & 0xbf) !== 0x0b) this.fail('processing instruction target without data');
          const chars = u16(b, this.pos + 1);
          this.pos += 3;
          nodes.push({ kind: Kind.Pi, target, data: this.utf16(chars) });
          break;
        }
        case 0x0c:
          nodes.push(this.parseTemplateInstance());
          break;
        case 0x0f:
          this.need(4);
          this.pos += 4;
          break;
        default:
          this.fail(`unexpected BinXML token 0x${token.toString(16)}`);
      }
    }
  }

  private utf16(chars: number): string {
    this.need(chars * 2);
    const s = readUtf16(this.bytes, this.pos, chars);
    this.pos += chars * 2;
    return s;
  }

  /**
   * A name referenced at `offset`. When the offset points right here (`inlineAt`), the name
   * is stored inline and the cursor moves past it; otherwise it was stored earlier in the chunk.
   */
  private nameAt(offset: number, inlineAt: number): string {
    this.pos = inlineAt;
    let name = this.names.get(offset);
    if (name === undefined) {
      if (offset + 8 > this.bytes.length) this.fail(`name offset ${offset} outside the chunk`);
      const chars = u16(this.bytes, offset + 6);
      if (offset + 8 + chars * 2 > this.bytes.length) this.fail(`name at ${offset} runs past the chunk`);
      name = readUtf16(this.bytes, offset + 8, chars);
      this.names.set(offset, name);
    }
    if (offset === inlineAt) {
      // next-name offset (4), hash (2), length (2), characters, NUL terminator (2)
      this.pos = inlineAt + 10 + name.length * 2;
    }
    return name;
  }

  private parseElement(): ElementNode {
    const b = this.bytes;
    const hasAttributes = (b[this.pos] & 0x40) !== 0;
    // token (1), dependency id (2), data size (4), name offset (4), [inline name],
    // [attribute list size (4)], attributes
    this.need(11);
    const name = this.nameAt(u32(b, this.pos + 7), this.pos + 11);
    const attrs: AttrNode[] = [];
    if (hasAttributes) {
      this.need(4);
      this.pos += 4;
      while (this.pos < this.end && (b[this.pos] & 0xbf) === 0x06) attrs.push(this.parseAttribute());
    }
    this.need(1);
    const close = b[this.pos++];
    if (close === 0x03) return { kind: Kind.Element, name, attrs, children: [] };
    if (close !== 0x02) {
      this.pos--;
      this.fail(`element <${name}> without a close-start token (found 0x${close.toString(16)})`);
    }
    return { kind: Kind.Element, name, attrs, children: this.parseContent(true) };
  }

  private parseAttribute(): AttrNode {
    this.need(5);
    const name = this.nameAt(u32(this.bytes, this.pos + 1), this.pos + 5);
    const value: BxNode[] = [];
    while (this.pos < this.end) {
      const t = this.bytes[this.pos] & 0xbf;
      if (t !== 0x05 && t !== 0x08 && t !== 0x09 && t !== 0x0d && t !== 0x0e) break;
      value.push(this.parseValueToken());
    }
    return { name, value };
  }

  /** Value text, character and entity references, substitutions: what may form text or an attribute value. */
  private parseValueToken(): BxNode {
    const b = this.bytes;
    const token = b[this.pos] & 0xbf;
    switch (token) {
      case 0x05: {
        this.need(4);
        if (b[this.pos + 1] !== 0x01) this.fail(`value token of type 0x${b[this.pos + 1].toString(16)}, expected a string`);
        const chars = u16(b, this.pos + 2);
        this.pos += 4;
        return { kind: Kind.Text, text: this.utf16(chars) };
      }
      case 0x08: {
        this.need(3);
        const code = u16(b, this.pos + 1);
        this.pos += 3;
        return { kind: Kind.Ref, text: String.fromCharCode(code), xml: `&#${code};` };
      }
      case 0x09: {
        this.need(5);
        const name = this.nameAt(u32(b, this.pos + 1), this.pos + 5);
        return { kind: Kind.Ref, text: PREDEFINED_ENTITIES.get(name) ?? `&${name};`, xml: `&${name};` };
      }
      default: {
        this.need(4);
        const node: SubstNode = { kind: Kind.Subst, index: u16(b, this.pos + 1), type: b[this.pos + 3], optional: token === 0x0e };
        this.pos += 4;
        return node;
      }
    }
  }

  private parseTemplateInstance(): TemplateNode {
    const b = this.bytes;
    // token (1), unknown (1), template id (4), definition offset (4)
    this.need(10);
    const definitionOffset = u32(b, this.pos + 6);
    this.pos += 10;
    let definition = this.templates.get(definitionOffset);
    if (definitionOffset === this.pos) {
      // Defined inline: next-definition offset (4), GUID (16), body size (4), body.
      this.need(24);
      const bodySize = u32(b, this.pos + 20);
      if (definition === undefined) definition = this.parseDefinition(definitionOffset, bodySize);
      this.pos = definitionOffset + 24 + bodySize;
    } else if (definition === undefined) {
      if (definitionOffset + 24 > this.bytes.length) this.fail(`template definition offset ${definitionOffset} outside the chunk`);
      definition = this.parseDefinition(definitionOffset, u32(b, definitionOffset + 20));
    }
    return { kind: Kind.Template, definition, values: this.parseValues() };
  }

  private parseDefinition(offset: number, bodySize: number): TemplateDefinition {
    const start = offset + 24;
    if (start + bodySize > this.bytes.length) this.fail(`template definition at ${offset} runs past the chunk`);
    const definition = { offset, body: this.parseFragment(start, start + bodySize) };
    this.templates.set(offset, definition);
    return definition;
  }

  private parseValues(): SubstitutionValues {
    const b = this.bytes;
    this.need(4);
    const count = u32(b, this.pos);
    this.pos += 4;
    if (count * 4 > this.end - this.pos) this.fail(`substitution array of ${count} values does not fit`);
    const types: number[] = [];
    const sizes: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < count; i++, this.pos += 4) {
      sizes.push(u16(b, this.pos));
      types.push(b[this.pos + 2]);
    }
    for (let i = 0; i < count; i++) {
      offsets.push(this.pos);
      this.pos += sizes[i];
    }
    if (this.pos > this.end) this.fail('substitution values run past the record');
    return { types, sizes, offsets };
  }
}
