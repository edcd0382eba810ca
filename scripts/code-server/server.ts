// Starts a real VS Code in the browser (code-server) on loopback with the Huntbench .vsix
// installed into a throw-away profile: one implementation for `npm start` and the e2e suite.
// Nothing may reach for the network: telemetry, update checks, the extension gallery,
// experiments and the chat/AI features are switched off (USER_SETTINGS, EXTENSIONS_GALLERY).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { toolEnv } from './env';
import type { CodeServerPaths } from './install';

export interface CodeServerOptions {
  readonly paths: CodeServerPaths;
  readonly vsix: string;
  /** Folder opened as the workspace. */
  readonly workspace: string;
  readonly port?: number;
  readonly colorTheme?: string;
  /** Extra user settings (merged over the defaults). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /**
   * VS Code server flags code-server does not model, passed through as `--vscode-option`
   * (`flag` or `flag=value`), e.g. `enable-smoke-test-driver` for the integration runner.
   */
  readonly vscodeOptions?: readonly string[];
}

export interface RunningCodeServer {
  /** The workbench URL with the workspace folder open. */
  readonly url: string;
  /** Profile folder: User/settings.json and VS Code's logs/. */
  readonly userDataDir: string;
  /** code-server's own stdout and stderr. */
  readonly serverLog: string;
  /** Every log file VS Code wrote so far (server, extension host, Huntbench's output channel), concatenated. */
  logs(): string;
  stop(): Promise<void>;
}

export const USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  // Edits stay in the editor until the user saves: a demo or a test never rewrites samples.
  'files.autoSave': 'off',
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function codeServerEnv(paths: CodeServerPaths): NodeJS.ProcessEnv {
  // An empty gallery configuration turns the extension marketplace (open-vsx.org) off.
  const env = toolEnv();
  return { ...env, PATH: join(paths.nodeDir, 'bin') + delimiter + env.PATH, EXTENSIONS_GALLERY: '{}' };
}

function installExtension(paths: CodeServerPaths, vsix: string, userDataDir: string, extensionsDir: string): void {
  const result = spawnSync(paths.node, [paths.codeServer, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    env: codeServerEnv(paths),
    encoding: 'utf8',
  });
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
    throw new Error(`code-server could not install ${vsix}:\n${result.stdout}\n${result.stderr}`);
  }
}

function filesBelow(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess, serverLog: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}) before it was ready:\n${readFileSync(serverLog, 'utf8')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s:\n${readFileSync(serverLog, 'utf8')}`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const root = mkdtempSync(join(tmpdir(), 'huntbench-code-server-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = { ...USER_SETTINGS, ...(options.colorTheme ? { 'workbench.colorTheme': options.colorTheme } : {}), ...options.settings };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // An empty config keeps code-server from writing ~/.config/code-server/config.yaml.
  writeFileSync(join(root, 'config.yaml'), '');
  installExtension(options.paths, options.vsix, userDataDir, extensionsDir);

  const port = options.port ?? (await freePort());
  const serverLog = join(root, 'code-server.log');
  const out = createWriteStream(serverLog);
  const child = spawn(options.paths.node, [
    options.paths.codeServer,
    '--config', join(root, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(options.vscodeOptions ?? []).flatMap((option) => ['--vscode-option', option]),
    options.workspace,
  ], { env: codeServerEnv(options.paths), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(base, child, serverLog, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: `${base}/?folder=${encodeURIComponent(options.workspace)}`,
    userDataDir,
    serverLog,
    logs: () =>
      [serverLog, ...filesBelow(join(userDataDir, 'logs'))]
        .map((file) => `===== ${file}\n${readFileSync(file, 'utf8')}`)
        .join('\n'),
    stop,
  };
}
