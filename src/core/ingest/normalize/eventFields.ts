// Fields by the names a log gives them, as the readers collect a WinEvent's data (and Zeek
// rows, and Sigma's view of a record). The names are written by whoever wrote the log, so the
// objects have no prototype: `__proto__`, `constructor` or `toString` are fields like any
// other, never Object.prototype's members (on a plain `{}`, `name in data` is true for
// `constructor` and assigning `data.__proto__` is lost).

/** An empty object to hold fields by name, with no prototype. */
export function fieldsByName<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}
