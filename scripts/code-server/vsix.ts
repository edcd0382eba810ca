// Builds the extension and packages it as a .vsix with @vscode/vsce, the way a user would
// receive it. esbuild bundles every dependency, hence --no-dependencies; .vscodeignore
// keeps the package to dist/, analytics and the declarative contributions.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function run(command: string, args: readonly string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Builds and packages the extension in `repo`; returns the .vsix path (under `outDir`). */
export function buildVsix(repo: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const vsix = join(outDir, 'huntbench.vsix');
  run(process.execPath, ['esbuild.mjs'], repo);
  run(process.execPath, [join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], repo);
  return vsix;
}
