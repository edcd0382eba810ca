// Trainer mode: a chain's events in the order they happened (ties by step order), stepped
// through one at a time, with each step's explanation when the analytic gives one.

import type { Chain, ChainEvent } from '../../../src/protocol/webview';

export interface TrainerStop {
  readonly event: ChainEvent;
  readonly stepIndex: number;
  readonly stepName: string;
}

export function trainerStops(chain: Chain): TrainerStop[] {
  const stops = chain.steps.flatMap((step, stepIndex) => step.events.map((event) => ({ event, stepIndex, stepName: step.name })));
  return stops.sort((a, b) => a.event.ts - b.event.ts || a.stepIndex - b.stepIndex);
}

/** Next index when stepping (clamped, no wrap), so auto-play stops at the end. */
export function stepIndex(current: number, delta: number, count: number): number {
  if (count === 0) return -1;
  return Math.min(count - 1, Math.max(0, current + delta));
}

/** Auto-play delay in ms at a speed multiplier (1 = one event every 2 s). */
export function playDelay(speed: number): number {
  return 2000 / Math.min(Math.max(speed, 0.25), 8);
}
