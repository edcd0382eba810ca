// The timeline's engine services (views/timeline/services.ts) over the engine worker: raw
// records, an event's columns, neighbours, process lineage, and the analytic's comment above
// each step (trainer mode).

import * as vscode from 'vscode';
import { analyticDocument } from '../commands/analytics';
import type { Context } from '../context';
import { stepComments } from '../core/dsl/service/comments';
import type { ProcessRef } from '../protocol/webview';
import type { SqlValue } from '../core/types/store';
import type { TimelineServices } from './timeline/services';

const NEIGHBOUR_LIMIT = 200;
/** Ids per lineage query: well below SQLite's bound-parameter limit. */
const ID_BATCH = 500;
/** The columns a chain's story and its lineage read (src/core/format/story.ts, timeline/lineage.ts). */
const STORY_COLUMNS = ['id', 'host', 'category', 'action', 'direction', 'event_id', 'provider', 'process_guid', 'pid', 'process_name', 'image', 'command_line',
  'parent_guid', 'ppid', 'parent_name', 'user', 'target_user', 'logon_id', 'logon_type', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'fw_action',
  'service_name', 'service_state', 'service_image', 'src_host', 'dst_host'];

export function timelineServices(ctx: Context): TimelineServices {
  return {
    raw: (eventId) => ctx.request('raw', { eventId }),
    fields: (eventId) => ctx.request('eventFields', { eventId }),
    neighbours: (eventId, seconds) => ctx.request('neighbours', { eventId, seconds, limit: NEIGHBOUR_LIMIT }),
    async processes(eventIds) {
      const out: Record<number, ProcessRef> = {};
      for (let i = 0; i < eventIds.length; i += ID_BATCH) {
        const ids = eventIds.slice(i, i + ID_BATCH);
        const sql = `SELECT id, process_guid, parent_guid, process_name FROM events WHERE process_guid IS NOT NULL AND id IN (${ids.map(() => '?').join(', ')})`;
        const result = await ctx.request('query', { sql, params: ids, limit: ids.length });
        for (const [id, guid, parentGuid, name] of result.rows) {
          out[Number(id)] = { guid: String(guid), parentGuid: parentGuid == null ? null : String(parentGuid), name: name == null ? null : String(name) };
        }
      }
      return out;
    },
    async rows(eventIds) {
      const out = new Map<number, Record<string, SqlValue>>();
      for (let i = 0; i < eventIds.length; i += ID_BATCH) {
        const ids = eventIds.slice(i, i + ID_BATCH);
        const result = await ctx.request('query', { sql: `SELECT ${STORY_COLUMNS.join(', ')} FROM events WHERE id IN (${ids.map(() => '?').join(', ')})`, params: ids, limit: ids.length });
        for (const values of result.rows) out.set(Number(values[0]), Object.fromEntries(STORY_COLUMNS.map((c, k) => [c, values[k] ?? null])));
      }
      return out;
    },
    async stepNotes(chain) {
      const run = ctx.runOf(chain.analytic);
      if (!run) return chain.steps.map(() => null);
      const notes = stepComments((await analyticDocument(vscode.Uri.parse(run.uri))).text, chain.analytic);
      return chain.steps.map((s) => notes[s.alternative ?? ''] ?? notes[s.name] ?? null);
    },
  };
}
