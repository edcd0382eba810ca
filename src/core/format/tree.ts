// A side-bar view as plain data: what each node says (label, description, tooltip, codicon)
// and which editor command a click runs. The Data, Chains and Sigma Detections views are
// built in core/format/*Tree.ts without vscode (unit-tested in node) and shown by one
// adapter, src/views/tree.ts, which also neutralises every string on the way out.

export interface TreeNode {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  /** A codicon id (`$(name)` without the markers). */
  readonly icon?: string;
  /** Tints the icon as a problem. */
  readonly warning?: boolean;
  /** The `viewItem` context key: which context-menu commands the node offers. */
  readonly contextValue?: string;
  /** The editor command (a `huntbench.*` id) a click runs, with its arguments. */
  readonly command?: { readonly id: string; readonly args: readonly unknown[] };
  /** What a context-menu command reads from the node it is given. */
  readonly eventId?: number;
  readonly host?: string | null;
  readonly file?: string;
  readonly expanded?: boolean;
  /** Built when the node is opened: a run can hold thousands of chains. */
  readonly children?: () => readonly TreeNode[];
}

/** The codicon of a severity or Sigma level. */
export const LEVEL_ICON: Readonly<Record<string, string>> = { critical: 'flame', high: 'warning', medium: 'info', low: 'circle-small', informational: 'circle-outline' };

export const NO_HOST = '(no host)';

