// Show Raw Event: the record an event was read from, pretty-printed (JSON indented, XML one
// element per line) in a read-only `huntbench-raw:` document. Show Original Record, one
// command away (the raw document's title bar), gives the bytes as stored: a plain file at the
// event's own line, an archive member's or EVTX record's text unformatted. Called from the
// Chains view, the timeline ("Open raw record" passes the event id) and the palette.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { prettyRecord } from '../core/format/pretty';
import { fileSafe } from '../core/format/notices';
import type { RawEvent } from '../core/types/session';
import { RAW_SCHEME } from '../views/readOnlyDocuments';
import { markProgress, PROGRESS } from '../views/walkthrough';

/** What callers pass: an event id, or anything carrying one (a Chains view event node). */
export type RawEventArg = number | { readonly eventId: number } | undefined;

function eventIdOf(arg: RawEventArg): number | undefined {
  if (typeof arg === 'number') return arg;
  return arg && typeof arg.eventId === 'number' ? arg.eventId : undefined;
}

export function showRawEvent(ctx: Context) {
  return async (arg?: RawEventArg): Promise<void> => {
    if (!ctx.hasData) {
      void vscode.window.showInformationMessage('Huntbench: no logs are loaded, so there is no raw event to show.');
      return;
    }
    let eventId = eventIdOf(arg);
    if (eventId === undefined) {
      const typed = await vscode.window.showInputBox({ title: 'Huntbench: Show Raw Event', prompt: 'Event id (the `id` column)', validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : 'An event id is a whole number') });
      if (typed === undefined) return;
      eventId = Number(typed.trim());
    }
    const raw = await ctx.request('raw', { eventId });
    if (!readable(raw)) return;
    await ctx.rawDocuments.show(`/${rawFileName(raw)}`, prettyRecord(raw.text));
    markProgress(PROGRESS.raw);
  };
}

/**
 * Show Original Record: the bytes the pretty record was made from. A plain file opens at the
 * event's own line; an archive member or EVTX record as stored, in a read-only document.
 * Without an argument, for the raw record in the active editor.
 */
export function showOriginalRecord(ctx: Context) {
  return async (arg?: RawEventArg): Promise<void> => {
    const eventId = eventIdOf(arg) ?? eventIdOfDocument(vscode.window.activeTextEditor?.document.uri);
    if (eventId === undefined || !ctx.hasData) {
      void vscode.window.showInformationMessage('Huntbench: open a raw record first (Open raw record in a timeline, or Show Raw Event).');
      return;
    }
    const raw = await ctx.request('raw', { eventId });
    if (raw.plainFile && raw.source.line !== undefined) {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(raw.source.file));
      const range = document.lineAt(Math.min(raw.source.line - 1, document.lineCount - 1)).range;
      await vscode.window.showTextDocument(document, { selection: range, preview: true });
      return;
    }
    if (readable(raw)) await ctx.rawDocuments.show(`/${rawFileName(raw).replace(/(\.[a-z]+)$/, '.original$1')}`, raw.text);
  };
}

/** The event id a raw document is named after (`event-<id>-...`). */
function eventIdOfDocument(uri: vscode.Uri | undefined): number | undefined {
  if (uri?.scheme !== RAW_SCHEME) return undefined;
  const m = /^\/event-(\d+)-/.exec(uri.path);
  return m ? Number(m[1]) : undefined;
}

/** True when the record's text could be read; else says why. */
function readable(raw: RawEvent): raw is RawEvent & { text: string } {
  if (raw.text === null) void vscode.window.showErrorMessage(`Huntbench: the raw record of event ${raw.id} (${raw.source.file}) cannot be read: ${raw.error ?? 'unknown reason'}`);
  return raw.text !== null;
}

function rawFileName(raw: RawEvent & { text: string }): string {
  const text = raw.text.trimStart();
  return `event-${raw.id}-${fileSafe(raw.source.file.split(/[\\/!]/).pop() ?? 'event')}.${text.startsWith('<') ? 'xml' : text.startsWith('{') ? 'json' : 'txt'}`;
}
