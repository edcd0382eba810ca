// A raw record as people read it: JSON indented, XML one element per line and indented (an
// element holding only text stays on one line). Text and attribute values are kept exactly;
// only whitespace between tags changes. Anything that does not parse as what it looks like is
// returned unchanged, so the pretty form never hides or invents content. And an event as the
// timeline's details show it.

import type { EventDetails, EventRecord } from '../types/session';

/** The event's columns (a blob as its size) and its raw text, or why it cannot be read. */
export function eventDetails({ fields, raw }: EventRecord): EventDetails {
  return {
    fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Uint8Array ? `(${v.byteLength} bytes)` : v])),
    raw: raw.text ?? `(raw record not available${raw.error ? `: ${raw.error}` : ''})`,
  };
}

export function prettyRecord(text: string): string {
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') return prettyJson(text);
  if (start === '<') return prettyXml(text);
  return text;
}

export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

const TOKEN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/?[A-Za-z_][^>]*>|[^<]+|</g;

export function prettyXml(text: string): string {
  const tokens = text.match(TOKEN) ?? [];
  const lines: string[] = [];
  const open: string[] = [];
  const indent = () => '  '.repeat(open.length);
  const name = (tag: string) => /^<\/?([^\s/>]+)/.exec(tag)?.[1] ?? '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '<') return text;
    if (!t.startsWith('<')) {
      if (t.trim() === '') continue;
      lines.push(indent() + t);
      continue;
    }
    if (t.startsWith('</')) {
      if (open.pop() !== name(t)) return text;
      lines.push(indent() + t);
      continue;
    }
    if (t.startsWith('<?') || t.startsWith('<!') || t.endsWith('/>')) {
      lines.push(indent() + t);
      continue;
    }
    // <a>text</a> stays on one line, with its text exactly as it was.
    const next = tokens[i + 1];
    const close = tokens[i + 2];
    if (next !== undefined && !next.startsWith('<') && close === `</${name(t)}>`) {
      lines.push(indent() + t + next + close);
      i += 2;
      continue;
    }
    if (next === `</${name(t)}>`) {
      lines.push(indent() + t + next);
      i += 1;
      continue;
    }
    lines.push(indent() + t);
    open.push(name(t));
  }
  return open.length ? text : lines.join('\n');
}
