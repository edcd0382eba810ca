// Folder expansion: every log-like file below a folder, in a stable order; trainer notes,
// analytics and images beside the logs are not offered to the loader as unknown sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expandPath } from '../../../src/core/ingest/paths';

test('a folder expands to its log files, recursively and sorted, without notes, analytics or hidden files', () => {
  const root = mkdtempSync(join(tmpdir(), 'huntbench-expand-'));
  mkdirSync(join(root, 'zeek'));
  mkdirSync(join(root, '.huntbench'));
  for (const name of ['sysmon.json', 'README.md', 'first.hunt', 'timeline.png', 'zeek/conn.log', '.huntbench/session.json', 'pfirewall.log', 'notes.txt']) {
    writeFileSync(join(root, name), '{}\n');
  }
  const files = expandPath(root).files.map((file) => relative(root, file));
  assert.deepEqual(files, ['notes.txt', 'pfirewall.log', 'sysmon.json', 'zeek/conn.log']);
});

test('a file named explicitly is always offered, whatever its name', () => {
  const root = mkdtempSync(join(tmpdir(), 'huntbench-expand-'));
  const readme = join(root, 'README.md');
  writeFileSync(readme, '# notes\n');
  assert.deepEqual(expandPath(readme).files, [readme]);
});
