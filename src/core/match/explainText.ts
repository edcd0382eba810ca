// An explanation (explain.ts) as text: one sentence a trainer can read out, then the detail
// per step (each conjunct with how many events pass it, the nearest candidates). Log values
// are attacker-controlled: control characters are shown escaped, never passed through.

import type { ChainEvent } from '../types/chain';
import { printableLine, printableLines } from '../text/printable';
import type { AlternativeReport, Explanation, StepReport } from './explain';


const iso = (ms: number): string => new Date(ms).toISOString();

/** Event summaries inside the sentence stay short; the detail lines carry them whole. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function eventText(e: ChainEvent): string {
  return `${iso(e.ts)} #${e.id} ${e.provider ?? ''}/${e.event_id ?? ''} ${e.summary}`;
}

function where(e: Explanation): string {
  return e.key ? ` on ${e.key.value}` : '';
}

/** Why one alternative found nothing, as a clause: "no network event where a == 1 (nearest: ...)". */
function failure(alt: AlternativeReport, scope: string): string {
  const f = alt.failed;
  if (!f) return `${alt.matched} ${alt.category} event(s)`;
  if (f.index < 0) return `no ${alt.category} events${scope} at all`;
  const nearest = alt.nearest[0] ? ` (nearest: ${clip(alt.nearest[0].event.summary)})` : '';
  if (f.index === 0) return `no ${alt.category} event where ${f.text}${scope}${nearest}`;
  const before = alt.conjuncts.slice(0, f.index).map((c) => c.text).join(' and ');
  return `${f.before} ${alt.category} event(s) where ${before}${scope}, none with ${f.text}${nearest}`;
}

/** "services.exe was reached over \pipe\svcctl and \pipe\ntsvcs instead (service control (MS-SCMR))". */
function pipeClauses(pipes: Explanation['pipes']): string[] {
  const byServer = new Map<string, Explanation['pipes'][number][]>();
  for (const p of pipes) byServer.set(p.pipe.server, [...(byServer.get(p.pipe.server) ?? []), p]);
  return [...byServer].map(([server, list]) => {
    const purposes = [...new Set(list.map((p) => p.pipe.purpose))].join(', ');
    return `${server} was reached over ${list.map((p) => `\\pipe\\${p.pipe.pipe}`).join(' and ')} instead (${purposes}, first at ${iso(list[0]!.first.ts)})`;
  });
}

function stepFound(step: StepReport): string {
  const example = step.alternatives.flatMap((a) => a.examples)[0];
  if (!example) return `${step.name}: nothing`;
  return `${step.name}: ${clip(example.summary)}${step.matched > 1 ? ` (+${step.matched - 1})` : ''}`;
}

/** The sentence a trainer sees: which step found nothing and why, and what the data has instead. */
export function explanationSentence(e: Explanation): string {
  const head = `${e.analytic}${where(e)}`;
  if (e.chains > 0) return printableLine(`${head}: ${e.chains} chain(s) found.`);
  if (!e.blocking) return printableLine(`${head}: the analytic has no steps.`);
  const scope = e.key ? ` on ${e.key.value} in this capture` : ' in this capture';
  const parts: string[] = [];
  const blocking = e.steps.find((s) => s.name === e.blocking!.step)!;
  if (e.blocking.reason === 'nothing') {
    const alternatives = blocking.alternatives.map((a) => (a.name ? `${a.name}: ` : '') + failure(a, scope));
    parts.push(`step ${blocking.name} found nothing, ${alternatives.join('; ')}`);
  } else {
    const window = e.within === null ? '' : ` within ${e.within / 1000} s${e.slack ? ` (slack ${e.slack / 1000} s)` : ''}`;
    const links = e.steps.flatMap((s) => s.alternatives.flatMap((a) => a.links));
    parts.push(`every required step has events${scope}, but never in order${window}${links.length ? ` with ${links.join(' and ')}` : ''}`);
  }
  parts.push(...pipeClauses(e.pipes));
  const others = e.steps.filter((s) => s !== blocking);
  if (e.blocking.reason === 'nothing' && others.length) parts.push(others.map(stepFound).join(', '));
  const related = [...new Set(e.related.map((c) => c.analytic))];
  const see = related.length ? ` (see ${related.map((a) => `${a}'s chain`).join(', ')})` : '';
  return printableLine(`${head}: ${parts.join('; ')}${see}.`);
}

function alternativeLines(alt: AlternativeReport, scope: string): string[] {
  const name = alt.name ? `  ${alt.name}: ` : '  ';
  const lines = [`${name}${alt.examined}${alt.truncated ? '+' : ''} ${alt.category} event(s)${scope} examined, ${alt.matched} matched`];
  for (const c of alt.conjuncts) lines.push(`    ${String(c.passed).padStart(6)} pass  ${c.text}${alt.failed?.text === c.text ? '   <- nothing left after this' : ''}`);
  for (const l of alt.links) lines.push(`           linked ${l}`);
  for (const e of alt.examples) lines.push(`    match:   ${eventText(e)}`);
  for (const n of alt.nearest) lines.push(`    nearest: ${eventText(n.event)}`, `             fails ${n.fails.join(', ')}`);
  return lines;
}

/** The sentence, then per step every conjunct's count, matches and nearest candidates. */
export function explanationText(e: Explanation): string {
  const scope = where(e);
  const lines = [explanationSentence(e), ''];
  for (const s of e.steps) {
    lines.push(`step ${s.name} (${s.mode}): ${s.matched} event(s)`);
    for (const a of s.alternatives) lines.push(...alternativeLines(a, scope));
  }
  for (const p of e.pipes) lines.push(`pipe \\${p.pipe.pipe} (${p.pipe.purpose}, served by ${p.pipe.server}): ${p.events} event(s), first ${eventText(p.first)}`);
  for (const c of e.related) lines.push(`see ${c.analytic} ${iso(c.start)} .. ${iso(c.end)}: ${c.steps.map((s) => `${s.name}${s.alternative ? ` (${s.alternative})` : ''}`).join(' → ')}`);
  if (e.otherKeys.length) lines.push(`other ${e.key?.name ?? 'key'} values with events for some step: ${e.otherKeys.slice(0, 10).join(', ')}`);
  return printableLines(lines);
}
