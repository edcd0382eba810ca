// Named lists from the `huntbench.allowlistFiles` setting: each workspace file (one value a
// line, `#` comments) becomes a list named after the file, usable by every analytic.
// This is where tuning lives, so a file that cannot be read is reported, not ignored.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Context } from '../context';
import { listName, parseListFile } from '../core/dsl/load';
import { readRegularTextSync } from '../core/fs/regularFile';

export type NamedLists = Record<string, string[]>;

export async function workspaceLists(ctx: Context): Promise<NamedLists> {
  const lists: NamedLists = {};
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  for (const file of ctx.settings().allowlistFiles) {
    const uri = path.isAbsolute(file) || !root ? vscode.Uri.file(file) : vscode.Uri.joinPath(root, file);
    try {
      // Local files only (no virtual workspaces); a FIFO or device is refused, not waited on.
      lists[listName(file)] = parseListFile(readRegularTextSync(uri.fsPath));
    } catch (error) {
      ctx.output.warn(`huntbench.allowlistFiles: cannot read ${file}: ${(error as Error).message}`);
    }
  }
  return lists;
}
