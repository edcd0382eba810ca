// Inputs that are not regular files, and folders with entries that cannot be read: a FIFO
// (which blocked `load` forever), a socket, a character device, a dangling symbolic link, a
// link loop, a link back to a parent folder. Each is refused or skipped with its path and
// reason, the valid files beside it load, and nothing waits for a writer. The same for the
// other files a command reads: a list file, the inventory (`--hosts`, which hung on a FIFO and
// read /dev/zero until memory ran out) and an export mapping (`--schema`, the same).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { readEntryBytesSync } from '../../../src/core/raw/sources';
import { loadHuntText } from '../../../src/core/dsl/load';
import { readInventory } from '../../../src/core/hosts/inventory';
import { loadMapping } from '../../../src/core/export/mapping';
import type { LoadReport } from '../../../src/core/types/reports';

const work = mkdtempSync(join(tmpdir(), 'huntbench-nonregular-'));
const servers: Server[] = [];
test.after(() => {
  for (const s of servers) s.close();
  rmSync(work, { recursive: true, force: true });
});

const RECORD = (n: number) => JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1', RecordNumber: n, UtcTime: '2024-01-01 10:00:00.000', Image: 'C:\\Windows\\System32\\cmd.exe' });

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

async function socketAt(path: string): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
}

async function load(paths: string[]): Promise<{ report: LoadReport; events: number }> {
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load(paths);
    return { report, events: Number(session.query('SELECT count(*) FROM events').rows[0]![0]) };
  } finally {
    session.close();
  }
}

const warningsOf = (report: LoadReport, path: string): string[] => report.sources.filter((s) => s.source === path).flatMap((s) => s.warnings);

test('a folder with a FIFO, a socket, dangling and looping links: every bad entry is reported, the valid files load', { timeout: 30_000 }, async () => {
  const folder = join(work, 'logs');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  writeFileSync(join(folder, 'a.json'), `${RECORD(1)}\n${RECORD(2)}\n`);
  writeFileSync(join(folder, 'sub', 'z.json'), `${RECORD(3)}\n`);
  mkfifo(join(folder, 'b-pipe.json'));
  await socketAt(join(folder, 'c-socket.json'));
  symlinkSync(join(folder, 'nowhere.json'), join(folder, 'd-dangling.json'));
  symlinkSync(join(folder, 'e-loop2.json'), join(folder, 'e-loop1.json'));
  symlinkSync(join(folder, 'e-loop1.json'), join(folder, 'e-loop2.json'));
  symlinkSync(folder, join(folder, 'sub', 'f-parent'));
  symlinkSync('/dev/zero', join(folder, 'g-zero.json'));
  const { report, events } = await load([folder]);
  assert.equal(events, 3);
  const expected: Array<[string, RegExp]> = [
    ['b-pipe.json', /not a regular file \(a FIFO/],
    ['c-socket.json', /not a regular file \(a socket\)/],
    ['d-dangling.json', /dangling symbolic link/],
    ['e-loop1.json', /symbolic link loop/],
    ['e-loop2.json', /symbolic link loop/],
    ['sub/f-parent', /reached again through a symbolic link/],
    ['g-zero.json', /not a regular file \(a character device\)/],
  ];
  for (const [name, reason] of expected) {
    const warnings = warningsOf(report, join(folder, name));
    assert.ok(warnings.some((w) => reason.test(w)), `${name}: ${JSON.stringify(warnings)}`);
  }
});

test('a FIFO or a device named as input is refused with a message, and the other inputs load', { timeout: 30_000 }, async () => {
  const fifo = join(work, 'named-pipe.json');
  mkfifo(fifo);
  const good = join(work, 'good.json');
  writeFileSync(good, `${RECORD(1)}\n`);
  const { report, events } = await load([fifo, '/dev/null', good]);
  assert.equal(events, 1);
  assert.ok(warningsOf(report, fifo).some((w) => /not a regular file \(a FIFO/.test(w)), JSON.stringify(report.sources));
  assert.ok(warningsOf(report, '/dev/null').some((w) => /character device/.test(w)), JSON.stringify(report.sources));
  assert.throws(() => readEntryBytesSync(fifo), /not a regular file \(a FIFO/);
});

test('a .hunt list file that is a FIFO is HUNT2017 with the reason, not a hang', { timeout: 30_000 }, () => {
  mkfifo(join(work, 'list-pipe.txt'));
  const file = loadHuntText(join(work, 'x.hunt'), `list bins from "list-pipe.txt"\nanalytic "A" {\n title "t"\n severity low\n sequence by host within 5m\n  step a: process where image like bins\n}\n`);
  const d = file.diagnostics.find((x) => x.code === 'HUNT2017');
  assert.ok(d && /not a regular file \(a FIFO/.test(d.message), JSON.stringify(file.diagnostics));
});

/**
 * A FIFO with a writer waiting to give it `text`: a reader that opens it gets the text (so code
 * that wrongly reads FIFOs gives a wrong answer instead of hanging the test); `stop()` ends the
 * writer, which otherwise waits for a reader forever.
 */
function fifoWithWriter(path: string, text: string): { stop(): void } {
  mkfifo(path);
  const writer = spawn('sh', ['-c', 'printf "%s" "$1" > "$2"', 'sh', text, path], { stdio: 'ignore' });
  return { stop: () => void writer.kill() };
}

test('an inventory (--hosts, .huntbench/hosts.csv) that is a FIFO, a device or a folder is one problem and no pins, not a hang', { timeout: 30_000 }, () => {
  const fifo = join(work, 'hosts-pipe.csv');
  const writer = fifoWithWriter(fifo, 'WS9,10.9.9.9\n');
  try {
    assert.deepEqual(readInventory(fifo), { pins: [], problems: [`${fifo}: not read (not a regular file (a FIFO): refused, only regular files are read)`] });
  } finally {
    writer.stop();
  }
  // /dev/zero says it is empty and never ends: it was read until memory ran out.
  assert.deepEqual(readInventory('/dev/zero').problems, ['/dev/zero: not read (not a regular file (a character device): refused, only regular files are read)']);
  assert.deepEqual(readInventory(work).problems, [`${work}: not read (not a regular file (a folder): refused, only regular files are read)`]);
});

test('an export mapping (--schema) that is a FIFO or a device is refused with a message, not a hang', { timeout: 30_000 }, () => {
  const fifo = join(work, 'mapping-pipe.json');
  const writer = fifoWithWriter(fifo, '{}');
  try {
    assert.throws(() => loadMapping('kql', fifo), /cannot read mapping .*mapping-pipe\.json: .* is not a regular file \(a FIFO\)/);
  } finally {
    writer.stop();
  }
  assert.throws(() => loadMapping('kql', '/dev/zero'), /is not a regular file \(a character device\)/);
});
