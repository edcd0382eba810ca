// The import directions of docs/architecture.md, enforced: the "Who may import whom" table is
// read from the document itself, so the diagram and this test cannot drift apart. Every .ts
// file under src/ and webview/ belongs to one layer; every relative import stays in its layer
// or goes to a layer the table allows; only the editor layer imports `vscode`; the webview
// imports nothing outside webview/ but src/protocol/. And no file but the store's queries (and
// the SQL the DSL compiler generates) holds SQL against `events`: everyone else asks the store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../../..');

interface Layer {
  readonly name: string;
  readonly paths: readonly string[];
  readonly allowed: ReadonlySet<string>;
}

/** The table under "Who may import whom": `| layer | `path`, `path` | a, b |`. */
export function parseLayers(markdown: string): Layer[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Who may import whom'));
  if (!section) throw new Error('docs/architecture.md has no "Who may import whom" section');
  return section.split('\n')
    .filter((line) => /^\|\s*[a-z][\w-]*\s*\|/.test(line) && !/^\|\s*layer\s*\|/.test(line))
    .map((line) => {
      const [name, files, may] = line.split('|').slice(1, 4).map((c) => c.trim());
      return {
        name: name!,
        paths: [...files!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
        allowed: new Set(may!.split(',').map((s) => s.trim()).filter(Boolean)),
      };
    });
}

/** The layer of a repository path: the longest matching prefix (a folder ends with `/`). */
export function layerOf(layers: readonly Layer[], path: string): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of layers) {
    for (const p of layer.paths) {
      const hit = p.endsWith('/') ? path.startsWith(p) : path === p;
      if (hit && (!best || p.length > best.length)) best = { layer, length: p.length };
    }
  }
  return best?.layer;
}

/** What is wrong with one file's imports (empty when nothing is). */
export function violations(layers: readonly Layer[], file: string, specifiers: readonly string[], exists: (path: string) => boolean): string[] {
  const own = layerOf(layers, file);
  if (!own) return [`${file} is in no layer of docs/architecture.md`];
  const problems: string[] = [];
  for (const spec of specifiers) {
    if (spec === 'vscode' && own.name !== 'editor') problems.push(`${file} (${own.name}) imports vscode`);
    if (!spec.startsWith('.')) continue;
    const base = join(dirname(file), spec);
    const target = [`${base}.ts`, join(base, 'index.ts'), base].find(exists) ?? base;
    if (own.name === 'webview' && !target.startsWith('webview/') && !target.startsWith('src/protocol/')) {
      problems.push(`${file} imports ${spec}: the webview imports only src/protocol`);
      continue;
    }
    const to = layerOf(layers, target);
    if (!to) problems.push(`${file} imports ${spec}, which is in no layer`);
    else if (to !== own && !own.allowed.has(to.name)) problems.push(`${file} (${own.name}) imports ${spec} (${to.name})`);
  }
  return problems;
}

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, path), 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const layers = parseLayers(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'));
const files = [...tsFiles('src'), ...tsFiles('webview')].map((f) => relative(ROOT, join(ROOT, f)));
const exists = (p: string): boolean => existsSync(join(ROOT, p)) && statSync(join(ROOT, p)).isFile();

test('the table of docs/architecture.md names every layer it allows, and every layer holds files', () => {
  const names = new Set(layers.map((l) => l.name));
  assert.ok(names.has('session') && names.has('webview') && names.has('editor'), `layers read: ${[...names].join(', ')}`);
  for (const layer of layers) {
    for (const a of layer.allowed) assert.ok(names.has(a), `${layer.name} may import "${a}", which is no layer`);
    assert.ok(files.some((f) => layerOf(layers, f) === layer), `layer ${layer.name} (${layer.paths.join(', ')}) holds no file`);
  }
});

test('every import of src/ and webview/ follows docs/architecture.md', () => {
  assert.ok(files.length > 100, `found only ${files.length} files`);
  const problems = files.flatMap((f) => violations(layers, f, importsOf(f), exists));
  assert.deepEqual(problems, []);
});

test('the checker catches an import against the table, vscode in the core, and the webview reaching past the protocol', () => {
  const found = (file: string, spec: string) => violations(layers, file, [spec], exists);
  assert.match(found('src/core/store/sqlStore.ts', '../ingest/load').join(), /\(store\) imports \.\.\/ingest\/load \(ingest\)/);
  assert.match(found('src/core/dsl/check/index.ts', '../compile/plan').join(), /\(dsl-check\) imports/);
  assert.match(found('src/core/session/session.ts', 'vscode').join(), /imports vscode/);
  assert.match(found('webview/src/app.ts', '../../src/core/types/chain').join(), /imports only src\/protocol/);
  assert.deepEqual(found('src/core/ingest/load.ts', '../store/sqlStore'), []);
  assert.deepEqual(found('webview/src/app.ts', '../../src/protocol/webview'), []);
});

/** SQL naming the events table or its row table: FROM/JOIN/INTO/UPDATE/TABLE events or event_rows. */
export const EVENTS_SQL = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:events|event_rows)\b/i;

/** Where SQL against events may be written: the store's queries and the SQL the DSL compiler generates. */
const SQL_HOMES = ['src/core/store/', 'src/core/dsl/compile/'];

/**
 * Files outside those homes that still hold such SQL, each with why. Moving a query into the
 * store means deleting its line here; a new file with SQL against events fails the test.
 */
const SQL_PENDING: Readonly<Record<string, string>> = {
  'src/core/schema/columns.ts': 'the Query Events box\'s example query, as text the module never runs',
};

test('no SQL against events outside the store and the compiler\'s output', () => {
  const found = files.filter((f) => !SQL_HOMES.some((home) => f.startsWith(home)) && EVENTS_SQL.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(found.filter((f) => !(f in SQL_PENDING)), [], 'SQL against events belongs in src/core/store/ (or is generated by src/core/dsl/compile/)');
  assert.deepEqual(Object.keys(SQL_PENDING).filter((f) => !found.includes(f)), [], 'a file listed as pending holds no such SQL any more: take it off the list');
});

test('the SQL check catches every way of naming the table, and not prose', () => {
  for (const sql of ['SELECT id FROM events WHERE id = ?', 'select * from event_rows', 'a JOIN events e ON', 'UPDATE event_rows SET host = ?', 'INSERT INTO events VALUES (1)', 'DELETE FROM events', 'CREATE TABLE events (id)']) {
    assert.ok(EVENTS_SQL.test(sql), sql);
  }
  for (const prose of ['// the events of a chain, from the session', 'events from the store', 'the event_rows table', 'FROM eventsSeen']) assert.ok(!EVENTS_SQL.test(prose), prose);
});
