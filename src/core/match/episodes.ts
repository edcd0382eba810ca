// `merge 10m`: chains of one join key that follow each other closely are one episode, reported
// as one chain. An attack often completes an analytic several times in a row (one chain per
// connection a tool opens, one per new peer a scan reaches); an analyst reads them as one
// finding. A chain joins the episode before it when it starts at most `merge` after the
// episode's last event; the episode lists every event of its chains, per step.

import type { Occurrence } from './candidates';
import type { RawChain } from './matcher';

/** The first and last time of any event of the chain. */
function span(chain: RawChain): { start: number; end: number } {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const take = (o: Occurrence | null): void => {
    if (o) for (const r of o.rows) { start = Math.min(start, Number(r.ts)); end = Math.max(end, Number(r.ts)); }
  };
  chain.anchors.forEach(take);
  chain.slots.forEach(take);
  for (const list of chain.corroborating) list.forEach(take);
  return { start, end };
}

/** The chains with each run of close chains of one key folded into its first; order kept by first appearance. */
export function mergeEpisodes(chains: readonly RawChain[], merge: number): RawChain[] {
  const byKey = new Map<string, { chain: RawChain; start: number; end: number }[]>();
  for (const chain of chains) {
    const list = byKey.get(chain.key) ?? [];
    list.push({ chain, ...span(chain) });
    byKey.set(chain.key, list);
  }
  const out: RawChain[] = [];
  for (const list of byKey.values()) {
    let episode: { chain: RawChain; end: number } | null = null;
    for (const { chain, start, end } of list.sort((a, b) => a.start - b.start)) {
      if (episode && start <= episode.end + merge) {
        episode.chain = fold(episode.chain, chain);
        episode.end = Math.max(episode.end, end);
        continue;
      }
      if (episode) out.push(episode.chain);
      episode = { chain, end };
    }
    if (episode) out.push(episode.chain);
  }
  return out;
}

/** `into` with `other`'s events added: its anchors to the first step, its other events to each step. */
function fold(into: RawChain, other: RawChain): RawChain {
  const seen = new Set<number>();
  const fresh = (o: Occurrence | null): o is Occurrence => o !== null && !seen.has(o.id) && (seen.add(o.id), true);
  const anchors = [...into.anchors, ...other.anchors].filter(fresh);
  const steps = into.slots.map((_, i) => (i === 0 ? [] : [into.slots[i] ?? null, ...into.corroborating[i]!, other.slots[i] ?? null, ...other.corroborating[i]!].filter(fresh)));
  return { key: into.key, anchors, slots: steps.map((list, i) => (i === 0 ? into.slots[0]! : list[0] ?? null)), corroborating: steps.map((list) => list.slice(1)) };
}
