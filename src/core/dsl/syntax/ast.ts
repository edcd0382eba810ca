// The `.hunt` syntax tree. Every node has a `kind` and a `span` (UTF-16 offsets into the
// source). The tree is exactly what the author wrote: names are not resolved here (a dotted
// `Field` may be an alias such as `process.name` or a reference to an earlier step such as
// `open.local_port`; `resolve.ts` in check/ decides). Exporters walk it with `visit.ts`.
// Nodes the parser could not build are left out and the problem is a diagnostic; a node
// whose required part is missing holds `null` there.

import type { Span } from '../../types/diagnostic';

interface NodeBase {
  readonly span: Span;
}

/** A whole `.hunt` file: named lists and analytics, in source order. */
export interface Document extends NodeBase {
  readonly kind: 'Document';
  readonly items: readonly (ListDecl | Analytic)[];
}

export interface Ident extends NodeBase {
  readonly kind: 'Ident';
  readonly name: string;
}

/** `list admin_hosts = ["A", "B"]` or `list allow from "lists/file.txt"` (one value a line). */
export interface ListDecl extends NodeBase {
  readonly kind: 'ListDecl';
  readonly name: Ident;
  /** Inline values, or null when the list is read from a file. */
  readonly values: readonly Literal[] | null;
  readonly file: StringLit | null;
}

/** `analytic "ID" { metadata, sequence, baseline, tests }`. */
export interface Analytic extends NodeBase {
  readonly kind: 'Analytic';
  readonly id: StringLit | null;
  readonly meta: readonly Meta[];
  readonly sequence: Sequence | null;
  readonly baseline: Baseline | null;
  readonly tests: readonly TestCase[];
}

export type MetaKey = 'title' | 'severity' | 'attack' | 'description' | 'references';
export const META_KEYS: readonly MetaKey[] = ['title', 'severity', 'attack', 'description', 'references'];

/** `title "..."`, `severity high`, `attack T1569.002, T1021.002`, `references "u1", "u2"`. */
export interface Meta extends NodeBase {
  readonly kind: 'Meta';
  readonly key: MetaKey;
  readonly keySpan: Span;
  /** Strings, or bare words (severity level, technique ids). */
  readonly values: readonly (StringLit | Ident)[];
}

/** `sequence [by f, ...] [within 5m] [slack 1s] [merge 10m]  step...  [until selection]`. */
export interface Sequence extends NodeBase {
  readonly kind: 'Sequence';
  /** Global join key: every step's event carries the same values of these fields. */
  readonly by: readonly Field[];
  /** Maxspan from the first step's event, inclusive; null = unbounded. */
  readonly within: Duration | null;
  /**
   * Clock tolerance: a step's event may be up to this much earlier than the previous step's
   * event (logs of one host with second and millisecond precision); null = strict order.
   */
  readonly slack: Duration | null;
  /**
   * Chains of one join key that start within this long after the previous one ended are one
   * episode, reported as one chain; null = every earliest completion is its own chain.
   */
  readonly merge: Duration | null;
  readonly steps: readonly Step[];
  /** A partial chain dies when an event matching this selection (same global key) arrives. */
  readonly until: Selection | null;
}

export type StepMode = 'required' | 'optional' | 'absent';

/**
 * `[optional|absent] step name [by f, ...] [gap 30s] [within 10m]: body [having ...]`.
 * `by` is the per-step key: all steps that have one join on it by position.
 * `gap` bounds the time since the previous present step's event; `within` on an absent step
 * is how long the absence must hold.
 */
export interface Step extends NodeBase {
  readonly kind: 'Step';
  readonly mode: StepMode;
  readonly name: Ident | null;
  readonly by: readonly Field[];
  readonly gap: Duration | null;
  readonly within: Duration | null;
  readonly body: Selection | Alternatives | null;
  readonly having: Having | null;
}

/** `any of { crash: selection | child: selection }`: the step matches if one alternative does. */
export interface Alternatives extends NodeBase {
  readonly kind: 'Alternatives';
  readonly options: readonly Alternative[];
}

export interface Alternative extends NodeBase {
  readonly kind: 'Alternative';
  readonly name: Ident;
  readonly selection: Selection | null;
}

/** `category [where expr]`; category `any` matches every category. */
export interface Selection extends NodeBase {
  readonly kind: 'Selection';
  readonly category: Ident;
  readonly where: Expr | null;
}

/** `having count >= 3, distinct(dst_port) >= 3 [within 2m]`: a threshold over the step's events. */
export interface Having extends NodeBase {
  readonly kind: 'Having';
  readonly conditions: readonly Aggregate[];
  readonly within: Duration | null;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** `count >= 3` or `distinct(dst_port) >= 3`. */
export interface Aggregate extends NodeBase {
  readonly kind: 'Aggregate';
  readonly fn: 'count' | 'distinct';
  readonly field: Field | null;
  readonly op: CompareOp;
  readonly value: NumberLit | null;
}

/**
 * `baseline first 1d` (the first day of the same data), `baseline first 25%` (the first quarter
 * of its time span) or `baseline dataset` (`--baseline`).
 */
export interface Baseline extends NodeBase {
  readonly kind: 'Baseline';
  readonly source: 'first' | 'dataset';
  readonly duration: Duration | null;
  /** For `first N%`: N, between 0 and 100 exclusive. */
  readonly percent: NumberLit | null;
}

/** `test "name" expect N [ {event}, ... ]` or `test "name" expect N from "events.json"`. */
export interface TestCase extends NodeBase {
  readonly kind: 'TestCase';
  readonly name: StringLit | null;
  readonly expect: NumberLit | null;
  readonly events: readonly JsonObject[] | null;
  readonly file: StringLit | null;
}

/** A JSON object of a test event (normalized field names or aliases -> values). */
export interface JsonObject extends NodeBase {
  readonly kind: 'JsonObject';
  readonly value: Readonly<Record<string, string | number | boolean | null>>;
}

// ---- expressions ----

export type Expr = Logical | Not | Compare | In | Like | Matches | IsNull | Call | Field | Literal;
export type Operand = Field | Literal | Call;

export interface Logical extends NodeBase {
  readonly kind: 'Logical';
  readonly op: 'and' | 'or';
  readonly left: Expr;
  readonly right: Expr;
}

export interface Not extends NodeBase {
  readonly kind: 'Not';
  readonly operand: Expr;
}

/** `a == b`; strings compare case-insensitively. Either side may be a field or a reference. */
export interface Compare extends NodeBase {
  readonly kind: 'Compare';
  readonly op: CompareOp;
  readonly left: Operand;
  readonly right: Operand;
}

/** `a [not] in (v1, v2)` or `a [not] in list_name`. */
export interface In extends NodeBase {
  readonly kind: 'In';
  readonly negated: boolean;
  readonly subject: Operand;
  readonly values: readonly Operand[] | null;
  readonly list: Ident | null;
}

/** `a [not] like "pat"`, `like ("p1", "p2")` or `like list_name`: `*` and `?` wildcards, case-insensitive. */
export interface Like extends NodeBase {
  readonly kind: 'Like';
  readonly negated: boolean;
  readonly subject: Operand;
  readonly patterns: readonly StringLit[] | null;
  readonly list: Ident | null;
}

/** `a [not] matches /regex/i`. */
export interface Matches extends NodeBase {
  readonly kind: 'Matches';
  readonly negated: boolean;
  readonly subject: Operand;
  readonly regex: RegexLit;
}

/** `a is [not] null`. */
export interface IsNull extends NodeBase {
  readonly kind: 'IsNull';
  readonly negated: boolean;
  readonly subject: Operand;
}

/** `cidr(f, "10.0.0.0/8", ...)`, `is_private(f)`, `first_seen(f, ...)`, `rare(f, ..., n)`. */
export interface Call extends NodeBase {
  readonly kind: 'Call';
  readonly fn: Ident;
  readonly args: readonly Operand[];
}

/** A field name as written (`dst_port`, `DestinationPort`, `process.name`) or a step reference (`open.local_port`). */
export interface Field extends NodeBase {
  readonly kind: 'Field';
  readonly name: string;
  /** True when written `back-quoted`: never a step reference. */
  readonly quoted: boolean;
}

export type Literal = StringLit | NumberLit | BoolLit | NullLit;

export interface StringLit extends NodeBase {
  readonly kind: 'String';
  readonly value: string;
}
export interface NumberLit extends NodeBase {
  readonly kind: 'Number';
  readonly value: number;
}
export interface BoolLit extends NodeBase {
  readonly kind: 'Bool';
  readonly value: boolean;
}
export interface NullLit extends NodeBase {
  readonly kind: 'Null';
}
export interface RegexLit extends NodeBase {
  readonly kind: 'Regex';
  readonly source: string;
  readonly flags: string;
}
export interface Duration extends NodeBase {
  readonly kind: 'Duration';
  /** Milliseconds. */
  readonly ms: number;
  readonly text: string;
}

export type Node =
  | Document | Ident | ListDecl | Analytic | Meta | Sequence | Step | Alternatives | Alternative
  | Selection | Having | Aggregate | Baseline | TestCase | JsonObject | Expr | RegexLit | Duration;
