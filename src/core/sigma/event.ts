// What a compiled Sigma predicate sees of an event: its fields by (mapped) name, as logged.
// Implemented over raw records in records.ts and over plain objects in tests; predicates
// never know where the values come from.

export type FieldValue = string | number | boolean | null | undefined;

export interface SigmaEvent {
  /** The field's value as logged; undefined when the event has no such field. */
  value(field: string): FieldValue;
  /** The field's text (numbers and booleans as text); undefined when absent or null. */
  text(field: string): string | undefined;
  /** text() folded to lower case, cached: Sigma compares case-insensitively by default. */
  lower(field: string): string | undefined;
  /** The text of every field, for keyword searches (`cased` false: lower case). */
  texts(cased: boolean): readonly string[];
  /**
   * The names of the fields the event has, when value() reads nothing else (the run's
   * prefilter then visits only these); undefined when value() may find more (alias columns).
   */
  shape(): FieldShape | undefined;
}

/**
 * The field names of a kind of record. Records of one kind share one shape (records.ts
 * interns them), so what depends only on the names is worked out once per kind, in `memo`.
 */
export interface FieldShape {
  readonly names: readonly string[];
  /** Per-shape results keyed by who computed them (the run keys its field plans by rule group). */
  readonly memo: WeakMap<object, unknown>;
}

export type Predicate = (event: SigmaEvent) => boolean;

export function textOf(value: FieldValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

/** A SigmaEvent over a plain field map (tests, and records already decoded to fields). */
export class MapEvent implements SigmaEvent {
  private lowered?: Map<string, string | undefined>;
  private all?: { cased: string[]; lower?: string[] };

  constructor(private readonly fields: (name: string) => FieldValue, private readonly every: () => Iterable<FieldValue>, private readonly fieldShape?: FieldShape) {}

  static of(record: Readonly<Record<string, FieldValue>>): MapEvent {
    const byLower = new Map(Object.keys(record).map((k) => [k.toLowerCase(), k]));
    return new MapEvent((name) => {
      const key = Object.hasOwn(record, name) ? name : byLower.get(name.toLowerCase());
      return key === undefined ? undefined : record[key];
    }, () => Object.values(record), { names: Object.keys(record), memo: new WeakMap() });
  }

  shape(): FieldShape | undefined {
    return this.fieldShape;
  }

  value(field: string): FieldValue {
    return this.fields(field);
  }

  text(field: string): string | undefined {
    return textOf(this.fields(field));
  }

  lower(field: string): string | undefined {
    const lowered = (this.lowered ??= new Map());
    const known = lowered.get(field);
    if (known !== undefined || lowered.has(field)) return known;
    const t = this.text(field)?.toLowerCase();
    lowered.set(field, t);
    return t;
  }

  texts(cased: boolean): readonly string[] {
    if (!this.all) {
      const texts: string[] = [];
      for (const v of this.every()) {
        const t = textOf(v);
        if (t !== undefined) texts.push(t);
      }
      this.all = { cased: texts };
    }
    if (cased) return this.all.cased;
    this.all.lower ??= this.all.cased.map((t) => t.toLowerCase());
    return this.all.lower;
  }
}
