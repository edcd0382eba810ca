// Runs a long command (an npm install that downloads and compiles for minutes) so that a
// newcomer can tell a slow step from a hang: its full output goes to a log file, and every
// 15 s a heartbeat line says how long it has run, what is running right now (read from the
// process tree: npm downloading, node-gyp compiling which module, code-server's postinstall),
// how many package tarballs npm has fetched and how much it has written. On failure the
// error carries the end of the log and its path.
import { spawn } from 'node:child_process';
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface ProgressOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** File that receives the command's stdout and stderr (appended). */
  readonly logFile: string;
  /** Folder whose size is reported as "written". */
  readonly watchDir?: string;
  readonly print: (line: string) => void;
  readonly heartbeatMs?: number;
}

export function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Bytes of regular files below `dir` (0 when it does not exist yet). */
export function dirBytes(dir: string): number {
  let total = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      const stats = lstatSync(path);
      total += stats.isDirectory() ? dirBytes(path) : stats.isFile() ? stats.size : 0;
    } catch {
      // Removed while npm works on it.
    }
  }
  return total;
}

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** argv joined with spaces. */
  readonly command: string;
  readonly cwd: string;
}

/** Every process below `root` (Linux /proc; empty elsewhere). */
export function descendants(root: number): ProcessInfo[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  const all: ProcessInfo[] = [];
  for (const pid of pids) {
    try {
      // The command name in parentheses may contain spaces; the parent pid follows its ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${pid}/cwd`);
      } catch {
        // Not ours to read, or gone.
      }
      all.push({ pid, ppid, command, cwd });
    } catch {
      // Exited while listed.
    }
  }
  const below = new Set([root]);
  const found: ProcessInfo[] = [];
  // Parents are listed before most children, but not always (pid wrap-around): repeat until stable.
  for (let grew = true; grew; ) {
    grew = false;
    for (const process of all) {
      if (!below.has(process.pid) && below.has(process.ppid)) {
        below.add(process.pid);
        found.push(process);
        grew = true;
      }
    }
  }
  return found;
}

/** The package a folder belongs to: its innermost node_modules/<name> (or @scope/name). */
function packageOf(cwd: string): string | undefined {
  return /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(cwd)?.[1];
}

/** A folder as seen from its innermost node_modules (code-server/lib/vscode). */
function placeOf(cwd: string): string {
  return /.*node_modules\/(.+)$/.exec(cwd)?.[1] ?? cwd;
}

const COMPILING = /(^|\/)(make|cc1plus|cc1|g\+\+|c\+\+|gcc|cc|ld)( |$)|node-gyp/;
const NPM_INSTALL = /(^|\/)npm(-cli\.js)?( \S+)* (install|ci|i)( |$)/;

function unique(names: readonly (string | undefined)[]): string[] {
  return [...new Set(names.filter((name) => name !== undefined))];
}

/** What the processes below an npm install are doing, in a newcomer's words. */
export function describeActivity(processes: readonly ProcessInfo[]): string {
  const compiling = processes.filter((p) => COMPILING.test(p.command));
  if (compiling.length > 0) {
    const names = unique(compiling.map((p) => packageOf(p.cwd)));
    return `building native modules${names.length > 0 ? ` (${names.join(', ')})` : ''}`;
  }
  // npm runs each install script through `sh -c`.
  const scripts = unique(processes.filter((p) => p.command.startsWith('sh -c ')).map((p) => packageOf(p.cwd) ?? p.cwd));
  if (scripts.length === 0) return 'downloading and unpacking packages';
  const nested = processes.filter((p) => NPM_INSTALL.test(p.command));
  if (nested.length > 0) return `${scripts[0]}'s install script: npm downloading and unpacking the packages of ${placeOf(nested[nested.length - 1].cwd)}`;
  return `running install scripts (${scripts.join(', ')})`;
}

/** Tarballs npm reports fetched (`npm http fetch GET 200 ….tgz`, with --loglevel=http). */
export function countFetched(log: string): number {
  return log.match(/http fetch GET 200 \S+\.tgz/g)?.length ?? 0;
}

/** The last lines of a log, without npm's per-request http lines (they would crowd out the error). */
function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').filter((line) => !line.startsWith('npm http ')).slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Runs `command` to completion with a heartbeat; throws with the end of its log when it fails. */
export async function runWithProgress(label: string, command: string, args: readonly string[], options: ProgressOptions): Promise<void> {
  const started = Date.now();
  const fd = openSync(options.logFile, 'a');
  let child;
  try {
    child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid ?? 0;
  const heartbeat = setInterval(() => {
    const parts = [describeActivity(descendants(pid))];
    const fetched = countFetched(readFileSync(options.logFile, 'utf8'));
    if (fetched > 0) parts.push(`${fetched} packages fetched`);
    if (options.watchDir) parts.push(`${Math.round(dirBytes(options.watchDir) / 1024 ** 2)} MB written`);
    options.print(`  … ${formatElapsed(Date.now() - started)} ${label}: ${parts.join(' · ')}`);
  }, options.heartbeatMs ?? 15_000);
  const code = await new Promise<number | string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (status, signal) => resolve(status ?? signal ?? 'unknown'));
  }).finally(() => clearInterval(heartbeat));
  if (code !== 0) {
    throw new Error(`${label} failed (${code}) after ${formatElapsed(Date.now() - started)}. The end of its output (all of it: ${options.logFile}):\n\n${tail(options.logFile, 40)}\n`);
  }
}
