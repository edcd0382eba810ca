// A small YAML emitter for the subset Sigma rules need: mappings, sequences, strings, numbers,
// booleans and null, in block style. Strings are always single-quoted (only `'` needs escaping,
// by doubling), so Windows paths and wildcards survive unchanged.

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const scalar = (v: string | number | boolean | null): string => (v === null ? 'null' : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v));
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
