// The only way the webview builds DOM: elements, attributes and text nodes. There is no
// HTML-string path at all, so attacker-controlled log text can never become markup.
// Written against a minimal document interface so the renderers run in unit tests on a fake DOM.

export interface MiniNode {
  textContent: string | null;
}

export interface MiniElement extends MiniNode {
  setAttribute(name: string, value: string): void;
  appendChild(child: MiniNode): unknown;
}

export interface MiniDocument {
  createElement(tag: string): MiniElement;
  createElementNS(namespace: string, tag: string): MiniElement;
  createTextNode(text: string): MiniNode;
}

export const SVG_NS = 'http://www.w3.org/2000/svg';

export type Attrs = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Event-handler and style attributes are refused: handlers are attached in code, styles live in CSS. */
function checkAttribute(name: string): void {
  if (/^on/i.test(name) || /^(style|srcdoc|href|xlink:href|src)$/i.test(name)) {
    throw new Error(`refusing to set attribute "${name}" from the renderer`);
  }
}

function apply<E extends MiniElement>(el: E, attrs: Attrs | undefined, text: string | undefined): E {
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      checkAttribute(name);
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

export function html(doc: MiniDocument, tag: string, attrs?: Attrs, text?: string): MiniElement {
  return apply(doc.createElement(tag), attrs, text);
}

export function svg(doc: MiniDocument, tag: string, attrs?: Attrs, text?: string): MiniElement {
  return apply(doc.createElementNS(SVG_NS, tag), attrs, text);
}
