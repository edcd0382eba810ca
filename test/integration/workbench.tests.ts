// The workbench in a real VS Code: commands registered, behaviour with no data, then a user's
// path: load logs, run analytics, reach a chain and its raw event; live diagnostics with a
// did-you-mean; completion; CodeLens chain counts. The workspace is a copy of
// test/fixtures/worker (one NDJSON log and one analytic).

import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HuntbenchApi } from '../../src/extension';
import { test, waitFor } from './harness';

const EXTENSION_ID = 'huntbench.huntbench';
const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
let api: HuntbenchApi;

test('activates lazily and registers every contributed command', async () => {
  const extension = vscode.extensions.getExtension<HuntbenchApi>(EXTENSION_ID);
  assert.ok(extension, 'extension is installed');
  const declared = (extension.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
  api = await extension.activate();
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
});

test('with no data, data commands explain themselves instead of failing', async () => {
  await vscode.commands.executeCommand('huntbench.queryEvents', 'SELECT 1');
  await vscode.commands.executeCommand('huntbench.showRawEvent', 1);
  await vscode.commands.executeCommand('huntbench.exportChains');
  assert.equal(api.stats(), undefined, 'the engine was not started for them');
});

test('Load into Huntbench loads the selected log through the worker', async () => {
  const log = vscode.Uri.joinPath(folder(), 'psexec-like.ndjson');
  await vscode.commands.executeCommand('huntbench.loadIntoHuntbench', log, [log]);
  const stats = await waitFor('the session to hold events', () => api.stats()?.events);
  assert.equal(stats, 3);
  const manifest = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder(), '.huntbench', 'session.json'))).toString());
  assert.deepEqual(manifest.files, ['psexec-like.ndjson']);
});

test('Run All Analytics finds the chain; CodeLens shows its count', async () => {
  await vscode.commands.executeCommand('huntbench.runAllAnalytics');
  const run = await waitFor('the TEST-SVC run', () => api.runs().find((r) => r.analytic === 'TEST-SVC'));
  assert.equal(run.chains.length, 1);
  const hunt = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'svc.hunt'));
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', hunt.uri);
  assert.ok(lenses.some((l) => l.command?.title === '1 chain'), lenses.map((l) => l.command?.title).join(', '));
});

test('Show Raw Event opens the source file at the event line', async () => {
  const event = api.runs().find((r) => r.analytic === 'TEST-SVC')!.chains[0]!.steps[1]!.events[0]!;
  await vscode.commands.executeCommand('huntbench.showRawEvent', event.id);
  const editor = await waitFor('an editor on the log', () => vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('psexec-like.ndjson') && vscode.window.activeTextEditor);
  assert.equal(editor.selection.start.line, event.source.line! - 1);
});

test('Query Events shows the rows in a read-only document', async () => {
  await vscode.commands.executeCommand('huntbench.queryEvents', 'SELECT count(*) AS n FROM events WHERE DestinationPort > 1000');
  const editor = await waitFor('the query result', () => vscode.window.activeTextEditor?.document.uri.scheme === 'huntbench-report' && vscode.window.activeTextEditor);
  assert.match(editor.document.getText(), /\| n \|\n\|---\|\n\| 1 \|/);
});

test('Explain shows candidates, reached and died per step', async () => {
  const uri = vscode.Uri.joinPath(folder(), 'svc.hunt').toString();
  await vscode.commands.executeCommand('huntbench.explainAnalytic', { uri, analytic: 'TEST-SVC' });
  const editor = await waitFor('the explanation', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.includes('explain-TEST-SVC')));
  assert.match(editor.document.getText(), /\| inbound \| 1 \| 1 \|/);
  assert.match(editor.document.getText(), /\| child \| 1 \| 1 \| 0 \|/);
});

test('hover shows a field\'s documentation and loaded values; outline lists the steps', async () => {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'svc.hunt'));
  const at = document.positionAt(document.getText().indexOf('process_name') + 2);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /services\.exe/);
  assert.match(text, /process\.name/);
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
  assert.deepEqual(symbols.map((s) => [s.name, s.children.map((c) => c.name)]), [['TEST-SVC', ['inbound', 'child', 'accept then child']]]);
});

test('a misspelt field gets a did-you-mean diagnostic with a quick fix', async () => {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder(), 'svc.hunt'));
  const editor = await vscode.window.showTextDocument(document);
  const at = document.getText().indexOf('parent_name');
  await editor.edit((e) => e.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 'parent_name'.length)), 'parent_nmae'));
  const diagnostic = await waitFor('HUNT2001', () => vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'HUNT2001'), 3000);
  assert.match(diagnostic.message, /parent_name/);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
  assert.ok(actions.some((a) => a.title.includes('parent_name')), actions.map((a) => a.title).join(', '));
});

test('completion offers fields and the loaded values of a field', async () => {
  const document = await vscode.workspace.openTextDocument({ language: 'hunt', content: 'analytic "X" {\n  sequence by host within 5m\n    step a: process where process_name == \n}\n' });
  const fields = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(2, 26));
  assert.ok(fields.items.some((i) => i.label === 'DestinationPort'));
  const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(2, 42));
  assert.ok(values.items.some((i) => i.label === '"cmd.exe"'), values.items.map((i) => String(i.label)).slice(0, 10).join(', '));
});

test('the analytics and the log paths stay inside the workspace copy', () => {
  assert.ok(api.runs().every((r) => r.uri.startsWith('file:')), 'runs name their documents');
  assert.ok(path.isAbsolute(folder().fsPath));
});

test('Reload Session from the manifest rebuilds the session and clears old chains', async () => {
  await vscode.commands.executeCommand('huntbench.reloadSession');
  assert.equal(api.stats()?.events, 3);
  assert.deepEqual(api.runs(), []);
});
