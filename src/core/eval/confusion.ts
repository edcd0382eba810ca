// Scoring analytics against labelled cases: each case's chains judged (a true positive, a
// miss, false positives, or chains no label speaks for), then per analytic the counts,
// precision and recall. Pure: the chains come from a run, the cases from labels.ts.
//
// The rules, as docs/detection.md states them:
// - `chain` case: the first chain of the analytic on the labelled host is the true positive;
//   no such chain is a miss.
// - `none` case: every chain of the analytic (on the labelled host, when one is named) is a
//   false positive.
// - When the case loads one capture (one attack), every further chain of the analytic is
//   noise, a false positive: a second chain for the same attack, or one on another host.
//   When it loads a folder of captures (several stories), the other chains may belong to
//   captures the case does not label: they are counted as unjudged.

import type { Chain } from '../types/chain';
import type { LabelCase } from './labels';

export interface Judgement {
  readonly label: LabelCase;
  /** The chain that satisfies a `chain` case, or null (a miss, or a `none` case). */
  readonly hit: Chain | null;
  readonly falsePositives: readonly Chain[];
  /** Chains of the analytic that the case does not speak for. */
  readonly unjudged: readonly Chain[];
}

export interface Confusion {
  readonly analytic: string;
  /** Labelled cases of this analytic. */
  readonly cases: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly misses: number;
  /** `none` cases with no chain. */
  readonly correctNone: number;
  /** Null when undefined (no chain at all; no `chain` case). */
  readonly precision: number | null;
  readonly recall: number | null;
}

/** Chain hosts and labels compare case-insensitively, a short name matching its FQDN. */
export function sameHost(chainHost: unknown, label: string): boolean {
  if (typeof chainHost !== 'string') return false;
  const a = chainHost.toLowerCase();
  const b = label.toLowerCase();
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

function chainHost(chain: Chain): unknown {
  return chain.key.host ?? chain.steps.flatMap((s) => s.events)[0]?.host;
}

/** `oneCapture`: the case loads a single capture file (so one attack), not a folder or several. */
export function judge(label: LabelCase, chains: readonly Chain[], oneCapture: boolean): Judgement {
  const own = chains.filter((c) => c.analytic === label.analytic);
  const onHost = label.host === null ? own : own.filter((c) => sameHost(chainHost(c), label.host!));
  const elsewhere = own.filter((c) => !onHost.includes(c));
  if (label.kind === 'none') return { label, hit: null, falsePositives: onHost, unjudged: elsewhere };
  const [hit = null, ...extra] = onHost;
  return oneCapture
    ? { label, hit, falsePositives: [...extra, ...elsewhere], unjudged: [] }
    : { label, hit, falsePositives: [], unjudged: [...extra, ...elsewhere] };
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/** Per analytic, in order of first appearance. */
export function confusion(judgements: readonly Judgement[]): Confusion[] {
  const byAnalytic = new Map<string, Judgement[]>();
  for (const j of judgements) {
    const list = byAnalytic.get(j.label.analytic) ?? [];
    list.push(j);
    byAnalytic.set(j.label.analytic, list);
  }
  return [...byAnalytic].map(([analytic, js]) => {
    const positives = js.filter((j) => j.label.kind === 'chain');
    const tp = positives.filter((j) => j.hit !== null).length;
    const fp = js.reduce((n, j) => n + j.falsePositives.length, 0);
    const misses = positives.length - tp;
    return {
      analytic,
      cases: js.length,
      truePositives: tp,
      falsePositives: fp,
      misses,
      correctNone: js.filter((j) => j.label.kind === 'none' && j.falsePositives.length === 0).length,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, tp + misses),
    };
  });
}
