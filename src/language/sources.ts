// One parse per `.hunt` document version, shared by every language feature (diagnostics,
// completion, hover, outline, definitions, lenses, code actions, tests): typing a character
// parses the document once, not once per provider.

import * as vscode from 'vscode';
import { huntSource, type HuntSource } from '../core/dsl/service/source';

const parsed = new Map<string, { readonly version: number; readonly source: HuntSource }>();

/** The document parsed at its current version. */
export function sourceOf(document: vscode.TextDocument): HuntSource {
  const key = document.uri.toString();
  const hit = parsed.get(key);
  if (hit?.version === document.version) return hit.source;
  const source = huntSource(document.getText());
  parsed.set(key, { version: document.version, source });
  return source;
}

/** Closed documents are forgotten. */
export function registerSources(): vscode.Disposable {
  return vscode.workspace.onDidCloseTextDocument((d) => parsed.delete(d.uri.toString()));
}
