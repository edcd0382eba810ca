// Conversions between the core's offsets and VS Code's positions, and between the DSL's
// diagnostics and VS Code's. Spans are UTF-16 offsets, as TextDocument.positionAt expects.

import * as vscode from 'vscode';
import type { Diagnostic, DiagnosticSeverity, Span } from '../core/types/diagnostic';

export function toRange(document: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
}

const SEVERITY: Record<DiagnosticSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(document: vscode.TextDocument, core: Diagnostic): vscode.Diagnostic {
  const result = new vscode.Diagnostic(toRange(document, core.span), core.message, SEVERITY[core.severity]);
  result.code = core.code;
  result.source = 'huntbench';
  return result;
}
