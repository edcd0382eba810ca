// Renders the walked XML of one record as indented XML text, the way Event Viewer shows a
// record's XML view: element-only content on its own lines, text inline, empty elements closed
// with "/>". Used by "Open raw record" for binary EVTX.

import type { BxSink } from './walk';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// Characters XML 1.0 cannot carry even as references (control characters other than tab, LF, CR).
const INVALID_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ESCAPES[c]).replace(INVALID_XML_CHARS, '\uFFFD');
}

export class XmlRenderer implements BxSink {
  private out = '';
  /** Per open element: whether its start tag is still open ("<name a='b'" without ">"). */
  private readonly pending: boolean[] = [];
  private readonly hasElementChild: boolean[] = [];
  private readonly hasText: boolean[] = [];

  private closeStartTag(): void {
    const top = this.pending.length - 1;
    if (top >= 0 && this.pending[top]) {
      this.out += '>';
      this.pending[top] = false;
    }
  }

  wantsText(): boolean {
    return true;
  }

  wantsAttr(): boolean {
    return true;
  }

  open(name: string): void {
    this.closeStartTag();
    const depth = this.pending.length;
    if (depth > 0) this.hasElementChild[depth - 1] = true;
    if (this.out !== '') this.out += '\n';
    this.out += `${'  '.repeat(depth)}<${name}`;
    this.pending.push(true);
    this.hasElementChild.push(false);
    this.hasText.push(false);
  }

  attr(name: string, value: string): void {
    this.out += ` ${name}="${escapeXml(value)}"`;
  }

  text(text: string): void {
    if (text === '') return;
    this.closeStartTag();
    this.hasText[this.hasText.length - 1] = true;
    this.out += escapeXml(text);
  }

  cdata(text: string): void {
    this.closeStartTag();
    this.hasText[this.hasText.length - 1] = true;
    this.out += `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
  }

  pi(target: string, data: string): void {
    this.closeStartTag();
    this.out += `<?${target}${data === '' ? '' : ` ${data}`}?>`;
  }

  close(name: string): void {
    const pending = this.pending.pop();
    const hasElementChild = this.hasElementChild.pop();
    const hasText = this.hasText.pop();
    if (pending) this.out += '/>';
    else if (hasElementChild && !hasText) this.out += `\n${'  '.repeat(this.pending.length)}</${name}>`;
    else this.out += `</${name}>`;
  }

  toString(): string {
    return this.out;
  }
}
