// Template bodies recognised by content across chunks, so winEventPlan.ts can key its plans by
// a body's id rather than by its offset in one chunk.

import { type BxNode, Kind } from './binxml';

/**
 * Template bodies by content, across the chunks a thread reads: each chunk defines its
 * templates again (with chunk-relative offsets), and a body equal to one seen before gets its
 * id, so its shapes' plans are reused rather than made again for every chunk (they were 6% of
 * the chunk worker). Bodies are found by a hash of their content and told apart by a deep
 * comparison. Crafted files can hold any number of templates, large ones, or bodies made to
 * share a hash: a hash keeps at most BUCKET bodies (others get an id of their own each time),
 * and the catalog starts over before the bodies it keeps pass `nodeBound` nodes (a body larger
 * than that is never kept); ids are never given twice, so a chunk that still holds an old id
 * never meets another body under it.
 */
export class TemplateCatalog {
  private readonly byHash = new Map<number, { readonly body: readonly BxNode[]; readonly id: number }[]>();
  private kept = 0;
  private nextId = 0;

  constructor(private readonly nodeBound: number) {}

  idOf(body: readonly BxNode[]): number {
    const hash = hashNodes(body, 0x811c9dc5);
    const known = this.byHash.get(hash)?.find((entry) => sameNodes(entry.body, body));
    if (known) return known.id;
    const id = this.nextId++;
    const nodes = countNodes(body);
    if (nodes > this.nodeBound) return id;
    if (this.kept + nodes > this.nodeBound) {
      this.byHash.clear();
      this.kept = 0;
    }
    const entries = this.byHash.get(hash);
    if (!entries) this.byHash.set(hash, [{ body, id }]);
    else if (entries.length < BUCKET) entries.push({ body, id });
    else return id;
    this.kept += nodes;
    return id;
  }
}

/** The nodes of a body: elements, their attributes and everything in them. */
export function countNodes(nodes: readonly BxNode[]): number {
  let count = nodes.length;
  for (const node of nodes) {
    if (node.kind !== Kind.Element) continue;
    count += countNodes(node.children);
    for (const attr of node.attrs) count += 1 + countNodes(attr.value);
  }
  return count;
}

const BUCKET = 8;

function hashText(text: string, hash: number): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** FNV-1a over what sameNodes compares. */
function hashNodes(nodes: readonly BxNode[], hash: number): number {
  for (const node of nodes) {
    hash = Math.imul(hash ^ (node.kind + 1), 0x01000193);
    switch (node.kind) {
      case Kind.Element:
        hash = hashNodes(node.children, hashText(node.name, hash));
        for (const attr of node.attrs) hash = hashNodes(attr.value, hashText(attr.name, hash));
        break;
      case Kind.Text:
      case Kind.CData:
      case Kind.Ref:
        hash = hashText(node.text, hash);
        break;
      case Kind.Subst:
        hash = Math.imul(hash ^ node.index, 0x01000193);
        break;
      default:
        break;
    }
  }
  return hash;
}

/** Whether two bodies are the same XML skeleton: names, texts, substitutions (a nested template instance is never the same). */
export function sameNodes(a: readonly BxNode[], b: readonly BxNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.kind !== y.kind) return false;
    switch (x.kind) {
      case Kind.Element: {
        const e = y as typeof x;
        if (x.name !== e.name || x.attrs.length !== e.attrs.length || !sameNodes(x.children, e.children)) return false;
        for (let j = 0; j < x.attrs.length; j++) {
          if (x.attrs[j]!.name !== e.attrs[j]!.name || !sameNodes(x.attrs[j]!.value, e.attrs[j]!.value)) return false;
        }
        break;
      }
      case Kind.Text:
      case Kind.CData:
        if (x.text !== (y as typeof x).text) return false;
        break;
      case Kind.Ref:
        if (x.text !== (y as typeof x).text || x.xml !== (y as typeof x).xml) return false;
        break;
      case Kind.Pi:
        if (x.target !== (y as typeof x).target || x.data !== (y as typeof x).data) return false;
        break;
      case Kind.Subst: {
        const s = y as typeof x;
        if (x.index !== s.index || x.type !== s.type || x.optional !== s.optional) return false;
        break;
      }
      case Kind.Template:
        return false;
    }
  }
  return true;
}
