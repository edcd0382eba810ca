// A record's WinEvent from its template instances without walking them. Nearly every record is
// a template instance whose content holds one more as a nested BinXML value (the System part
// and the event's own data), and records reuse a few templates, so what the structure means
// for the WinEvent (which System field, Data name or UserData leaf each text feeds) is worked
// out once per shape of record: the templates are followed once by the real
// WinEventBuilder, each substitution value standing in as a marker, and what reaches the
// builder's target becomes a plan of steps whose texts are static parts and value references.
// A record then costs its parsing, its values' rendering and the collector's work.
//
// A record's shape is its template and, for each value in element content that is nested
// BinXML, the shape of that value (a template instance again). A plan gives exactly what the
// walk (walk.ts) gives, or steps aside and lets the walk read the record (its result or its
// error): when a nested value is not one template instance, the nesting is deep or wide, a
// template holds another instance or the marker characters in its own text, the builder would
// read one attribute twice on an element, the record lies past the walk's node or byte bounds,
// or a value does not render. A test compares the two on every record of the sample files and
// on generated records.

import { type BxNode, type ChunkBinXml, Kind, type SubstitutionValues, type TemplateDefinition, type TemplateNode } from './binxml';
import { alwaysRenders, renderValue, VT } from './values';
import { TemplateCatalog } from './templateCatalog';
import { MAX_RECORD_BYTES, MAX_RECORD_NODES, type BxSink, walkFragment } from './walk';
import { SystemField, WinEventBuilder, WinEventCollector, type WinEventTarget } from './winEvent';
import type { WinEvent } from '../../types/records';

/** Stands for a value while templates are followed: the next two code units are its instance and index. */
const VALUE_MARK = '\uFDD0';
/** Starts an attribute made only of values: it is left out when none of them renders. */
const CONDITIONAL_MARK = '\uFDD1';
const MARKS = /[\uFDD0\uFDD1]/;
/**
 * Template instances one record may hold for a plan (real records: two); beyond, the walk reads it.
 * At 16 the deepest template body lies 31 levels down, within the walk's nesting bound (32).
 */
const MAX_PLANNED_INSTANCES = 16;

/** Static text, or a value: instance * 65536 + index (instances in walk order, the record's own first). */
type Part = string | number;

const enum Target { System, Provider, TimeCreated, Data, Leaf }

/** One call the walk would make on the builder's target; every step has the same shape. */
interface Step {
  readonly target: Target;
  readonly field: SystemField;
  /** A leaf's or a Data element's static name (null: an unnamed Data, or the name is in `nameParts`). */
  readonly name: string | null;
  /** A Data name from a Name attribute with values. */
  readonly nameParts: readonly Part[] | null;
  /** The attribute (a Provider, TimeCreated or Data name) is made only of values. */
  readonly conditional: boolean;
  readonly text: readonly Part[];
}

interface WinEventPlan {
  readonly steps: readonly Step[];
  /**
   * When every Data and leaf name is static: the step whose text each field holds, by the name
   * the collector gives it, so a field can be rendered when asked (lazy()); null otherwise.
   */
  readonly fields: ReadonlyMap<string, number> | null;
  /** The steps that are not Data or leaves: what lazy() runs. */
  readonly systemSteps: readonly Step[];
  /** The values of Data and leaf texts: those that might not render are rendered up front by lazy(). */
  readonly fieldValues: readonly number[];
  /** Values the walk renders whose text no step uses (the builder drops it): rendered only for the error they may raise. */
  readonly unused: readonly number[];
  /** Every value the walk counts, as often as it does: with staticBytes, what the record expands to. */
  readonly counted: readonly number[];
  readonly staticBytes: number;
  /** The nodes the walk visits in the record's templates: what the plan's size grows with. */
  readonly nodes: number;
}

/** Reads the records of one chunk: plans each shape of record as it comes, walks what plans do not cover. */
export class WinEventReader {
  private readonly contentValues = new Map<TemplateDefinition, number[]>();
  /** The chunk's definitions by their id in the catalog. */
  private readonly ids = new Map<TemplateDefinition, number>();
  /** Records the plans left to the walk. */
  walked = 0;

  constructor(private readonly parser: ChunkBinXml) {}

  get bytes(): Uint8Array {
    return this.parser.bytes;
  }

  /** The WinEvent of the record whose BinXML is [start, end) of the chunk; throws what the walk throws. */
  read(start: number, end: number): WinEvent {
    const nodes = this.parser.parseFragment(start, end);
    const record = this.planFor(nodes);
    const event = record && planned(record.plan, this.parser.bytes, record.values);
    if (event) return event;
    this.walked++;
    const collector = new WinEventCollector();
    walkFragment(this.parser, nodes, new WinEventBuilder(collector));
    return collector.build();
  }

  /**
   * The same record's System fields, and its data fields each rendered when asked for (the
   * same texts read() gives); undefined when no plan reads it this way: then read() does.
   */
  lazy(start: number, end: number): LazyWinEvent | undefined {
    const record = this.planFor(this.parser.parseFragment(start, end));
    return record ? lazilyPlanned(record.plan, this.parser.bytes, record.values) : undefined;
  }

  /** The plan of a record's shape and its instances' values, when there is one. */
  private planFor(nodes: readonly BxNode[]): { plan: WinEventPlan; values: SubstitutionValues[] } | undefined {
    const record = nodes.length === 1 ? nodes[0]! : undefined;
    if (record?.kind !== Kind.Template) return undefined;
    const instances = [record];
    let key: string | undefined;
    try {
      key = this.shape(record, instances);
    } catch {
      return undefined; // a nested value that does not parse: the walk says where
    }
    if (key === undefined) return undefined;
    let plan = PLANS.get(key);
    if (plan === undefined) {
      plan = planRecord(instances);
      PLANS.set(key, plan);
    }
    return plan ? { plan, values: instances.map((i) => i.values) } : undefined;
  }

  /**
   * The shape of `instance` as a key, its nested instances appended to `instances` in walk order;
   * undefined when a nested value is not one template instance or there are too many.
   */
  private shape(instance: TemplateNode, instances: TemplateNode[]): string | undefined {
    let key = String(this.idOf(instance.definition));
    const { types, sizes, offsets } = instance.values;
    for (const index of this.contentValuesOf(instance.definition)) {
      if (types[index] !== VT.binXml || sizes[index] === 0) continue;
      const nested = this.parser.parseFragment(offsets[index]!, offsets[index]! + sizes[index]!);
      const only = nested.length === 1 ? nested[0]! : undefined;
      if (only?.kind !== Kind.Template || instances.length >= MAX_PLANNED_INSTANCES) return undefined;
      instances.push(only);
      const inner = this.shape(only, instances);
      if (inner === undefined) return undefined;
      key += `,${index}(${inner})`;
    }
    return key;
  }

  private idOf(definition: TemplateDefinition): number {
    let id = this.ids.get(definition);
    if (id === undefined) {
      id = CATALOG.idOf(definition.body);
      this.ids.set(definition, id);
    }
    return id;
  }

  private contentValuesOf(definition: TemplateDefinition): number[] {
    let indexes = this.contentValues.get(definition);
    if (indexes === undefined) {
      indexes = [];
      collectContentValues(definition.body, indexes);
      this.contentValues.set(definition, indexes);
    }
    return indexes;
  }
}

/**
 * Template nodes a thread's catalog keeps, and plans it keeps counted by the nodes they were made
 * from, before each starts over: real logs use tens to hundreds of templates of 20-200 nodes,
 * and a crafted file's thousands of large templates must not hold memory without bound.
 */
const CATALOG_NODES = 250_000;
const PLAN_NODES = 250_000;
const CATALOG = new TemplateCatalog(CATALOG_NODES);

/** Plans by record shape (its templates' catalog ids and its nested values), dropped all at once past PLAN_NODES. */
class PlanCache {
  private readonly plans = new Map<string, WinEventPlan | null>();
  private nodes = 0;

  get(key: string): WinEventPlan | null | undefined {
    return this.plans.get(key);
  }

  set(key: string, plan: WinEventPlan | null): void {
    const nodes = plan?.nodes ?? 1;
    if (this.nodes + nodes > PLAN_NODES) {
      this.plans.clear();
      this.nodes = 0;
    }
    this.plans.set(key, plan);
    this.nodes += nodes;
  }
}

const PLANS = new PlanCache();

/** The values in element content, in walk order (attributes hold no nested documents). */
function collectContentValues(nodes: readonly BxNode[], into: number[]): void {
  for (const node of nodes) {
    if (node.kind === Kind.Subst) into.push(node.index);
    else if (node.kind === Kind.Element) collectContentValues(node.children, into);
  }
}

/** Follows a record's templates as the walk would, values as markers; null when it cannot be planned. */
function planRecord(instances: readonly TemplateNode[]): WinEventPlan | null {
  const recorder = new StepRecorder();
  const draft: Draft = { instances, followed: 1, nodes: 1, bytes: 0, counted: [], rendered: new Set() }; // nodes: the record's instance
  if (!follow(instances[0]!.definition.body, 0, new WinEventBuilder(recorder), draft) || draft.nodes > MAX_RECORD_NODES) return null;
  const steps = recorder.steps;
  const used = new Set(steps.flatMap((s) => [...s.text, ...(s.nameParts ?? [])]));
  const unused = [...draft.rendered].filter((value) => !used.has(value));
  const isField = (s: Step) => s.target === Target.Data || s.target === Target.Leaf;
  const fieldValues = [...new Set(steps.filter(isField).flatMap((s) => s.text.filter((part): part is number => typeof part === 'number')))];
  return { steps, fields: fieldNames(steps), systemSteps: steps.filter((s) => !isField(s)), fieldValues, unused, counted: draft.counted, staticBytes: draft.bytes, nodes: draft.nodes };
}

/** Each field's step, named by the collector itself (unnamed Data numbered, repeated leaves renamed); null when a name comes from values. */
function fieldNames(steps: readonly Step[]): Map<string, number> | null {
  if (steps.some((s) => s.nameParts !== null)) return null;
  const naming = new WinEventCollector();
  steps.forEach((step, i) => {
    if (step.target === Target.Data) naming.data(step.name, String(i));
    else if (step.target === Target.Leaf) naming.leaf(step.name!, String(i));
  });
  return new Map(Object.entries(naming.build().data).map(([name, step]) => [name, Number(step)]));
}

interface Draft {
  readonly instances: readonly TemplateNode[];
  /** Instances followed so far: the next nested value is instances[followed]. */
  followed: number;
  nodes: number;
  bytes: number;
  counted: number[];
  /** Values the walk renders (those in text the builder wants and in attributes it reads). */
  rendered: Set<number>;
}

/** The marker of value `index` of instance `instance`. */
function mark(instance: number, index: number): string {
  return VALUE_MARK + String.fromCharCode(instance, index);
}

/** walk.ts's walk over the templates' structure: counts what it counts and makes the same sink calls, values as markers. */
function follow(nodes: readonly BxNode[], instance: number, sink: BxSink, draft: Draft): boolean {
  draft.nodes += nodes.length;
  const { types, sizes } = draft.instances[instance]!.values;
  for (const node of nodes) {
    switch (node.kind) {
      case Kind.Element: {
        if (MARKS.test(node.name)) return false;
        draft.bytes += node.name.length * 2;
        sink.open(node.name);
        draft.nodes += node.attrs.length;
        const read = new Set<string>();
        for (const attr of node.attrs) {
          draft.bytes += attr.name.length * 2;
          if (!sink.wantsAttr(attr.name)) continue;
          if (read.has(attr.name) || MARKS.test(attr.name)) return false;
          read.add(attr.name);
          const value = attributeMarks(attr.value, instance, draft);
          if (value === undefined) return false;
          sink.attr(attr.name, value);
        }
        if (!follow(node.children, instance, sink, draft)) return false;
        sink.close(node.name);
        break;
      }
      case Kind.Text:
      case Kind.Ref:
        if (MARKS.test(node.text)) return false;
        draft.bytes += node.text.length * 2;
        sink.text(node.text);
        break;
      case Kind.CData:
        if (MARKS.test(node.text)) return false;
        draft.bytes += node.text.length * 2;
        sink.cdata(node.text);
        break;
      case Kind.Pi:
        draft.bytes += (node.target.length + node.data.length) * 2;
        sink.pi(node.target, node.data);
        break;
      case Kind.Template:
        return false;
      case Kind.Subst:
        draft.counted.push(instance * 65536 + node.index);
        if (types[node.index] === VT.binXml && sizes[node.index] !== 0) {
          // Nested: the next instance the shape collected. Its fragment is one node, as at the top.
          const nested = draft.followed++;
          draft.nodes += 1;
          if (!follow(draft.instances[nested]!.definition.body, nested, sink, draft)) return false;
        } else if (sink.wantsText()) {
          draft.rendered.add(instance * 65536 + node.index);
          sink.text(mark(instance, node.index));
        }
        break;
    }
  }
  return true;
}

/** An attribute's text with markers, CONDITIONAL_MARK first when only values make it; undefined when it cannot be planned. */
function attributeMarks(nodes: readonly BxNode[], instance: number, draft: Draft): string | undefined {
  draft.nodes += nodes.length;
  let text = '';
  let fixed = nodes.length === 0;
  for (const node of nodes) {
    if (node.kind === Kind.Text || node.kind === Kind.Ref) {
      if (MARKS.test(node.text)) return undefined;
      draft.bytes += node.text.length * 2;
      text += node.text;
      fixed = true;
    } else if (node.kind === Kind.Subst) {
      draft.counted.push(instance * 65536 + node.index);
      draft.rendered.add(instance * 65536 + node.index);
      text += mark(instance, node.index);
    }
  }
  return fixed ? text : CONDITIONAL_MARK + text;
}
/** What the builder tells its target while a template is followed, as steps. */
class StepRecorder implements WinEventTarget {
  readonly steps: Step[] = [];

  system(field: SystemField, text: string): void {
    this.steps.push(step(Target.System, field, null, null, false, parts(text)));
  }

  provider(name: string): void {
    this.steps.push(step(Target.Provider, SystemField.None, null, null, isConditional(name), parts(name)));
  }

  timeCreated(text: string): void {
    this.steps.push(step(Target.TimeCreated, SystemField.None, null, null, isConditional(text), parts(text)));
  }

  data(name: string | null, text: string): void {
    const named = name !== null && (name.includes(VALUE_MARK) || isConditional(name));
    this.steps.push(step(Target.Data, SystemField.None, named ? null : name, named ? parts(name) : null, named && isConditional(name), parts(text)));
  }

  leaf(name: string, text: string): void {
    this.steps.push(step(Target.Leaf, SystemField.None, name, null, false, parts(text)));
  }
}

function step(target: Target, field: SystemField, name: string | null, nameParts: readonly Part[] | null, conditional: boolean, text: readonly Part[]): Step {
  return { target, field, name, nameParts, conditional, text };
}

function isConditional(text: string): boolean {
  return text.startsWith(CONDITIONAL_MARK);
}

/** Static runs and value references of a text with markers. */
function parts(text: string): Part[] {
  const out: Part[] = [];
  let at = isConditional(text) ? 1 : 0;
  while (at < text.length) {
    const found = text.indexOf(VALUE_MARK, at);
    if (found < 0) {
      out.push(text.slice(at));
      break;
    }
    if (found > at) out.push(text.slice(at, found));
    out.push(text.charCodeAt(found + 1) * 65536 + text.charCodeAt(found + 2));
    at = found + 3;
  }
  return out;
}

/** A record's System fields, and its data fields by name, each rendered when asked for. */
export interface LazyWinEvent {
  readonly event: Omit<WinEvent, 'data'>;
  readonly field: (name: string) => string | undefined;
}

/** What the record expands to, as the walk counts it, is within the walk's bound. */
function withinBound(plan: WinEventPlan, values: readonly SubstitutionValues[]): boolean {
  let expanded = plan.staticBytes;
  for (const part of plan.counted) {
    const sizes = values[part >>> 16]!.sizes;
    const index = part & 0xffff;
    if (index < sizes.length) expanded += sizes[index]!;
  }
  return expanded <= MAX_RECORD_BYTES;
}

/** The record's WinEvent by the plan (`values`: its instances' values, in walk order), or undefined when the walk must read it. */
function planned(plan: WinEventPlan, bytes: Uint8Array, values: readonly SubstitutionValues[]): WinEvent | undefined {
  if (!withinBound(plan, values)) return undefined;
  const collector = new WinEventCollector();
  try {
    for (const value of plan.unused) valueText(value, bytes, values);
    runSteps(plan.steps, collector, bytes, values);
  } catch {
    return undefined; // a value that does not render: the walk names it
  }
  return collector.build();
}

/**
 * The record by the plan with its data rendered when asked for. What the walk would fail on
 * fails here up front (undefined: read() then names it): values no step uses, and the data's
 * values that might not render.
 */
function lazilyPlanned(plan: WinEventPlan, bytes: Uint8Array, values: readonly SubstitutionValues[]): LazyWinEvent | undefined {
  const fields = plan.fields;
  if (fields === null || !withinBound(plan, values)) return undefined;
  const collector = new WinEventCollector();
  try {
    for (const value of plan.unused) valueText(value, bytes, values);
    for (const value of plan.fieldValues) {
      const { types, sizes } = values[value >>> 16]!;
      const index = value & 0xffff;
      if (index < types.length && !alwaysRenders(types[index]!, sizes[index]!)) valueText(value, bytes, values);
    }
    runSteps(plan.systemSteps, collector, bytes, values);
  } catch {
    return undefined;
  }
  const steps = plan.steps;
  return {
    event: collector.systemFields(),
    field: (name) => {
      const step = fields.get(name);
      return step === undefined ? undefined : contentText(steps[step]!.text, bytes, values);
    },
  };
}

/** Runs the steps on `collector`. */
function runSteps(steps: readonly Step[], collector: WinEventCollector, bytes: Uint8Array, values: readonly SubstitutionValues[]): void {
  for (const step of steps) {
    switch (step.target) {
      case Target.System: collector.system(step.field, contentText(step.text, bytes, values)); break;
      case Target.Provider: {
        const name = attributeText(step.text, step.conditional, bytes, values);
        if (name !== null) collector.provider(name);
        break;
      }
      case Target.TimeCreated: {
        const time = attributeText(step.text, step.conditional, bytes, values);
        if (time !== null) collector.timeCreated(time);
        break;
      }
      case Target.Data: {
        const name = step.nameParts === null ? step.name : attributeText(step.nameParts, step.conditional, bytes, values);
        collector.data(name, contentText(step.text, bytes, values));
        break;
      }
      case Target.Leaf: collector.leaf(step.name!, contentText(step.text, bytes, values)); break;
    }
  }
}

/**
 * The text of a value reference, or null when it renders nothing: NULL, empty, missing, or
 * BinXML (in content, only of size 0 here: a nested one is part of the record's shape).
 */
function valueText(part: number, bytes: Uint8Array, values: readonly SubstitutionValues[]): string | null {
  const { types, sizes, offsets } = values[part >>> 16]!;
  const index = part & 0xffff;
  if (index >= types.length) return null;
  const type = types[index]!;
  const size = sizes[index]!;
  return type === VT.null || size === 0 || type === VT.binXml ? null : renderValue(bytes, type, offsets[index]!, size);
}

function contentText(text: readonly Part[], bytes: Uint8Array, values: readonly SubstitutionValues[]): string {
  if (text.length === 1) {
    const only = text[0]!;
    return typeof only === 'number' ? (valueText(only, bytes, values) ?? '') : only;
  }
  let out = '';
  for (const part of text) out += typeof part === 'number' ? (valueText(part, bytes, values) ?? '') : part;
  return out;
}

/** An attribute's text; null when it is made only of values and none renders. */
function attributeText(text: readonly Part[], conditional: boolean, bytes: Uint8Array, values: readonly SubstitutionValues[]): string | null {
  let out = '';
  let present = !conditional;
  for (const part of text) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = valueText(part, bytes, values);
    if (value === null) continue;
    out += value;
    present = true;
  }
  return present ? out : null;
}
