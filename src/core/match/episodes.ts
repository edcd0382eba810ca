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
  // An occurrence's events are in time order, the last at its own time.
  const take = (o: Occurrence | null): void => {
    if (o) { start = Math.min(start, o.start); end = Math.max(end, o.ts); }
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
    let episode: RawChain[] = [];
    let end = Number.NEGATIVE_INFINITY;
    for (const next of list.sort((a, b) => a.start - b.start)) {
      if (episode.length && next.start > end + merge) {
        out.push(fold(episode));
        episode = [];
      }
      episode.push(next.chain);
      end = episode.length === 1 ? next.end : Math.max(end, next.end);
    }
    if (episode.length) out.push(fold(episode));
  }
  return out;
}

/**
 * The first chain with the others' events added: their anchors to the first step, their other
 * events to each step. An event is listed once, at its first place (anchors, then the steps in
 * order). Folded all at once: pairwise, an episode of k chains copied its lists k times.
 */
function fold(episode: readonly RawChain[]): RawChain {
  const [into] = episode;
  if (episode.length === 1) return into!;
  const seen = new Set<number>();
  const fresh = (o: Occurrence | null): o is Occurrence => o !== null && !seen.has(o.id) && (seen.add(o.id), true);
  const anchors = episode.flatMap((c) => c.anchors).filter(fresh);
  const steps = into!.slots.map((_, i) => (i === 0 ? [] : episode.flatMap((c) => [c.slots[i] ?? null, ...c.corroborating[i]!]).filter(fresh)));
  return { key: into!.key, anchors, slots: steps.map((list, i) => (i === 0 ? into!.slots[0]! : list[0] ?? null)), corroborating: steps.map((list) => list.slice(1)) };
}
