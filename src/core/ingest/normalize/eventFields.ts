// Fields by the names a log gives them, as the readers collect a WinEvent's data (and Zeek
// rows, and Sigma's view of a record). The names are written by whoever wrote the log, so the
// objects have no prototype: `__proto__`, `constructor` or `toString` are fields like any
// other, never Object.prototype's members (on a plain `{}`, `name in data` is true for
// `constructor` and assigning `data.__proto__` is lost).

/** An empty object to hold fields by name, with no prototype. */
export function fieldsByName<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/**
 * The data of a Windows event read from its XML shape (EVTX, EVTX-XML, evtx_dump JSON):
 * EventData by name, UserData's leaves by element name. UserData may repeat a leaf name
 * (several <Param>): later ones get 2, 3, ... Every reader names them here, so an .evtx and
 * its XML export give the same fields.
 */
export class EventFields<V> {
  readonly data = fieldsByName<V>();
  /** Per repeated leaf name, the number its next repeat tries first. */
  private readonly nextNumber = new Map<string, number>();

  /** An EventData field; the same name again keeps the later value. */
  set(name: string, value: V): void {
    this.data[name] = value;
  }

  /**
   * A UserData leaf: under its name, or when that is taken under the first of `name2`,
   * `name3`, ... that is not. Each name's search resumes where its last one stopped, since
   * fields are never removed and the numbers below are still taken: n repeats of one name
   * cost n steps, not n²/2 (20,000 `<P/>` took 30 s).
   */
  addLeaf(name: string, value: V): void {
    let key = name;
    if (Object.hasOwn(this.data, name)) {
      let n = this.nextNumber.get(name) ?? 2;
      while (Object.hasOwn(this.data, `${name}${n}`)) n++;
      this.nextNumber.set(name, n + 1);
      key = `${name}${n}`;
    }
    this.data[key] = value;
  }
}
