// Lists of positions in the store's in-memory columns (ascending Int32Arrays), combined in
// plain loops: on Node 20, TypedArray.prototype.filter with a callback takes ~20× a loop's
// time, and spreading lists into a Set to count their union ~100× (docs/benchmarks.md).

/** The positions `test` keeps, in order. */
export function keepIf(positions: Int32Array, test: (position: number) => boolean): Int32Array {
  const kept = new Int32Array(positions.length);
  let count = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (test(p)) kept[count++] = p;
  }
  return count === positions.length ? kept : kept.slice(0, count);
}

/** The positions in both ascending lists. */
export function common(a: Int32Array, b: Int32Array): Int32Array {
  const both = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      both[n++] = a[i]!;
      i++;
      j++;
    }
  }
  return both.slice(0, n);
}

/** The positions in any of the ascending lists, ascending, each once. */
export function union(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0]!;
  const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  lists.reduce((at, l) => (all.set(l, at), at + l.length), 0);
  all.sort();
  let count = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[count++] = all[i]!;
  return all.slice(0, count);
}

/** The positions of ascending `a` not in ascending `b`. */
export function without(a: Int32Array, b: Int32Array): Int32Array {
  const kept = new Int32Array(a.length);
  let n = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    while (j < b.length && b[j]! < a[i]!) j++;
    if (j === b.length || b[j] !== a[i]) kept[n++] = a[i]!;
  }
  return n === a.length ? kept : kept.slice(0, n);
}
