// "Open raw record": a plain file opens at the event's own line (the line selected); a record
// inside an archive or a binary EVTX opens as the read-only document of `huntbench.showRawEvent`.

import * as vscode from 'vscode';
import * as path from 'node:path';
import type { RawEvent } from '../../protocol/worker';

export const SHOW_RAW_EVENT_COMMAND = 'huntbench.showRawEvent';

export async function openRawRecord(raw: RawEvent): Promise<void> {
  if (!raw.plainFile || raw.source.line === undefined) {
    await vscode.commands.executeCommand(SHOW_RAW_EVENT_COMMAND, raw.id);
    return;
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(absolute(raw.source.file)));
  const line = Math.min(Math.max(raw.source.line - 1, 0), document.lineCount - 1);
  const range = document.lineAt(line).range;
  await vscode.window.showTextDocument(document, { selection: range, preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** Sources are named as loaded; relative names are taken from the first workspace folder. */
function absolute(file: string): string {
  if (path.isAbsolute(file)) return file;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.join(folder.uri.fsPath, file) : file;
}
