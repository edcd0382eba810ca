// A small YAML emitter for the subset Sigma rules need: mappings, sequences, strings, numbers,
// booleans and null, in block style. Strings are single-quoted (only `'` needs escaping, by
// doubling), so Windows paths and wildcards survive unchanged; a string with a line break or
// a character YAML cannot print is double-quoted with escapes instead, since a single-quoted
// scalar folds a line break into a space and cannot hold control characters at all.

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** Line breaks (YAML 1.1 counts U+0085, U+2028 and U+2029 too), non-printable characters and lone surrogates. */
const UNPRINTABLE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function quoted(v: string): string {
  if (v.search(UNPRINTABLE) === -1) return `'${v.replace(/'/g, "''")}'`;
  const escaped = v.replace(/[\\"]/g, '\\$&').replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  return `"${escaped}"`;
}

const scalar = (v: string | number | boolean | null): string => (v === null ? 'null' : typeof v === 'string' ? quoted(v) : String(v));
const key = (k: string): string => (/^[A-Za-z_][\w.|-]*$/.test(k) ? k : scalar(k));
const isScalar = (v: YamlValue): v is string | number | boolean | null => v === null || typeof v !== 'object';

function lines(value: YamlValue, indent: string): string[] {
  if (isScalar(value)) return [`${indent}${scalar(value)}`];
  if (Array.isArray(value)) {
    return value.flatMap((item: YamlValue) => {
      if (isScalar(item)) return [`${indent}- ${scalar(item)}`];
      const [first, ...rest] = lines(item, `${indent}  `);
      return [`${indent}- ${first!.trimStart()}`, ...rest];
    });
  }
  return Object.entries(value as Record<string, YamlValue>).flatMap(([k, v]) => {
    if (isScalar(v)) return [`${indent}${key(k)}: ${scalar(v)}`];
    if (Array.isArray(v) && v.length === 0) return [`${indent}${key(k)}: []`];
    return [`${indent}${key(k)}:`, ...lines(v, `${indent}  `)];
  });
}

/** One YAML document (no leading `---`), ending with a newline. */
export function toYaml(value: YamlValue): string {
  return `${lines(value, '').join('\n')}\n`;
}
