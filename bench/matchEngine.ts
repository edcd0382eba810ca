// What the match bench times, bundled by esbuild as dist/ ships the engine (bench/match.bench.ts).
export { huntFiles, loadHuntFile } from '../src/core/dsl/load';
export { storeOf } from '../src/core/session/inlineTests';
export { runAnalytics } from '../src/core/match/run';
