// `npm start`: the one-command demo. Installs code-server into the cache on first use, builds
// and packages Huntbench, and serves a real VS Code with the extension installed and the demo
// workspace (samples/) open on loopback. Runs until Ctrl-C. Each step says what it does and how
// long it took; the long first-run install prints a heartbeat (scripts/code-server/progress.ts).
// Run under tsx (the package.json script does) so it can import the TypeScript helpers.
import { resolve, join } from 'node:path';
import { ensureCodeServer } from './code-server/install.ts';
import { formatElapsed } from './code-server/progress.ts';
import { startCodeServer } from './code-server/server.ts';
import { buildVsix } from './code-server/vsix.ts';

const repo = resolve(import.meta.dirname, '..');
const port = process.env.PORT ? Number(process.env.PORT) : undefined;
const started = Date.now();

/** Runs one step between a line saying what it does and one saying how long it took. */
async function step(title, work) {
  const stepStarted = Date.now();
  console.log(`npm start: ${title}`);
  const result = await work();
  console.log(`npm start: ${title}: done in ${formatElapsed(Date.now() - stepStarted)}`);
  return result;
}

let server;
try {
  const paths = await step('code-server (a real VS Code for the browser)', () => ensureCodeServer((line) => console.log(line)));
  const vsix = await step('building and packaging the extension (esbuild, vsce)', () => buildVsix(repo, join(repo, 'out')));
  server = await step('starting VS Code with the extension and samples/', () => startCodeServer({ paths, vsix, workspace: join(repo, 'samples'), port }));
} catch (error) {
  console.error(`\nnpm start failed after ${formatElapsed(Date.now() - started)}: ${error instanceof Error ? error.message : error}`);
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
