// What the timeline and the estate graph ask of the engine after they opened, over the engine
// worker: one event's details, many events' columns, an event's neighbours, and the analytic's
// comment above each step (trainer mode), read from the document in the editor.

import * as vscode from 'vscode';
import { analyticDocument } from '../commands/analytics';
import type { Context } from '../context';
import { stepComments } from '../core/dsl/service/comments';
import { huntSource } from '../core/dsl/service/source';
import type { Chain, ChainEvent } from '../core/types/chain';
import type { EventRecord } from '../core/types/session';
import type { SqlValue } from '../core/types/store';

const NEIGHBOUR_LIMIT = 200;

export interface TimelineServices {
  /** The event's normalized columns and raw record, in one request (the session's `event`). */
  event(eventId: number): Promise<EventRecord>;
  /** The columns of many events in one request, by event id (the estate graph's arrows). */
  rows(eventIds: readonly number[]): Promise<ReadonlyMap<number, Readonly<Record<string, SqlValue>>>>;
  /** Events on the same host within ±`seconds` of the event, in time order (the session's `neighbours`). */
  neighbours(eventId: number, seconds: number): Promise<readonly ChainEvent[]>;
  /** Per step, the explanation from the analytic's comments, for trainer mode. */
  stepNotes?(chain: Chain): Promise<readonly (string | null)[]>;
}

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
