// Labelled cases for `npm run eval`: what each capture must (or must not) make an analytic
// report. The format is the one of ../shared/datasets/labels.json (its `_doc` describes it);
// the project's own scenarios use the same format (samples/labels.json). A labels file is
// input like any other: every field is checked and a bad case is reported by its index,
// never thrown, and the other cases still count.

export type LabelKind = 'chain' | 'none';

export interface LabelCase {
  /** Paths (files or folders) loaded together, relative to the labels file's folder. */
  readonly load: readonly string[];
  /** Paths loaded as the `--baseline` of first-seen steps, if any. */
  readonly baseline: readonly string[];
  readonly analytic: string;
  /** `chain`: a chain must exist (on `host`); `none`: no chain may exist (on `host` if given). */
  readonly kind: LabelKind;
  readonly host: string | null;
  /** What happened in the capture, in the labeller's words. */
  readonly why: string;
}

export interface LabelSet {
  readonly cases: readonly LabelCase[];
  /** Problems with individual cases (`case 3: ...`) or the file as a whole. */
  readonly errors: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
/** Paths stay under the labels folder: a label may not make eval read `/etc` or `../..`. */
const confined = (p: string): boolean => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.split(/[\\/]/).includes('..');

/** The labelled cases of one labels file's text; `file` names it in errors. */
export function parseLabels(text: string, file: string): LabelSet {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { cases: [], errors: [`${file}: not JSON (${(e as Error).message})`] };
  }
  if (!isObject(json) || !Array.isArray(json.cases)) return { cases: [], errors: [`${file}: expected an object with a "cases" array`] };
  // A file-wide default baseline per analytic: `"baseline_for_AN0204": "path"` (or a list).
  const defaults = new Map<string, string[]>();
  for (const [key, value] of Object.entries(json)) {
    const m = /^baseline_for_(.+)$/.exec(key);
    if (m && (typeof value === 'string' || strings(value))) defaults.set(m[1]!, typeof value === 'string' ? [value] : value);
  }
  const cases: LabelCase[] = [];
  const errors: string[] = [];
  json.cases.forEach((raw: unknown, i: number) => {
    const problem = caseProblem(raw);
    if (problem) return void errors.push(`${file}: case ${i}: ${problem}`);
    const c = raw as Json;
    cases.push({
      load: c.load as string[],
      baseline: (c.baseline as string[] | undefined) ?? defaults.get(c.analytic as string) ?? [],
      analytic: c.analytic as string,
      kind: c.kind as LabelKind,
      host: (c.host as string | undefined) ?? null,
      why: (c.why as string | undefined) ?? '',
    });
  });
  for (const paths of defaults.values()) if (!paths.every(confined)) errors.push(`${file}: a default baseline path leaves the labels folder`);
  return { cases: cases.filter((c) => [...c.load, ...c.baseline].every(confined)), errors };
}

function caseProblem(c: unknown): string | null {
  if (!isObject(c)) return 'not an object';
  if (!strings(c.load) || c.load.length === 0) return '"load" must be a non-empty list of paths';
  if (c.baseline !== undefined && !strings(c.baseline)) return '"baseline" must be a list of paths';
  if (![...c.load, ...((c.baseline as string[] | undefined) ?? [])].every(confined)) return 'a path leaves the labels folder (absolute or with ..)';
  if (typeof c.analytic !== 'string' || c.analytic === '') return '"analytic" must be an analytic id';
  if (c.kind !== 'chain' && c.kind !== 'none') return `"kind" must be "chain" or "none", not ${JSON.stringify(c.kind)}`;
  if (c.host !== undefined && typeof c.host !== 'string') return '"host" must be a host name';
  if (c.kind === 'chain' && typeof c.host !== 'string') return 'a "chain" case names its "host"';
  if (c.why !== undefined && typeof c.why !== 'string') return '"why" must be text';
  return null;
}
