// progress: a long command's output goes to a log, a heartbeat says what runs and for how
// long, and a failure brings the end of the log with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countFetched, describeActivity, descendants, dirBytes, formatElapsed, runWithProgress, type ProcessInfo } from '../../../../scripts/code-server/progress';

const APP = '/c/app/node_modules/code-server';
const proc = (pid: number, command: string, cwd: string): ProcessInfo => ({ pid, ppid: pid - 1, command, cwd });

test('elapsed time reads as seconds, then minutes and seconds', () => {
  assert.equal(formatElapsed(4_400), '4s');
  assert.equal(formatElapsed(75_000), '1m15s');
  assert.equal(formatElapsed(600_000), '10m00s');
});

test('the activity names the module being compiled, the nested install, or plain downloading', () => {
  assert.equal(describeActivity([]), 'downloading and unpacking packages');
  const postinstall = [proc(2, 'sh -c sh ./postinstall.sh', APP), proc(3, 'sh ./postinstall.sh', `${APP}/lib/vscode`)];
  assert.equal(describeActivity(postinstall), 'running install scripts (code-server)');
  const nested = [...postinstall, proc(4, 'npm install', `${APP}/lib/vscode`)];
  assert.equal(describeActivity(nested), "code-server's install script: npm downloading and unpacking the packages of code-server/lib/vscode");
  const sqlite = `${APP}/lib/vscode/node_modules/@vscode/sqlite3`;
  const compiling = [...nested, proc(5, 'sh -c node-gyp rebuild', sqlite), proc(6, 'make BUILDTYPE=Release -C build', `${sqlite}/build`), proc(7, 'cc -o Release/obj.target/sqlite3.o', `${sqlite}/build`)];
  assert.equal(describeActivity(compiling), 'building native modules (@vscode/sqlite3)');
});

test('fetched tarballs are counted from npm\'s http log, metadata requests are not', () => {
  const log = [
    'npm http fetch GET 200 https://registry.npmjs.org/code-server 812ms (cache miss)',
    'npm http fetch GET 200 https://registry.npmjs.org/code-server/-/code-server-4.139.1.tgz 2034ms (cache miss)',
    'npm http fetch GET 200 https://registry.npmjs.org/@coder/logger/-/logger-3.0.1.tgz 40ms (cache miss)',
    'npm http fetch GET 404 https://registry.npmjs.org/nope/-/nope-1.0.0.tgz 40ms',
  ].join('\n');
  assert.equal(countFetched(log), 2);
});

test('dirBytes sums the files below a folder and is 0 for one not created yet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-progress-'));
  try {
    writeFileSync(join(dir, 'a'), 'x'.repeat(1000));
    assert.equal(dirBytes(dir), 1000);
    assert.equal(dirBytes(join(dir, 'missing')), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a running command gets heartbeats naming it and what runs below it; its output lands in the log', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-progress-'));
  try {
    const lines: string[] = [];
    const logFile = join(dir, 'install.log');
    // A shell that runs a child (the process tree the heartbeat reads) and prints.
    await runWithProgress('demo step', 'sh', ['-c', 'echo started; sh -c "sleep 1"; echo finished'], { env: process.env, logFile, watchDir: dir, print: (line) => lines.push(line), heartbeatMs: 200 });
    assert.ok(lines.length >= 2, lines.join('\n'));
    assert.match(lines[0], /^ {2}… \d+s demo step: .* · \d+ MB written$/);
    assert.equal(readFileSync(logFile, 'utf8'), 'started\nfinished\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing command throws with its exit code, the end of its output and the log path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-progress-'));
  try {
    const logFile = join(dir, 'install.log');
    const script = 'echo "ERROR: code-server currently requires node v24"; for i in $(seq 60); do echo "npm http cache ms@https://registry.npmjs.org/ms/-/ms-2.1.3.tgz 0ms (cache hit)"; done; exit 3';
    const run = runWithProgress('demo step', 'sh', ['-c', script], { env: process.env, logFile, print: () => undefined });
    await assert.rejects(run, (error: Error) => {
      assert.match(error.message, /^demo step failed \(3\) after \d+s/);
      assert.ok(error.message.includes(logFile));
      assert.match(error.message, /ERROR: code-server currently requires node v24/, 'the error is not crowded out by npm\'s http lines');
      assert.doesNotMatch(error.message, /npm http/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('descendants lists the processes below a pid with their command and folder', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn('sh', ['-c', 'sleep 5 & wait'], { cwd: tmpdir() });
  let below: ProcessInfo[] = [];
  try {
    for (let tries = 0; tries < 50 && !below.some((p) => p.command === 'sleep 5'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      below = descendants(process.pid);
    }
    const sleep = below.find((p) => p.command === 'sleep 5');
    assert.ok(sleep, JSON.stringify(below));
    assert.equal(sleep.cwd, tmpdir());
  } finally {
    for (const p of below) if (p.command === 'sleep 5') process.kill(p.pid, 'SIGKILL');
    child.kill('SIGKILL');
  }
});
