// The huntbench CLI on small project fixtures: load/query/raw output, exit codes, bound
// parameters, read-only queries, alias names, and raw records of plain and gzip sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { run } from './runCli';

const fixture = join(__dirname, '../../fixtures/store/psexec-nxlog.ndjson');
const fixtureLines = readFileSync(fixture, 'utf8').split('\n');

test('load prints per-source format, counts, rejections with line, span, hosts, channels, event ids', async () => {
  const { code, out } = await run('load', fixture);
  assert.equal(code, 1, 'a rejected line is an input error');
  assert.match(out, /format json \(nxlog\), 5 events loaded, 1 rejected/);
  assert.match(out, /line 4: invalid JSON/);
  assert.match(out, /time 2020-09-20T16:16:50\.100Z \.\. 2020-09-20T16:16:57\.500Z/);
  assert.match(out, /hosts WORKSTATION5, WORKSTATION6/);
  assert.match(out, /channels Microsoft-Windows-Sysmon\/Operational 4, Security 1/);
  assert.match(out, /event ids (1 2, 3 2|3 2, 1 2), 5156 1/);
});

test('load --json gives the report with ISO times', async () => {
  const { out } = await run('load', fixture, '--json');
  const report = JSON.parse(out);
  assert.equal(report.events, 5);
  assert.equal(report.sources[0].rejections[0].line, 4);
  assert.equal(report.sources[0].start, '2020-09-20T16:16:50.100Z');
  assert.deepEqual(report.sources[0].byEventId, { 1: 2, 3: 2, 5156: 1 });
  assert.ok(report.sizeBytes > 0);
});

test('usage errors exit 2, input errors exit 1', async () => {
  assert.equal((await run()).code, 2);
  assert.equal((await run('nonsense')).code, 2);
  assert.equal((await run('load')).code, 2);
  assert.equal((await run('load', fixture, '--bogus')).code, 2);
  assert.equal((await run('query', fixture)).code, 2);
  assert.equal((await run('raw', fixture, '--event', 'x')).code, 2);
  const missing = await run('load', '/nonexistent/logs.json', fixture);
  assert.equal(missing.code, 1);
  assert.match(missing.out, /\/nonexistent\/logs.json\n.*\n  warning: reading failed: ENOENT/);
  assert.match(missing.out, /5 events loaded/, 'the other path still loads');
});

test('query binds --param values, refuses writes, and answers alias names the same', async () => {
  const canonical = await run('query', fixture, '--json', '--param', 'WORKSTATION6', '--param', 'services.exe', '--sql',
    "SELECT src_ip, src_port, dst_port FROM events WHERE host = ? AND direction = 'inbound' AND process_name = ? ORDER BY ts");
  assert.equal(canonical.code, 0, 'a rejected record does not fail a query');
  assert.match(canonical.err, /psexec-nxlog\.ndjson: 1 record\(s\) rejected/);
  const rows = JSON.parse(canonical.out).rows;
  assert.deepEqual(rows, [['172.18.39.5', 56608, 49726], ['172.18.39.5', 56608, 49726]]);
  const sigma = await run('query', fixture, '--json', '--param', 'WORKSTATION6', '--param', 'services.exe', '--sql',
    "SELECT SourceIp, SourcePort, DestinationPort FROM events WHERE Computer = ? AND Direction = 'inbound' AND process_name = ? ORDER BY UtcTime");
  assert.deepEqual(JSON.parse(sigma.out).rows, rows);
  const quoted = await run('query', fixture, '--json', '--param', "cmd.exe /c \"echo O'Brien > x\"", '--sql', 'SELECT count(*) AS n FROM events WHERE command_line = ?');
  assert.deepEqual(JSON.parse(quoted.out).rows, [[1]]);
  const write = await run('query', fixture, '--sql', 'DELETE FROM events');
  assert.equal(write.code, 1);
  assert.match(write.err, /readonly/);
  const text = await run('query', fixture, '--sql', 'SELECT id, host FROM events ORDER BY id', '--limit', '2');
  assert.equal(text.out.split('\n').length, 3);
  assert.match(text.err, /2 rows \(more matched/);
});

test('raw prints the original line of plain files and of gzip members', async () => {
  const plain = await run('raw', fixture, '--event', '4');
  assert.equal(plain.code, 0);
  assert.equal(plain.out, fixtureLines[4]); // event 4 is line 5: line 4 was rejected
  assert.match(plain.err, /line 5/);
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-cli-'));
  const gz = join(dir, 'psexec.json.gz');
  writeFileSync(gz, gzipSync(readFileSync(fixture)));
  const member = await run('raw', gz, '--event', '2', '--json');
  const raw = JSON.parse(member.out);
  assert.equal(raw.text, fixtureLines[1]);
  assert.equal(raw.plainFile, false);
  assert.equal(raw.source.file, `${gz}!psexec.json`);
  const absent = await run('raw', fixture, '--event', '99');
  assert.equal(absent.code, 1);
  assert.match(absent.err, /no event with id 99/);
});

/** A minimal ustar archive (regular files only). */
function tarOf(files: Record<string, Buffer>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0' + '00', 257);
    const sum = header.reduce((a, b) => a + b, 0);
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

test('a .tar.gz member in no known format is skipped and reported, the next member still loads and its raw is readable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-cli-'));
  const archive = join(dir, 'logs.tar.gz');
  writeFileSync(archive, gzipSync(tarOf({ 'notes.txt': Buffer.from('nothing to see\n'.repeat(10)), 'logs/psexec.json': readFileSync(fixture) })));
  const { out } = await run('load', archive, '--json');
  const report = JSON.parse(out);
  assert.deepEqual(report.sources.map((s: { source: string; events: number }) => [s.source, s.events]), [[`${archive}!notes.txt`, 0], [`${archive}!logs/psexec.json`, 5]]);
  assert.match(report.sources[0].warnings[0], /unknown format/);
  const raw = JSON.parse((await run('raw', archive, '--event', '5', '--json')).out);
  assert.equal(raw.text, fixtureLines[5]);
});

test('--budget-mb stops the load cleanly, keeps what was loaded, and says how to narrow it', async () => {
  const { code, out, err } = await run('query', fixture, fixture, '--budget-mb', '0.001', '--json', '--sql', 'SELECT count(*) FROM events');
  assert.equal(code, 0);
  assert.match(err, /database reached [\d.]+ (bytes|KiB|MiB) \(with room kept for its indexes\) and its columns in memory [\d.]+ (bytes|KiB|MiB), the memory budget of [\d.]+ (bytes|KiB).*load fewer files/s);
  assert.deepEqual(JSON.parse(out).rows, [[5]], 'the first source was kept, the second not loaded');
  assert.equal((await run('load', fixture, '--budget-mb', 'lots')).code, 2);
});

test('a command that waits on something nothing settles ends with a message and exit 70, not a silent 0', () => {
  const script = (promise: string) => `require(${JSON.stringify(join(__dirname, '../../../src/core/cli.ts'))}).runToExit(${promise}, (t) => console.error(t));`;
  const hung = spawnSync(process.execPath, ['--import', 'tsx', '-e', script('new Promise(() => {})')], { encoding: 'utf8' });
  assert.equal(hung.status, 70, hung.stderr);
  assert.match(hung.stderr, /stopped before it finished/);
  const done = spawnSync(process.execPath, ['--import', 'tsx', '-e', script('Promise.resolve(3)')], { encoding: 'utf8' });
  assert.deepEqual([done.status, done.stderr], [3, '']);
});
