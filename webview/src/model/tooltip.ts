// Where the timeline's hover tooltip goes: beside the pointer, but always wholly inside the
// pane. Near the right or bottom edge it flips to the other side of the pointer instead of
// being squeezed into the space left (a 35 px column of text over the side panel).

export interface TooltipBox { readonly width: number; readonly height: number }

/** Pixels between the pointer and the tooltip, and kept free at the pane's edges. */
const OFFSET = 12;
const MARGIN = 4;

export function placeTooltip(pointer: { x: number; y: number }, box: TooltipBox, pane: TooltipBox): { left: number; top: number } {
  const right = pointer.x + OFFSET;
  const left = right + box.width + MARGIN <= pane.width ? right : pointer.x - OFFSET - box.width;
  const below = pointer.y + OFFSET;
  const top = below + box.height + MARGIN <= pane.height ? below : pointer.y - OFFSET - box.height;
  const clamp = (v: number, size: number, room: number) => Math.max(MARGIN, Math.min(v, room - size - MARGIN));
  return { left: clamp(left, box.width, pane.width), top: clamp(top, box.height, pane.height) };
}

/** Tooltip text is a preview: a long log value is cut (the side panel and raw record have it all). */
export const TOOLTIP_MAX_CHARS = 600;
