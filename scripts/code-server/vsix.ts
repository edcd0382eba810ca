// Builds the extension and packages it as a .vsix with @vscode/vsce, the way a user would
// receive it. esbuild bundles every dependency, hence --no-dependencies; .vscodeignore
// keeps the package to dist/, analytics and the declarative contributions.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { toolEnv } from './env';

/** Runs a build tool quietly (vsce lists every packaged file); its output comes with a failure. */
function run(command: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, env: toolEnv(), encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal ?? result.error?.message}):\n${result.stdout}${result.stderr}`);
  }
}

/** Builds and packages the extension in `repo`; returns the .vsix path (under `outDir`). */
export function buildVsix(repo: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const vsix = join(outDir, 'huntbench.vsix');
  run(process.execPath, ['esbuild.mjs'], repo);
  run(process.execPath, [join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], repo);
  return vsix;
}
