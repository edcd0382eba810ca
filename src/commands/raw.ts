// Show Raw Event: the record an event was read from. Plain files open at the exact line;
// archive members and EVTX records open as a read-only `huntbench-raw:` document. Called
// from the Chains view, the timeline ("Open raw record" passes the event id) and the palette.

import * as vscode from 'vscode';
import type { Context } from '../context';

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
    if (raw.plainFile && raw.source.line !== undefined && raw.text !== null) {
      const line = raw.source.line - 1;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(raw.source.file));
      const range = document.lineAt(Math.min(line, document.lineCount - 1)).range;
      await vscode.window.showTextDocument(document, { selection: range, preview: true });
      return;
    }
    if (raw.text === null) {
      void vscode.window.showErrorMessage(`Huntbench: the raw record of event ${eventId} (${raw.source.file}) cannot be read: ${raw.error ?? 'unknown reason'}`);
      return;
    }
    await ctx.rawDocuments.show(`/${rawFileName(eventId, raw.source.file, raw.text)}`, readable(raw.text));
  };
}

function rawFileName(id: number, source: string, text: string): string {
  const base = source.split(/[\\/!]/).pop()?.replace(/[^A-Za-z0-9._-]/g, '_') ?? 'event';
  const ext = text.trimStart().startsWith('<') ? 'xml' : text.trimStart().startsWith('{') ? 'json' : 'txt';
  return `event-${id}-${base}.${ext}`;
}

/** JSON records are shown indented; anything else exactly as stored. */
function readable(text: string): string {
  if (!text.trimStart().startsWith('{')) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
