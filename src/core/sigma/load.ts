// Reading Sigma rules: files, folders (every .yml/.yaml below them) and multi-document YAML.
// Each document becomes a detection rule or a correlation rule (model.ts); a document that is
// neither, or is malformed, becomes a coded diagnostic naming file and position, and the other
// documents still load. Sigma 1 rule collections (`action: global|reset|repeat`) are merged
// the way Sigma 1 defined them, so older rule packs load too.

import { readdirSync, statSync } from 'node:fs';
import { readRegularTextSync } from '../fs/regularFile';
import { join } from 'node:path';
import { loadAll, YAMLException } from 'js-yaml';
import type { Span } from '../types/diagnostic';
import { sigmaDiag, type SigmaDiagnostic } from './diagnostics';
import type { CorrelationType, CountCondition, RuleOrigin, SigmaCorrelation, SigmaDocument, SigmaLogsource, SigmaRule } from './model';

export interface SigmaLoad {
  readonly documents: SigmaDocument[];
  readonly diagnostics: SigmaDiagnostic[];
}

type Yaml = Record<string, unknown>;

const isMap = (v: unknown): v is Yaml => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Rule files below the given paths (files as given, folders walked for .yml/.yaml), sorted per folder. */
export function sigmaFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (path: string): void => {
    if (!statSync(path).isDirectory()) return void files.push(path);
    for (const entry of readdirSync(path).sort()) {
      const child = join(path, entry);
      if (statSync(child).isDirectory()) walk(child);
      else if (/\.ya?ml$/i.test(entry)) files.push(child);
    }
  };
  for (const path of paths) walk(path);
  return files;
}

/** Loads every rule under the paths; an unreadable file is one diagnostic. */
export function loadSigmaPaths(paths: readonly string[]): SigmaLoad {
  const documents: SigmaDocument[] = [];
  const diagnostics: SigmaDiagnostic[] = [];
  for (const file of sigmaFiles(paths)) {
    let content: string;
    try {
      content = readRegularTextSync(file);
    } catch (error) {
      diagnostics.push(sigmaDiag('badStructure', file, { start: 0, end: 0 }, { detail: `Cannot read the file: ${(error as Error).message}` }));
      continue;
    }
    const loaded = loadSigmaText(file, content);
    documents.push(...loaded.documents);
    diagnostics.push(...loaded.diagnostics);
  }
  return { documents, diagnostics };
}

/** Spans of the YAML documents in a text, split at `---` lines (used only to place diagnostics). */
function documentSpans(content: string, count: number): Span[] {
  const starts = [0];
  const separator = /^---[ \t]*(?:#.*)?$/gm;
  for (let m = separator.exec(content); m; m = separator.exec(content)) if (m.index > 0 || starts.length > 0) starts.push(m.index + m[0].length);
  // A leading `---` opens the first document rather than separating two.
  if (/^---/.test(content)) starts.shift();
  const spans = starts.map((start, i) => ({ start, end: starts[i + 1] ?? content.length }));
  if (spans.length === count) return spans;
  return Array.from({ length: count }, () => ({ start: 0, end: content.length }));
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Yaml = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

export function loadSigmaText(file: string, content: string): SigmaLoad {
  const diagnostics: SigmaDiagnostic[] = [];
  let values: unknown[];
  try {
    values = loadAll(content);
  } catch (error) {
    const mark = error instanceof YAMLException ? (error as YAMLException & { mark?: { position?: number } }).mark : undefined;
    const at = Math.min(mark?.position ?? 0, content.length);
    diagnostics.push(sigmaDiag('yamlSyntax', file, { start: at, end: Math.min(at + 1, content.length) }, { detail: (error as { reason?: string }).reason ?? (error as Error).message }));
    return { documents: [], diagnostics };
  }
  const spans = documentSpans(content, values.length);
  const documents: SigmaDocument[] = [];
  let global: unknown;
  let previous: unknown;
  values.forEach((value, i) => {
    const origin: RuleOrigin = { file, text: content, span: spans[i]! };
    if (value === null || value === undefined) return;
    if (!isMap(value)) return void diagnostics.push(sigmaDiag('badStructure', file, origin.span, { detail: 'A Sigma document must be a YAML map.' }));
    const action = value.action;
    if (action === 'global') return void (global = deepMerge(global, withoutAction(value)));
    if (action === 'reset') return void (global = undefined);
    let merged: unknown = value;
    if (action === 'repeat') {
      if (previous === undefined) return void diagnostics.push(sigmaDiag('globalAction', file, spanIn(origin, 'action: repeat'), { action: 'repeat', detail: 'no earlier document to repeat' }));
      merged = deepMerge(previous, withoutAction(value));
    } else if (action !== undefined) {
      return void diagnostics.push(sigmaDiag('globalAction', file, spanIn(origin, 'action'), { action: String(action), detail: 'only global, reset and repeat exist' }));
    }
    previous = merged;
    const doc = deepMerge(global, merged) as Yaml;
    const parsed = parseDocument(doc, origin, diagnostics);
    if (parsed) documents.push(parsed);
  });
  return { documents, diagnostics };
}

function withoutAction(value: Yaml): Yaml {
  const { action: _ignored, ...rest } = value;
  return rest;
}

/**
 * The span of `needle` in the document: first where it starts a line as a YAML key or list
 * item (`  Image|contains:`, `- 'x'`), else anywhere; failing both, the document's first line.
 */
export function spanIn(origin: RuleOrigin, needle: string): Span {
  const region = origin.text.slice(origin.span.start, origin.span.end);
  if (needle !== '') {
    const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const key = new RegExp(`^[ \\t-]*['"]?(${escaped})`, 'm').exec(region);
    const at = key ? key.index + key[0].length - needle.length : region.indexOf(needle);
    if (at >= 0) return { start: origin.span.start + at, end: origin.span.start + at + needle.length };
  }
  const lineEnd = region.indexOf('\n');
  return { start: origin.span.start, end: origin.span.start + (lineEnd < 0 ? region.length : lineEnd) };
}

function parseDocument(doc: Yaml, origin: RuleOrigin, diagnostics: SigmaDiagnostic[]): SigmaDocument | undefined {
  const title = text(doc.title);
  const id = text(doc.id) ?? title;
  const bad = (detail: string, needle = ''): undefined => void diagnostics.push(sigmaDiag('badStructure', origin.file, spanIn(origin, needle), { detail }, id));
  if (title === undefined) return bad('A Sigma rule needs a `title`.');
  if (isMap(doc.correlation)) return parseCorrelation(doc, doc.correlation, { id: id!, title }, origin, diagnostics);
  if (doc.filter !== undefined && doc.detection === undefined) return bad('Sigma filters (meta filters) are not supported; apply the filter inside the rule.', 'filter');
  if (!isMap(doc.detection)) return bad('A Sigma rule needs a `detection` map (or a `correlation` map).', doc.detection === undefined ? '' : 'detection');
  if (doc.detection.condition === undefined) return bad('The detection has no `condition`.', 'detection');
  const logsource = isMap(doc.logsource) ? doc.logsource : undefined;
  if (!logsource) return bad('A Sigma rule needs a `logsource` map.', doc.logsource === undefined ? '' : 'logsource');
  const ls: SigmaLogsource = {
    ...(text(logsource.product) ? { product: text(logsource.product)!.toLowerCase() } : {}),
    ...(text(logsource.category) ? { category: text(logsource.category)!.toLowerCase() } : {}),
    ...(text(logsource.service) ? { service: text(logsource.service)!.toLowerCase() } : {}),
  };
  const rule: SigmaRule = {
    kind: 'rule',
    id: id!,
    title,
    ...(text(doc.name) ? { name: text(doc.name)! } : {}),
    level: text(doc.level) ?? 'medium',
    ...(text(doc.status) ? { status: text(doc.status)! } : {}),
    logsource: ls,
    detection: doc.detection,
    origin,
  };
  return rule;
}

const CORRELATION_TYPES: readonly CorrelationType[] = ['event_count', 'value_count', 'temporal', 'temporal_ordered'];
const TIMESPAN_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, M: 30 * 86_400_000, y: 365 * 86_400_000 };

export function parseTimespan(value: unknown): number | undefined {
  const m = /^(\d+)([smhdwMy])$/.exec(String(value ?? '').trim());
  return m ? Number(m[1]) * TIMESPAN_UNITS[m[2]!]! : undefined;
}

function parseCorrelation(doc: Yaml, c: Yaml, head: { id: string; title: string }, origin: RuleOrigin, diagnostics: SigmaDiagnostic[]): SigmaCorrelation | undefined {
  const problems: string[] = [];
  const type = text(c.type) as CorrelationType | undefined;
  if (type === undefined || !CORRELATION_TYPES.includes(type)) {
    diagnostics.push(sigmaDiag('unsupportedCorrelation', origin.file, spanIn(origin, 'type'), { type: String(c.type ?? '(none)') }, head.id));
    return undefined;
  }
  const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(text).filter((s): s is string => s !== undefined) : text(v) !== undefined ? [text(v)!] : []);
  const rules = listOf(c.rules);
  if (rules.length === 0) problems.push('`rules` names no rule');
  const groupBy = listOf(c['group-by']);
  const timespanMs = parseTimespan(c.timespan);
  if (timespanMs === undefined) problems.push(`\`timespan\` ${JSON.stringify(c.timespan ?? null)} is not a number followed by s, m, h, d, w, M or y`);
  const condition: Record<string, number> = {};
  let field: string | undefined;
  if (isMap(c.condition)) {
    for (const [k, v] of Object.entries(c.condition)) {
      if (k === 'field') field = text(v);
      else if (['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].includes(k) && typeof v === 'number') condition[k] = v;
      else problems.push(`condition ${k}: ${JSON.stringify(v)} is not one of gt, gte, lt, lte, eq, neq with a number, or field`);
    }
  } else if (c.condition !== undefined) {
    problems.push('`condition` must be a map such as `gte: 10`');
  }
  if ((type === 'event_count' || type === 'value_count') && Object.keys(condition).length === 0) problems.push(`${type} needs a condition such as \`gte: 10\``);
  if (type === 'value_count' && field === undefined) problems.push('value_count needs `field` in its condition');
  const aliases: Record<string, Record<string, string>> = {};
  if (isMap(c.aliases)) {
    for (const [alias, map] of Object.entries(c.aliases)) {
      if (!isMap(map)) { problems.push(`alias ${alias} must map rule names to fields`); continue; }
      aliases[alias] = Object.fromEntries(Object.entries(map).map(([rule, f]) => [rule, String(f)]));
    }
  }
  if (problems.length > 0) {
    for (const detail of problems) diagnostics.push(sigmaDiag('badCorrelation', origin.file, spanIn(origin, 'correlation'), { detail }, head.id));
    return undefined;
  }
  return {
    kind: 'correlation',
    id: head.id,
    title: head.title,
    ...(text(doc.name) ? { name: text(doc.name)! } : {}),
    level: text(doc.level) ?? 'medium',
    type,
    rules,
    groupBy,
    timespanMs: timespanMs!,
    aliases,
    condition: condition as CountCondition,
    ...(field !== undefined ? { field } : {}),
    generate: doc.generate === true || c.generate === true,
    origin,
  };
}
