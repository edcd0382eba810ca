// `npm start`: the one-command demo. Builds and packages Huntbench, installs code-server into
// the cache on first use, and serves a real VS Code with the extension installed and the
// demo workspace (samples/) open on loopback. Runs until Ctrl-C.
// Run under tsx (the package.json script does) so it can import the TypeScript helpers.
import { resolve, join } from 'node:path';
import { ensureCodeServer } from './code-server/install.ts';
import { startCodeServer } from './code-server/server.ts';
import { buildVsix } from './code-server/vsix.ts';

const repo = resolve(import.meta.dirname, '..');
const port = process.env.PORT ? Number(process.env.PORT) : undefined;

let server;
try {
  const paths = ensureCodeServer();
  const vsix = buildVsix(repo, join(repo, 'out'));
  server = await startCodeServer({ paths, vsix, workspace: join(repo, 'samples'), port });
} catch (error) {
  console.error(`npm start failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
console.log(`\nHuntbench is running in VS Code at:\n\n  ${server.url}\n\nOpen it in a browser on this machine. Ctrl-C stops it.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  });
}
