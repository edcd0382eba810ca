// An analytic's explanation (session `explain`) as a Markdown report for the editor: why not on
// a host, then per step the candidates, the partial chains reached and where they died. Log
// values stay inside code fences, so they are text, never Markdown.

import type { Explanation } from '../types/session';

export function explanationMarkdown(e: Explanation): string {
  const lines = [`# Explain ${e.analytic}`, '', `${e.chains} chain(s) over the loaded data (${e.millis} ms).`, ''];
  if (e.whyNot) {
    // Log values are in both texts: inside a code fence they stay text, never Markdown.
    lines.push(`## Why not${e.whyNot.host ? ` on ${e.whyNot.host}` : ''}`, '', fenced(e.whyNot.sentence), '', '### Every step, predicate by predicate', '', fenced(e.whyNot.text.split('\n').slice(2).join('\n')), '', '## Near misses over all hosts', '');
  }
  if (e.steps.length) {
    lines.push(
      '- *candidates*: loaded events matching the step alone (before keys, windows and references)',
      '- *reached*: partial chains that get through the step (the analytic cut after it)',
      '- *died*: partial chains that reached the previous step but found no event for this one',
      '', '| step | candidates | reached | died |', '|---|---:|---:|---:|',
    );
    e.steps.forEach((s, i) => {
      const died = i === 0 ? '' : Math.max(0, e.steps[i - 1]!.reached - s.reached).toLocaleString('en-US');
      lines.push(`| ${s.step} | ${s.candidates.toLocaleString('en-US')} | ${s.reached.toLocaleString('en-US')} | ${died} |`);
    });
    const dead = e.steps.findIndex((s) => s.candidates === 0);
    if (dead >= 0) lines.push('', `No loaded event matches step **${e.steps[dead]!.step}** on its own: check its selection first.`);
  }
  if (e.truncated) lines.push('', `The search was cut off for ${e.truncated} anchor event(s): some chains may be missing.`);
  for (const w of e.warnings) lines.push('', `> ${w}`);
  for (const d of e.diagnostics) lines.push('', `- ${d.code} ${d.severity}: ${d.message}`);
  return `${lines.join('\n')}\n`;
}

/** A code fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}
