// Loading `.hunt` files for running: parse, read the list files they name (relative to the
// `.hunt` file), check, and compile the analytics of every file without errors. A file with
// errors yields its diagnostics and no analytics; the other files still load.

import { readdirSync, statSync } from 'node:fs';
import { readRegularTextSync } from '../fs/regularFile';
import { dirname, join, posix, resolve } from 'node:path';
import type { Diagnostic } from '../types/diagnostic';
import { diag } from './diagnosticCodes';
import { check, type SchemaInfo } from './check';
import { compileAnalytic, type AnalyticPlan } from './compile/plan';
import type { Value } from './semantics/values';
import { parse } from './syntax/parser';
import { walk } from './syntax/visit';
import type * as A from './syntax/ast';

export interface HuntFile {
  readonly path: string;
  readonly text: string;
  readonly document: A.Document;
  readonly diagnostics: Diagnostic[];
  /** Values of every list, inline or from a file. */
  readonly lists: ReadonlyMap<string, readonly Value[]>;
  /** Compiled analytics; empty when the file has errors. */
  readonly plans: AnalyticPlan[];
}

/** The name a list file gives its list (the editor's `huntbench.allowlistFiles`): its base name, as an identifier. */
export function listName(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]/g, '_');
}

/** Values of a list file: one per line; blank lines and `#` comments are skipped. */
export function parseListFile(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

/** The list files a `.hunt` text names beside or below it (what a copy must take along): relative, `/`-separated. */
export function localListFiles(text: string): string[] {
  return parse(text).document.items.flatMap((item) => (item.kind === 'ListDecl' && item.file ? [posix.normalize(item.file.value.replace(/\\/g, '/'))] : []))
    .filter((file) => !file.startsWith('..') && !posix.isAbsolute(file));
}

/**
 * `shared` are lists from outside the file (the editor's workspace list files): the checker
 * knows their names, and the file's own lists of the same name win.
 */
export function loadHuntText(path: string, text: string, info: SchemaInfo = {}, shared: Readonly<Record<string, readonly Value[]>> = {}): HuntFile {
  const { document, diagnostics } = parse(text);
  const lists = new Map<string, readonly Value[]>();
  for (const item of document.items) {
    if (item.kind !== 'ListDecl' || lists.has(item.name.name)) continue;
    if (item.values) {
      lists.set(item.name.name, item.values.map((v) => (v.kind === 'Null' ? null : v.value)));
    } else if (item.file) {
      const file = resolve(dirname(path), item.file.value);
      try {
        lists.set(item.name.name, parseListFile(readRegularTextSync(file)));
      } catch (e) {
        diagnostics.push(diag('listFile', item.file.span, { path: item.file.value, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message.replace(`${file} is `, '') }));
        lists.set(item.name.name, []);
      }
    }
  }
  for (const [name, values] of Object.entries(shared)) if (!lists.has(name)) lists.set(name, values);
  const externalLists = [...(info.externalLists ?? []), ...Object.keys(shared)];
  diagnostics.push(...check(document, externalLists.length ? { ...info, externalLists } : info), ...tooManyWildcards(document, lists));
  diagnostics.sort((a, b) => a.span.start - b.span.start);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  const plans = ok ? document.items.filter((i): i is A.Analytic => i.kind === 'Analytic').map((a) => compileAnalytic(a, lists)) : [];
  return { path, text, document, diagnostics, lists, plans };
}

/**
 * Wildcard patterns (entries with `*` or `?`) the `like`s of one file may test together. Whole
 * values are a set lookup, but RE2 compiles each wildcard pattern, at about 0.7 ms and 30 KB,
 * and tests a text against all of them: a list file of 50,000 took 44 s and 1.6 GB to check,
 * and more ran the process out of memory. Counted over the file, so that splitting a list
 * among several `like`s does not get round it.
 */
export const MAX_WILDCARD_PATTERNS = 2_000;

/** HUNT2011 on the `like` whose patterns (inline or from its list) take the file past MAX_WILDCARD_PATTERNS. */
function tooManyWildcards(document: A.Document, lists: ReadonlyMap<string, readonly Value[]>): Diagnostic[] {
  let total = 0;
  let found: Diagnostic | undefined;
  walk(document, {
    enter(node) {
      if (node.kind !== 'Like' || found) return;
      const patterns = node.patterns ? node.patterns.map((p) => p.value) : (lists.get(node.list?.name ?? '') ?? []).map(String);
      const wild = patterns.filter((p) => /[*?]/.test(p)).length;
      total += wild;
      if (total <= MAX_WILDCARD_PATTERNS) return;
      found = diag('badPattern', node.span, {
        what: node.list ? `wildcard list ${node.list.name}` : 'wildcard patterns',
        reason: `the file's like patterns hold ${total.toLocaleString('en-US')} with * or ? so far (${wild.toLocaleString('en-US')} here), more than the ${MAX_WILDCARD_PATTERNS.toLocaleString('en-US')} that can be tested in bounded time; entries without * or ? do not count`,
      });
    },
  });
  return found ? [found] : [];
}

export function loadHuntFile(path: string, info: SchemaInfo = {}): HuntFile {
  return loadHuntText(path, readRegularTextSync(path), info);
}

/** `.hunt` files under the given files or folders, sorted. */
export function huntFiles(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    if (!statSync(p).isDirectory()) return [p];
    return readdirSync(p).sort().filter((n) => n.endsWith('.hunt')).map((n) => join(p, n));
  });
}

/** 1-based line and column of an offset, for `file:line:col` messages. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    // CRLF is one line break, a lone CR one too (as the lexer reads them).
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) { line++; start = i + 1; }
  }
  return { line, column: offset - start + 1 };
}

export function formatDiagnostic(file: HuntFile, d: Diagnostic): string {
  const { line, column } = lineColumn(file.text, d.span.start);
  return `${file.path}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
}
