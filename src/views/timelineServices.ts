// The timeline's engine services (views/timeline/services.ts) over the engine worker.

import type { Context } from '../context';
import type { TimelineServices } from './timeline/services';

const NEIGHBOUR_LIMIT = 200;

export function timelineServices(ctx: Context): TimelineServices {
  return {
    raw: (eventId) => ctx.request('raw', { eventId }),
    fields: (eventId) => ctx.request('eventFields', { eventId }),
    neighbours: (eventId, seconds) => ctx.request('neighbours', { eventId, seconds, limit: NEIGHBOUR_LIMIT }),
  };
}
