// The timeline's engine services (views/timeline/services.ts) over the engine worker: an
// event's details and neighbours, and the analytic's comment above each step (trainer mode),
// read from the document in the editor.

import * as vscode from 'vscode';
import { analyticDocument } from '../commands/analytics';
import type { Context } from '../context';
import { stepComments } from '../core/dsl/service/comments';
import { huntSource } from '../core/dsl/service/source';
import type { TimelineServices } from './timeline/services';

const NEIGHBOUR_LIMIT = 200;

export function timelineServices(ctx: Context): TimelineServices {
  return {
    event: (eventId) => ctx.request('event', { eventId }),
    rows: async (eventIds) => new Map(Object.entries(await ctx.request('eventRows', { eventIds })).map(([id, row]) => [Number(id), row])),
    neighbours: (eventId, seconds) => ctx.request('neighbours', { eventId, seconds, limit: NEIGHBOUR_LIMIT }),
    async stepNotes(chain) {
      const run = ctx.runOf(chain.analytic);
      if (!run) return chain.steps.map(() => null);
      const notes = stepComments(huntSource((await analyticDocument(vscode.Uri.parse(run.uri))).text), chain.analytic);
      return chain.steps.map((s) => notes[s.alternative ?? ''] ?? notes[s.name] ?? null);
    },
  };
}
