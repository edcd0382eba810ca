// The chain's story above the timeline: one sentence per step in an analyst's words (who
// reached which service from where, what ran, what followed), each with its step's glyph and
// the values it carries over; a click selects the step's event. Shown for the chain of the
// selected event, or the only chain shown. Log text lands in text nodes only.

import type { TimelineChain } from '../../../src/protocol/webview';
import { glyphPath } from '../model/glyphs';
import { stepClass } from '../model/colors';
import { el, svg } from './el';

export class StoryPanel {
  readonly element: HTMLElement;
  private shown: TimelineChain | null = null;

  constructor(private readonly onSelect: (eventId: number) => void) {
    this.element = el('ol', { class: 'story', 'aria-label': 'What happened, step by step', 'data-testid': 'story' });
    this.element.hidden = true;
  }

  update(chain: TimelineChain | null): void {
    if (chain === this.shown) return;
    this.shown = chain;
    this.element.hidden = !chain;
    if (!chain) { this.element.replaceChildren(); return; }
    this.element.replaceChildren(...chain.chain.steps.map((step, i) => {
      const first = step.events[0];
      const li = el('li', { class: `story-step${first ? '' : ' missing'}`, 'data-testid': 'story-step', tabindex: first ? 0 : -1 });
      const icon = svg('svg', { class: 'story-glyph', width: 14, height: 14, viewBox: '-7 -7 14 14', 'aria-hidden': 'true' });
      icon.appendChild(svg('path', { class: `marker ${stepClass(i)}${first ? '' : ' absent'}`, d: glyphPath(i, 5) }));
      const sentence = chain.chain.story?.sentences[i] ?? first?.summary ?? null;
      li.append(icon, el('span', { class: 'story-name' }, step.alternative ? `${step.name} (${step.alternative})` : step.name));
      li.append(el('span', { class: 'story-text' }, sentence ?? 'not observed'));
      const carried = chain.chain.story?.carried[i] ?? [];
      if (carried.length) li.append(el('span', { class: 'story-carried' }, carried.join(' · ')));
      if (first) {
        li.addEventListener('click', () => this.onSelect(first.id));
        li.addEventListener('keydown', (k) => { if (k.key === 'Enter' || k.key === ' ') { k.preventDefault(); this.onSelect(first.id); } });
      }
      return li;
    }));
  }
}
