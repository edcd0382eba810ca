// Document outline (analytics, steps, alternatives, lists, tests) and go-to-definition for
// step references and list uses, over the core's outline service.

import * as vscode from 'vscode';
import { definition, outline, type OutlineSymbol } from '../core/dsl/service/outline';
import { toRange } from './convert';
import { sourceOf } from './sources';

const KIND: Record<OutlineSymbol['kind'], vscode.SymbolKind> = {
  analytic: vscode.SymbolKind.Module,
  step: vscode.SymbolKind.Function,
  alternative: vscode.SymbolKind.Method,
  list: vscode.SymbolKind.Array,
  test: vscode.SymbolKind.Event,
};

function toSymbol(document: vscode.TextDocument, symbol: OutlineSymbol): vscode.DocumentSymbol {
  const result = new vscode.DocumentSymbol(symbol.name, symbol.detail, KIND[symbol.kind], toRange(document, symbol.span), toRange(document, symbol.nameSpan));
  result.children = symbol.children.map((c) => toSymbol(document, c));
  return result;
}

export function registerSymbols(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDocumentSymbolProvider('hunt', {
      provideDocumentSymbols: (document) => outline(sourceOf(document)).map((s) => toSymbol(document, s)),
    }),
    vscode.languages.registerDefinitionProvider('hunt', {
      provideDefinition(document, position) {
        const span = definition(sourceOf(document), document.offsetAt(position));
        return span && new vscode.Location(document.uri, toRange(document, span));
      },
    }),
  );
}
