// The eval report as text: the confusion per analytic, then every wrong row with what
// explains it (the false chain, or the step where a miss died and its nearest candidates),
// then what was skipped. Chains and events carry log content: the report goes through
// printable() so a hostile record cannot drive the terminal.

import { printable } from '../text/printable';
import { explanationText } from '../match/explainText';
import type { Chain, ChainEvent } from '../types/chain';
import type { Confusion } from './confusion';
import type { CaseResult, EvalReport } from './evaluate';
import type { LabelCase } from './labels';

/** Precision and recall an analytic with labelled rows must reach (issue 18). */
export const TARGET = 0.9;

const iso = (ms: number): string => new Date(ms).toISOString();
const fixed = (v: number | null): string => (v === null ? '-' : v.toFixed(2));

function confusionLine(c: Confusion): string {
  return `${c.analytic.padEnd(13)} cases ${String(c.cases).padStart(3)}  TP ${String(c.truePositives).padStart(3)}  FP ${String(c.falsePositives).padStart(3)}  misses ${String(c.misses).padStart(3)}  none-ok ${String(c.correctNone).padStart(3)}  precision ${fixed(c.precision)}  recall ${fixed(c.recall)}`;
}

function caseName(label: LabelCase): string {
  const base = label.baseline.length ? ` (baseline ${label.baseline.join(', ')})` : '';
  return `${label.analytic} ${label.kind}${label.host ? ` on ${label.host}` : ''} in ${label.load.join(' + ')}${base}`;
}

function eventLine(e: ChainEvent): string {
  return `      ${iso(e.ts)} ${e.host ?? ''} ${e.provider ?? ''}/${e.event_id ?? ''} ${e.summary}`;
}

/** Events shown per step of a wrong chain; the rest are counted. */
const EVENTS_PER_STEP = 3;

function chainLines(chain: Chain): string[] {
  const key = Object.entries(chain.key).map(([k, v]) => `${k}=${v}`).join(' ');
  const lines = [`    chain ${key} ${iso(chain.start)} .. ${iso(chain.end)}`];
  for (const s of chain.steps) {
    const label = `${s.name}${s.alternative ? ` (${s.alternative})` : ''}`;
    if (s.missing) { lines.push(`    ${label}: -`); continue; }
    lines.push(`    ${label}:`, ...s.events.slice(0, EVENTS_PER_STEP).map(eventLine));
    if (s.events.length > EVENTS_PER_STEP) lines.push(`      (+${s.events.length - EVENTS_PER_STEP} more)`);
  }
  return lines;
}

function wrongRows(r: CaseResult): string[] {
  const lines: string[] = [];
  for (const chain of r.falsePositives) {
    const why = r.label.kind === 'none' ? 'no chain may exist' : 'a further chain for one attack';
    lines.push(`FP    ${caseName(r.label)}: ${why}`, ...chainLines(chain));
  }
  if (r.label.kind === 'chain' && r.hit === null) {
    lines.push(`MISS  ${caseName(r.label)}: ${r.label.why}`);
    if (r.miss) lines.push(...explanationText(r.miss).split('\n').filter((l) => l !== '').map((l) => `    ${l}`));
  }
  return lines;
}

/** Whether every analytic with labelled rows reaches TARGET (undefined ratios count as reached). */
export function meetsTarget(report: EvalReport): boolean {
  return report.confusion.every((c) => (c.precision ?? 1) >= TARGET && (c.recall ?? 1) >= TARGET);
}

export function reportText(report: EvalReport): string {
  const lines = ['# per analytic', ...report.confusion.map(confusionLine)];
  const wrong = report.results.flatMap(wrongRows);
  lines.push('', `# wrong rows (${report.results.filter((r) => r.falsePositives.length || (r.label.kind === 'chain' && !r.hit)).length} case(s))`, ...(wrong.length ? wrong : ['none']));
  const unjudged = report.results.reduce((n, r) => n + r.unjudged.length, 0);
  if (unjudged) lines.push('', `${unjudged} chain(s) in folders of captures belong to captures no case labels (not counted)`);
  if (report.skipped.length) lines.push('', `# skipped (${report.skipped.length})`, ...report.skipped.map((s) => `${caseName(s.label)}: ${s.reason}`));
  if (report.errors.length) lines.push('', '# label errors', ...report.errors);
  lines.push('', meetsTarget(report) ? `every analytic with rows reaches precision and recall >= ${TARGET}` : `below ${TARGET}: ${report.confusion.filter((c) => (c.precision ?? 1) < TARGET || (c.recall ?? 1) < TARGET).map((c) => c.analytic).join(', ')}`);
  return printable(lines.join('\n'));
}
