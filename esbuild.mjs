// Bundles the programs of Huntbench: the extension host code, the engine worker (and its
// helper workers), the CLI and the two webviews (timeline, estate graph). sql.js's wasm and 7-Zip's
// (7z-wasm, for .7z and Deflate64 zips) are copied next to them so the workers and the CLI load them
// from their own folder.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/** The extension host loads RE2 (core/text/regex.ts) from its own file, on first use, not at activation. */
const re2Apart = { name: 're2-apart', setup(build) { build.onResolve({ filter: /^re2js$/ }, () => ({ path: './re2js.js', external: true })); } };

/** Sigma's loader and compiler (js-yaml included) stay out of the extension bundle until a Sigma YAML file is opened. */
const sigmaApart = { name: 'sigma-apart', setup(build) { build.onResolve({ filter: /core\/sigma\/fileDiagnostics$/ }, () => ({ path: './sigmaFileDiagnostics.js', external: true })); } };

/** @type {esbuild.BuildOptions[]} */
const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [re2Apart, sigmaApart] },
  { ...common, entryPoints: ['src/core/sigma/fileDiagnostics.ts'], outfile: 'dist/sigmaFileDiagnostics.js', platform: 'node', format: 'cjs', target: 'node20', plugins: [re2Apart] },
  { ...common, entryPoints: ['node_modules/re2js/build/index.cjs'], outfile: 'dist/re2js.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/worker/engineWorker.ts'], outfile: 'dist/engineWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/core/ingest/parallel/jsonParseWorker.ts'], outfile: 'dist/jsonParseWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/sigma/runWorker.ts'], outfile: 'dist/sigmaRunWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/session/queryWorker.ts'], outfile: 'dist/queryWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/ingest/evtx/chunkWorker.ts'], outfile: 'dist/evtxChunkWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/raw/sources/sevenZipWorker.ts'], outfile: 'dist/sevenZipWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview/timeline.js', platform: 'browser', format: 'iife', target: 'es2022' },
  { ...common, entryPoints: ['webview/src/graph/main.ts'], outfile: 'dist/webview/graph.js', platform: 'browser', format: 'iife', target: 'es2022' },
].filter((b) => existsSync(b.entryPoints[0]));

mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
copyFileSync('node_modules/7z-wasm/7zz.wasm', 'dist/7zz.wasm');

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
