// Trainer mode: step through one chain event by event (previous/next, auto-play at a chosen
// speed), showing each step's explanation; "Present" hides everything but the timeline.

import type { TimelineChain } from '../../../src/protocol/webview';
import { trainerStops, stepIndex, playDelay, type TrainerStop } from '../model/trainer';
import { formatGap } from '../../../src/protocol/webview';
import { button, el, select, setOptions } from './el';

export interface TrainerEvents {
  onStop(stop: TrainerStop): void;
  onPresent(on: boolean): void;
  onExit(): void;
}

export class TrainerBar {
  readonly element: HTMLElement;
  private readonly position: HTMLElement;
  private readonly explanation: HTMLElement;
  private readonly play: HTMLElement;
  private stops: TrainerStop[] = [];
  private chain: TimelineChain | null = null;
  private index = -1;
  private speed = 1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private presenting = false;

  constructor(private readonly events: TrainerEvents) {
    this.position = el('span', { class: 'trainer-position', 'data-testid': 'trainer-position' });
    this.explanation = el('p', { class: 'trainer-explanation', 'aria-live': 'polite', 'data-testid': 'trainer-explanation' });
    this.play = button('Play', 'trainer-play', () => this.toggle(), { ariaLabel: 'Play or pause' });
    const speed = select('Speed', 'trainer-speed', (v) => { this.speed = Number(v) || 1; });
    setOptions(speed, '1×', ['0.5', '2', '4'], '');
    const controls = el('div', { class: 'trainer-controls', role: 'group', 'aria-label': 'Trainer' });
    controls.append(
      button('Previous', 'trainer-previous', () => this.go(-1), { ariaLabel: 'Previous event' }),
      this.play,
      button('Next', 'trainer-next', () => this.go(1), { ariaLabel: 'Next event' }),
      speed,
      this.position,
      button('Present', 'trainer-present', () => this.present(!this.presenting), { ariaLabel: 'Present full screen' }),
      button('Exit', 'trainer-exit', () => this.events.onExit(), { ariaLabel: 'Leave trainer mode' }),
    );
    this.element = el('div', { class: 'trainer', 'data-testid': 'trainer-bar' });
    this.element.append(controls, this.explanation);
    this.element.hidden = true;
    // Escape leaves from anywhere (while presenting, focus is on the timeline).
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.active) this.events.onExit();
    });
  }

  get active(): boolean {
    return !this.element.hidden;
  }

  start(chain: TimelineChain): void {
    this.chain = chain;
    this.stops = trainerStops(chain.chain);
    this.index = -1;
    this.element.hidden = false;
    this.go(1);
  }

  stop(): void {
    this.pause();
    if (this.presenting) this.present(false);
    this.element.hidden = true;
    this.chain = null;
  }

  go(delta: number): void {
    const next = stepIndex(this.index, delta, this.stops.length);
    if (next < 0 || !this.chain) return;
    const previous = this.stops[this.index];
    this.index = next;
    const stop = this.stops[next];
    this.position.textContent = `${next + 1} / ${this.stops.length}`;
    const note = this.chain.stepNotes?.[stop.stepIndex];
    const gap = previous && previous !== stop ? ` (${formatGap(stop.event.ts - previous.event.ts)})` : '';
    this.explanation.textContent = `Step “${stop.stepName}”${gap}: ${stop.event.summary}${note ? ` — ${note}` : ''}`;
    this.events.onStop(stop);
    if (next === this.stops.length - 1) this.pause();
  }

  private toggle(): void {
    if (this.timer) this.pause();
    else {
      if (this.index >= this.stops.length - 1) this.index = -1;
      this.play.textContent = 'Pause';
      this.tick();
    }
  }

  private tick(): void {
    this.go(1);
    if (this.index < this.stops.length - 1) this.timer = setTimeout(() => this.tick(), playDelay(this.speed));
    else this.pause();
  }

  private pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.play.textContent = 'Play';
  }

  private present(on: boolean): void {
    this.presenting = on;
    this.events.onPresent(on);
  }
}
