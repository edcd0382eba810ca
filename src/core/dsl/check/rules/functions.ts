// Function calls and patterns: known functions with the right arguments (cidr blocks that
// parse, first_seen()/rare() over fields of the event itself), regexes that compile, and a
// note when a baseline function has no `baseline` clause to compare against.

import { diag } from '../../diagnosticCodes';
import type * as A from '../../syntax/ast';
import { parseCidr } from '../../semantics/values';
import { walk } from '../../syntax/visit';
import { compileRegex } from '../../../text/regex';
import type { CheckContext } from '../context';
import { resolveName } from '../../semantics/resolve';
import { scopedParts } from '../scope';
import { closest } from '../suggest';

const FUNCTIONS: Readonly<Record<string, string>> = {
  cidr: 'cidr(field, "10.0.0.0/8", ...)',
  is_private: 'is_private(field)',
  port_in: 'port_in(port, ports_field, ...)',
  first_seen: 'first_seen(field, ...)',
  rare: 'rare(field, ..., max_count)',
  sigma: 'sigma("<Sigma rule id or name>")',
};

export function checkFunctions(context: CheckContext): void {
  for (const { analytic, node, scope } of scopedParts(context.document)) {
    walk(node, {
      enter(n) {
        if (n.kind === 'Matches') {
          const compiled = compileRegex(n.regex.source, n.regex.flags);
          if (!compiled.ok) {
            context.report(compiled.unsupported
              ? diag('unsupportedRegex', n.regex.span, { reason: compiled.reason })
              : diag('badPattern', n.regex.span, { what: 'regular expression', reason: compiled.reason }));
          }
        }
        if (n.kind !== 'Call') return;
        const name = n.fn.name;
        const usage = FUNCTIONS[name];
        if (!usage) {
          const near = closest(name, Object.keys(FUNCTIONS), 1);
          context.report(diag('unknownFunction', n.fn.span, { detail: `Unknown function ${name}.${near.length ? ` Did you mean ${near[0]}?` : ''} Functions: ${Object.keys(FUNCTIONS).join(', ')}.` }));
          return;
        }
        const bad = (why: string): void => context.report(diag('unknownFunction', n.span, { detail: `${why} Usage: ${usage}.` }));
        const fieldArg = (a: A.Operand | undefined): boolean => a?.kind === 'Field';
        if (name === 'cidr') {
          if (!fieldArg(n.args[0]) || n.args.length < 2) return bad('cidr() takes a field and at least one CIDR block.');
          for (const a of n.args.slice(1)) {
            if (a.kind !== 'String') bad('CIDR blocks are strings.');
            else if (!parseCidr(a.value)) context.report(diag('badPattern', a.span, { what: 'CIDR block', reason: `"${a.value}" is not a.b.c.d/n` }));
          }
        } else if (name === 'sigma') {
          const id = n.args[0];
          if (n.args.length !== 1 || id?.kind !== 'String') return bad('sigma() takes the id (or name) of one Sigma rule, as a string.');
          const known = context.info.sigmaRules;
          if (!known) context.report(diag('unknownSigmaRule', id.span, { id: JSON.stringify(id.value), reason: 'no Sigma rules are loaded (give them with --sigma, or the huntbench.sigmaRules setting)' }));
          else if (!known.includes(id.value)) {
            const near = closest(id.value, known, 3);
            context.report(diag('unknownSigmaRule', id.span, { id: JSON.stringify(id.value), reason: `no loaded Sigma rule has this id or name${near.length ? `; did you mean ${near[0]}?` : ''}` }));
          }
        } else if (name === 'is_private') {
          if (n.args.length !== 1 || !fieldArg(n.args[0])) bad('is_private() takes one field.');
        } else if (name === 'port_in') {
          if (n.args.length < 2) bad('port_in() takes a port and at least one port list.');
        } else {
          const fields = name === 'rare' ? n.args.slice(0, -1) : n.args;
          if (name === 'rare' && n.args[n.args.length - 1]?.kind !== 'Number') return bad('rare() ends with the largest baseline count that still counts as rare.');
          if (fields.length === 0 || !fields.every(fieldArg)) return bad(`${name}() takes one or more fields.`);
          for (const f of fields) {
            if (f.kind === 'Field' && resolveName(f, scope).kind === 'ref') {
              context.report(diag('unknownFunction', f.span, { detail: `${name}() counts the event's own fields; a reference to another step cannot be baselined.` }));
            }
          }
          if (!analytic.baseline) context.report(diag('noBaseline', n.fn.span, { fn: name }));
        }
      },
    });
  }
}
