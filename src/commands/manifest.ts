// The workspace session manifest `.huntbench/session.json`: which logs (and analytics) the
// session holds, so a trainer reopens a demo in one click. Written after every load or
// unload; read only on request, and never in an untrusted workspace (a manifest could point
// the engine at any file on disk).

import * as path from 'node:path';
import * as vscode from 'vscode';

export interface SessionManifest {
  readonly version: 1;
  /** Workspace-relative paths where possible, else absolute. */
  readonly files: readonly string[];
  readonly analytics?: readonly string[];
}

const MANIFEST = ['.huntbench', 'session.json'] as const;

function folder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

function manifestUri(): vscode.Uri | undefined {
  const root = folder();
  return root && vscode.Uri.joinPath(root.uri, ...MANIFEST);
}

export async function writeManifest(files: readonly string[]): Promise<void> {
  const uri = manifestUri();
  const root = folder();
  if (!uri || !root) return;
  const relative = files.map((file) => {
    const rel = path.relative(root.uri.fsPath, file);
    return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
  });
  const manifest: SessionManifest = { version: 1, files: relative };
  await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  await vscode.commands.executeCommand('setContext', 'huntbench.hasManifest', files.length > 0);
}

/** Absolute paths of the manifest's files, or an error message a person can act on. */
export async function readManifest(): Promise<{ files: string[] } | { error: string }> {
  const uri = manifestUri();
  const root = folder();
  if (!uri || !root) return { error: 'Open a folder to use a saved Huntbench session.' };
  let manifest: Partial<SessionManifest>;
  try {
    manifest = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as Partial<SessionManifest>;
  } catch (error) {
    return { error: `Cannot read ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}` };
  }
  if (!Array.isArray(manifest.files) || !manifest.files.every((f) => typeof f === 'string')) {
    return { error: `${vscode.workspace.asRelativePath(uri)}: "files" must be a list of paths.` };
  }
  if (manifest.files.length === 0) return { error: 'The saved Huntbench session has no logs: use Load Logs.' };
  return { files: manifest.files.map((f) => (path.isAbsolute(f) ? f : path.join(root.uri.fsPath, f))) };
}

/** True when the workspace has a manifest that names at least one log. */
export async function manifestExists(): Promise<boolean> {
  return 'files' in (await readManifest());
}
