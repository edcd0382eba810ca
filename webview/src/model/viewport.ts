// Zoom and pan arithmetic on the visible time window, kept apart from the DOM so wheel,
// drag, keyboard and brush all move the view the same tested way.

export interface Window {
  readonly start: number;
  readonly end: number;
}

/** Narrowest window allowed: 1 ms across the view. */
const MIN_SPAN = 1;

/** Zoom by `factor` (<1 zooms in) keeping the instant under `anchor` (0..1 of the width) fixed. */
export function zoomAt(w: Window, factor: number, anchor = 0.5): Window {
  const span = w.end - w.start;
  const next = Math.max(span * factor, MIN_SPAN);
  const at = w.start + span * anchor;
  return { start: at - next * anchor, end: at - next * anchor + next };
}

/** Pan by a fraction of the window (positive moves later in time). */
export function panBy(w: Window, fraction: number): Window {
  const d = (w.end - w.start) * fraction;
  return { start: w.start + d, end: w.end + d };
}

/** A window that shows [start, end] with a margin on each side; single instants get one second. */
export function fit(start: number, end: number, margin = 0.06): Window {
  const span = end - start;
  if (span <= 0) return { start: start - 500, end: start + 500 };
  return { start: start - span * margin, end: end + span * margin };
}
