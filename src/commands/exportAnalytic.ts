// Export Analytic As…: compile the `.hunt` file in the editor (unsaved edits included) to EQL,
// KQL, SPL or Sigma and open the result beside it. A workspace overrides a target's field
// mapping with `.huntbench/mappings/<target>.json` (the CLI's `--schema`); approximations are
// in the result's comment footer and counted in a notification.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { loadHuntText } from '../core/dsl/load';
import { exportFile } from '../core/export/index';
import { loadMapping } from '../core/export/mapping';
import type { TargetName } from '../core/export/model';

const CHOICES: readonly (vscode.QuickPickItem & { target: TargetName; language: string })[] = [
  { label: 'EQL', detail: 'Elasticsearch Event Query Language over ECS', target: 'eql', language: 'plaintext' },
  { label: 'KQL', detail: 'Microsoft Sentinel / Azure Data Explorer (scan over Sentinel tables)', target: 'kql', language: 'kusto' },
  { label: 'SPL', detail: 'Splunk over the Common Information Model', target: 'spl', language: 'plaintext' },
  { label: 'Sigma', detail: 'Sigma rules and a correlation rule (YAML)', target: 'sigma', language: 'yaml' },
];

async function workspaceMapping(target: TargetName): Promise<string | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return undefined;
  const uri = vscode.Uri.joinPath(root, '.huntbench', 'mappings', `${target}.json`);
  return vscode.workspace.fs.stat(uri).then(() => uri.fsPath, () => undefined);
}

export function exportAnalytic(_ctx: Context) {
  return async (uri?: vscode.Uri): Promise<void> => {
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'hunt') {
      void vscode.window.showInformationMessage('Huntbench: open a .hunt file to export its analytics.');
      return;
    }
    const choice = await vscode.window.showQuickPick(CHOICES, { title: 'Huntbench: export analytic as' });
    if (!choice) return;
    const file = loadHuntText(document.uri.fsPath, document.getText());
    if (file.diagnostics.some((d) => d.severity === 'error')) {
      void vscode.window.showErrorMessage('Huntbench: the file has errors; fix them (see Problems) before exporting.');
      return;
    }
    const result = exportFile(file, choice.target, loadMapping(choice.target, await workspaceMapping(choice.target)));
    const output = await vscode.workspace.openTextDocument({ content: result.text, language: choice.language });
    await vscode.window.showTextDocument(output, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    const approximations = result.analytics.reduce((n, a) => n + a.diagnostics.length, 0);
    if (approximations > 0) void vscode.window.showInformationMessage(`Huntbench: ${approximations} construct(s) approximated in ${choice.label}; see the comments after each query.`);
  };
}
