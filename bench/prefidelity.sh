#!/bin/sh
# Issue 18's "no slower on the 1M-event benchmark": the four analytics as they were before the
# fidelity work (2d49208, whose match bench gave the figures of 2026-11-22) against today's, on
# this machine, in alternating runs. The old tree is unpacked with `git archive`, its match
# bench patched (prefidelity.patch) to time each analytic as bench/match.bench.ts does now
# (5 rounds, compiled afresh, run alone after a full collection, CPU and wall time) and
# bundled by esbuild as dist/ ships an engine; today's side is `npm run bench -- --only match`.
# Usage: bench/prefidelity.sh [pairs, default 3]; output in $TMPDIR/huntbench-prefidelity/.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/huntbench-prefidelity
old=$out/tree
rm -rf "$old" && mkdir -p "$old"
git -C "$here" archive 2d49208 | tar -x -C "$old"
git -C "$old" apply "$here/bench/prefidelity.patch"
ln -s "$here/node_modules" "$old/node_modules"
(cd "$old" && npx esbuild bench/prefidelityDriver.ts --bundle --platform=node --target=node20 --format=cjs \
  --outfile=bench/prefidelity.cjs --external:@duckdb/node-api --log-level=error)
pairs=${1:-3}
i=1
while [ "$i" -le "$pairs" ]; do
  (cd "$old" && echo "load average $(cut -d' ' -f1-3 /proc/loadavg)" && node bench/prefidelity.cjs) > "$out/old-$i.txt" 2>&1
  (cd "$here" && npm run -s bench -- --only match --repeats 5) > "$out/new-$i.txt" 2>&1
  grep 'pre-fidelity' "$out/old-$i.txt"
  grep -A1 '^  [A-Z0-9-]*: [0-9]* chains' "$out/new-$i.txt" | grep -v '^--'
  grep 'four together' "$out/new-$i.txt"
  i=$((i + 1))
done
