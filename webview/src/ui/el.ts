// Typed element construction for the webview UI over the one safe DOM helper (render/dom.ts),
// plus the few VS Code Elements controls the panel uses.

import { html, svg as svgEl, type Attrs, type MiniDocument } from '../render/dom';

const doc = document as unknown as MiniDocument;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, text?: string): HTMLElementTagNameMap[K];
export function el(tag: string, attrs?: Attrs, text?: string): HTMLElement;
export function el(tag: string, attrs?: Attrs, text?: string): HTMLElement {
  return html(doc, tag, attrs, text) as unknown as HTMLElement;
}

export function svg(tag: string, attrs?: Attrs, text?: string): SVGElement {
  return svgEl(doc, tag, attrs, text) as unknown as SVGElement;
}

export function miniDocument(): MiniDocument {
  return doc;
}

export function button(label: string, testId: string, onClick: () => void, options: { secondary?: boolean; ariaLabel?: string } = {}): HTMLElement {
  const b = el('vscode-button', { 'data-testid': testId, secondary: options.secondary ?? true, 'aria-label': options.ariaLabel ?? label, title: options.ariaLabel ?? label }, label);
  b.addEventListener('click', onClick);
  return b;
}

export interface TextField extends HTMLElement { value: string }

export function textField(label: string, testId: string, placeholder: string, onInput: (value: string) => void): TextField {
  const f = el('vscode-textfield', { 'data-testid': testId, placeholder, 'aria-label': label, label }) as TextField;
  f.addEventListener('input', () => onInput(f.value));
  return f;
}

export interface Select extends HTMLElement { value: string }

/** A single-select whose first option ("" value) means "any". */
export function select(label: string, testId: string, onChange: (value: string) => void): Select {
  const s = el('vscode-single-select', { 'data-testid': testId, 'aria-label': label, label }) as Select;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function setOptions(s: Select, anyLabel: string, values: readonly string[], current: string): void {
  // The select reads its options when they are slotted, so the choice is marked on the option.
  const chosen = values.includes(current) ? current : '';
  const options = [el('vscode-option', { value: '', selected: chosen === '' }, anyLabel), ...values.map((v) => el('vscode-option', { value: v, selected: v === chosen }, v))];
  s.replaceChildren(...options);
}
