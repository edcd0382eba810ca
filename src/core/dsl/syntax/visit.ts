// Walking the syntax tree: `children()` lists a node's direct children in source order, and
// `walk()` calls a visitor before (and optionally after) each node. Exporters and checker
// rules use these instead of hand-written recursion over every node kind.

import type { Node } from './ast';

export function children(node: Node): Node[] {
  const out: (Node | null | undefined)[] = [];
  switch (node.kind) {
    case 'Document': out.push(...node.items); break;
    case 'ListDecl': out.push(node.name, ...(node.values ?? []), node.file); break;
    case 'Analytic': out.push(node.id, ...node.meta, node.sequence, node.baseline, ...node.tests); break;
    case 'Meta': out.push(...node.values); break;
    case 'Sequence': out.push(...node.by, node.within, node.slack, node.merge, ...node.steps, node.until); break;
    case 'Step': out.push(node.name, ...node.by, node.gap, node.within, node.body, node.having); break;
    case 'Alternatives': out.push(...node.options); break;
    case 'Alternative': out.push(node.name, node.selection); break;
    case 'Selection': out.push(node.category, node.where); break;
    case 'Having': out.push(...node.conditions, node.within); break;
    case 'Aggregate': out.push(node.field, node.value); break;
    case 'Baseline': out.push(node.duration); break;
    case 'TestCase': out.push(node.name, node.expect, ...(node.events ?? []), node.file); break;
    case 'Logical': out.push(node.left, node.right); break;
    case 'Not': out.push(node.operand); break;
    case 'Compare': out.push(node.left, node.right); break;
    case 'In': out.push(node.subject, ...(node.values ?? []), node.list); break;
    case 'Like': out.push(node.subject, ...(node.patterns ?? []), node.list); break;
    case 'Matches': out.push(node.subject, node.regex); break;
    case 'IsNull': out.push(node.subject); break;
    case 'Call': out.push(node.fn, ...node.args); break;
    default: break;
  }
  return out.filter((n): n is Node => n != null);
}

export interface Visitor {
  /** Return false to skip the node's children. */
  enter?(node: Node, parent: Node | null): boolean | void;
  leave?(node: Node, parent: Node | null): void;
}

export function walk(node: Node, visitor: Visitor, parent: Node | null = null): void {
  if (visitor.enter?.(node, parent) === false) return;
  for (const child of children(node)) walk(child, visitor, node);
  visitor.leave?.(node, parent);
}
