// Multi-pattern substring search (Aho-Corasick as a DFA over a compact ASCII alphabet):
// the prefilter that lets a run evaluate only the rules whose necessary atoms occur in an
// event's fields, one pass over each field's text for all rules at once. ASCII letters match
// either case, so texts are scanned as logged, without lower-casing. Every non-ASCII character
// is one class, written NON_ASCII in an atom (indexForm): an atom of emoji or accented text
// still prefilters (the text must hold non-ASCII characters in those places). Characters
// outside the atoms' alphabet share a class no atom contains.

/** Stands for any non-ASCII character in an indexed atom. */
export const NON_ASCII = '\u0080';
const KELVIN = 0x212a;
const DOTTED_I = 0x130;

/**
 * An atom (lower-case, as the predicates compare) in the index's alphabet: each non-ASCII
 * character becomes NON_ASCII. Lower-casing can turn a non-ASCII character into ASCII text:
 * the Kelvin sign becomes `k` and `İ` becomes `i` + U+0307: scan() reads them as `k` and `i`,
 * and an atom is cut at U+0307 (keeping its longest piece), which scan() never sees.
 * '' when nothing is left (the rule then cannot be prefiltered).
 */
export function indexForm(atom: string): string {
  let best = '';
  for (const piece of atom.split('\u0307')) if (piece.length > best.length) best = piece;
  return best.replace(/[^\x00-\x7f]/g, NON_ASCII);
}

/** Below this shortest atom the skip in scan() would cost more than it saves. */
const MIN_SKIP_ATOM = 4;

export interface IndexedAtom {
  /** Lower-case ASCII text and NON_ASCII (upper-case letters in a scanned text match it too; see indexForm). */
  readonly text: string;
  /** What a hit reports (a rule entry of the run). */
  readonly entry: number;
}

export class AtomIndex {
  private readonly classOf = new Uint8Array(128);
  /** The class of non-ASCII characters: 0 (no atom's) unless an atom holds NON_ASCII. */
  private readonly nonAscii: number;
  private readonly width: number;
  private readonly next: Int32Array;
  /** Entries ending at each node (own patterns), as ranges into outEntries. */
  private readonly outStart: Int32Array;
  private readonly outEnd: Int32Array;
  private readonly outEntries: Int32Array;
  /** Nearest proper suffix node with output, or -1. */
  private readonly outLink: Int32Array;
  /** 1 for nodes where some atom ends (their own or through outLink). */
  private readonly hasOutput: Uint8Array;
  /**
   * The skip (below): the shortest atom's length, 0 when atoms are too short for it to pay,
   * and per pair of classes (first * width + second) 1 when the pair occurs among the first
   * `shortest` characters of some atom.
   */
  private readonly shortest: number;
  private readonly pairs: Uint8Array;

  constructor(atoms: readonly IndexedAtom[]) {
    let classes = 1;
    let nonAscii = 0;
    for (const a of atoms) for (let i = 0; i < a.text.length; i++) {
      const c = a.text.charCodeAt(i);
      if (c === 0x80) nonAscii ||= classes++;
      else if (c >= 128) throw new Error('atoms are in index form (indexForm)');
      else if (this.classOf[c] === 0) this.classOf[c] = classes++;
    }
    for (let c = 65; c <= 90; c++) this.classOf[c] = this.classOf[c + 32]!;
    this.nonAscii = nonAscii;
    this.width = classes;
    const classAt = (text: string, i: number): number => {
      const c = text.charCodeAt(i);
      return c === 0x80 ? nonAscii : this.classOf[c]!;
    };
    const shortest = atoms.reduce((n, a) => Math.min(n, a.text.length), Infinity);
    this.shortest = shortest >= MIN_SKIP_ATOM && shortest !== Infinity ? shortest : 0;
    this.pairs = new Uint8Array(this.shortest ? classes * classes : 0);
    if (this.shortest) for (const a of atoms) for (let i = 1; i < this.shortest; i++) this.pairs[classAt(a.text, i - 1) * classes + classAt(a.text, i)] = 1;
    // Trie.
    const children: number[][] = [[]];
    const own: number[][] = [[]];
    for (const a of atoms) {
      let node = 0;
      for (let i = 0; i < a.text.length; i++) {
        const k = classAt(a.text, i);
        let child = children[node]![k];
        if (child === undefined) {
          child = children.length;
          children.push([]);
          own.push([]);
          children[node]![k] = child;
        }
        node = child;
      }
      own[node]!.push(a.entry);
    }
    const count = children.length;
    this.next = new Int32Array(count * classes);
    const fail = new Int32Array(count);
    this.outLink = new Int32Array(count).fill(-1);
    // Breadth-first: complete the transition table through failure links.
    const queue: number[] = [];
    for (let k = 0; k < classes; k++) {
      const child = children[0]![k];
      if (child !== undefined) { this.next[k] = child; fail[child] = 0; queue.push(child); }
    }
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q]!;
      const f = fail[node]!;
      this.outLink[node] = own[f]!.length > 0 ? f : this.outLink[f]!;
      for (let k = 0; k < classes; k++) {
        const child = children[node]![k];
        if (child === undefined) this.next[node * classes + k] = this.next[f * classes + k]!;
        else {
          this.next[node * classes + k] = child;
          fail[child] = this.next[f * classes + k]!;
          queue.push(child);
        }
      }
    }
    this.outStart = new Int32Array(count);
    this.outEnd = new Int32Array(count);
    this.hasOutput = new Uint8Array(count);
    const flat: number[] = [];
    for (let n = 0; n < count; n++) {
      this.outStart[n] = flat.length;
      flat.push(...own[n]!);
      this.outEnd[n] = flat.length;
    }
    for (let n = 0; n < count; n++) this.hasOutput[n] = own[n]!.length > 0 || this.outLink[n]! > 0 ? 1 : 0;
    this.outEntries = Int32Array.from(flat);
    // Transitions hold the target's row offset (node * width), negated minus one when an atom
    // ends at the target: one add and one sign test per character.
    for (let i = 0; i < this.next.length; i++) {
      const target = this.next[i]!;
      this.next[i] = this.hasOutput[target] === 1 ? -(target * classes) - 1 : target * classes;
    }
  }

  /**
   * Calls hit(entry) for each occurrence of each atom in `text` (entries may repeat).
   *
   * Most texts hold no atom, so while no atom is partly matched (the root row) the scan skips
   * ahead in the manner of Wu-Manber: with m the shortest atom's length, an atom starting at
   * any of the next m - 1 positions covers the two characters at i + m - 2 and i + m - 1 as two
   * neighbours among its first m; when no atom has that pair, none starts there, and the scan
   * resumes at i + m - 1, from the root. Keyword atoms (`Mimikatz Use`, every value of every
   * Windows event) are 9+ characters: most positions are never looked at.
   */
  scan(text: string, hit: (entry: number) => void): void {
    const { next, width, shortest, pairs } = this;
    const end = text.length;
    if (end < shortest) return;
    const last = end - shortest;
    let row = 0;
    for (let i = 0; i < end; ) {
      if (row === 0 && shortest !== 0) {
        if (i > last) return; // too few characters left for any atom to start
        if (pairs[this.classAt(text.charCodeAt(i + shortest - 2)) * width + this.classAt(text.charCodeAt(i + shortest - 1))] === 0) {
          i += shortest - 1;
          continue;
        }
      }
      row = next[row + this.classAt(text.charCodeAt(i++))]!;
      if (row < 0) {
        row = -row - 1;
        this.emit(row / width, hit);
      }
    }
  }

  /** A scanned character's class: ASCII by table, the Kelvin sign as `k`, `İ` as `i`, other non-ASCII as one class. */
  private classAt(c: number): number {
    const { classOf } = this;
    return c < 128 ? classOf[c]! : c === KELVIN ? classOf[0x6b]! : c === DOTTED_I ? classOf[0x69]! : this.nonAscii;
  }

  private emit(node: number, hit: (entry: number) => void): void {
    const { outStart, outEnd, outEntries, outLink } = this;
    for (let n = outStart[node] === outEnd[node] ? outLink[node]! : node; n > 0; n = outLink[n]!) {
      for (let j = outStart[n]!; j < outEnd[n]!; j++) hit(outEntries[j]!);
    }
  }
}
