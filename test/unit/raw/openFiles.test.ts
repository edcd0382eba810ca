// The descriptors raw reads keep open within one synchronous piece of work: the bytes are the
// file's, one descriptor serves every read of a file, none outlives the turn of the event
// loop (no leak), and a file replaced after that is read anew.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descriptorsOn } from './descriptors';
import { OpenFiles } from '../../../src/core/raw/openFiles';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('one descriptor per file while a statement reads, closed when the event loop turns; a replaced file is read anew', { skip: process.platform !== 'linux' && 'counts /proc/self/fd' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-open-files-'));
  const path = join(dir, 'events.json');
  writeFileSync(path, '{"a":1}\n{"b":2}\n');
  const files = new OpenFiles();
  assert.equal(files.read(path, 8, 7).toString(), '{"b":2}');
  assert.equal(files.read(path, 0, 7).toString(), '{"a":1}');
  assert.equal(files.read(path, 8, 100).toString(), '{"b":2}\n', 'fewer bytes at the end');
  assert.equal(descriptorsOn(path), 1);
  await nextTurn();
  assert.equal(descriptorsOn(path), 0);
  writeFileSync(join(dir, 'new.json'), '{"c":3}\n');
  renameSync(join(dir, 'new.json'), path);
  assert.equal(files.read(path, 0, 7).toString(), '{"c":3}');
  await nextTurn();
  assert.equal(descriptorsOn(path), 0);
});

test('a path that is no longer a regular file is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-open-files-'));
  assert.throws(() => new OpenFiles().read(dir, 0, 10), /is a directory|not a regular file/);
});
