// Lets ad hoc SQL name fields the way the hunter's tooling does (Sigma, ECS, CIM, Zeek):
// identifiers that resolve through resolveField() are rewritten to canonical columns.
// Only identifiers are touched; string literals, numbers, comments and function names
// pass through unchanged, so values stay bound or literal exactly as written.

import { column } from '../schema/columns';
import { resolveField } from '../schema/aliases';

const TOKEN = /'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\/|"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|[@A-Za-z_][\w@.]*(?=\s*(\()?)|\d[\w.]*|[\s\S]/g;

function canonical(name: string): string | undefined {
  if (column(name)) return undefined;
  return resolveField(name);
}

/** A bare dotted name is either one alias (`host.name`) or `table.column` whose column may be an alias. */
function rewriteBare(word: string): string {
  const whole = canonical(word);
  if (whole) return whole;
  const dot = word.lastIndexOf('.');
  if (dot <= 0) return word;
  const tail = canonical(word.slice(dot + 1));
  return tail ? `${word.slice(0, dot + 1)}${tail}` : word;
}

export function rewriteAliases(sql: string): string {
  return sql.replace(TOKEN, (token, doubleQuoted?: string, backQuoted?: string, bracketed?: string, call?: string) => {
    const quoted = doubleQuoted ?? backQuoted ?? bracketed;
    if (quoted !== undefined) {
      const target = canonical(quoted.replace(/""/g, '"'));
      return target ? `"${target}"` : token;
    }
    if (!/^[@A-Za-z_]/.test(token) || call) return token;
    return rewriteBare(token);
  });
}
